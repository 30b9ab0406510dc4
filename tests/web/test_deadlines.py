"""Deadlines are the server's: a timed or due attempt closes at its deadline whatever the browser
sends, and the answers saved before it count. The server's clock is frozen (the ``clock`` fixture)
and moved past the deadline by the test."""

from __future__ import annotations

from datetime import timedelta

from quizapp.student.attempts import DEADLINE_GRACE
from quizapp.student.formatting import iso_moment
from tests.web.teacher_helpers import logged_in
from tests.web.test_student_support import (
    attempt_id_of,
    joined_client,
    post_answers,
    questions_of,
    right_answer_fields,
    start,
    stored_attempt,
    text_of,
    update_assignment,
)

TIME_UP = "Time is up: the answers you saved before the deadline have been submitted."


def _right(app, attempt_id: int, number: int) -> dict:
    response_id, question = questions_of(app, attempt_id)[number]
    return right_answer_fields(app, response_id, question)


def test_a_timed_attempt_closes_at_its_deadline_whatever_the_browser_sends(app, classroom, clock):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, time_limit_minutes=20)
    client = joined_client(app, code)
    started = clock.now
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    assert stored_attempt(app, attempt_id)["deadline"] == started + timedelta(minutes=20)

    clock.advance(minutes=19, seconds=59)
    assert post_answers(client, html, _right(app, attempt_id, 0), json=True).status_code == 200
    # A save that left the browser just before the deadline and arrives a moment after it is taken.
    clock.advance(seconds=1 + DEADLINE_GRACE.total_seconds() - 1)
    both = {**_right(app, attempt_id, 0), **_right(app, attempt_id, 1)}  # the whole page is sent each time
    assert post_answers(client, html, both, json=True).status_code == 200

    # Past the grace: refused, whatever the page claims about the time, and submitted with what was saved.
    clock.advance(seconds=2)
    claims = {"deadline": iso_moment(started + timedelta(hours=5)), "now": iso_moment(started), "time_left": "600"}
    late = post_answers(client, html, {**both, **_right(app, attempt_id, 2)}, json=True, **claims)
    assert late.status_code == 409
    assert late.get_json() == {"error": TIME_UP, "results_url": f"/attempts/{attempt_id}/results"}
    stored = stored_attempt(app, attempt_id)
    assert stored["submitted_at"] == clock.now
    answered = [r["answer"] is not None for r in stored["responses"]]
    assert answered == [True, True] + [False] * (len(answered) - 2)
    assert stored["earned"] == sum(r["possible"] for r in stored["responses"][:2]) > 0
    assert [r["outcome"] for r in stored["responses"][:2]] == ["correct", "correct"]

    # Later still, Submit (with every answer) and Save change nothing and say why.
    clock.advance(minutes=5)
    everything = {k: v for n in range(len(answered)) for k, v in _right(app, attempt_id, n).items()}
    for action in ("submit", "save"):
        button = post_answers(client, html, everything, action=action, confirm="yes")
        assert button.headers["Location"] == f"/attempts/{attempt_id}/results"
    assert stored_attempt(app, attempt_id) == stored
    assert "These answers have already been submitted." in text_of(client.get(f"/attempts/{attempt_id}/results"))


def test_the_due_date_closes_an_attempt_in_progress_and_the_gradebook_counts_what_was_saved(app, classroom, clock):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, closes_at=clock.now + timedelta(minutes=30))  # no time limit
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    assert 'data-deadline="' + iso_moment(clock.now + timedelta(minutes=30)) in html
    clock.advance(minutes=10)
    assert post_answers(client, html, _right(app, attempt_id, 0), json=True).status_code == 200

    # The student never comes back; the teacher opens the gradebook after the due date.
    clock.advance(minutes=21)
    teacher = logged_in(app)
    assert teacher.get(f"/teacher/assignments/{assignment_id}/gradebook").status_code == 200
    stored = stored_attempt(app, attempt_id)
    assert stored["submitted_at"] == clock.now
    first = stored["responses"][0]
    assert first["outcome"] == "correct" and stored["earned"] == first["possible"] > 0

    # The page left open on the student's device then tries to save: refused, nothing changes.
    late = post_answers(client, html, {**_right(app, attempt_id, 0), **_right(app, attempt_id, 1)}, json=True)
    assert late.status_code == 409
    assert late.get_json()["error"] == "These answers have already been submitted."
    assert stored_attempt(app, attempt_id) == stored
