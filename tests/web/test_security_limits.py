"""Guessing limits with their real settings: a whole class behind one school address joins in a
minute, a code guesser from that address is stopped with a clear message while classmates with the
right code still join; failed logins slow the address that makes them, not the account's owner
elsewhere; sign-ups are limited per address. Each message names the
configured wait. The counts live in the database, so two workers (two app objects on one database)
share them, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Classroom, Student, Teacher
from tests.web.conftest import PASSWORD, add_teacher, login, make_app, pg_app, postgres_app, signup
from tests.web.test_student_support import count, join, text_of

SCHOOL = "198.51.100.23"  # one address for the whole school: its NAT


def _from(app, address: str = SCHOOL):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _class_code(app) -> str:
    with app.app_context():
        teacher_id = add_teacher(email="limits@school.example")
        room = Classroom(teacher_id=teacher_id, name="Period 1")
        db.session.add(room)
        db.session.commit()
        return room.join_code


def test_a_class_of_35_behind_one_address_joins_with_the_default_limit(app):
    assert app.config["JOIN_LIMIT"] == (60, timedelta(minutes=10))
    code = _class_code(app)
    for n in range(35):
        browser = _from(app)
        if n % 7 == 0:  # a few mistype the code first, as a class does
            assert join(browser, code[::-1] + "X", f"Student {n}").status_code == 200
        response = join(browser, code.lower(), f"Student {n}")
        assert response.status_code == 302, (n, text_of(response))
    assert count(app, Student) == 35


def test_a_code_guesser_is_stopped_with_a_clear_message(app):
    code = _class_code(app)
    limit, window = app.config["JOIN_LIMIT"]
    guesser = _from(app)
    for n in range(limit):
        assert join(guesser, f"ZZZ{n:03d}", "Guesser").status_code == 200
    blocked = join(guesser, f"ZZZ{limit:03d}", "Guesser")
    assert blocked.status_code == 429
    message = text_of(blocked)
    assert "Too many tries to join a class from this network" in message
    assert f"Wait {round(window.total_seconds() / 60)} minutes" in message
    assert count(app, Student) == 0
    assert join(_from(app, "192.0.2.50"), code, "Elsewhere").status_code == 302  # another school is not blocked


def test_a_classmate_with_the_right_code_joins_after_70_wrong_codes_from_the_school(app):
    code = _class_code(app)
    for n in range(70):
        assert join(_from(app), f"ZZZ{n:03d}", "Guesser").status_code in (200, 429)
    assert join(_from(app), "ZZZ999", "Guesser").status_code == 429
    classmate = join(_from(app), code, "Ana Diaz")
    assert classmate.status_code == 302, text_of(classmate)
    assert count(app, Student) == 1


def test_a_right_pin_from_the_school_joins_after_its_code_guesses_and_wrong_pins_are_limited_per_class(app):
    with app.app_context():
        teacher_id = add_teacher(email="pins@school.example")
        guarded = Classroom(teacher_id=teacher_id, name="Period 2", pin="4821")
        db.session.add(guarded)
        db.session.commit()
        code = guarded.join_code
    app.config["JOIN_LIMIT"] = (5, timedelta(minutes=10))
    for n in range(6):
        join(_from(app), f"ZZZ{n:03d}", "Guesser")
    assert join(_from(app), "ZZZ999", "Guesser").status_code == 429
    assert join(_from(app), code, "Ana Diaz", pin="4821").status_code == 302
    for n in range(5):  # from five addresses: the class's PIN is what is being guessed
        assert join(_from(app, f"203.0.113.{n}"), code, "Guesser", pin=f"{n:04d}").status_code == 200
    blocked = join(_from(app, "203.0.113.99"), code, "Guesser", pin="0005")
    assert blocked.status_code == 429
    assert "Too many wrong PINs for this class" in text_of(blocked)
    # Until the window passes even the right PIN is refused: otherwise a 429 would tell a guesser "wrong".
    assert join(_from(app, "203.0.113.99"), code, "Guesser", pin="4821").status_code == 429
    assert count(app, Student) == 1


def test_failed_logins_from_many_addresses_never_lock_the_teacher_out(app, teacher_id):
    limit, _ = app.config["LOGIN_LIMIT"]
    for n in range(limit * 3):
        assert login(_from(app, f"203.0.113.{n + 1}"), password="wrong password!").status_code == 200
    assert login(_from(app, "192.0.2.200")).status_code == 302


def test_failed_logins_slow_the_guesser_with_growing_waits(app, teacher_id, clock):
    limit, window = app.config["LOGIN_LIMIT"]
    for _ in range(limit):  # the free tries: a teacher who mistypes is not held up
        assert login(_from(app), password="wrong password!").status_code == 200
    waits = []
    for _ in range(5):
        blocked = login(_from(app), password="wrong password!")
        assert blocked.status_code == 429
        assert "Too many failed logins. Wait" in text_of(blocked)
        waits.append(int(blocked.headers["Retry-After"]))
        clock.advance(seconds=waits[-1])
        assert login(_from(app), password="wrong password!").status_code == 200  # one more try, after the wait
    assert waits == [30, 60, 120, 240, 480]
    longest = login(_from(app), password="wrong password!")
    clock.advance(seconds=int(longest.headers["Retry-After"]))
    login(_from(app), password="wrong password!")
    assert int(login(_from(app)).headers["Retry-After"]) == window.total_seconds()  # never longer than the window
    # Meanwhile the teacher, from an address that has not failed, logs in at once.
    assert login(_from(app, "192.0.2.9")).status_code == 302


def test_a_right_password_is_refused_while_its_address_waits(app, teacher_id, clock):
    """A guesser who hits on the password during a wait learns nothing: the answer is the same 429."""
    app.config["LOGIN_LIMIT"] = (1, timedelta(minutes=15))
    assert login(_from(app), password="wrong password!").status_code == 200
    assert login(_from(app)).status_code == 429
    clock.advance(seconds=30)
    assert login(_from(app)).status_code == 302
    assert login(_from(app), password="wrong password!").status_code == 200  # the success forgot the failures


def test_failed_logins_across_many_accounts_are_limited_per_address(app, teacher_id):
    limit, _ = app.config["LOGIN_LIMIT"]
    sprayer = _from(app)
    for n in range(limit * 5):
        # A different account each time, so only the per-address count grows.
        assert login(sprayer, email=f"guess{n}@school.example", password="Winter2026!").status_code == 200
    assert login(sprayer).status_code == 429
    assert login(_from(app, "192.0.2.9")).status_code == 302  # the teacher, elsewhere, still logs in


@pytest.mark.parametrize(("window", "words"), [(timedelta(minutes=5), "5 minutes"), (timedelta(hours=2), "2 hours")])
def test_the_login_message_names_the_configured_wait(app, teacher_id, window, words, clock):
    # The clock stands still: on a loaded machine a second may pass between the tries and the refusal.
    app.config["LOGIN_LIMIT"] = (1, window)  # the per-address limit (five times as many) names the window
    sprayer = _from(app, "192.0.2.77")
    for n in range(5):
        assert login(sprayer, email=f"guess{n}@school.example", password="Winter2026!").status_code == 200
    blocked = login(sprayer)
    assert f"Too many failed logins. Wait {words} and try again." in text_of(blocked)
    assert blocked.headers["Retry-After"] == str(int(window.total_seconds()))


@pytest.mark.parametrize(("window", "words"), [(timedelta(seconds=90), "2 minutes"), (timedelta(hours=1), "1 hour")])
def test_the_join_message_names_the_configured_wait(app, window, words):
    app.config["JOIN_LIMIT"] = (1, window)
    assert join(_from(app), "WRONG1", "Ana").status_code == 200
    blocked = join(_from(app), "WRONG2", "Ana")
    assert blocked.status_code == 429
    assert f"Too many tries to join a class from this network. Wait {words} and try again" in text_of(blocked)


def test_twenty_teachers_behind_one_address_sign_up_with_the_default_limit(app, teacher_id):
    app.config["QUIZAPP_SIGNUP"] = True
    assert app.config["SIGNUP_LIMIT"] == (20, timedelta(hours=1))
    for n in range(20):
        assert signup(_from(app), f"teacher{n}@school.example").headers["Location"] == "/teacher/login"
    assert count(app, Teacher) == 21
    blocked = signup(_from(app), "one-too-many@school.example")
    assert blocked.status_code == 429
    assert "Too many sign-ups from this network. Wait 1 hour and try again, or ask your school" in text_of(blocked)
    assert count(app, Teacher) == 21


def test_signups_are_limited_per_address_made_or_not(app, teacher_id):
    """Taken emails count like new ones (probing is limited too); a form refused for a short password
    does not count, so a teacher who mistypes is not locked out; another address is not blocked."""
    app.config["QUIZAPP_SIGNUP"] = True
    app.config["SIGNUP_LIMIT"] = (3, timedelta(hours=2))
    short = signup(_from(app), "okafor@school.example", password="short")
    assert short.status_code == 200 and "at least 10 characters" in text_of(short)
    assert signup(_from(app), "teacher@school.example").status_code == 302  # taken
    assert signup(_from(app), "okafor@school.example").status_code == 302  # new
    assert signup(_from(app), "okafor@school.example").status_code == 302  # now taken
    blocked = signup(_from(app), "mensah@school.example")
    assert blocked.status_code == 429
    assert "Too many sign-ups from this network. Wait 2 hours and try again" in text_of(blocked)
    assert login(_from(app, "192.0.2.5"), email="mensah@school.example", password="long enough password"
                 ).status_code == 200  # no account was made
    assert signup(_from(app, "192.0.2.5"), "mensah@school.example").status_code == 302
    assert count(app, Teacher) == 3


def _shared_between_workers(first, second) -> None:
    """Failures counted by one worker stop the next try on the other."""
    first.config["JOIN_LIMIT"] = second.config["JOIN_LIMIT"] = (3, timedelta(minutes=10))
    for _ in range(3):
        assert join(_from(first), "WRONG1", "Ana").status_code == 200
    assert join(_from(second), "WRONG1", "Ana").status_code == 429
    first.config["LOGIN_LIMIT"] = second.config["LOGIN_LIMIT"] = (2, timedelta(minutes=15))
    with first.app_context():
        email = db.session.scalar(select(Teacher.email).order_by(Teacher.id))
    for _ in range(2):
        assert login(_from(first, "192.0.2.1"), email=email, password="wrong password!").status_code == 200
    assert login(_from(second, "192.0.2.1"), email=email, password=PASSWORD).status_code == 429
    first.config["QUIZAPP_SIGNUP"] = second.config["QUIZAPP_SIGNUP"] = True
    first.config["SIGNUP_LIMIT"] = second.config["SIGNUP_LIMIT"] = (1, timedelta(hours=1))
    assert signup(_from(first), "okafor@school.example").status_code == 302
    assert signup(_from(second), "mensah@school.example").status_code == 429


def test_limits_are_shared_by_workers_on_sqlite(app, tmp_path):
    with app.app_context():
        add_teacher()
    second = make_app(tmp_path)  # same database file: a second worker process's app
    try:
        # make_app rebuilt the tables; the teacher must exist for the login half.
        with second.app_context():
            add_teacher()
        _shared_between_workers(app, second)
    finally:
        with second.app_context():
            db.session.remove()
            db.engine.dispose()


def test_limits_are_shared_by_workers_on_postgresql():
    with postgres_app("limits") as (first, schema):
        second = pg_app(schema)
        try:
            with first.app_context():
                add_teacher()
            _shared_between_workers(first, second)
            code = _class_code(first)
            # The school's address is over its limit of code guesses (above): the class joins all the same.
            for n in range(35):
                app = first if n % 2 else second
                assert join(_from(app), code, f"Student {n}").status_code == 302
            assert count(first, Student) == 35
        finally:
            with second.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.mark.parametrize("kind", ["join", "login", "signup"])
def test_the_429_page_carries_the_security_headers(app, teacher_id, kind):
    app.config["JOIN_LIMIT"] = (0, timedelta(minutes=10))
    app.config["LOGIN_LIMIT"] = (0, timedelta(minutes=15))
    app.config["SIGNUP_LIMIT"] = (0, timedelta(hours=1))
    app.config["QUIZAPP_SIGNUP"] = True
    attempts = {"join": lambda c: join(c, "WRONG1", "Ana"), "login": login,
                "signup": lambda c: signup(c, "okafor@school.example")}
    response = attempts[kind](_from(app))
    assert response.status_code == 429
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
