"""Setting up a school's server: loading the bundled banks and the demo class."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from quizapp.bank_store import BankConflict, StoreResult, store_bank
from quizapp.banks import load_banks
from quizapp.corpus import Corpus
from quizapp.db import db
from quizapp.models import Assignment, Classroom, ShowAnswers, Teacher
from quizapp.teacher.accounts import create_teacher

DEMO_EMAIL = "demo-teacher@quizapp.invalid"
DEMO_CLASS = "Demo class"
DEMO_BANK = "harris-trip-2021"


def load_bank_folder(folder: str | Path, corpus: Corpus) -> list[StoreResult]:
    """Validate every bank in ``folder`` and store them all, or none if any file has a problem."""
    banks = load_banks([folder], corpus)
    try:
        results = [store_bank(bank) for bank in banks]
    except BankConflict:
        db.session.rollback()
        raise
    db.session.commit()
    return results


@dataclass
class Demo:
    """The demo teacher and class; ``password`` is set only when the teacher was just created."""

    teacher: Teacher
    classroom: Classroom
    password: str | None


def ensure_demo() -> Demo:
    """Create the demo teacher, class and an open assignment of the first bank, unless they exist."""
    teacher = db.session.scalar(select(Teacher).where(Teacher.email == DEMO_EMAIL))
    password = None
    if teacher is None:
        password = secrets.token_urlsafe(12)
        teacher = create_teacher(DEMO_EMAIL, password, "Demo Teacher")
    classroom = db.session.scalar(
        select(Classroom).where(Classroom.teacher_id == teacher.id, Classroom.name == DEMO_CLASS)
    )
    if classroom is None:
        classroom = Classroom(teacher=teacher, name=DEMO_CLASS)
        db.session.add(classroom)
        db.session.flush()
    if not classroom.assignments:
        from quizapp.models import Bank

        bank = db.session.get(Bank, DEMO_BANK) or db.session.scalars(select(Bank).order_by(Bank.id)).first()
        if bank is not None:
            # A demo is for seeing the whole loop: answers, then the key and the explanations at once.
            db.session.add(
                Assignment(classroom=classroom, bank=bank, title=bank.title, show_answers=ShowAnswers.IMMEDIATELY)
            )
    db.session.commit()
    return Demo(teacher, classroom, password)
