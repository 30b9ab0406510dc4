"""Which form of a pre/post pair a student is given: counterbalanced, drawn at random, recorded.

Half the class takes form A first and B second, half B then A, so that a harder form cannot pass for
growth (or for its loss). A student's order is drawn the first time it is needed (when the pair is
set, or when a student who joined later starts either test): the order fewer students have so far,
a coin deciding between equals, and kept in :class:`~quizapp.models.GrowthPlacement`.
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.db import db
from quizapp.models import (
    Assignment,
    Attempt,
    GrowthOrder,
    GrowthPair,
    GrowthPlacement,
    QuestionVersion,
    Response,
    Student,
)


def pair_of(assignment: Assignment) -> tuple[GrowthPair, str] | None:
    """The pre/post pair the assignment belongs to and its phase ("pre" or "post"); None for most."""
    pair = assignment.growth_pair  # read with the assignment where the caller joined it (Start does)
    if pair is None:
        return None
    return pair, "pre" if pair.pre_assignment_id == assignment.id else "post"


def _next_order(pair: GrowthPair) -> GrowthOrder:
    counts = dict(
        db.session.execute(
            select(GrowthPlacement.order, func.count())
            .where(GrowthPlacement.pair_id == pair.id)
            .group_by(GrowthPlacement.order)
        ).all()
    )
    ab, ba = counts.get(GrowthOrder.A_THEN_B, 0), counts.get(GrowthOrder.B_THEN_A, 0)
    if ab != ba:
        return GrowthOrder.A_THEN_B if ab < ba else GrowthOrder.B_THEN_A
    return secrets.choice([GrowthOrder.A_THEN_B, GrowthOrder.B_THEN_A])


def placement_for(pair: GrowthPair, student: Student) -> GrowthPlacement:
    """The student's placement in the pair, drawn and committed now if they have none.

    Two requests placing one student at once: the unique constraint keeps one, and both return it.
    """
    query = select(GrowthPlacement).where(GrowthPlacement.pair_id == pair.id, GrowthPlacement.student_id == student.id)
    found = db.session.scalar(query)
    if found is not None:
        return found
    placement = GrowthPlacement(pair_id=pair.id, student_id=student.id, order=_next_order(pair))
    try:
        db.session.add(placement)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raced = db.session.scalar(query)
        if raced is None:
            raise
        return raced
    return placement


def place_students(pair: GrowthPair, students: list[Student]) -> None:
    """Place every student of the class at once, exactly half each way (a random half takes A first)."""
    shuffled = list(students)
    secrets.SystemRandom().shuffle(shuffled)
    first = secrets.choice([GrowthOrder.A_THEN_B, GrowthOrder.B_THEN_A])
    other = GrowthOrder.B_THEN_A if first == GrowthOrder.A_THEN_B else GrowthOrder.A_THEN_B
    for index, student in enumerate(shuffled):
        db.session.add(GrowthPlacement(pair=pair, student_id=student.id, order=first if index % 2 == 0 else other))


def versions_for_student(
    assignment: Assignment, student: Student, versions: list[QuestionVersion]
) -> list[QuestionVersion]:
    """``versions`` narrowed to the student's form when the assignment is half of a pre/post pair."""
    paired = pair_of(assignment)
    if paired is None:
        return versions
    pair, phase = paired
    letter = placement_for(pair, student).form_for(phase)
    if phase == "post":
        # Never a question twice, whatever happened in between (two records of one student merged, a
        # placement changed): the post-test gives the form the student's pre-test did not.
        seen = _answered(pair.pre_assignment_id, student.id)
        other = "B" if letter == "A" else "A"
        if seen & set(pair.form(letter)) and not seen & set(pair.form(other)):
            letter = other
    keys = set(pair.form(letter))
    return [version for version in versions if version.question_key in keys]


def _answered(assignment_id: int, student_id: int) -> set[str]:
    """The question keys the student was given in their attempts at the assignment."""
    return set(
        db.session.scalars(
            select(QuestionVersion.question_key)
            .join(Response, Response.question_version_id == QuestionVersion.id)
            .join(Attempt, Attempt.id == Response.attempt_id)
            .where(Attempt.assignment_id == assignment_id, Attempt.student_id == student_id)
        )
    )
