"""Seed a benchmark server's fresh database through the app's own functions; prints what the users need.

Run by bench.load.server in the server's environment (same DATABASE_URL and SECRET_KEY), after
``quizapp db upgrade`` and ``quizapp banks load``. Makes the demo teacher and class (what
``quizapp demo`` makes), and two more classes of the demo teacher with a 20-question assignment each:
one for the exam, one for the capacity steps, so that each scenario's gradebook holds only its own students.
"""

from __future__ import annotations

import json

from quizapp import create_app
from quizapp.db import db
from quizapp.models import Bank, ShowAnswers, ShowScore
from quizapp.setup import DEMO_EMAIL, ensure_demo
from quizapp.teacher.assignments import AssignmentSettings, create_assignment, current_questions
from quizapp.teacher.classes import create_classroom

QUESTIONS = 20


def twenty_question_assignment(classroom, banks: list[Bank]):
    """An assignment of the first bundled bank with at least 20 questions, 20 of them, shuffled, one page."""
    for bank in banks:
        keys = [version.question_key for version in current_questions(bank.id)]
        if len(keys) >= QUESTIONS:
            settings = AssignmentSettings(
                title=f"{bank.title} (exam)", question_keys=keys[:QUESTIONS], opens_at=None, closes_at=None,
                attempts_allowed=1, time_limit_minutes=None, shuffle=True, paged=False,
                show_answers=ShowAnswers.IMMEDIATELY, show_score=ShowScore.WITH_ANSWERS, hide_comparison=False,
            )
            return create_assignment(classroom, bank, settings)
    raise SystemExit(f"no bundled bank has {QUESTIONS} questions; run quizapp banks load first")


def main() -> None:
    app = create_app()
    with app.app_context():
        demo = ensure_demo()
        if demo.password is None:
            raise SystemExit("the benchmark needs a fresh database (the demo teacher already exists)")
        banks = list(db.session.scalars(db.select(Bank).order_by(Bank.id)))
        plan = {
            "teacher": {"email": DEMO_EMAIL, "password": demo.password},
            "class_start": {"code": demo.classroom.join_code, "assignment": demo.classroom.assignments[0].id},
        }
        for scenario in ("exam", "capacity"):
            classroom = create_classroom(demo.teacher.id, f"Load benchmark: {scenario}")
            assignment = twenty_question_assignment(classroom, banks)
            plan[scenario] = {"code": classroom.join_code, "assignment": assignment.id}
        db.session.commit()
    print(json.dumps(plan))


if __name__ == "__main__":
    main()
