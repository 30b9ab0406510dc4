"""The gradebook of an assignment: students by questions, built from one query over the responses.

:func:`load_results` reads everything a results page needs in a handful of queries whatever the
class size (students, attempts, the responses of every attempt joined to their question versions)
and builds the matrix once in Python; the gradebook, the item analysis, the per-skill results and
the CSV exports all start from it.

Each student's **best submitted attempt** counts (the highest total; the earlier one on a tie), as
in Moodle's and Canvas's default; every attempt stays visible on the student's row.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import joinedload

from quizapp.banks.model import Question
from quizapp.corpus import Corpus
from quizapp.db import db
from quizapp.models import Assignment, Attempt, QuestionVersion, Response, Student, utcnow
from quizapp.moments import iso_moment
from quizapp.questions import KINDS
from quizapp.student.answers import describe_answer, is_answered
from quizapp.student.attempts import finalise_overdue, questions_for
from quizapp.student.formatting import format_number
from quizapp.student.scores import PENDING

NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
SUBMITTED = "Submitted"
STATUS_KINDS = {NOT_STARTED: "not-started", IN_PROGRESS: "in-progress", SUBMITTED: "submitted"}

SORT_KEYS = ("name", "total", "submitted")
SORT_DIRECTIONS = ("asc", "desc")


@dataclass
class Column:
    """One question of the assignment: a column of the gradebook."""

    number: int
    key: str
    version: QuestionVersion  # the version now set (or, for a question no longer set, the last answered)
    max_points: float
    set_now: bool = True  # False: answered in past attempts but no longer part of the assignment

    @property
    def question(self) -> Question:
        """The typed question of :attr:`version`."""
        return self.version.question

    @property
    def typed(self) -> bool:
        """Whether students type the answer, so the item analysis lists only the most frequent ones."""
        return KINDS[self.version.type].typed  # the registry by the stored type: no need to rebuild the question

    @property
    def needs_marking(self) -> bool:
        """Whether a teacher marks this question's answers on a rubric (the marking queue lists it)."""
        return KINDS[self.version.type].needs_marking

    @property
    def prompt(self) -> str:
        """The question's prompt."""
        return str(self.version.data.get("prompt", self.key))

    @property
    def skills(self) -> tuple[str, ...]:
        """The skills the question practises."""
        return tuple(self.version.data.get("skills") or ())


@dataclass(slots=True)
class Cell:
    """One scored response of a counted attempt."""

    earned: float | None
    possible: float | None
    outcome: str | None
    answer: Any = None
    version_id: int | None = None
    answered: bool = True  # False: the student left it empty (it scores 0 and reads "not answered", not "wrong")


@dataclass
class AttemptInfo:
    """One attempt, as the gradebook lists it on its student's row."""

    id: int
    number: int
    started_at: datetime
    submitted_at: datetime | None
    earned: float | None
    possible: float | None
    mode: str = "online"
    version: str | None = None  # the printed version letter of a paper attempt
    marks_pending: int = 0  # written answers still to mark: the total is not final

    @property
    def paper(self) -> bool:
        """True for answers entered from a printed quiz."""
        return self.mode == "paper"


@dataclass
class Row:
    """One student's line: every attempt, the counted one's scores, the status."""

    student_id: int
    name: str
    name_key: str
    attempts: list[AttemptInfo] = field(default_factory=list)
    counted: AttemptInfo | None = None
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """Not started, In progress (started, nothing submitted) or Submitted."""
        if self.counted is not None:
            return SUBMITTED
        return IN_PROGRESS if self.attempts else NOT_STARTED

    @property
    def status_kind(self) -> str:
        """The status as a CSS hook."""
        return STATUS_KINDS[self.status]

    @property
    def in_progress(self) -> AttemptInfo | None:
        """An attempt started and not yet submitted, if any."""
        return next((a for a in self.attempts if a.submitted_at is None), None)

    @property
    def pending(self) -> bool:
        """True while the counted attempt has written answers still to mark."""
        return self.counted is not None and self.counted.marks_pending > 0

    @property
    def earned(self) -> float | None:
        """The counted attempt's total."""
        return self.counted.earned if self.counted else None

    @property
    def possible(self) -> float | None:
        """The counted attempt's possible points."""
        return self.counted.possible if self.counted else None

    @property
    def submitted_at(self) -> datetime | None:
        """When the counted attempt was submitted."""
        return self.counted.submitted_at if self.counted else None

    @property
    def fraction(self) -> float | None:
        """The counted total as a share of the possible points, 0..1."""
        if self.earned is None or not self.possible:
            return None
        return self.earned / self.possible

    def score(self, key: str) -> float | None:
        """Points earned on question ``key`` in the counted attempt; None if not answered or not counted."""
        cell = self.cells.get(key)
        return cell.earned if cell is not None else None


@dataclass
class Results:
    """An assignment's results: its question columns and one row per student of the class."""

    assignment: Assignment
    columns: list[Column]
    rows: list[Row]

    @property
    def has_paper(self) -> bool:
        """True when any attempt was entered from a printed quiz (the page then explains the marker)."""
        return any(attempt.paper for row in self.rows for attempt in row.attempts)

    @property
    def max_total(self) -> float:
        """The points the questions now set are worth together."""
        return sum(c.max_points for c in self.columns if c.set_now)

    @property
    def submitted_rows(self) -> list[Row]:
        """The rows with a counted (submitted) attempt."""
        return [row for row in self.rows if row.counted is not None]

    @property
    def column_means(self) -> dict[str, float | None]:
        """Mean points per question over the counted attempts that answered it."""
        means: dict[str, float | None] = {}
        counted = self.submitted_rows
        for column in self.columns:
            scores = [row.score(column.key) for row in counted]
            means[column.key] = mean(score for score in scores if score is not None)
        return means

    @property
    def mean_total(self) -> float | None:
        """Mean total of the counted attempts."""
        return mean(row.earned for row in self.submitted_rows if row.earned is not None)


def load_results(
    assignment: Assignment, *, with_answers: bool = False, with_cells: bool = True, now: datetime | None = None
) -> Results:
    """Read the assignment's results: columns, students, attempts and the counted responses.

    Attempts whose time ran out are submitted first, as the student's pages do. With
    ``with_answers`` the cells carry the raw answers too (for response distributions); without
    ``with_cells`` the responses are not read at all (for pages that only count attempts).
    """
    now = now or utcnow()
    overdue = db.session.scalars(
        select(Attempt).where(Attempt.assignment_id == assignment.id, Attempt.submitted_at.is_(None))
    ).all()
    if overdue:
        finalise_overdue(overdue, now)

    columns = [
        Column(number, version.question_key, version, float(version.points))
        for number, version in enumerate(questions_for(assignment), start=1)
    ]
    rows: dict[int, Row] = {
        student_id: Row(student_id, name, name_key)
        for student_id, name, name_key in db.session.connection().execute(
            select(Student.id, Student.name, Student.name_key)
            .where(Student.classroom_id == assignment.classroom_id)
            .order_by(Student.name_key, Student.id)
        )
    }
    attempts: dict[int, tuple[int, AttemptInfo]] = {}
    listed = db.session.connection().execute(
        select(
            Attempt.id, Attempt.student_id, Attempt.number, Attempt.started_at, Attempt.submitted_at,
            Attempt.earned, Attempt.possible, Attempt.mode, Attempt.version, Attempt.marks_pending,
        )
        .where(Attempt.assignment_id == assignment.id)
        .order_by(Attempt.student_id, Attempt.number)
    )
    for attempt_id, student_id, number, started, submitted, earned, possible, mode, version, pending in listed:
        info = AttemptInfo(attempt_id, number, started, submitted, earned, possible, mode, version, pending or 0)
        attempts[attempt_id] = (student_id, info)
        row = rows.get(student_id)
        if row is not None:
            row.attempts.append(info)
    counted_ids: dict[int, Row] = {}
    for row in rows.values():
        submitted = [a for a in row.attempts if a.submitted_at is not None]
        if submitted:
            row.counted = max(submitted, key=lambda a: (a.earned or 0.0, -a.number))
            counted_ids[row.counted.id] = row

    by_version = {c.version.id: c for c in columns}
    keyed = {c.key: c for c in columns}
    if counted_ids and with_cells:
        # One query for the responses of the assignment's submitted attempts, with the question key.
        wanted = [
            Response.attempt_id, Response.question_version_id, QuestionVersion.question_key,
            Response.earned, Response.possible, Response.outcome, raw_answer(),
        ]
        statement = (
            select(*wanted)
            .join(Attempt, Attempt.id == Response.attempt_id)
            .join(QuestionVersion, QuestionVersion.id == Response.question_version_id)
            .where(Attempt.assignment_id == assignment.id, Attempt.submitted_at.is_not(None))
        )
        unknown_versions: set[int] = set()
        decode = AnswerDecoder()
        # On the session's connection, not through the ORM: plain column rows, thousands of them for a
        # class that has submitted, without the ORM's per-row result processing (a third of the page's time).
        for record in db.session.connection().execute(statement):
            row = counted_ids.get(record[0])
            if row is None:
                continue
            version_id, key = record[1], record[2]
            answer = decode(record[6])  # always read: an empty answer is shown as not answered
            kept = answer if with_answers else None
            row.cells[key] = Cell(record[3], record[4], record[5], kept, version_id, is_answered(answer))
            if key not in keyed and version_id not in by_version:
                unknown_versions.add(version_id)
        if unknown_versions:
            # Questions answered in past attempts that the assignment no longer sets: their own columns.
            versions = db.session.scalars(
                select(QuestionVersion).where(QuestionVersion.id.in_(unknown_versions)).order_by(QuestionVersion.id)
            ).all()
            for version in versions:
                if version.question_key not in keyed:
                    column = Column(len(columns) + 1, version.question_key, version, float(version.points), False)
                    columns.append(column)
                    keyed[column.key] = column
    return Results(assignment, columns, list(rows.values()))


OUTCOME_CLASSES = {"correct": "score-full", "partial": "score-partial"}
# The legend's dash, named for screen readers: 0 points, but not a wrong answer.
NOT_ANSWERED_CELL = '<td class="num score-none">—<span class="visually-hidden"> not answered</span></td>'
NOT_ANSWERED = "not answered"
PENDING_CELL = '<td class="num score-pending">pending</td>'  # a written answer the teacher has still to mark


def score_cells(rows: Sequence[Row], columns: Sequence[Column]) -> list[Markup]:
    """Each row's question cells as ready HTML: one ``<td>`` per column, the points and an outcome class.

    Built here, in one pass, because a gradebook of 1,000 students x 40 questions has 40,000 cells
    and rendering each through the template engine would dominate the page's time. Every cell holds
    only a formatted number (or a dash) and a fixed class name, so nothing needs escaping.
    """
    shown: dict[float, str] = {}
    keys = [column.key for column in columns]
    lines = []
    for row in rows:
        parts = []
        cells = row.cells
        for key in keys:
            cell = cells.get(key)
            if cell is not None and cell.outcome == PENDING:
                parts.append(PENDING_CELL)
                continue
            if cell is None or cell.earned is None:
                parts.append('<td class="num">—</td>')
                continue
            if not cell.answered:  # scores 0 (in the totals and means), but reads as not answered
                parts.append(NOT_ANSWERED_CELL)
                continue
            text = shown.get(cell.earned)
            if text is None:
                text = shown[cell.earned] = format_number(cell.earned)
            css = OUTCOME_CLASSES.get(cell.outcome or "", "score-none")
            parts.append(f'<td class="num {css}">{text}</td>')
        lines.append(Markup("".join(parts)))  # noqa: S704 - numbers and fixed class names only
    return lines


def sort_rows(rows: Sequence[Row], sort: str, direction: str) -> list[Row]:
    """The rows sorted by name, total or submission time; rows with nothing to sort by come last."""
    reverse = direction == "desc"
    by_name = sorted(rows, key=lambda r: (r.name_key, r.student_id))
    if sort == "total":
        present = [r for r in by_name if r.earned is not None]
        present.sort(key=lambda r: r.earned, reverse=reverse)
        return present + [r for r in by_name if r.earned is None]
    if sort == "submitted":
        present = [r for r in by_name if r.submitted_at is not None]
        present.sort(key=lambda r: r.submitted_at, reverse=reverse)
        return present + [r for r in by_name if r.submitted_at is None]
    return list(reversed(by_name)) if reverse else by_name


def parse_sort(sort: str | None, direction: str | None) -> tuple[str, str]:
    """The sort asked for in the query string, or name ascending for anything unknown."""
    sort = sort if sort in SORT_KEYS else "name"
    direction = direction if direction in SORT_DIRECTIONS else "asc"
    return sort, direction


def attempt_responses(attempt: Attempt) -> list[Response]:
    """The attempt's responses in the order the student saw them, with their question versions (one query)."""
    return list(
        db.session.scalars(
            select(Response)
            .options(joinedload(Response.question_version))
            .where(Response.attempt_id == attempt.id)
            .order_by(Response.position)
        )
    )


# --------------------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------------------


def gradebook_table(results: Results, zone) -> tuple[list[str], list[list[object]]]:
    """The gradebook as a header and rows: one row per student, one column per question, totals."""
    header = ["Student", "Status", "Attempts", "Counted attempt", "Submitted at"]
    header += [f"Q{c.number} {c.key} (/{c.max_points:g})" for c in results.columns]
    header += ["Total", "Possible", "Percent"]
    rows: list[list[object]] = []
    for row in sort_rows(results.rows, "name", "asc"):
        percent = round(100 * row.fraction, 1) if row.fraction is not None else None
        line: list[object] = [
            row.name,
            row.status,
            len(row.attempts),
            row.counted.number if row.counted else None,
            iso_moment(row.submitted_at, zone),
        ]
        line += [PENDING if _pending(row, c.key) else row.score(c.key) for c in results.columns]
        line += [PENDING if row.pending else row.earned, row.possible, None if row.pending else percent]
        rows.append(line)
    return header, rows


def _pending(row: Row, key: str) -> bool:
    cell = row.cells.get(key)
    return cell is not None and cell.outcome == PENDING


RESPONSE_HEADER = [
    "Student", "Attempt", "Question", "Type", "Answer", "Earned", "Possible", "Outcome", "Submitted at",
]


def response_table(assignment: Assignment, corpus: Corpus, zone) -> tuple[list[str], list[list[object]]]:
    """Every response of every attempt at the assignment, one row each, answers written out as text.

    One query; the same answer to the same question (a class picks among a few choices) is decoded
    and written out once, and each attempt's submission time is formatted once.
    """
    records = db.session.execute(
        select(
            Student.name, Attempt.id, Attempt.number, Attempt.submitted_at, Response.question_version_id,
            raw_answer(), Response.earned, Response.possible, Response.outcome,
        )
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(Student, Student.id == Attempt.student_id)
        .where(Attempt.assignment_id == assignment.id)
        .order_by(Student.name_key, Student.id, Attempt.number, Response.position)
    ).all()
    version_ids = {record[4] for record in records}
    versions = {
        v.id: v for v in db.session.scalars(select(QuestionVersion).where(QuestionVersion.id.in_(version_ids)))
    } if version_ids else {}
    questions = {vid: v.question for vid, v in versions.items()}
    texts: dict[tuple[int, str | None], str] = {}
    moments: dict[int, str] = {}
    decode = AnswerDecoder()
    rows: list[list[object]] = []
    for name, attempt_id, number, submitted, version_id, raw, earned, possible, outcome in records:
        version = versions[version_id]
        text = texts.get((version_id, raw))
        if text is None:
            text = texts[version_id, raw] = answer_text(questions[version_id], decode(raw), corpus)
        moment = moments.get(attempt_id)
        if moment is None:
            moment = moments[attempt_id] = iso_moment(submitted, zone)
        if outcome == "wrong" and not text and not is_answered(decode(raw)):
            outcome = NOT_ANSWERED  # scored as wrong (0 points), but there was nothing to be wrong
        rows.append([name, number, version.question_key, version.type, text, earned, possible, outcome, moment])
    return RESPONSE_HEADER, rows


def raw_answer():
    """The stored answer as its JSON text (decoded by :class:`AnswerDecoder`, once per distinct text)."""
    return cast(Response.answer, Text)


class AnswerDecoder:
    """Decodes stored answers' JSON text, each distinct text once (a class gives the same answers often).

    The decoded values are shared between the responses that gave them: read them, never change them.
    """

    def __init__(self) -> None:
        self._seen: dict[str, Any] = {}

    def __call__(self, raw: str | None) -> Any:
        """The answer ``raw`` holds; None for SQL NULL or JSON null."""
        if raw is None:
            return None
        try:
            return self._seen[raw]
        except KeyError:
            value = self._seen[raw] = json.loads(raw)
            return value


def answer_text(question: Question, answer: Any, corpus: Corpus) -> str:
    """A stored answer as one line of text, in the words the student saw ("" when unanswered).

    An answer in a shape the student's pages never store (a bool, say, from an import) is still
    written out rather than dropped.
    """
    lines = describe_answer(question, answer, corpus)
    if lines:
        return "; ".join(lines)
    if answer is None or answer == "" or answer == [] or answer == {}:
        return ""
    if isinstance(answer, bool):
        return "True" if answer else "False"
    if isinstance(answer, Mapping):
        return "; ".join(f"{left} → {right}" for left, right in answer.items())
    if isinstance(answer, list | tuple):
        return "; ".join(str(item) for item in answer)
    return str(answer)


_UNSAFE_FILENAME = re.compile(r"[^a-z0-9]+")


def export_filename(*parts: str, suffix: str = ".csv") -> str:
    """A download name made only of a-z, 0-9 and '-' (safe in any header and on any disk)."""
    ascii_parts = [unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode() for part in parts]
    words = [_UNSAFE_FILENAME.sub("-", part.casefold()).strip("-") for part in ascii_parts]
    stem = "-".join(word for word in words if word)[:100].strip("-")
    return (stem or "export") + suffix


def mean(values: Iterable[float]) -> float | None:
    """The arithmetic mean, None for no values."""
    values = list(values)
    return sum(values) / len(values) if values else None
