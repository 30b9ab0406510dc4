"""The walk-through's class: a teacher, a class of 24 with a long quiz taken, a question changed since.

Built straight in the database of an app, so that the layout tests and the screenshots
(``tests/browser/screens.py``) see a teacher's pages as they look in the middle of a school year:
the whole 19-question bank set, most students submitted (enough for the item analysis to flag
questions), two in progress, two not started, and a question the bank changed after the class had
answered it (the regrade page). The answers are drawn from a seeded generator: the same every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from quizapp.bank_store import store_bank
from quizapp.banks import parse_bank
from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Assignment, Attempt, Bank, Classroom, ShowAnswers, Student, utcnow
from tests.conftest import QUESTIONS
from tests.web.conftest import add_teacher
from tests.web.teacher_helpers import add_attempt, add_student, assignment_versions, right_answers

EMAIL = "rivera@school.example"
CLASS = "Period 3 Civics"
BANK = "harris-trip-2021"
TITLE = "Harris's trip: who said what"
CHANGED = "who-said-do-not-come"  # the question the bank changed after the class answered it
PRACTICE_BANK = "numbers-and-sources"
PRACTICE_TITLE = "Counting the border figures"  # open, answers shown at once: what a student takes
PRACTICE_KEYS = ["april-2021-encounters", "how-many-times-bigger", "figure-agency", "newsweek-april-wording"]
PIN = "4821"
STUDENTS = [
    "Ana Díaz",
    "Ben Okafor",
    "Chloé Martin",
    "Dev Patel",
    "Eli Cohen",
    "Fatima Zahra Benali",
    "Gabriel Souza",
    "Hana Kim",
    "Isaac Mensah",
    "Jamal Wright",
    "Kai Nakamura",
    "Lena Fischer",
    "María-Fernanda Castillo Ortega",
    "Noah Williams",
    "Olu Adeyemi",
    "Priya Raman",
    "Quinn Murphy",
    "Rosa Delgado",
    "Sam Taylor",
    "Tomás Herrera",
    "Uma Shah",
    "Victor Nguyen",
    "Wen Li",
    "Yusuf Demir",
]
IN_PROGRESS = {"Wen Li", "Yusuf Demir"}
NOT_STARTED = {"Tomás Herrera", "Uma Shah"}


@dataclass(frozen=True)
class Walkthrough:
    """Ids of what :func:`build_walkthrough` made, for URLs."""

    teacher_id: int
    classroom_id: int
    assignment_id: int
    practice_id: int
    student_ids: dict[str, int]
    attempt_ids: dict[str, int]
    bank_id: str = BANK
    changed_key: str = CHANGED

    def url_values(self) -> dict[str, object]:
        """A value for every URL parameter of the teacher's pages."""
        first = STUDENTS[0]
        return {
            "classroom_id": self.classroom_id,
            "assignment_id": self.assignment_id,
            "student_id": self.student_ids[first],
            "attempt_id": self.attempt_ids[first],
            "bank_id": self.bank_id,
            "question_key": self.changed_key,
        }


def _wrong(answer: object, rng: random.Random) -> object:
    """An answer that earns nothing, or none at all: a flipped true/false, another choice, or a blank."""
    if answer in ("true", "false"):
        return "false" if answer == "true" else "true"
    return None if rng.random() < 0.5 else ("Somebody else" if isinstance(answer, str) else None)


def build_walkthrough(app) -> Walkthrough:
    """The teacher, the class, its students and their attempts, and the changed question (see the module)."""
    rng = random.Random(17)
    with app.app_context():
        teacher_id = add_teacher(email=EMAIL, name="Ms Rivera")
        room = Classroom(teacher_id=teacher_id, name=CLASS, pin=PIN)
        db.session.add(room)
        db.session.flush()
        assignment = Assignment(
            classroom=room,
            bank_id=BANK,
            title=TITLE,
            show_answers=ShowAnswers.AFTER_CLOSE,
            shuffle=True,
            attempts_allowed=2,
        )
        practice = Assignment(
            classroom=room,
            bank_id=PRACTICE_BANK,
            title=PRACTICE_TITLE,
            question_keys=PRACTICE_KEYS,
            show_answers=ShowAnswers.IMMEDIATELY,
        )
        db.session.add_all([assignment, practice])
        db.session.commit()
        key = right_answers(assignment.id)
        versions = assignment_versions(assignment.id)
        started = utcnow() - timedelta(days=2)
        students: dict[str, int] = {}
        attempts: dict[str, int] = {}
        for number, name in enumerate(STUDENTS):
            students[name] = add_student(room.id, name)
            db.session.get(Student, students[name]).created_at = started - timedelta(days=30, minutes=number)
            if name in NOT_STARTED:
                continue
            skill = 0.35 + 0.6 * rng.random()
            answers = {
                question: given if rng.random() < skill else _wrong(given, rng) for question, given in key.items()
            }
            attempts[name] = add_attempt(
                assignment.id,
                students[name],
                answers,
                submitted=name not in IN_PROGRESS,
                started_at=started + timedelta(minutes=3 * number),
                versions=versions,
            )
            attempt = db.session.get(Attempt, attempts[name])
            if attempt.submitted_at is not None:
                attempt.submitted_at = attempt.started_at + timedelta(minutes=14 + number % 9)
        db.session.commit()
        _change_question(app)
        return Walkthrough(teacher_id, room.id, assignment.id, practice.id, students, attempts)


def _change_question(app) -> None:
    """Load the bank again with the changed question's prompt reworded, as a teacher fixing a bank does."""
    path = Path(QUESTIONS) / f"{BANK}.yaml"
    text = path.read_text(encoding="utf-8")
    before = 'prompt: Who told migrants "Do not come. Do not come."?'
    assert before in text, "the walk-through changes a prompt the bank no longer has"
    edited = text.replace(before, 'prompt: In the reports, who told migrants "Do not come. Do not come."?')
    bank, problems = parse_bank(edited, path.name, corpus_of(app))
    assert not problems, problems
    store_bank(bank, owner_id=db.session.scalar(select(Bank.owner_id).where(Bank.id == BANK)))
    db.session.commit()
