"""Guessing is limited (failed logins, failed joins), ordinary use never is; limits see real addresses."""

from datetime import timedelta

import pytest

from quizapp import rate_limit
from quizapp.db import db
from tests.web.conftest import PASSWORD, login, make_app
from tests.web.test_student_support import join


def test_successful_logins_are_never_limited(app, teacher_id):
    app.config["LOGIN_LIMIT"] = (2, timedelta(minutes=15))
    for _ in range(5):
        client = app.test_client()
        assert login(client).status_code == 302


def test_failed_logins_lock_that_account_for_a_while(app, teacher_id):
    app.config["LOGIN_LIMIT"] = (3, timedelta(minutes=15))
    client = app.test_client()
    for _ in range(3):
        assert login(client, password="wrong password!").status_code == 200
    blocked = login(client, password=PASSWORD)
    assert blocked.status_code == 429
    assert "Too many failed logins" in blocked.get_data(as_text=True)


def test_behind_a_proxy_each_school_address_counts_on_its_own(tmp_path):
    app = make_app(tmp_path, QUIZAPP_PROXIES=1, JOIN_LIMIT=(2, timedelta(minutes=10)))
    first = app.test_client()
    first.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    for _ in range(2):
        join(first, "WRONG1", "Ana")
    assert join(first, "WRONG1", "Ana").status_code == 429
    second = app.test_client()
    second.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.20"
    assert join(second, "WRONG1", "Ben").status_code == 200  # a wrong code, but not blocked
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(
    ("window", "words"),
    [
        (timedelta(seconds=1), "1 minute"),  # never "0 minutes": rounded up
        (timedelta(seconds=61), "2 minutes"),
        (timedelta(minutes=15), "15 minutes"),
        (timedelta(minutes=60), "1 hour"),
        (timedelta(minutes=90), "90 minutes"),
        (timedelta(hours=3), "3 hours"),
    ],
)
def test_a_wait_is_said_in_words_never_shorter_than_the_window(window, words):
    assert rate_limit.window_in_words(window) == words
