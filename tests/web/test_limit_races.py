"""Checking a limit and counting a try are one step: of many simultaneous guesses exactly the limit's
worth are answered and the rest get 429, on the real database (a SQLite file, and PostgreSQL when
one is reachable), whichever requests the database happens to serve first."""

from __future__ import annotations

import threading
from datetime import timedelta

from tests.web.conftest import PASSWORD, csrf_token, login, postgres_app
from tests.web.test_student_support import text_of

SCHOOL = "198.51.100.23"
GUESSES = 40


def _at_once(app, path: str, fields: dict[str, str], count: int = GUESSES) -> list[int]:
    """Post ``fields`` to ``path`` from ``count`` browsers at the same address, all released together."""
    clients = []
    for _ in range(count):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = SCHOOL
        clients.append((client, csrf_token(text_of(client.get(path)))))
    start = threading.Barrier(count)
    statuses: list[int] = []

    def guess(client, token: str) -> None:
        start.wait()
        response = client.post(path, data={**fields, "csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _exactly_the_limit_of_wrong_codes_is_answered(app) -> None:
    app.config["JOIN_LIMIT"] = (10, timedelta(minutes=10))
    statuses = _at_once(app, "/join", {"code": "ZZZZZZ", "name": "Guesser"})
    assert sorted(statuses) == [200] * 10 + [429] * (GUESSES - 10)


def _exactly_the_limit_of_wrong_passwords_is_answered(app) -> None:
    app.config["LOGIN_LIMIT"] = (2, timedelta(minutes=15))  # the address may fail 10 times across accounts
    statuses = _at_once(app, "/teacher/login", {"email": "someone@school.example", "password": "Winter2026!"}, 15)
    assert statuses.count(200) == 2  # this account from this address: two free tries, then a wait
    assert statuses.count(429) == 13


def test_simultaneous_wrong_codes_on_sqlite(app):
    _exactly_the_limit_of_wrong_codes_is_answered(app)


def test_simultaneous_wrong_codes_on_postgresql():
    with postgres_app("races") as (app, _):
        _exactly_the_limit_of_wrong_codes_is_answered(app)


def test_simultaneous_wrong_passwords_on_sqlite(app, teacher_id):
    _exactly_the_limit_of_wrong_passwords_is_answered(app)
    # The teacher, from another address, is not held up by any of it.
    teacher = app.test_client()
    teacher.environ_base["REMOTE_ADDR"] = "192.0.2.10"
    assert login(teacher, password=PASSWORD).status_code == 302


def test_simultaneous_wrong_passwords_on_postgresql():
    with postgres_app("races") as (app, _):
        _exactly_the_limit_of_wrong_passwords_is_answered(app)
