"""An attempt's state only moves forward, whatever another request did since this one read it.

Two requests of the same student (two tabs, autosave racing the Submit button) each read the
attempt, then write. Each test holds a request's session open with the attempt read (``stale``),
lets another request (a nested app context: a session of its own) change it, then lets the first
one go on, in the order a race could take.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Attempt, utcnow
from quizapp.student.attempts import AttemptClosed, save_answers, submit_attempt
from tests.web.test_student_support import (
    attempt_id_of,
    joined_client,
    post_answers,
    questions_of,
    right_answer_fields,
    start,
    stored_attempt,
    text_of,
    token_from,
)


def _started(app, classroom) -> tuple[int, int, dict]:
    """An attempt just started: (attempt id, first response id, fields answering it right)."""
    code, assignment_id = classroom
    html = start(joined_client(app, code), assignment_id)
    attempt_id = attempt_id_of(html)
    response_id, question = questions_of(app, attempt_id)[0]
    return attempt_id, response_id, right_answer_fields(app, response_id, question)


def _read(attempt_id: int) -> Attempt:
    """The attempt with its responses loaded into this request's session, as a view reads them."""
    attempt = db.session.get(Attempt, attempt_id)
    assert [r.answer for r in attempt.responses][0] is None
    return attempt


def test_a_submit_scores_the_answer_another_request_saved_after_it_read_the_attempt(app, classroom):
    attempt_id, response_id, right = _started(app, classroom)
    with app.app_context():
        stale = _read(attempt_id)
        with app.app_context():  # autosave's request lands between the Submit request's read and write
            save_answers(db.session.get(Attempt, attempt_id), MultiDict(right), [response_id], corpus_of(app), utcnow())
        assert submit_attempt(stale, utcnow()) is True
    stored = stored_attempt(app, attempt_id)
    first = stored["responses"][0]
    assert first["answer"] is not None and first["outcome"] == "correct"
    assert stored["earned"] == first["possible"] > 0


def test_the_later_of_two_saves_wins_even_when_it_read_the_attempt_first(app, classroom):
    attempt_id, response_id, right = _started(app, classroom)
    with app.app_context():
        stale = _read(attempt_id)  # this tab read the question unanswered
        with app.app_context():  # the other tab answers it
            save_answers(db.session.get(Attempt, attempt_id), MultiDict(right), [response_id], corpus_of(app), utcnow())
        # This tab's later save clears the answer: the clearing is what must be stored.
        save_answers(stale, MultiDict(), [response_id], corpus_of(app), utcnow())
    assert stored_attempt(app, attempt_id)["responses"][0]["answer"] is None


def test_a_save_that_read_the_attempt_before_the_submit_cannot_change_or_reopen_it(app, classroom):
    attempt_id, response_id, right = _started(app, classroom)
    with app.app_context():
        stale = _read(attempt_id)
        with app.app_context():
            assert submit_attempt(db.session.get(Attempt, attempt_id), utcnow()) is True
        submitted = stored_attempt(app, attempt_id)
        try:
            save_answers(stale, MultiDict(right), [response_id], corpus_of(app), utcnow())
        except AttemptClosed as closed:
            assert str(closed) == "These answers have already been submitted."
        else:
            raise AssertionError("a save after the submission was taken")
        assert submit_attempt(stale, utcnow()) is False  # nor submitted (and scored) a second time
    assert stored_attempt(app, attempt_id) == submitted
    assert submitted["submitted_at"] is not None and submitted["earned"] == 0.0


def test_every_submit_press_leads_to_the_results_saying_submitted_once(app, classroom):
    """A second click cancels the first page load: its response says "submitted" all the same."""
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    results = f"/attempts/{attempt_id}/results"
    cookie_before = client.get_cookie("session").value
    first = post_answers(client, html, {}, action="submit", confirm="yes")
    assert first.headers["Location"] == results
    # The first response never reached the browser (its cookie with the message is lost too).
    client.set_cookie("session", cookie_before)
    second = post_answers(client, html, {}, action="submit", confirm="yes")
    assert second.headers["Location"] == results
    assert text_of(client.get(results)).count("Your answers are submitted.") == 1
    # Its cookie did arrive, but the page it led to never loaded: still said once, not twice.
    for press in (lambda: post_answers(client, html, {}, action="submit"), lambda: _submit_button(client, attempt_id)):
        press()
        assert press().headers["Location"] == results
        assert text_of(client.get(results)).count("Your answers are submitted.") == 1
    assert stored_attempt(app, attempt_id)["submitted_at"] is not None


def _submit_button(client, attempt_id: int):
    """The confirmation page's Submit button."""
    return client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token_from(client)})
