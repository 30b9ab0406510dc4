"""Assignments: a bank (or some of its questions) set for a class, with its times and rules.

Times are typed in the school's time zone (``QUIZAPP_TIMEZONE``, default UTC) and stored in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, or_, select
from wtforms import SelectChoice

from quizapp.config import school_timezone
from quizapp.db import db
from quizapp.models import Assignment, Attempt, Bank, Classroom, QuestionVersion, ShowAnswers, ShowScore
from quizapp.moments import as_utc
from quizapp.wording import plural


def to_utc(local: datetime | None) -> datetime | None:
    """A wall-clock time typed in the school's zone, as an aware UTC time."""
    if local is None:
        return None
    if local.tzinfo is None:
        local = local.replace(tzinfo=school_timezone())
    return local.astimezone(UTC)


def to_local(moment: datetime | None) -> datetime | None:
    """A stored UTC time as a naive wall-clock time in the school's zone (what a form field shows)."""
    if moment is None:
        return None
    return as_utc(moment).astimezone(school_timezone()).replace(tzinfo=None)


def aware_utc(value: datetime | str | None) -> datetime | None:
    """A timestamp from the database as an aware UTC datetime (SQLite hands aggregates back as text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return as_utc(value)


def assignable_banks(teacher_id: int) -> list[Bank]:
    """The banks a teacher may assign: the bundled ones and their own uploads, by title."""
    return list(
        db.session.scalars(
            select(Bank).where(or_(Bank.owner_id.is_(None), Bank.owner_id == teacher_id)).order_by(Bank.title, Bank.id)
        )
    )


def current_questions(bank_id: str) -> list[QuestionVersion]:
    """The bank's questions as they stand now, in authored order."""
    return list(
        db.session.scalars(
            select(QuestionVersion)
            .where(QuestionVersion.bank_id == bank_id, QuestionVersion.is_current.is_(True))
            .order_by(QuestionVersion.position)
        )
    )


def question_choices(versions: list[QuestionVersion]) -> list[SelectChoice]:
    """Checkbox choices for a bank's questions: the key, labelled "prompt (type, points)"."""
    choices = []
    for version in versions:
        points = f"{version.points:g} {plural(version.points, 'point')}"
        prompt = version.data.get("prompt", version.question_key)
        choices.append(SelectChoice(version.question_key, f"{prompt} ({version.type}, {points})"))
    return choices


@dataclass(frozen=True)
class AssignmentSettings:
    """What the assignment form sets. Times are aware UTC, or None."""

    title: str
    question_keys: list[str]
    opens_at: datetime | None
    closes_at: datetime | None
    attempts_allowed: int
    time_limit_minutes: int | None
    shuffle: bool
    paged: bool
    show_answers: ShowAnswers
    show_score: ShowScore
    hide_comparison: bool

    @classmethod
    def from_form(cls, form) -> AssignmentSettings:
        """Read an :class:`~quizapp.teacher.assignment_forms.AssignmentForm` (local times become UTC)."""
        return cls(
            title=" ".join(form.title.data.split()),
            question_keys=list(form.questions.data),
            opens_at=to_utc(form.opens_at.data),
            closes_at=to_utc(form.closes_at.data),
            attempts_allowed=form.attempts_allowed.data,
            time_limit_minutes=form.time_limit_minutes.data,
            shuffle=bool(form.shuffle.data),
            paged=form.layout.data == "paged",
            show_answers=ShowAnswers(form.show_answers.data),
            show_score=ShowScore(form.show_score.data),
            hide_comparison=bool(form.hide_comparison.data),
        )


def fill_form(form, assignment: Assignment) -> None:
    """Put a stored assignment's settings into the form (times in the school's zone)."""
    form.title.data = assignment.title
    form.questions.data = assignment.question_keys or [choice.value for choice in form.questions.choices]
    form.opens_at.data = to_local(assignment.opens_at)
    form.closes_at.data = to_local(assignment.closes_at)
    form.attempts_allowed.data = assignment.attempts_allowed
    form.time_limit_minutes.data = assignment.time_limit_minutes
    form.shuffle.data = assignment.shuffle
    form.layout.data = "paged" if assignment.paged else "one"
    form.show_answers.data = ShowAnswers(assignment.show_answers).value
    form.show_score.data = ShowScore(assignment.show_score).value
    form.hide_comparison.data = assignment.hide_comparison


def _apply(assignment: Assignment, settings: AssignmentSettings) -> None:
    bank_keys = [v.question_key for v in current_questions(assignment.bank_id)]
    chosen = set(settings.question_keys)
    unknown = chosen - set(bank_keys)
    if unknown:
        raise ValueError(f"not questions of bank {assignment.bank_id}: {', '.join(sorted(unknown))}")
    # Every question chosen is stored as None, so questions later added to the bank are set too.
    assignment.question_keys = None if chosen == set(bank_keys) else [k for k in bank_keys if k in chosen]
    assignment.title = settings.title
    assignment.opens_at = settings.opens_at
    assignment.closes_at = settings.closes_at
    assignment.attempts_allowed = settings.attempts_allowed
    assignment.time_limit_minutes = settings.time_limit_minutes
    assignment.shuffle = settings.shuffle
    assignment.paged = settings.paged
    assignment.show_answers = settings.show_answers
    assignment.show_score = settings.show_score
    assignment.hide_comparison = settings.hide_comparison


def create_assignment(classroom: Classroom, bank: Bank, settings: AssignmentSettings) -> Assignment:
    """Set ``bank`` (or the chosen questions of it) for ``classroom``. Caller commits."""
    assignment = Assignment(classroom_id=classroom.id, bank_id=bank.id)
    _apply(assignment, settings)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def update_assignment(assignment: Assignment, settings: AssignmentSettings) -> None:
    """Change an assignment's questions and rules; attempts already made keep what they answered."""
    _apply(assignment, settings)


def delete_assignment(assignment: Assignment) -> None:
    """Delete the assignment with every attempt at it. Caller commits."""
    db.session.delete(assignment)
    db.session.flush()


def attempt_count(assignment: Assignment) -> int:
    """How many attempts (started or submitted) the assignment has."""
    return db.session.scalar(select(func.count(Attempt.id)).where(Attempt.assignment_id == assignment.id)) or 0
