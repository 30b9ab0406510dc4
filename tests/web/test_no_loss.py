"""No acknowledged answer is ever lost, against a real server that crashes and restarts.

Students answer concurrently over HTTP against ``quizapp serve`` (gunicorn, three workers); a
worker is SIGKILLed in the middle and later the whole server is stopped and started again. Each
student retries what got no answer, as autosave does. Afterwards the database must hold, for every
question, the last answer the server acknowledged (or one sent after it whose answer was lost on
the way back), each attempt exactly once with each question once; three submissions at once give
one score, and saves after it are refused and change nothing.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from quizapp.banks.model import Question
from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Assignment, Attempt, Classroom, Response
from quizapp.scoring import score_response
from quizapp.student.answers import parse_answer
from tests.web.conftest import PG_URL, add_teacher, make_app, postgres_app
from tests.web.served import NETWORK_ERRORS, HttpStudent, Server, attempt_of, csrf_of
from tests.web.test_student_support import right_answer_fields, wrong_answer_fields

STUDENTS = 8
BANK = "harris-trip-2021"
RETRY_FOR = 40.0  # seconds a save keeps being retried: longer than a restart of the server


@pytest.fixture(params=["sqlite", "postgresql"])
def served_database(request, tmp_path):
    """(app for checking, the URL the server uses, the class code, the assignment id) on each database."""
    if request.param == "sqlite":
        instance = tmp_path / "instance"
        instance.mkdir()
        url = f"sqlite:///{instance / 'quizapp.sqlite'}"
        app = make_app(tmp_path, url=url)
        yield (app, url, *_class_with_quiz(app))
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    else:
        with postgres_app("noloss") as (app, schema):
            # The server's connections work in the test's own schema, as the test's app does.
            yield (app, f"{PG_URL}?options=-csearch_path%3D{schema}", *_class_with_quiz(app))


def _class_with_quiz(app) -> tuple[str, int]:
    with app.app_context():
        room = Classroom(teacher_id=add_teacher(), name="Period 3 Civics")
        assignment = Assignment(classroom=room, bank_id=BANK, title="Exam", shuffle=True)
        db.session.add_all([room, assignment])
        db.session.commit()
        return room.join_code, assignment.id


@dataclass
class Save:
    """One answer a student sent, what the database should then hold, and whether the server said OK."""

    response_id: int
    fields: dict[str, Any]
    expected: Any
    phase: str
    acked: bool = False
    failed_tries: int = 0  # tries that got no answer or a server error


@dataclass
class Student:
    """A student's browser, attempt, questions and every save it sent, in order."""

    name: str
    browser: HttpStudent
    attempt_id: int = 0
    token: str = ""
    questions: list[tuple[int, Question]] = field(default_factory=list)
    saves: list[Save] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Run:
    """What the students share with the test's main thread: the phase and when to stop."""

    def __init__(self):
        self.phase = "before the kill"
        self.stop = threading.Event()


def _answer_fields(student: Student, rng: random.Random, app, number: int) -> tuple[int, dict[str, Any], Any]:
    response_id, question = rng.choice(student.questions)
    if question.type == "short":
        fields = {f"q-{response_id}": f"{student.name} answer {number}"}  # every save different
    elif question.type == "numeric":
        fields = {f"q-{response_id}": str(number)}
    elif rng.random() < 0.5:
        fields = right_answer_fields(app, response_id, question)
    else:
        fields = wrong_answer_fields(app, response_id, question)
    expected = parse_answer(question, MultiDict(fields), response_id, corpus_of(app))
    return response_id, fields, expected


def _send(student: Student, save: Save) -> None:
    """Post one save as autosave does, retrying what got no answer or a server error, with backoff."""
    fields = [("csrf_token", student.token), ("shown", str(save.response_id))]
    for name, value in save.fields.items():
        fields += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
    give_up = time.monotonic() + RETRY_FOR
    delay = 0.05
    while time.monotonic() < give_up:
        try:
            reply = student.browser.request(f"/attempts/{student.attempt_id}/answers", fields, json_reply=True)
        except NETWORK_ERRORS:
            reply = None
        if reply is not None and reply.status == 200:
            save.acked = "saved_at" in reply.json()
            return
        if reply is not None and reply.status == 429:  # faster than the attempt's limit: autosave waits its second
            time.sleep(1.0)
            continue
        if reply is not None and reply.status < 500:
            student.errors.append(f"save refused: {reply.status} {reply.body[:200]}")
            return
        save.failed_tries += 1
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def _answer_until_stopped(student: Student, run: Run, app) -> None:
    rng = random.Random(student.name)
    number = 0
    while not run.stop.is_set():
        response_id, fields, expected = _answer_fields(student, rng, app, number)
        save = Save(response_id, fields, expected, run.phase)
        student.saves.append(save)
        _send(student, save)
        number += 1
        time.sleep(rng.uniform(0, 0.02))  # a little think time, so that requests interleave


def _stored(app, attempt_id: int) -> dict[int, Any]:
    with app.app_context():
        rows = db.session.execute(select(Response.id, Response.answer).where(Response.attempt_id == attempt_id))
        return {row.id: row.answer for row in rows}


def _attempt_row(app, attempt_id: int) -> tuple:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        return attempt.submitted_at, attempt.earned, attempt.possible


def _check_every_acknowledged_save(app, student: Student) -> int:
    """The stored answer to each question is the last acknowledged one, or one sent after it. Returns acks."""
    stored = _stored(app, student.attempt_id)
    assert sorted(stored) == sorted(rid for rid, _ in student.questions), "each question stored exactly once"
    for response_id in stored:
        sent = [save for save in student.saves if save.response_id == response_id]
        acked = [number for number, save in enumerate(sent) if save.acked]
        if acked:  # the last acknowledged answer, or a later one whose acknowledgement was lost
            allowed = [save.expected for save in sent[acked[-1] :]]
        else:  # nothing acknowledged: nothing, or an answer whose acknowledgement was lost
            allowed = [None] + [save.expected for save in sent]
        assert stored[response_id] in allowed, (student.name, response_id, stored[response_id], allowed)
    return sum(save.acked for save in student.saves)


def test_every_acknowledged_save_survives_a_killed_worker_and_a_restart(served_database, tmp_path):
    app, url, code, assignment_id = served_database
    server = Server(url, tmp_path / "server.log", workers=3)
    # Saves as fast as the students can send them, so that a killed worker has requests in flight; the
    # per-attempt limit on saves (tested in test_autosave_limits.py) would leave the workers mostly idle.
    server.env["QUIZAPP_SAVE_LIMIT"] = "1000"
    server.start()
    try:
        students = [Student(f"Student {n:02d}", HttpStudent(server.url)) for n in range(STUDENTS)]

        def begin(student: Student) -> None:
            student.browser.join(code, student.name)
            html = student.browser.start(assignment_id)
            student.attempt_id, student.token = attempt_of(html), csrf_of(html)

        with ThreadPoolExecutor(STUDENTS) as pool:
            list(pool.map(begin, students))
        with app.app_context():
            for student in students:
                attempt = db.session.get(Attempt, student.attempt_id)
                student.questions = [(r.id, r.question_version.question) for r in attempt.responses]

        run = Run()
        threads = [threading.Thread(target=_answer_until_stopped, args=(s, run, app)) for s in students]
        for thread in threads:
            thread.start()
        try:
            time.sleep(1.0)
            run.phase = "after the kill"
            # Killed until one kill has cut off a request in flight (each worker is usually busy).
            killed = []
            while len(killed) < 20 and not any(x.failed_tries for s in students for x in s.saves):
                killed.append(server.kill_worker())
                time.sleep(0.3)
            assert any(x.failed_tries for s in students for x in s.saves), "no kill hit a request in flight"
            time.sleep(0.5)
            assert not set(killed) & set(server.worker_pids())
            run.phase = "while restarting"
            server.stop()
            server.start()
            run.phase = "after the restart"
            time.sleep(1.5)
        finally:
            run.stop.set()
            for thread in threads:
                thread.join(timeout=RETRY_FOR + 10)

        assert [error for s in students for error in s.errors] == []
        acked = {phase: 0 for phase in ("before the kill", "after the kill", "after the restart")}
        for student in students:
            for save in student.saves:
                if save.acked and save.phase in acked:
                    acked[save.phase] += 1
        assert all(count > 0 for count in acked.values()), acked  # the load really ran in every phase
        # Restarted again, so that the check also covers what the last server wrote before it stopped.
        server.stop()
        server.start()
        for student in students:
            _check_every_acknowledged_save(app, student)
        with app.app_context():
            attempts = db.session.scalar(select(func.count()).select_from(Attempt))
            responses = db.session.scalar(select(func.count()).select_from(Response))
        assert attempts == STUDENTS
        assert responses == sum(len(s.questions) for s in students)

        # Three submissions at once per student, two kinds of button: one finished attempt, one score.
        before = {s.name: _stored(app, s.attempt_id) for s in students}
        barrier = threading.Barrier(3 * STUDENTS)

        def submit(student: Student, how: int):
            path = f"/attempts/{student.attempt_id}"
            fields = [("csrf_token", student.token)]
            barrier.wait()
            if how == 0:
                return student.browser.request(f"{path}/answers", [*fields, ("action", "submit"), ("confirm", "yes")])
            return student.browser.request(f"{path}/submit", fields)

        with ThreadPoolExecutor(3 * STUDENTS) as pool:
            replies = list(pool.map(submit, [s for s in students for _ in range(3)], [0, 1, 2] * STUDENTS))
        assert {(r.status, r.location) for r in replies} == {
            (302, f"/attempts/{s.attempt_id}/results") for s in students
        }
        for student in students:
            stored = _stored(app, student.attempt_id)
            assert stored == before[student.name]
            submitted_at, earned, possible = _attempt_row(app, student.attempt_id)
            assert submitted_at is not None
            questions = dict(student.questions)
            assert earned == pytest.approx(sum(score_response(questions[r], a).earned for r, a in stored.items()))
            assert possible == pytest.approx(sum(q.points for q in questions.values()))

        # A save after the submission is refused, by autosave's JSON and by the Save button alike.
        for student in students:
            kept = _stored(app, student.attempt_id), _attempt_row(app, student.attempt_id)
            response_id, question = next((r, q) for r, q in student.questions if q.type == "short")
            fields = [("csrf_token", student.token), ("shown", str(response_id)), (f"q-{response_id}", "too late")]
            late = student.browser.request(f"/attempts/{student.attempt_id}/answers", fields, json_reply=True)
            assert late.status == 409
            assert late.json()["error"] == "These answers have already been submitted."
            button = student.browser.request(f"/attempts/{student.attempt_id}/answers", [*fields, ("action", "save")])
            assert (button.status, button.location) == (302, f"/attempts/{student.attempt_id}/results")
            assert "These answers have already been submitted." in student.browser.page(button.location)
            assert (_stored(app, student.attempt_id), _attempt_row(app, student.attempt_id)) == kept
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Attempt)) == STUDENTS
    finally:
        server.stop()
