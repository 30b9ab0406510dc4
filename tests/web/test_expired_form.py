"""A quiz page outlives its CSRF token never: and where a form still fails its CSRF check (a lost or
replaced session), the answers it carried come back in the form, unsaved, with a request to press
the button again, instead of an error page that loses them."""

from __future__ import annotations

import time

import flask_wtf.csrf
import itsdangerous

from quizapp.config import Config
from quizapp.teacher.assignment_forms import MAX_TIME_LIMIT
from tests.web.conftest import csrf_token
from tests.web.test_student_answers import _expected_shown, _shown_answer
from tests.web.test_student_support import (
    all_right,
    attempt_id_of,
    joined_client,
    post_answers,
    questions_of,
    soup,
    start,
    stored_attempt,
    text_of,
)

KEPT = "Your answers are not saved yet: this page had expired. Press Save or Submit answers again."


def _lose_csrf_session(client) -> None:
    """What a replaced session does to an open page: the token it carries no longer matches."""
    with client.session_transaction() as session:
        session.pop("csrf_token", None)


def test_a_quiz_page_open_longer_than_the_longest_time_limit_still_saves(app, classroom, monkeypatch):
    assert Config(app.instance_path).WTF_CSRF_TIME_LIMIT is None  # tokens live as long as the session
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() > MAX_TIME_LIMIT * 60 * 24
    code, assignment_id = classroom
    client = joined_client(app, code)
    assert client.get_cookie("session").expires is not None  # a lasting cookie, not a browser session's
    # The page (and its token) was rendered a whole time limit and an hour ago.
    issued = int(time.time()) - (MAX_TIME_LIMIT + 60) * 60

    class SignedLongAgo(itsdangerous.TimestampSigner):
        def get_timestamp(self) -> int:
            return issued

    class TokensLongAgo(itsdangerous.URLSafeTimedSerializer):
        default_signer = SignedLongAgo

    monkeypatch.setattr(flask_wtf.csrf, "URLSafeTimedSerializer", TokensLongAgo)  # only the CSRF tokens
    html = start(client, assignment_id)
    monkeypatch.undo()
    saved = post_answers(client, html, all_right(app, html), action="submit")
    assert saved.headers["Location"] == f"/attempts/{attempt_id_of(html)}/results"
    assert stored_attempt(app, attempt_id_of(html))["earned"] == 21.0


def test_a_save_that_fails_its_csrf_check_shows_the_answers_again_and_stores_nothing(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    fields = all_right(app, html)
    _lose_csrf_session(client)
    refused = post_answers(client, html, fields, action="save")
    assert refused.status_code == 400
    page = text_of(refused)
    assert KEPT in page
    assert all(r["answer"] is None for r in stored_attempt(app, attempt_id)["responses"])
    fieldsets = soup(page).select("fieldset.question")
    for fieldset, (response_id, question) in zip(fieldsets, questions_of(app, attempt_id), strict=True):
        assert _shown_answer(fieldset) == _expected_shown(fields, response_id, question), question.type
    # The page came back with a fresh token: pressing Save again stores every answer.
    again = post_answers(client, page, fields, action="save")
    assert again.status_code == 302
    assert all(r["answer"] is not None for r in stored_attempt(app, attempt_id)["responses"])


def test_a_submit_that_fails_its_csrf_check_is_not_submitted_and_asks_to_submit_again(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    fields = all_right(app, html)
    refused = post_answers(client, html, fields, action="submit", csrf_token="made-up")
    assert refused.status_code == 400 and KEPT in text_of(refused)
    assert stored_attempt(app, attempt_id)["submitted_at"] is None
    submitted = post_answers(client, text_of(refused), fields, action="submit")
    assert submitted.headers["Location"] == f"/attempts/{attempt_id}/results"
    assert stored_attempt(app, attempt_id)["earned"] == 21.0


def test_autosave_that_fails_its_csrf_check_gets_json_and_nothing_is_stored(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    _lose_csrf_session(client)
    refused = post_answers(client, html, all_right(app, html), json=True)
    assert refused.status_code == 400
    assert refused.get_json() == {"error": KEPT}
    assert all(r["answer"] is None for r in stored_attempt(app, attempt_id_of(html))["responses"])


def test_nobody_else_gets_a_students_form_back(app, classroom):
    code, assignment_id = classroom
    html = start(joined_client(app, code), assignment_id)
    stranger = joined_client(app, code, name="Ben Okafor")
    refused = post_answers(stranger, html, all_right(app, html), action="save")
    assert refused.status_code == 404
    assert "There are no answers of yours here." in text_of(refused)


def test_other_forms_that_fail_their_csrf_check_say_the_form_expired(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    refused = client.post(f"/assignments/{assignment_id}/start", data={"csrf_token": "made-up"})
    assert refused.status_code == 400
    assert "This form has expired" in text_of(refused)
    assert csrf_token(text_of(client.get("/join")))  # and a fresh page has a token that works
