"""Classes and their rosters: creating, renaming, archiving, join codes, PINs, and tidying students."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select

from quizapp.db import db
from quizapp.models import Assignment, Attempt, Classroom, Student, new_join_code, utcnow
from quizapp.names import name_key, tidy_name
from quizapp.student.attempts import submit_attempt
from quizapp.teacher.assignments import aware_utc
from quizapp.wording import counted


class RosterError(ValueError):
    """A roster change cannot be made as asked; the message says why."""


def unique_join_code() -> str:
    """A join code no class uses yet."""
    while True:
        code = new_join_code()
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


def create_classroom(teacher_id: int, name: str, pin: str | None = None) -> Classroom:
    """A new class with a fresh join code. Caller commits."""
    classroom = Classroom(teacher_id=teacher_id, name=tidy_name(name), join_code=unique_join_code(), pin=pin or None)
    db.session.add(classroom)
    db.session.flush()
    return classroom


def rename_classroom(classroom: Classroom, name: str) -> None:
    """Give the class a new name. Caller commits."""
    classroom.name = tidy_name(name)


def set_archived(classroom: Classroom, archived: bool) -> None:
    """Archive the class (students can no longer join; results stay) or bring it back. Caller commits."""
    classroom.archived = archived


def regenerate_join_code(classroom: Classroom) -> str:
    """Replace the join code (the old one stops working at once); returns the new one. Caller commits."""
    classroom.join_code = unique_join_code()
    return classroom.join_code


def set_pin(classroom: Classroom, pin: str | None) -> None:
    """Require ``pin`` to join the class, or (None) no PIN. Caller commits."""
    classroom.pin = pin.strip() if pin and pin.strip() else None


@dataclass
class ClassSummary:
    """A class as the dashboard lists it."""

    classroom: Classroom
    students: int = 0
    assignments: list[AssignmentSummary] = field(default_factory=list)


@dataclass
class AssignmentSummary:
    """An assignment as the dashboard lists it: how many students have submitted it."""

    assignment: Assignment
    submitted: int = 0


def dashboard(teacher_id: int, classroom_id: int | None = None) -> list[ClassSummary]:
    """The teacher's classes (by name; or just one) with student counts and assignments, in three queries."""
    statement = select(Classroom).where(Classroom.teacher_id == teacher_id).order_by(Classroom.name, Classroom.id)
    if classroom_id is not None:
        statement = statement.where(Classroom.id == classroom_id)
    classrooms = db.session.scalars(statement).all()
    summaries = {c.id: ClassSummary(c) for c in classrooms}
    if not summaries:
        return []
    counts = db.session.execute(
        select(Student.classroom_id, func.count())
        .where(Student.classroom_id.in_(summaries))
        .group_by(Student.classroom_id)
    )
    for classroom_id, count in counts:
        summaries[classroom_id].students = count
    submitted = func.count(func.distinct(case((Attempt.submitted_at.is_not(None), Attempt.student_id))))
    rows = db.session.execute(
        select(Assignment, submitted)
        .outerjoin(Attempt, Attempt.assignment_id == Assignment.id)
        .where(Assignment.classroom_id.in_(summaries))
        .group_by(Assignment.id)
        .order_by(Assignment.created_at, Assignment.id)
    )
    for assignment, count in rows:
        summaries[assignment.classroom_id].assignments.append(AssignmentSummary(assignment, count))
    return list(summaries.values())


@dataclass(frozen=True)
class RosterRow:
    """A student on the roster, with how many attempts they have started and submitted."""

    student: Student
    attempts: int
    submitted: int
    last_active: datetime | None


def roster(classroom: Classroom) -> list[RosterRow]:
    """The class's students by name, with their attempt counts, in one query."""
    rows = db.session.execute(
        select(
            Student,
            func.count(Attempt.id),
            func.count(Attempt.submitted_at),
            func.max(func.coalesce(Attempt.submitted_at, Attempt.started_at)),
        )
        .outerjoin(Attempt, Attempt.student_id == Student.id)
        .where(Student.classroom_id == classroom.id)
        .group_by(Student.id)
        .order_by(Student.name_key, Student.id)
    )
    return [RosterRow(student, attempts, submitted, aware_utc(last)) for student, attempts, submitted, last in rows]


def rename_student(student: Student, name: str) -> None:
    """Correct a student's name; refused when another student in the class already has it. Caller commits."""
    name = tidy_name(name)
    key = name_key(name)
    if not key:
        raise RosterError("Enter a name.")
    clash = db.session.scalar(
        select(Student.name).where(
            Student.classroom_id == student.classroom_id, Student.name_key == key, Student.id != student.id
        )
    )
    if clash is not None:
        raise RosterError(f"{clash} is already on this roster: merge the two records instead of renaming.")
    student.name = name
    student.name_key = key


@dataclass(frozen=True)
class OverLimit:
    """An assignment where the two records together have more attempts than it allows."""

    assignment: Assignment
    attempts: list[Attempt]


class MergeChoiceNeeded(RosterError):
    """Merging would leave more attempts than allowed: the teacher chooses which to keep."""

    def __init__(self, over: list[OverLimit]):
        super().__init__("Together these records have more attempts than allowed: choose which to keep.")
        self.over = over


def over_limit(keep: Student, other: Student) -> list[OverLimit]:
    """The assignments where merging ``other`` into ``keep`` would leave more attempts than allowed."""
    attempts = db.session.scalars(
        select(Attempt).where(Attempt.student_id.in_((keep.id, other.id))).order_by(Attempt.started_at, Attempt.id)
    ).all()
    by_assignment: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_assignment[attempt.assignment_id].append(attempt)
    return [
        OverLimit(group[0].assignment, group)
        for group in by_assignment.values()
        if len(group) > group[0].assignment.attempts_allowed
    ]


def merge_students(
    keep: Student, other: Student, now: datetime | None = None, keep_attempts: set[int] | None = None
) -> int:
    """Move every attempt of ``other`` to ``keep`` and delete ``other``; returns the attempts moved.

    For the same student who joined twice. The attempt limit holds for the person: where the two
    records together have more attempts at an assignment than it allows, the teacher says which to
    keep (``keep_attempts``, ids), else :class:`MergeChoiceNeeded` lists them; the others are deleted.
    Where both have attempts at one assignment, those attempts are renumbered 1, 2, ... in the order
    they were started, so that (assignment, student, number) stays unique. A student can be in the
    middle of only one attempt at an assignment, so where both records have one in progress, the
    older is submitted and scored at ``now`` with the answers saved in it, by the same
    :func:`~quizapp.student.attempts.submit_attempt` that submits a student's own attempts (and those
    whose time ran out); the newer stays in progress.

    Caller commits; but when an attempt is submitted, ``submit_attempt`` commits the merge with it.
    """
    if keep.id == other.id:
        raise RosterError("Choose two different students.")
    if keep.classroom_id != other.classroom_id:
        raise RosterError("Only students of the same class can be merged.")
    over = over_limit(keep, other)
    if over and keep_attempts is None:
        raise MergeChoiceNeeded(over)
    chosen = keep_attempts or set()
    for item in over:
        kept = [a for a in item.attempts if a.id in chosen]
        allowed = item.assignment.attempts_allowed
        if not kept or len(kept) > allowed:
            raise RosterError(
                f"For {item.assignment.title}, keep between 1 and {counted(allowed, 'attempt')} "
                f"(you chose {len(kept)})."
            )
        for attempt in item.attempts:
            if attempt.id not in chosen:
                db.session.delete(attempt)
    db.session.flush()
    now = now or utcnow()
    attempts = db.session.scalars(select(Attempt).where(Attempt.student_id.in_((keep.id, other.id)))).all()
    by_assignment: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_assignment[attempt.assignment_id].append(attempt)
    moved = 0
    renumber: list[list[Attempt]] = []
    to_submit: list[Attempt] = []
    for group in by_assignment.values():
        group.sort(key=lambda a: (a.started_at, a.number, a.id))
        owners = {a.student_id for a in group}
        moved += sum(1 for a in group if a.student_id == other.id)
        if owners == {keep.id, other.id} or any(a.number != index for index, a in enumerate(group, start=1)):
            renumber.append(group)
        to_submit.extend([a for a in group if a.submitted_at is None][:-1])  # all but the newest in progress
    # Negative numbers first, so no two attempts share a number while they are being moved.
    for group in renumber:
        for index, attempt in enumerate(group, start=1):
            attempt.number = -index
    for attempt in attempts:
        if attempt.student_id == other.id:
            attempt.student_id = keep.id
    db.session.flush()
    for group in renumber:
        for index, attempt in enumerate(group, start=1):
            attempt.number = index
    db.session.flush()
    if keep.joined_at is None or (other.joined_at is not None and other.joined_at < keep.joined_at):
        keep.joined_at = other.joined_at
    db.session.expire(other, ["attempts"])
    db.session.expire(keep, ["attempts"])
    db.session.delete(other)
    db.session.flush()
    for index, attempt in enumerate(to_submit):
        if not submit_attempt(attempt, now) and index == 0:
            # The student submitted it just now, and submit_attempt rolled back the whole transaction,
            # this merge with it: merge again, with that attempt submitted already.
            return merge_students(keep, other, now, keep_attempts)
    return moved


def remove_student(student: Student) -> None:
    """Delete a student and their attempts. Caller commits."""
    db.session.delete(student)
    db.session.flush()
