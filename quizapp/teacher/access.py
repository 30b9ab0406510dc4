"""The one way a teacher's view fetches a thing: by id, and only if it belongs to the teacher.

Every view that takes an id calls :func:`get_owned`, which fetches and checks ownership in a single
query and answers 404 for a thing that does not exist and for one that belongs to someone else
alike, so nobody can learn which ids exist.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort, g
from sqlalchemy import Select, or_, select

from quizapp.db import db
from quizapp.models import Assignment, Attempt, Bank, Classroom, Student

T = TypeVar("T", Classroom, Assignment, Student, Attempt, Bank)


def owned_query(model: type[T], ident: object, teacher_id: int) -> Select[tuple[T]]:
    """The query for ``model`` number ``ident``, restricted to what ``teacher_id`` may see."""
    if model is Classroom:
        return select(Classroom).where(Classroom.id == ident, Classroom.teacher_id == teacher_id)
    if model is Assignment:
        return (
            select(Assignment)
            .join(Assignment.classroom)
            .where(Assignment.id == ident, Classroom.teacher_id == teacher_id)
        )
    if model is Student:
        return select(Student).join(Student.classroom).where(Student.id == ident, Classroom.teacher_id == teacher_id)
    if model is Attempt:
        return (
            select(Attempt)
            .join(Attempt.assignment)
            .join(Assignment.classroom)
            .where(Attempt.id == ident, Classroom.teacher_id == teacher_id)
        )
    if model is Bank:
        # Bundled banks (no owner) are shared; an uploaded bank is its uploader's alone.
        return select(Bank).where(Bank.id == ident, or_(Bank.owner_id.is_(None), Bank.owner_id == teacher_id))
    raise TypeError(f"no ownership rule for {model.__name__}")


def get_owned(model: type[T], ident: object) -> T:
    """``model`` number ``ident`` if the logged-in teacher owns it; 404 if it is missing or not theirs."""
    teacher = g.get("teacher")
    if teacher is None:
        abort(404)
    found = db.session.scalar(owned_query(model, ident, teacher.id))
    if found is None:
        abort(404)
    return found

