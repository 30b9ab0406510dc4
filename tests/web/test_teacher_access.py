"""Accounts and permissions: a teacher sees and changes only their own things; others get nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Classroom, Student, Teacher
from tests.web.conftest import PASSWORD, add_teacher, csrf_token, login, make_app, signup
from tests.web.teacher_helpers import (
    BANK,
    OTHER_EMAIL,
    add_attempt,
    add_join_request,
    known_class,
    logged_in,
    store_text,
    token,
)

# Routes under /teacher that anyone may open, or that every teacher has one of (their own dashboard).
PUBLIC = {"teacher.login", "teacher.signup", "teacher.logout"}


@pytest.fixture
def world(app, teacher_id):
    """Teacher A's class with students, attempts, an uploaded bank and a changed question to regrade."""
    ids = known_class(app, teacher_id)
    with app.app_context():
        ids["request"] = add_join_request(ids["Ana"])
        store_text(app, BANK.replace("answer: Kamala Harris", "answer: Alexandria Ocasio-Cortez"), teacher_id)
    ids["bank"] = "class-check"
    ids["question"] = "who"
    return ids


def _urls(app, ids) -> list[tuple[str, str, list[str]]]:
    """(endpoint, url, methods) for every teacher route that takes an id, filled in with A's ids."""
    samples = {
        "classroom_id": ids["classroom"],
        "assignment_id": ids["assignment"],
        "student_id": ids["Ana"],
        "request_id": ids["request"],
        "attempt_id": ids["attempt:Ana"],
        "bank_id": ids["bank"],
        "question_key": ids["question"],
        "kind": "key",  # printing and export: quiz, key or lms
    }
    found = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/teacher") or not rule.arguments:
                continue
            missing = rule.arguments - samples.keys()
            assert not missing, f"no sample value for {missing} in {rule.rule}: add one to this test"
            url = url_for(rule.endpoint, **{name: samples[name] for name in rule.arguments})
            found.append((rule.endpoint, url, sorted(rule.methods - {"HEAD", "OPTIONS"})))
    assert len(found) >= 25
    return found


def _argless(app) -> list[tuple[str, str, list[str]]]:
    with app.test_request_context():
        from flask import url_for

        return [
            (rule.endpoint, url_for(rule.endpoint), sorted(rule.methods - {"HEAD", "OPTIONS"}))
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/teacher") and not rule.arguments and rule.endpoint not in PUBLIC
        ]


def test_the_owner_can_open_every_page(app, world):
    client = logged_in(app)
    for endpoint, url, methods in _urls(app, world):
        # The bank is in use: 403. The assignment is no pre/post pair, so it has no growth CSV: 404. The
        # sample question is no written question, so it has no marking queue: 404.
        not_here = ("teacher.delete_bank_view", "teacher.growth_csv", "teacher.mark_answer")
        if "GET" in methods and endpoint not in not_here:
            assert client.get(url).status_code == 200, url


def test_another_teacher_gets_404_on_every_url_and_changes_nothing(app, world):
    other = logged_in(app, OTHER_EMAIL)
    other_token = token(other)
    for _, url, methods in _urls(app, world):
        for method in methods:
            response = other.open(url, method=method, data={"csrf_token": other_token, "name": "Hijacked"})
            assert response.status_code == 404, (method, url, response.status_code)
    with app.app_context():
        assert db.session.get(Classroom, world["classroom"]).name == "Period 5 Media"
        assert db.session.get(Student, world["Ana"]).name == "Ana"
    # The other teacher's own pages do not list A's things.
    for _, url, methods in _argless(app):
        if "GET" in methods:
            page = other.get(url).get_data(as_text=True)
            assert "Period 5 Media" not in page and "Class check" not in page.replace("class-check", ""), url


@pytest.mark.parametrize("who", ["anonymous", "student"])
def test_anonymous_and_students_are_sent_to_login_or_refused(app, world, who):
    client = app.test_client()
    if who == "student":
        with app.app_context():
            student = db.session.get(Student, world["Ana"])
            entry = {
                "classroom_id": student.classroom_id, "student_id": student.id, "device_token": student.device_token,
            }
        with client.session_transaction() as session:
            session["students"] = [entry]
    anonymous_token = csrf_token(client.get("/teacher/login").get_data(as_text=True))
    for _, url, methods in _urls(app, world) + _argless(app):
        for method in methods:
            response = client.open(url, method=method, data={"csrf_token": anonymous_token})
            if method == "GET":
                assert response.status_code == 302, url
                assert response.headers["Location"].startswith("/teacher/login?next="), url
            else:
                assert response.status_code in (403, 405), (method, url, response.status_code)


def test_a_bank_of_another_teacher_cannot_be_assigned(app, world):
    other = logged_in(app, OTHER_EMAIL)
    with app.app_context():
        other_id = db.session.scalar(select(Teacher.id).where(Teacher.email == OTHER_EMAIL))
        room = Classroom(teacher_id=other_id, name="Other class")
        db.session.add(room)
        db.session.commit()
        room_id = room.id
    page = other.get(f"/teacher/classes/{room_id}/assignments/new")
    assert "class-check" not in page.get_data(as_text=True)
    forged = other.get(f"/teacher/classes/{room_id}/assignments/new?bank=class-check")
    assert forged.status_code == 200 and "Not a valid choice" in forged.get_data(as_text=True)


def test_signup_is_off_unless_the_school_turns_it_on(client):
    assert client.get("/teacher/signup").status_code == 404
    assert "Create a teacher account" not in client.get("/teacher/login").get_data(as_text=True)


def test_signup_switched_off_is_404(tmp_path):
    app = make_app(tmp_path, QUIZAPP_SIGNUP=False)
    client = app.test_client()
    assert client.get("/teacher/signup").status_code == 404
    assert client.post("/teacher/signup", data={"email": "x@y.z", "password": "p" * 12}).status_code in (400, 404)
    assert "Create a teacher account" not in client.get("/teacher/login").get_data(as_text=True)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_signup_creates_an_account_to_log_in_with(app):
    app.config["QUIZAPP_SIGNUP"] = True
    client = app.test_client()
    response = signup(client, "okafor@school.example")
    assert response.status_code == 302 and response.headers["Location"] == "/teacher/login"
    assert "log in below with your email and the password you just chose" in client.get(
        "/teacher/login").get_data(as_text=True)
    assert login(client, email="Okafor@School.example", password="long enough password").status_code == 302
    account = client.get("/teacher/account").get_data(as_text=True)
    assert "Mr Okafor" in account and "okafor@school.example" in account


def _change(client, current: str, new: str, confirm: str | None = None):
    page = client.get("/teacher/account")
    return client.post(
        "/teacher/account",
        data={"current": current, "new": new, "confirm": confirm or new,
              "csrf_token": csrf_token(page.get_data(as_text=True))},
    )


def test_change_password_ends_other_sessions_and_keeps_this_one(app, teacher_id):
    this = logged_in(app)
    other_device = logged_in(app)
    response = _change(this, PASSWORD, "a brand new password")
    assert response.status_code == 302
    assert this.get("/teacher/").status_code == 200
    gone = other_device.get("/teacher/")
    assert gone.status_code == 302 and gone.headers["Location"].startswith("/teacher/login")
    with app.app_context():
        assert db.session.get(Teacher, teacher_id).session_version == 2
    fresh = app.test_client()
    assert login(fresh, password=PASSWORD).status_code == 200  # the old password no longer works
    assert login(fresh, password="a brand new password").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong password!", "a brand new password", None, "That is not your current password."),
        (PASSWORD, "short", None, "at least 10 characters"),
        (PASSWORD, "a brand new password", "something else", "The two new passwords differ."),
    ],
)
def test_change_password_refusals(app, teacher_id, current, new, confirm, message):
    client = logged_in(app)
    response = _change(client, current, new, confirm)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Teacher, teacher_id).session_version == 1


def test_sessions_expire(app, teacher_id, monkeypatch):
    client = logged_in(app)
    assert client.get("/teacher/").status_code == 200
    lifetime = app.config["TEACHER_SESSION_LIFETIME"]
    assert lifetime == timedelta(hours=12)
    import time as time_module

    real = time_module.time
    monkeypatch.setattr(time_module, "time", lambda: real() + lifetime.total_seconds() + 60)
    response = client.get("/teacher/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/teacher/login")


def test_login_cookie_is_httponly_and_lax(app, teacher_id):
    client = app.test_client()
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie


def test_every_teacher_page_has_csrf_on_its_forms_and_no_inline_script_or_style(app, world):
    client = logged_in(app)
    pages = [url for endpoint, url, methods in _urls(app, world) if "GET" in methods]
    pages += [url for _, url, methods in _argless(app) if "GET" in methods]
    pages += [f"/teacher/classes/{world['classroom']}/assignments/new?bank=class-check"]
    pages += [f"/teacher/assignments/{world['assignment']}/regrade/who?policy=both"]
    pages += [f"/teacher/assignments/{world['assignment']}/paper?setup-versions=2&setup-new_rows=2"]  # the grid
    for url in pages:
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        assert "style=" not in html, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html, url
        for form in re.findall(r"<form\b[^>]*>.*?</form>", html, re.S):
            if 'method="post"' in form:
                assert 'name="csrf_token"' in form, (url, form[:200])
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
        assert levels and levels[0] == 1 and levels.count(1) == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)
        for match in re.finditer(r'<input\b(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', html):
            assert f'for="{match.group(1)}"' in html, (url, match.group(0))
        for table in re.findall(r"<table\b.*?</table>", html, re.S):
            assert "<caption" in table and "scope=" in table, url
        assert "dashboard.css" in html, url


def test_attempts_of_other_classes_never_show(app, world, teacher_id):
    with app.app_context():
        other_id = add_teacher(email="third@school.example")
        room = Classroom(teacher_id=other_id, name="Third class")
        db.session.add(room)
        db.session.commit()
        stranger = Student(classroom_id=room.id, name="Stranger", name_key="stranger")
        db.session.add(stranger)
        db.session.commit()
        # Even an attempt wrongly pointing at A's assignment from another class's student is not listed.
        add_attempt(world["assignment"], stranger.id, {"who": "Kamala Harris"})
    client = logged_in(app)
    html = client.get(f"/teacher/assignments/{world['assignment']}/gradebook").get_data(as_text=True)
    assert "Stranger" not in html
