"""One attempt cannot take the server's write capacity: a save that changes nothing writes nothing,
and autosaves that change answers are limited per attempt (429 with Retry-After, which autosave.js
waits out before sending the same answers again). A button pressed by hand, and Submit above all,
is never refused by that limit, so no answer is lost."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import update

from quizapp.db import db
from quizapp.models import Attempt, utcnow
from quizapp.student.saving import Claim, SaveLimit, claim_for_save
from tests.web.conftest import csrf_token
from tests.web.test_student_support import (
    attempt_id_of,
    joined_client,
    post_answers,
    questions_of,
    sent_statements,
    start,
    stored_attempt,
    token_from,
)


@contextmanager
def writes(app) -> Iterator[list[str]]:
    """The INSERT, UPDATE and DELETE statements the database is sent while the block runs (filled in as it ends)."""
    written: list[str] = []
    with sent_statements(app) as sent:
        yield written
    written.extend(s.statement for s in sent if s.statement.lstrip()[:6].upper() in {"INSERT", "UPDATE", "DELETE"})


def _short_answer(app, classroom, name: str = "Ana Diaz"):
    code, assignment_id = classroom
    client = joined_client(app, code, name)
    html = start(client, assignment_id)
    response_id = next(r for r, q in questions_of(app, attempt_id_of(html)) if q.type == "short")
    return client, html, f"q-{response_id}"


def _answer_of(app, html: str, field: str):
    response_id = int(field[2:])
    return next(r["answer"] for r in stored_attempt(app, attempt_id_of(html))["responses"] if r["id"] == response_id)


def test_a_save_that_changes_nothing_writes_nothing(app, classroom):
    client, html, field = _short_answer(app, classroom)
    assert post_answers(client, html, {field: "Giammattei"}, json=True).status_code == 200
    with writes(app) as seen:
        again = post_answers(client, html, {field: "Giammattei"}, json=True)
    assert again.status_code == 200 and "saved_at" in again.get_json()
    assert seen == []  # no claim of the attempt, no answer, no count


def test_autosaves_past_the_limit_get_429_with_retry_after_and_are_taken_after_it(app, classroom, clock):
    assert app.config["SAVE_LIMIT"][0] == 5
    client, html, field = _short_answer(app, classroom)
    for n in range(5):
        assert post_answers(client, html, {field: f"draft {n}"}, json=True).status_code == 200
    refused = post_answers(client, html, {field: "draft 5"}, json=True)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert "error" in refused.get_json()
    assert _answer_of(app, html, field) == "draft 4"  # nothing stored by the refused save
    clock.advance(seconds=1)
    assert post_answers(client, html, {field: "draft 5"}, json=True).status_code == 200  # autosave's retry
    assert _answer_of(app, html, field) == "draft 5"


def test_buttons_and_submit_are_never_refused_by_the_save_limit(app, classroom, clock):
    client, html, field = _short_answer(app, classroom)
    for n in range(6):
        post_answers(client, html, {field: f"draft {n}"}, json=True)
    assert post_answers(client, html, {field: "pressed Save"}, action="save").status_code == 302
    assert _answer_of(app, html, field) == "pressed Save"
    submitted = post_answers(client, html, {field: "final answer"}, action="submit", confirm="yes")
    assert submitted.status_code == 302
    stored = stored_attempt(app, attempt_id_of(html))
    assert stored["submitted_at"] is not None
    assert _answer_of(app, html, field) == "final answer"


def test_the_limit_is_per_attempt(app, classroom, clock):
    client, html, field = _short_answer(app, classroom)
    for n in range(6):
        post_answers(client, html, {field: f"draft {n}"}, json=True)
    other, other_html, other_field = _short_answer(app, classroom, "Ben Okafor")
    assert post_answers(other, other_html, {other_field: "mine"}, json=True).status_code == 200


def test_a_counted_save_writes_the_attempts_row_once_and_each_changed_answer_once(app, classroom):
    client, html, field = _short_answer(app, classroom)
    with writes(app) as seen:
        assert post_answers(client, html, {field: "Giammattei"}, json=True).status_code == 200
    # The claim of the attempt also counts the save against its limit: no statement of its own for the count.
    assert [statement.split()[:2] for statement in seen] == [["UPDATE", "attempt"], ["UPDATE", "response"]]
    assert _answer_of(app, html, field) == "Giammattei"


def test_a_refused_claim_says_whether_the_attempt_is_submitted_or_how_long_to_wait(app, classroom):
    _, html, _ = _short_answer(app, classroom)
    attempt_id = attempt_id_of(html)
    limit = SaveLimit(saves=1, window=timedelta(seconds=60))
    with app.app_context():
        now = utcnow()
        assert claim_for_save(attempt_id, now, limit) == Claim(claimed=True)
        db.session.commit()
        assert claim_for_save(attempt_id, now + timedelta(seconds=20), limit) == Claim(
            claimed=False, wait=timedelta(seconds=40)
        )
        db.session.rollback()
        db.session.execute(update(Attempt).where(Attempt.id == attempt_id).values(submitted_at=now))
        db.session.commit()
        # Submitted, and over the limit too: the submit is what the device must hear, not "wait".
        assert claim_for_save(attempt_id, now + timedelta(seconds=20), limit) == Claim(claimed=False, submitted=True)
        assert claim_for_save(attempt_id, now + timedelta(seconds=90), limit) == Claim(claimed=False, submitted=True)
        db.session.rollback()


def test_a_new_window_counts_from_one_again(app, classroom, clock):
    client, html, field = _short_answer(app, classroom)
    for n in range(5):
        assert post_answers(client, html, {field: f"draft {n}"}, json=True).status_code == 200
    clock.advance(seconds=1)
    for n in range(5, 10):
        assert post_answers(client, html, {field: f"draft {n}"}, json=True).status_code == 200
    assert post_answers(client, html, {field: "draft 10"}, json=True).status_code == 429
    assert _answer_of(app, html, field) == "draft 9"


def test_an_autosave_reads_its_attempt_in_one_row_and_writes_the_claim_and_the_answer(app, classroom):
    client, html, field = _short_answer(app, classroom)
    with sent_statements(app) as sent:
        assert post_answers(client, html, {field: "Giammattei"}, json=True).status_code == 200
    # The attempt with its class and its student's token; the responses; the claim (and count); the answer.
    assert [s.head for s in sent] == ["SELECT attempt.id,", "SELECT response.id,", "UPDATE attempt", "UPDATE response"]
    # Only what an autosave needs of the attempt, its assignment and student: no whole rows for ORM objects.
    first = sent[0].statement
    assert "student.device_token" in first and "assignment.title" not in first and "student.name" not in first
    assert _answer_of(app, html, field) == "Giammattei"


def test_a_classmates_autosave_to_someone_elses_attempt_is_a_404_and_stores_nothing(app, classroom):
    client, html, field = _short_answer(app, classroom, "Ana Diaz")
    assert post_answers(client, html, {field: "mine"}, json=True).status_code == 200
    code, _ = classroom
    classmate = joined_client(app, code, "Ben Okafor")
    # Ben's own page gives him a valid form token; he posts it to Ana's attempt.
    stolen = html.replace(csrf_token(html), token_from(classmate))
    refused = post_answers(classmate, stolen, {field: "overwritten"}, json=True)
    assert refused.status_code == 404
    assert _answer_of(app, html, field) == "mine"
    anonymous = app.test_client()
    assert post_answers(anonymous, html, {field: "overwritten"}, json=True).status_code in (400, 404)
    assert _answer_of(app, html, field) == "mine"
