"""Helpers for the teacher's web tests: logged-in clients, students and scored attempts made in the DB."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Assignment, Attempt, Classroom, JoinRequest, QuestionVersion, Response, Student, utcnow
from quizapp.names import name_key
from quizapp.scoring import score_response
from tests.web.conftest import add_teacher, csrf_token, login

OTHER_EMAIL = "other@school.example"


def logged_in(app, email: str = "teacher@school.example"):
    """A test client logged in as the teacher with ``email`` (created if missing)."""
    with app.app_context():
        from quizapp.models import Teacher

        if db.session.scalar(select(Teacher).where(Teacher.email == email)) is None:
            add_teacher(email=email, name=email.split("@")[0])
    client = app.test_client()
    response = login(client, email=email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def token(client, url: str = "/teacher/account") -> str:
    """The session's CSRF token, read from a page with a form."""
    return csrf_token(client.get(url).get_data(as_text=True))


def post(client, url: str, data: Mapping | None = None, **kwargs):
    """POST ``data`` to ``url`` with the session's CSRF token."""
    page = "/teacher/account" if client.get("/teacher/account").status_code == 200 else "/teacher/login"
    return client.post(url, data={"csrf_token": token(client, page), **(data or {})}, **kwargs)


def add_classroom(teacher_id: int, name: str = "Period 3 Civics") -> int:
    """A class of the teacher; returns its id. Call inside an app context."""
    room = Classroom(teacher_id=teacher_id, name=name)
    db.session.add(room)
    db.session.commit()
    return room.id


def add_assignment(
    classroom_id: int, bank_id: str = "harris-trip-2021", keys: list[str] | None = None, attempts_allowed: int = 1
) -> int:
    """An open assignment of ``bank_id`` (or some of its questions); returns its id."""
    assignment = Assignment(
        classroom_id=classroom_id,
        bank_id=bank_id,
        title=f"Quiz on {bank_id}",
        question_keys=keys,
        attempts_allowed=attempts_allowed,
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment.id


def add_student(classroom_id: int, name: str) -> int:
    """A student who joined the class; returns the id."""
    student = Student(classroom_id=classroom_id, name=name, name_key=name_key(name), joined_at=utcnow())
    db.session.add(student)
    db.session.commit()
    return student.id


def assignment_versions(assignment_id: int) -> list[QuestionVersion]:
    """The question versions a new attempt at the assignment gets, in bank order."""
    from quizapp.student.attempts import questions_for

    return questions_for(db.session.get(Assignment, assignment_id))


def add_attempt(
    assignment_id: int,
    student_id: int,
    answers: Mapping[str, object],
    *,
    number: int | None = None,
    submitted: bool = True,
    started_at: datetime | None = None,
    versions: list[QuestionVersion] | None = None,
) -> int:
    """An attempt answering each question key in ``answers`` (others unanswered), scored as on submit."""
    versions = versions if versions is not None else assignment_versions(assignment_id)
    if number is None:
        previous = db.session.scalars(
            select(Attempt.number).where(Attempt.assignment_id == assignment_id, Attempt.student_id == student_id)
        ).all()
        number = max(previous, default=0) + 1
    started = started_at or utcnow() - timedelta(minutes=30)
    attempt = Attempt(assignment_id=assignment_id, student_id=student_id, number=number, started_at=started)
    db.session.add(attempt)
    db.session.flush()
    earned = possible = 0.0
    for position, version in enumerate(versions):
        answer = answers.get(version.question_key)
        response = Response(attempt_id=attempt.id, question_version_id=version.id, position=position, answer=answer)
        if submitted:
            score = score_response(version.question, answer)
            response.earned, response.possible, response.outcome = score.earned, score.possible, score.outcome
            earned += score.earned
            possible += score.possible
        db.session.add(response)
    if submitted:
        attempt.submitted_at = started + timedelta(minutes=20)
        attempt.earned, attempt.possible = round(earned, 6), round(possible, 6)
    db.session.commit()
    return attempt.id


def right_answers(assignment_id: int) -> dict[str, object]:
    """The key of every question of the assignment, in the shape a response takes."""
    answers: dict[str, object] = {}
    for version in assignment_versions(assignment_id):
        q = version.question
        if q.type == "choice":
            answers[q.id] = q.answer
        elif q.type in ("multi", "source"):
            answers[q.id] = sorted(q.answers)
        elif q.type == "truefalse":
            answers[q.id] = "true" if q.answer else "false"
        elif q.type == "short":
            answers[q.id] = q.answers[0]
        elif q.type == "numeric":
            answers[q.id] = str(q.answer)
        elif q.type == "match":
            answers[q.id] = dict(q.pairs)
        elif q.type == "evidence":
            answers[q.id] = [q.answer_span.start, q.answer_span.end]
        elif q.type == "grid":
            answers[q.id] = {claim: list(q.carriers(claim)) for claim in q.claims}
        elif q.type == "written":  # a level read off paper: the top one is full marks
            answers[q.id] = {"level": q.rubric[0].label}
    return answers


def parse_csv(data: bytes) -> list[list[str]]:
    """A CSV download read back as rows of text."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


AP = "002_f52d19d8c2480346"
FIRST = "000_9c074612a8ff18f5"

# A small bank with one question per skill pattern: attribution, numbers + context, attribution, context.
BANK = f"""bank: class-check
title: Class check
description: Four questions on the trip reports.
questions:
  - id: who
    type: choice
    prompt: Who said "Do not come"?
    choices: [Kamala Harris, Alexandria Ocasio-Cortez, Alejandro Giammattei]
    answer: Kamala Harris
    sources: [{{article: {AP}, quote: "Do not come, do not come."}}]
    skills: [attribution]
  - id: april
    type: numeric
    prompt: How many encounters were there in April?
    answer: 178622
    sources: [{{article: {FIRST}, quote: "with 178,622 encounters for the month of April"}}]
    skills: [numbers, context]
  - id: tweet
    type: short
    prompt: Whose tweet says "set someone's house on fire"?
    answers: [Ocasio-Cortez, AOC]
    sources: [{{article: {FIRST}, quote: "We can't help set someone's house on fire and then blame them for fleeing."}}]
    skills: [attribution]
  - id: april-figures
    type: truefalse
    prompt: The AP report gives April border figures.
    answer: false
    sources: [{{article: {AP}, quote: "Do not come, do not come."}}]
    skills: [context]
"""


def store_text(app, text: str, owner_id: int | None, path: str = "class-check.yaml"):
    """Validate and store a bank's YAML text as ``owner_id``'s; returns the StoreResult."""
    from quizapp.bank_store import store_bank
    from quizapp.banks import parse_bank
    from quizapp.corpus_cache import corpus_of

    bank, problems = parse_bank(text, path, corpus_of(app))
    assert not problems, problems
    result = store_bank(bank, owner_id=owner_id)
    db.session.commit()
    return result


# The known data set of the results tests: five students' answers to the class-check bank.
#   who  april  tweet  april-figures   total
#   1    1      1      0               3      Ana
#   1    1      1      0               3      Ben
#   1    0      1      1               3      Cy
#   0    0      1      0               1      Dee
#   0    0      0      1               1      Eve
# Fay has joined but not started; Gus has an attempt in progress.
KNOWN_ANSWERS = {
    "Ana": {"who": "Kamala Harris", "april": "178,622", "tweet": "AOC", "april-figures": "true"},
    "Ben": {"who": "Kamala Harris", "april": "178622", "tweet": "Ocasio-Cortez", "april-figures": "true"},
    "Cy": {"who": "Kamala Harris", "april": "17106", "tweet": "ocasio cortez", "april-figures": "false"},
    "Dee": {"who": "Alexandria Ocasio-Cortez", "april": "17,106", "tweet": "AOC", "april-figures": "true"},
    "Eve": {"who": "Alejandro Giammattei", "april": None, "tweet": "Harris", "april-figures": "false"},
}


def add_join_request(student_id: int) -> int:
    """A request from a new device to join as the student, waiting for the teacher; returns its id."""
    request = JoinRequest(student_id=student_id, secret_hash="0" * 64)
    db.session.add(request)
    db.session.commit()
    return request.id


def known_class(app, teacher_id: int) -> dict[str, int]:
    """The class-check bank (owned by ``teacher_id``) set for a class with the known answers above.

    Returns ids: classroom, assignment, and each student's by name; attempts by name under "attempt:NAME".
    """
    with app.app_context():
        store_text(app, BANK, teacher_id)
        ids = {"classroom": add_classroom(teacher_id, "Period 5 Media")}
        ids["assignment"] = add_assignment(ids["classroom"], "class-check")
        base = utcnow() - timedelta(hours=3)
        for offset, (name, answers) in enumerate(KNOWN_ANSWERS.items()):
            ids[name] = add_student(ids["classroom"], name)
            ids[f"attempt:{name}"] = add_attempt(
                ids["assignment"], ids[name], answers, started_at=base + timedelta(minutes=10 * offset)
            )
        ids["Fay"] = add_student(ids["classroom"], "Fay")
        ids["Gus"] = add_student(ids["classroom"], "Gus")
        ids["attempt:Gus"] = add_attempt(ids["assignment"], ids["Gus"], {"who": "Kamala Harris"}, submitted=False)
    return ids
