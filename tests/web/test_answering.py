"""What a posted quiz page does, decided in one place: save, ask first, submit, or refuse a closed attempt."""

from __future__ import annotations

from datetime import timedelta

from werkzeug.datastructures import MultiDict

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Attempt
from quizapp.student.answering import Outcome, post_answers
from tests.web.test_student_support import (
    attempt_id_of,
    joined_client,
    questions_of,
    right_answer_fields,
    start,
    stored_attempt,
    update_assignment,
)


def _started(app, classroom) -> tuple[int, int, dict]:
    """An attempt just started: (attempt id, first response id, fields answering it right)."""
    code, assignment_id = classroom
    attempt_id = attempt_id_of(start(joined_client(app, code), assignment_id))
    response_id, question = questions_of(app, attempt_id)[0]
    return attempt_id, response_id, right_answer_fields(app, response_id, question)


def _post(app, attempt_id: int, fields: dict, shown: list[int], now, *, submit=False, confirmed=False):
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        return post_answers(
            attempt, MultiDict(fields), shown, corpus_of(app), now, submit=submit, confirmed=confirmed
        )


def test_a_save_stores_the_answer_and_says_when(app, classroom, clock):
    attempt_id, response_id, right = _started(app, classroom)
    posted = _post(app, attempt_id, right, [response_id], clock.now)
    assert (posted.outcome, posted.saved_at) == (Outcome.SAVED, clock.now)
    stored = stored_attempt(app, attempt_id)
    assert stored["responses"][0]["answer"] is not None and stored["submitted_at"] is None


def test_submit_with_questions_unanswered_saves_and_asks_first(app, classroom, clock):
    attempt_id, response_id, right = _started(app, classroom)
    posted = _post(app, attempt_id, right, [response_id], clock.now, submit=True)
    assert posted.outcome is Outcome.CONFIRM
    stored = stored_attempt(app, attempt_id)
    assert stored["responses"][0]["answer"] is not None and stored["submitted_at"] is None


def test_a_confirmed_submit_submits_and_a_second_press_changes_nothing(app, classroom, clock):
    attempt_id, response_id, right = _started(app, classroom)
    submitted = _post(app, attempt_id, right, [response_id], clock.now, submit=True, confirmed=True)
    assert submitted.outcome is Outcome.SUBMITTED
    first = stored_attempt(app, attempt_id)
    assert first["submitted_at"] is not None and first["earned"] > 0
    again = _post(app, attempt_id, {}, [response_id], clock.now + timedelta(seconds=1), submit=True, confirmed=True)
    assert again.outcome is Outcome.SUBMITTED
    assert stored_attempt(app, attempt_id) == first
    late_save = _post(app, attempt_id, {}, [response_id], clock.now + timedelta(seconds=2))
    assert (late_save.outcome, late_save.message) == (Outcome.CLOSED, "These answers have already been submitted.")
    assert stored_attempt(app, attempt_id) == first


def test_a_save_after_the_time_limit_is_refused_and_submits_what_was_saved(app, classroom, clock):
    update_assignment(app, classroom[1], time_limit_minutes=20)
    attempt_id, response_id, right = _started(app, classroom)
    clock.advance(minutes=21)
    posted = _post(app, attempt_id, right, [response_id], clock.now)
    assert posted.outcome is Outcome.CLOSED
    assert posted.message == "Time is up: the answers you saved before the deadline have been submitted."
    stored = stored_attempt(app, attempt_id)
    assert stored["submitted_at"] is not None and stored["responses"][0]["answer"] is None
