"""Benchmark: the gradebook and item analysis of 1,000 students x 40 questions, through the test client.

Builds the data set in a temporary SQLite database with bulk inserts (a generated 40-question bank,
one class of 1,000 students, one submitted attempt each, 40,000 scored responses), then renders
each page through Flask's test client, best of 3. Figures are printed as ratios against two
baselines measured in the same run: rendering the teacher's dashboard home page, and a bare
``SELECT`` of every response of the assignment (the least any results page must do).

Run it with ``.venv/bin/python bench/dashboard.py``.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bank_generator import generate_bank  # noqa: E402
from bench.timing import best_of  # noqa: E402
from quizapp import create_app  # noqa: E402
from quizapp.bank_store import store_bank  # noqa: E402
from quizapp.banks import Question, parse_bank  # noqa: E402
from quizapp.corpus import Corpus  # noqa: E402
from quizapp.corpus_cache import corpus_of  # noqa: E402
from quizapp.db import db  # noqa: E402
from quizapp.models import Assignment, Attempt, Classroom, Response, Student, Teacher, utcnow  # noqa: E402
from quizapp.scoring import score_response  # noqa: E402
from quizapp.teacher.accounts import hash_password  # noqa: E402

STUDENTS = 1000
QUESTIONS = 40
BENCH_PASSWORD = "bench-password-only-here"  # noqa: S105 - a throwaway database


def answer_for(question: Question, right: bool, rng: random.Random, corpus: Corpus) -> object:
    """A response in the shape the student's pages store: the key, or a plausible wrong answer."""
    kind = question.type
    if kind == "choice":
        return question.answer if right else rng.choice([c for c in question.choices if c != question.answer])
    if kind in ("multi", "source"):
        wrong = [c for c in question.choices if c not in question.answers]
        return sorted(question.answers) if right or not wrong else [rng.choice(wrong)]
    if kind == "truefalse":
        return "true" if question.answer == right else "false"
    if kind == "short":
        return question.answers[0] if right else rng.choice(["Biden", "Obrador", "Giammattei"])
    if kind == "numeric":
        return f"{question.answer:g}" if right else str(rng.randint(1, 100000))
    if kind == "match":
        pairs = dict(question.pairs)
        if not right:
            first = next(iter(pairs))
            pairs[first] = rng.choice(question.rights)
        return pairs
    if kind == "evidence":
        if right:
            return [question.answer_span.start, question.answer_span.end]
        sentence = corpus[question.article].sentences[0]
        return [sentence.start, sentence.end]
    return None


def build(app) -> tuple[int, int]:
    """The data set; returns (teacher id, assignment id)."""
    corpus = corpus_of(app)
    bank, problems = parse_bank(generate_bank(corpus, QUESTIONS, seed=7), "generated.yaml", corpus)
    assert bank is not None and not problems, problems[:3]
    with app.app_context():
        db.create_all()
        store_bank(bank)
        teacher = Teacher(email="bench@school.example", name="Bench", password_hash=hash_password(BENCH_PASSWORD))
        db.session.add(teacher)
        db.session.flush()
        room = Classroom(teacher_id=teacher.id, name="Bench class")
        db.session.add(room)
        db.session.flush()
        assignment = Assignment(classroom_id=room.id, bank_id=bank.id, title="Bench quiz")
        db.session.add(assignment)
        db.session.commit()
        from quizapp.student.attempts import questions_for

        versions = questions_for(assignment)
        rng = random.Random(11)
        db.session.execute(
            insert(Student),
            [
                {"classroom_id": room.id, "name": f"Student {n:04d}", "name_key": f"student {n:04d}",
                 "device_token": f"token-{n}"}
                for n in range(STUDENTS)
            ],
        )
        student_ids = db.session.scalars(select(Student.id).where(Student.classroom_id == room.id)).all()
        start = utcnow() - timedelta(days=1)
        db.session.execute(
            insert(Attempt),
            [
                {"assignment_id": assignment.id, "student_id": sid, "number": 1, "started_at": start,
                 "submitted_at": start + timedelta(seconds=30 * index)}
                for index, sid in enumerate(student_ids)
            ],
        )
        attempts = db.session.execute(
            select(Attempt.id, Attempt.student_id).where(Attempt.assignment_id == assignment.id)
        ).all()
        questions = [(v, v.question) for v in versions]
        rows = []
        totals = []
        for attempt_id, _ in attempts:
            ability = rng.random()
            earned = possible = 0.0
            for position, (version, question) in enumerate(questions):
                answer = answer_for(question, rng.random() < 0.25 + 0.6 * ability, rng, corpus)
                score = score_response(question, answer)
                rows.append({
                    "attempt_id": attempt_id, "question_version_id": version.id, "position": position,
                    "answer": answer, "earned": score.earned, "possible": score.possible, "outcome": score.outcome,
                })
                earned += score.earned
                possible += score.possible
            totals.append({"id": attempt_id, "earned": round(earned, 6), "possible": round(possible, 6)})
        db.session.execute(insert(Response), rows)
        from sqlalchemy import update

        db.session.execute(update(Attempt), totals)
        db.session.commit()
        return teacher.id, assignment.id


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite'}",
            "SECRET_KEY": "bench-not-secret",
            "WTF_CSRF_ENABLED": False,
        })
        built = time.perf_counter()
        teacher_id, assignment_id = build(app)
        print(f"data set: {STUDENTS:,} students x {QUESTIONS} questions = {STUDENTS * QUESTIONS:,} responses "
              f"(built in {time.perf_counter() - built:.1f} s)")
        client = app.test_client()
        login = client.post("/teacher/login", data={"email": "bench@school.example", "password": BENCH_PASSWORD})
        assert login.status_code == 302, login.status_code

        def page(url: str) -> Callable[[], None]:
            def fetch() -> None:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            return fetch

        def bare_select() -> None:
            with app.app_context():
                db.session.execute(
                    select(Response.attempt_id, Response.question_version_id, Response.earned, Response.answer)
                    .join(Attempt, Attempt.id == Response.attempt_id)
                    .where(Attempt.assignment_id == assignment_id)
                ).all()

        home = best_of(page("/teacher/"))
        select_all = best_of(bare_select)
        print(f"baseline: dashboard home page {home * 1000:.1f} ms; bare SELECT of the 40,000 responses "
              f"{select_all * 1000:.1f} ms")
        base = f"/teacher/assignments/{assignment_id}"
        for label, url in (
            ("gradebook", f"{base}/gradebook"),
            ("gradebook sorted by total", f"{base}/gradebook?sort=total&dir=desc"),
            ("item analysis", f"{base}/analysis"),
            ("per-skill results", f"{base}/skills"),
            ("gradebook CSV", f"{base}/gradebook.csv"),
            ("responses CSV", f"{base}/responses.csv"),
        ):
            took = best_of(page(url))
            print(f"{label}: {took * 1000:.0f} ms = {took / home:.1f}x the home page, "
                  f"{took / select_all:.1f}x the bare SELECT")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
