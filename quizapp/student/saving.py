"""The save path's database work, in SQLAlchemy Core: read the posted answers, claim the attempt, store changes.

A save is the request a class sends most (every student, every few seconds), so it builds no ORM
objects: one read of the attempt's responses (id, question version, stored answer), the questions
from a per-app cache, the claim of the attempt's row (which also counts the save against the
attempt's save limit), and one ``UPDATE … WHERE id`` per changed answer. The statements are built
once, at import; SQLAlchemy compiles each once and reuses it.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from flask import current_app
from sqlalchemy import Float, Integer, bindparam, case, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm.attributes import set_committed_value

from quizapp.banks.model import Question
from quizapp.corpus import Corpus
from quizapp.db import db
from quizapp.models import Assignment, Attempt, QuestionVersion, Response, Student, parsed_question
from quizapp.student.answers import FormData, parse_answer

# What an autosave needs of its attempt, in one row: whose it is, through which class, and until when.
_AUTOSAVE_STATE = (
    select(
        Attempt.__table__.c.id,
        Attempt.__table__.c.student_id,
        Attempt.__table__.c.submitted_at,
        Attempt.__table__.c.deadline,
        Assignment.__table__.c.closes_at,
        Assignment.__table__.c.classroom_id,
        Student.__table__.c.classroom_id.label("student_classroom_id"),
        Student.__table__.c.device_token,
    )
    .join(Assignment.__table__, Assignment.__table__.c.id == Attempt.__table__.c.assignment_id)
    .join(Student.__table__, Student.__table__.c.id == Attempt.__table__.c.student_id)
    .where(Attempt.__table__.c.id == bindparam("attempt_id"))
)
_RESPONSES_OF_ATTEMPT = select(Response.id, Response.question_version_id, Response.answer).where(
    Response.attempt_id == bindparam("attempt_id")
)
_ANSWERS_OF_ATTEMPT = select(Response.id, Response.answer).where(Response.attempt_id == bindparam("attempt_id"))
_STORE_ANSWER = (
    update(Response.__table__)
    .where(Response.__table__.c.id == bindparam("response_id"))
    .values(
        answer=bindparam("answer", type_=Response.__table__.c.answer.type),
        saved_at=bindparam("saved_at", type_=Response.__table__.c.saved_at.type),
    )
)
_ATTEMPT = Attempt.__table__.c
_CLAIM = (
    update(Attempt.__table__)
    .where(_ATTEMPT.id == bindparam("attempt_id"), _ATTEMPT.submitted_at.is_(None))
    .values(number=_ATTEMPT.number)
)
# The window of counted saves is over (or never began): this save starts a new one, counted 1.
_WINDOW_OVER = or_(
    _ATTEMPT.saves_since.is_(None), _ATTEMPT.saves_since <= bindparam("window_start", type_=_ATTEMPT.saves_since.type)
)
# The claim of a limited save: only while the window has a save left, and counting this one. Both
# values are computed from the row as it was; the database serialises concurrent claims of one row.
_CLAIM_COUNTED = (
    update(Attempt.__table__)
    .where(
        _ATTEMPT.id == bindparam("attempt_id"),
        _ATTEMPT.submitted_at.is_(None),
        or_(_WINDOW_OVER, _ATTEMPT.saves_counted < bindparam("saves")),
    )
    .values(
        saves_counted=case((_WINDOW_OVER, 1), else_=_ATTEMPT.saves_counted + 1),
        saves_since=case(
            (_WINDOW_OVER, bindparam("now", type_=_ATTEMPT.saves_since.type)), else_=_ATTEMPT.saves_since
        ),
    )
)
_CLAIM_REFUSED = select(_ATTEMPT.submitted_at, _ATTEMPT.saves_counted, _ATTEMPT.saves_since).where(
    _ATTEMPT.id == bindparam("attempt_id")
)
# The submit's claim, carrying the totals the attempt was scored to: one UPDATE of its row, not two.
_SUBMIT_SCORED = (
    update(Attempt.__table__)
    .where(_ATTEMPT.id == bindparam("attempt_id"), _ATTEMPT.submitted_at.is_(None))
    .values(
        submitted_at=bindparam("submitted", type_=_ATTEMPT.submitted_at.type),
        earned=bindparam("earned", type_=Float()),
        possible=bindparam("possible", type_=Float()),
        marks_pending=bindparam("marks_pending", type_=Integer()),
    )
)


class _Questions:
    """The typed question of each question version id, for one app: an index into the questions parsed
    once per process by content (:func:`quizapp.models.parsed_question`).

    A version's content never changes (its row is found by its content hash; reloading a bank may
    only move its line in the file), and reading answers depends on the content alone. The index is
    per app, not per module: a version id means that version only in the app's own database.
    """

    KEPT = 4096  # versions; a school's banks hold far fewer

    def __init__(self) -> None:
        self._parsed: dict[int, Question] = {}
        self._lock = threading.Lock()

    def of(self, version_ids: Iterable[int]) -> dict[int, Question]:
        """The question of each version id (loaded in one read for those not parsed yet)."""
        wanted = set(version_ids)
        found = {vid: q for vid in wanted if (q := self._parsed.get(vid)) is not None}
        missing = wanted - found.keys()
        if missing:
            rows = db.session.execute(
                select(QuestionVersion.id, QuestionVersion.content_hash, QuestionVersion.data).where(
                    QuestionVersion.id.in_(missing)
                )
            ).all()
            loaded = {row.id: parsed_question(row.content_hash, lambda row=row: row.data) for row in rows}
            with self._lock:
                if len(self._parsed) + len(loaded) > self.KEPT:
                    self._parsed.clear()
                self._parsed.update(loaded)
            found.update(loaded)
        return found


_QUESTIONS_KEY = "quizapp.parsed_questions"  # the app's _Questions, in app.extensions


def questions_of(version_ids: Iterable[int]) -> dict[int, Question]:
    """The typed question of each version id, parsed once per app (read in one query for those not yet)."""
    parsed = current_app.extensions.get(_QUESTIONS_KEY)
    if parsed is None:
        parsed = current_app.extensions.setdefault(_QUESTIONS_KEY, _Questions())
    return parsed.of(version_ids)


def read_posted(
    attempt_id: int, form: FormData, response_ids: Collection[int], corpus: Corpus
) -> tuple[dict[int, object], dict[int, object]]:
    """(posted, stored): the answers ``form`` gives for the attempt's responses in ``response_ids``, parsed,
    and the answers stored for them now, in one read.

    Runs before the claim: on SQLite the claim takes the database's one write lock, which every
    other student's save then waits for. Ids that are not the attempt's are ignored.
    """
    wanted = set(response_ids)  # the others are on another page of a paged quiz, or were not sent
    if not wanted:
        return {}, {}
    rows = [row for row in db.session.execute(_RESPONSES_OF_ATTEMPT, {"attempt_id": attempt_id}) if row.id in wanted]
    parsed = questions_of(row.question_version_id for row in rows)
    posted = {row.id: parse_answer(parsed[row.question_version_id], form, row.id, corpus) for row in rows}
    return posted, {row.id: row.answer for row in rows}


def changed_answers(posted: dict[int, object], stored: dict[int, object]) -> dict[int, object]:
    """The posted answers that differ from the stored ones."""
    return {rid: answer for rid, answer in posted.items() if rid in stored and answer != stored[rid]}


@dataclass(frozen=True)
class AutosaveState:
    """An attempt as an autosave sees it: whose it is (the student, their class and device token), whether
    it is submitted, and its time limit and its assignment's closing."""

    id: int
    student_id: int
    submitted_at: datetime | None
    deadline: datetime | None
    closes_at: datetime | None
    classroom_id: int
    student_classroom_id: int
    device_token: str


def autosave_state(attempt_id: int) -> AutosaveState | None:
    """The attempt's :class:`AutosaveState`, read in one statement without ORM objects; None if there is none."""
    row = db.session.execute(_AUTOSAVE_STATE, {"attempt_id": attempt_id}).first()
    return AutosaveState(*row) if row is not None else None


@dataclass(frozen=True)
class SaveLimit:
    """At most ``saves`` autosaves of one attempt in a window of ``window`` from the first of them."""

    saves: int
    window: timedelta


@dataclass(frozen=True)
class Claim:
    """How claiming an attempt for a save went: ``claimed``, else ``submitted`` already, else over its
    save limit until ``wait`` has passed."""

    claimed: bool
    submitted: bool = False
    wait: timedelta = timedelta(0)


def claim_for_save(attempt_id: int, now: datetime, limit: SaveLimit | None) -> Claim:
    """Lock the attempt's row for this transaction if it is unsubmitted and, with ``limit``, count the
    save against it: one statement, in which the database decides races with a submit and between saves.

    Only a refused claim reads the row, to say why.
    """
    if limit is None:
        return Claim(claimed=True) if claim_unsubmitted(attempt_id) else Claim(claimed=False, submitted=True)
    values = {"attempt_id": attempt_id, "saves": limit.saves, "now": now, "window_start": now - limit.window}
    if cast(CursorResult, db.session.execute(_CLAIM_COUNTED, values)).rowcount == 1:
        return Claim(claimed=True)
    row = db.session.execute(_CLAIM_REFUSED, {"attempt_id": attempt_id}).one()
    if row.submitted_at is not None:
        return Claim(claimed=False, submitted=True)
    # Over the limit; a window that ended since the UPDATE leaves no wait (the save is sent again at once).
    return Claim(claimed=False, wait=max(row.saves_since + limit.window - now, timedelta(0)))


def claim_unsubmitted(attempt_id: int) -> bool:
    """Lock the attempt's row for this transaction if it is still unsubmitted; True when it was.

    A conditional UPDATE, so that a save racing a submit, or two submits, never both win: the
    database serialises them and only one sees ``submitted_at IS NULL`` (a submit's own claim is
    :func:`claim_scored`). A Core statement: it neither flushes nor expires the session's objects.
    """
    return cast(CursorResult, db.session.execute(_CLAIM, {"attempt_id": attempt_id})).rowcount == 1


def claim_scored(attempt: Attempt, now: datetime) -> bool:
    """The submit's claim (see :func:`claim_unsubmitted`) of an attempt just scored: marks it submitted
    at ``now`` with its totals in the same UPDATE; the attempt object then holds them as stored."""
    values = {
        "attempt_id": attempt.id,
        "submitted": now,
        "earned": attempt.earned,
        "possible": attempt.possible,
        "marks_pending": attempt.marks_pending,
    }
    if cast(CursorResult, db.session.execute(_SUBMIT_SCORED, values)).rowcount != 1:
        return False
    for key in ("earned", "possible", "marks_pending"):
        set_committed_value(attempt, key, getattr(attempt, key))
    set_committed_value(attempt, "submitted_at", now)
    return True


def stored_answers(attempt_id: int) -> dict[int, object]:
    """The attempt's stored answers by response id, as the database holds them now."""
    return dict(db.session.execute(_ANSWERS_OF_ATTEMPT, {"attempt_id": attempt_id}).all())


def store_answers(answers: dict[int, object], now: datetime) -> None:
    """Under the claim: store ``answers`` (by response id), saved ``now``, with an UPDATE per answer."""
    if answers:
        db.session.execute(
            _STORE_ANSWER,
            [{"response_id": rid, "answer": answer, "saved_at": now} for rid, answer in answers.items()],
        )


def store_changed(attempt_id: int, posted: dict[int, object], now: datetime) -> None:
    """Under the claim: store each posted answer that differs from the one stored now (another request
    may have saved since the form was read), with one read and an UPDATE per changed answer."""
    if posted:
        store_answers(changed_answers(posted, stored_answers(attempt_id)), now)
