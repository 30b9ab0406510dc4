"""Marking written answers: the queue of one question's answers across the class, recording a mark (which
rescores the attempt), and how far two teachers' marks of the same answers agree.

The queue lists the answers a teacher marks (their kind says so: ``kind.awaits_mark``) in the submitted
attempts of one assignment, in the order they were submitted; it never sorts by name, so marking blind
shows nothing of who wrote what.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from quizapp.banks.model import Question
from quizapp.corpus import Corpus
from quizapp.db import db
from quizapp.models import Assignment, Attempt, Mark, QuestionVersion, Response, Student, latest_marks
from quizapp.questions import kind_of
from quizapp.questions.rubric import Agreement, RubricLevel, agreement
from quizapp.single_line import control_character
from quizapp.student.attempts import questions_for
from quizapp.student.scores import score_marked

COMMENT_MAX_LENGTH = 2000


class MarkingError(ValueError):
    """A mark cannot be recorded; the message says why, for the teacher."""


@dataclass(frozen=True)
class QueuedAnswer:
    """One answer on the queue: the response, whose it is, and its latest mark if any."""

    response: Response
    student_name: str
    mark: Mark | None


@dataclass(frozen=True)
class MarkingQueue:
    """One question's answers to mark, across the class, in the order they were submitted."""

    assignment: Assignment
    key: str
    question: Question
    answers: tuple[QueuedAnswer, ...]

    @property
    def levels(self) -> tuple[RubricLevel, ...]:
        """The rubric's levels, highest first: the buttons 1, 2, 3 press."""
        return kind_of(self.question).rubric(self.question)

    @property
    def marked(self) -> int:
        """How many of the answers have a mark."""
        return sum(1 for answer in self.answers if answer.mark is not None)

    def position_of(self, response_id: int) -> int | None:
        """The 0-based place of a response on the queue, or None when it is not on it."""
        return next((n for n, answer in enumerate(self.answers) if answer.response.id == response_id), None)

    def next_unmarked(self, after: int = -1) -> int | None:
        """The place of the first unmarked answer after ``after`` (wrapping round); None when all are marked."""
        count = len(self.answers)
        for step in range(1, count + 1):
            place = (after + step) % count
            if self.answers[place].mark is None:
                return place
        return None


@dataclass(frozen=True)
class QuestionProgress:
    """A question the teacher marks, and how far the marking has got."""

    key: str
    number: int
    prompt: str
    answers: int
    marked: int


def _marked_versions(assignment: Assignment) -> list[QuestionVersion]:
    return [v for v in questions_for(assignment) if kind_of(v.question).needs_marking]


def marking_queue(assignment: Assignment, key: str) -> MarkingQueue | None:
    """The answers to question ``key`` of the assignment that a teacher marks; None for no such question."""
    versions = [v for v in _marked_versions(assignment) if v.question_key == key]
    if not versions:
        return None
    records = db.session.execute(
        select(Response, Student.name)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(Student, Student.id == Attempt.student_id)
        .join(QuestionVersion, QuestionVersion.id == Response.question_version_id)
        .where(
            Attempt.assignment_id == assignment.id,
            Attempt.submitted_at.is_not(None),
            QuestionVersion.question_key == key,
        )
        .order_by(Attempt.submitted_at, Attempt.id)
    ).all()
    waiting = [
        (response, name)
        for response, name in records
        if kind_of(response.question_version.question).awaits_mark(response.question_version.question, response.answer)
    ]
    marks = latest_marks([response.id for response, _ in waiting])
    answers = tuple(QueuedAnswer(response, name, marks.get(response.id)) for response, name in waiting)
    return MarkingQueue(assignment, key, versions[0].question, answers)


def marking_progress(assignment: Assignment) -> list[QuestionProgress]:
    """Every question of the assignment a teacher marks, with how many of its answers are marked."""
    numbered = {v.question_key: n for n, v in enumerate(questions_for(assignment), 1)}
    progress = []
    for version in _marked_versions(assignment):
        queue = marking_queue(assignment, version.question_key)
        if queue is not None:
            progress.append(
                QuestionProgress(
                    version.question_key,
                    numbered[version.question_key],
                    version.question.prompt,
                    len(queue.answers),
                    queue.marked,
                )
            )
    return progress


def words_note(question: Question, text: object) -> str:
    """How long a written answer is, against its word limit if it has one ("57 words (limit 80)")."""
    inputs = kind_of(question).form_inputs(question, 0, text, [], Corpus({}))  # the counts the student saw
    words, limit = inputs.words, inputs.max_words
    noun = "word" if words == 1 else "words"
    if not limit:
        return f"{words} {noun}"
    over = f", {words - limit} over the limit" if words > limit else ""
    return f"{words} {noun} (limit {limit}{over})"


def clean_comment(text: str | None) -> str | None:
    """A comment to the student: trimmed, None when empty; MarkingError when too long or holding a control character."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return None
    if len(text) > COMMENT_MAX_LENGTH:
        raise MarkingError(f"The comment is {len(text):,} characters long; keep it under {COMMENT_MAX_LENGTH:,}.")
    char = control_character(text, single_line=False)
    if char is not None:
        raise MarkingError("The comment holds an invisible control character; type it again without it.")
    return text


def record_mark(
    queue: MarkingQueue, response_id: int, points: str | None, comment: str | None, teacher_id: int, now: datetime
) -> Mark:
    """Mark the queued answer ``response_id`` at the rubric level worth ``points`` and rescore its attempt.

    The caller commits. Raises :class:`MarkingError` for an answer not on the queue, a level the
    rubric lacks, or a comment that cannot be kept.
    """
    place = queue.position_of(response_id)
    if place is None:
        raise MarkingError("That answer is not one of this question's answers to mark.")
    level = next((level for level in queue.levels if _same_points(level.points, points)), None)
    if level is None:
        raise MarkingError("Choose one of the rubric's levels.")
    response = queue.answers[place].response
    mark = Mark(
        response_id=response.id,
        teacher_id=teacher_id,
        level=level.label,
        points=level.points,
        comment=clean_comment(comment),
        created_at=now,
    )
    db.session.add(mark)
    db.session.flush()
    score_marked(response, mark)
    return mark


def _same_points(points: float, posted: str | None) -> bool:
    try:
        return posted is not None and float(posted) == points
    except ValueError:
        return False


@dataclass(frozen=True)
class QuestionAgreement:
    """Two teachers' marks of one question's answers, compared."""

    key: str
    number: int
    agreement: Agreement


def marker_agreement(assignment: Assignment) -> list[QuestionAgreement]:
    """For each marked question where two teachers marked the same answers: exact agreement and Cohen's kappa.

    Each teacher's latest mark of an answer counts; where more than two teachers marked an answer,
    the first two to mark it are compared.
    """
    found = []
    numbered = {v.question_key: n for n, v in enumerate(questions_for(assignment), 1)}
    for version in _marked_versions(assignment):
        queue = marking_queue(assignment, version.question_key)
        if queue is None or not queue.answers:
            continue
        by_response: dict[int, dict[int, float]] = defaultdict(dict)
        marks = db.session.scalars(
            select(Mark)
            .where(Mark.response_id.in_([a.response.id for a in queue.answers]), Mark.teacher_id.is_not(None))
            .order_by(Mark.created_at, Mark.id)
        )
        for mark in marks:
            by_response[mark.response_id][mark.teacher_id] = mark.points  # type: ignore[index]
        pairs = [tuple(levels.values())[:2] for levels in by_response.values() if len(levels) >= 2]
        result = agreement([(a, b) for a, b in pairs])
        if result is not None:
            found.append(QuestionAgreement(version.question_key, numbered[version.question_key], result))
    return found
