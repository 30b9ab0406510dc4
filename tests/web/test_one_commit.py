"""A request's writes commit together, once, in the view: a counted guess is never a transaction of its own.

Commits are counted on the real test database's engine, as the database sees them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from quizapp.db import db
from tests.web.conftest import PASSWORD, login, signup
from tests.web.test_student_support import join, text_of


@contextmanager
def commits(app) -> Iterator[list[object]]:
    """The connections that committed while the block ran, one entry per COMMIT."""
    with app.app_context():
        engine = db.engine
    seen: list[object] = []

    def committed(connection) -> None:
        seen.append(connection)

    event.listen(engine, "commit", committed)
    try:
        yield seen
    finally:
        event.remove(engine, "commit", committed)


def test_a_failed_login_commits_once_and_counts_against_the_account(app, teacher_id):
    app.config["LOGIN_LIMIT"] = (1, timedelta(minutes=15))
    client = app.test_client()
    with commits(app) as seen:
        failed = login(client, password="wrong password!")
    assert "do not match an account" in text_of(failed)
    assert len(seen) == 1
    # That one commit carried the count: the account's limit of one failure is reached.
    assert login(app.test_client(), password=PASSWORD).status_code == 429


def test_a_successful_login_commits_once_and_forgets_the_failures(app, teacher_id):
    app.config["LOGIN_LIMIT"] = (2, timedelta(minutes=15))
    client = app.test_client()
    login(client, password="wrong password!")
    with commits(app) as seen:
        assert login(client).status_code == 302
    assert len(seen) == 1
    # The failure before is forgotten: two more failures are allowed before the account is locked.
    for _ in range(2):
        assert login(app.test_client(), password="wrong password!").status_code == 200
    assert login(app.test_client()).status_code == 429


def test_a_sign_up_commits_once_with_its_count(app):
    app.config["QUIZAPP_SIGNUP"] = True
    app.config["SIGNUP_LIMIT"] = (1, timedelta(hours=1))
    with commits(app) as seen:
        assert signup(app.test_client(), "new.teacher@school.example").status_code == 302
    assert len(seen) == 1
    assert signup(app.test_client(), "other.teacher@school.example").status_code == 429


def test_a_failed_join_commits_once_with_its_count(app, classroom):
    app.config["JOIN_LIMIT"] = (1, timedelta(minutes=10))
    with commits(app) as seen:
        assert join(app.test_client(), "WRONG1", "Ana").status_code == 200
    assert len(seen) == 1
    assert join(app.test_client(), "WRONG2", "Ana").status_code == 429
