"""Merging two records of one student who had an attempt in progress under each.

Only the newer attempt stays in progress; the older is submitted and scored with the answers saved in
it, as the student side submits, and the attempts are numbered 1, 2, ... in the order they were started.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Assignment, Attempt, Response, Student, utcnow
from quizapp.student.attempts import assignment_status, submit_attempt, unsubmitted_attempt
from quizapp.teacher import classes
from tests.web.teacher_helpers import (
    add_assignment,
    add_attempt,
    add_classroom,
    add_student,
    logged_in,
    post,
    right_answers,
)


def _attempts(assignment_id: int) -> dict[int, Attempt]:
    """The assignment's attempts by id (detached: read their columns only)."""
    attempts = {a.id: a for a in db.session.scalars(select(Attempt).where(Attempt.assignment_id == assignment_id))}
    db.session.expunge_all()
    return attempts


@pytest.mark.parametrize("older_kept", [False, True], ids=["older-in-the-other-record", "older-in-the-kept-record"])
def test_merge_submits_the_older_of_two_attempts_in_progress(app, teacher_id, older_kept):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        quiz = add_assignment(room_id, attempts_allowed=2)
        db.session.get(Assignment, quiz).attempts_allowed = 3
        db.session.commit()
        keep = add_student(room_id, "Ana Diaz")
        other = add_student(room_id, "Ana D")
        now = utcnow()
        # The kept record has a submitted first attempt, two days ago.
        done = add_attempt(quiz, keep, {}, number=1, started_at=now - timedelta(days=2))
        # Each record has an attempt in progress; the older one has every answer saved, right.
        older_owner, newer_owner = (keep, other) if older_kept else (other, keep)
        older = add_attempt(
            quiz, older_owner, right_answers(quiz), submitted=False, started_at=now - timedelta(hours=1)
        )
        newer = add_attempt(quiz, newer_owner, {}, submitted=False, started_at=now - timedelta(minutes=5))

    client = logged_in(app)
    before = utcnow()
    response = post(client, f"/teacher/students/{keep}/merge", {"other": str(other)})
    after = utcnow()
    assert response.status_code == 302
    assert "Merged Ana D (joined" in client.get(response.headers["Location"]).get_data(as_text=True)

    with app.app_context():
        assert db.session.get(Student, other) is None
        attempts = _attempts(quiz)
        assert {a.id: (a.student_id, a.number) for a in attempts.values()} == {
            done: (keep, 1),
            older: (keep, 2),
            newer: (keep, 3),
        }
        # The older attempt is submitted and scored as the student side scores it: full marks here.
        submitted = attempts[older]
        assert before <= submitted.submitted_at <= after
        assert submitted.possible and submitted.earned == submitted.possible
        responses = db.session.scalars(select(Response).where(Response.attempt_id == older)).all()
        assert responses and all(r.outcome == "correct" and r.earned == r.possible for r in responses)
        # The newer one is the kept student's only attempt in progress, untouched.
        assert attempts[newer].submitted_at is None and attempts[newer].earned is None
        assert attempts[done].submitted_at is not None
        student = db.session.get(Student, keep)
        assignment = db.session.get(Assignment, quiz)
        assert unsubmitted_attempt(assignment, student).id == newer
        status = assignment_status(assignment, student, utcnow())
        assert status.label == "In progress" and status.latest.id == newer

    # The gradebook marks only the newer attempt as in progress.
    gradebook = client.get(f"/teacher/assignments/{quiz}/gradebook").get_data(as_text=True)
    assert "(attempt 1 of Ana Diaz)" in gradebook and "(attempt 2 of Ana Diaz)" in gradebook
    assert "(attempt 3 of Ana Diaz, in progress)" in gradebook
    assert gradebook.count(", in progress)") == 1


def test_merge_leaves_a_single_attempt_in_progress_alone(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        quiz = add_assignment(room_id, attempts_allowed=2)
        keep = add_student(room_id, "Ana Diaz")
        other = add_student(room_id, "Ana D")
        now = utcnow()
        finished = add_attempt(quiz, keep, {}, started_at=now - timedelta(days=1))
        going = add_attempt(quiz, other, right_answers(quiz), submitted=False, started_at=now - timedelta(hours=2))
    client = logged_in(app)
    assert post(client, f"/teacher/students/{keep}/merge", {"other": str(other)}).status_code == 302
    with app.app_context():
        attempts = _attempts(quiz)
        assert {a.id: (a.student_id, a.number) for a in attempts.values()} == {finished: (keep, 1), going: (keep, 2)}
        assert attempts[going].submitted_at is None and attempts[going].earned is None


def test_merge_when_the_student_submits_the_older_attempt_meanwhile(app, teacher_id, monkeypatch):
    """The student's own submit wins the race: the merge, rolled back with the lost claim, is made again."""
    with app.app_context():
        room_id = add_classroom(teacher_id)
        quiz = add_assignment(room_id, attempts_allowed=2)
        keep = add_student(room_id, "Ana Diaz")
        other = add_student(room_id, "Ana D")
        now = utcnow()
        older = add_attempt(quiz, other, right_answers(quiz), submitted=False, started_at=now - timedelta(hours=1))
        newer = add_attempt(quiz, keep, {}, submitted=False, started_at=now - timedelta(minutes=5))

    student_submitted_at = utcnow() - timedelta(seconds=30)
    calls: list[int] = []

    def student_submits_first(attempt, when, *args, **kwargs):
        if not calls:
            calls.append(attempt.id)
            # What submit_attempt does when the attempt turns out to be submitted already: roll back.
            db.session.rollback()
            assert submit_attempt(db.session.get(Attempt, attempt.id), student_submitted_at)  # the student's
            return False
        calls.append(attempt.id)
        return submit_attempt(attempt, when, *args, **kwargs)

    monkeypatch.setattr(classes, "submit_attempt", student_submits_first)
    client = logged_in(app)
    response = post(client, f"/teacher/students/{keep}/merge", {"other": str(other)})
    assert response.status_code == 302
    assert "1 attempt moved" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert calls == [older]  # the second merge found nothing more to submit
    with app.app_context():
        assert db.session.get(Student, other) is None
        attempts = _attempts(quiz)
        assert {a.id: (a.student_id, a.number) for a in attempts.values()} == {older: (keep, 1), newer: (keep, 2)}
        assert attempts[older].submitted_at == student_submitted_at
        assert attempts[older].earned == attempts[older].possible > 0
        assert attempts[newer].submitted_at is None
