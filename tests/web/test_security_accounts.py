"""Teacher passwords and sessions: argon2id hashes, old hashes upgraded at login, a fresh session at
login, cookies that are HttpOnly, SameSite=Lax and Secure over HTTPS; sign-up tells nobody whether an
email already has an account."""

from __future__ import annotations

import re

import argon2
import pytest
from werkzeug.security import generate_password_hash

from quizapp.config import Config
from quizapp.db import db
from quizapp.models import Teacher
from quizapp.teacher import accounts
from quizapp.teacher.accounts import hash_password, password_matches, sign_up
from tests.web.conftest import PASSWORD, csrf_token, login, make_app, signup
from tests.web.teacher_helpers import logged_in
from tests.web.test_student_support import join


def _stored_hash(app, teacher_id: int) -> str:
    with app.app_context():
        return db.session.get(Teacher, teacher_id).password_hash


def _assert_current_argon2id(stored: str) -> None:
    parameters = argon2.extract_parameters(stored)
    assert parameters.type is argon2.Type.ID
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19 * 1024, 2, 1)
    assert parameters.salt_len >= 16 and parameters.hash_len >= 32


def test_new_hashes_are_argon2id_with_owasp_parameters():
    stored = hash_password("a teacher's password")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    _assert_current_argon2id(stored)
    assert hash_password("a teacher's password") != stored  # salted
    assert password_matches(stored, "a teacher's password")
    assert not password_matches(stored, "a teacher's passworD")
    assert not password_matches("not a hash at all", "a teacher's password")


def test_signup_and_password_change_store_argon2id(app, teacher_id):
    app.config["QUIZAPP_SIGNUP"] = True
    client = app.test_client()
    page = client.get("/teacher/signup")
    client.post(
        "/teacher/signup",
        data={"name": "Mr Okafor", "email": "okafor@school.example", "password": "long enough password",
              "csrf_token": csrf_token(page.get_data(as_text=True))},
    )
    with app.app_context():
        new = db.session.query(Teacher).filter_by(email="okafor@school.example").one()
        _assert_current_argon2id(new.password_hash)
    client = logged_in(app)
    page = client.get("/teacher/account")
    changed = client.post(
        "/teacher/account",
        data={"current": PASSWORD, "new": "a brand new password", "confirm": "a brand new password",
              "csrf_token": csrf_token(page.get_data(as_text=True))},
    )
    assert changed.status_code == 302
    _assert_current_argon2id(_stored_hash(app, teacher_id))


@pytest.mark.parametrize(
    "old_hash",
    [
        generate_password_hash(PASSWORD, method="scrypt"),  # what quizapp stored before argon2id
        generate_password_hash(PASSWORD, method="pbkdf2:sha256:600000"),
        argon2.PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD),  # weaker argon2
    ],
    ids=["werkzeug-scrypt", "werkzeug-pbkdf2", "weak-argon2id"],
)
def test_an_old_hash_still_logs_in_and_is_replaced_by_argon2id(app, teacher_id, old_hash):
    with app.app_context():
        db.session.get(Teacher, teacher_id).password_hash = old_hash
        db.session.commit()
    assert login(app.test_client(), password="wrong password!").status_code == 200
    assert _stored_hash(app, teacher_id) == old_hash  # a failed login changes nothing
    assert login(app.test_client()).status_code == 302
    upgraded = _stored_hash(app, teacher_id)
    assert upgraded != old_hash
    _assert_current_argon2id(upgraded)
    assert login(app.test_client()).status_code == 302  # the same password works on the new hash
    assert _stored_hash(app, teacher_id) == upgraded  # and a current hash is not rewritten


def test_login_starts_a_fresh_session(app, teacher_id, classroom):
    """A cookie set before login (say, planted by someone at the same computer) gives its CSRF token
    and messages nothing in the teacher's session; the student who joined on this browser stays."""
    client = app.test_client()
    join(client, classroom[0], "Ana Diaz")
    before = csrf_token(client.get("/teacher/login").get_data(as_text=True))
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        raw_before = session["csrf_token"]
    assert login(client).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session and "csrf_token" not in session
        assert session["teacher_id"] == teacher_id
        assert session["students"], "the student signed in on this browser was signed out"
    refused = client.post("/teacher/logout", data={"csrf_token": before})
    assert refused.status_code == 400
    assert client.get("/teacher/").status_code == 200  # still logged in: the stale token did nothing
    fresh = csrf_token(client.get("/teacher/").get_data(as_text=True))
    with client.session_transaction() as session:
        assert session["csrf_token"] != raw_before
    assert client.post("/teacher/logout", data={"csrf_token": fresh}).status_code == 302


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "no session cookie was set"
    return cookies[-1]


def test_cookie_flags_over_plain_http(app, teacher_id):
    cookie = _session_cookie(login(app.test_client()))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # a school serving plain HTTP inside its network still works


def test_cookie_is_secure_when_the_request_came_over_https(app, teacher_id):
    client = app.test_client()
    https = "https://localhost"
    page = client.get("/teacher/login", base_url=https)
    response = client.post(
        "/teacher/login", base_url=https, headers={"Referer": f"{https}/teacher/login"},  # as browsers send it
        data={"email": "teacher@school.example", "password": PASSWORD,
              "csrf_token": csrf_token(page.get_data(as_text=True))},
    )
    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_behind_a_proxy_x_forwarded_proto_decides_secure(tmp_path):
    """With QUIZAPP_PROXIES (what ``serve --behind-proxy`` sets) the proxy's scheme is believed."""
    app = make_app(tmp_path, QUIZAPP_PROXIES=1)
    with app.app_context():
        from tests.web.conftest import add_teacher

        add_teacher()
    https = app.test_client()
    https.environ_base["HTTP_X_FORWARDED_PROTO"] = "https"
    https.environ_base["HTTP_REFERER"] = "https://localhost/teacher/login"  # CSRF checks it over HTTPS
    response = login(https)
    assert response.status_code == 302 and "Secure" in _session_cookie(response)
    plain = app.test_client()
    plain.environ_base["HTTP_X_FORWARDED_PROTO"] = "http"
    response = login(plain)
    assert response.status_code == 302 and "Secure" not in _session_cookie(response)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_without_a_proxy_a_forged_x_forwarded_proto_is_ignored(app, teacher_id):
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_PROTO"] = "https"
    response = login(client)
    assert response.status_code == 302 and "Secure" not in _session_cookie(response)


def test_quizapp_secure_cookies_forces_secure(monkeypatch, tmp_path, app, teacher_id):
    monkeypatch.setenv("QUIZAPP_SECURE_COOKIES", "on")
    assert Config(tmp_path).SESSION_COOKIE_SECURE is True
    monkeypatch.delenv("QUIZAPP_SECURE_COOKIES")
    assert Config(tmp_path).SESSION_COOKIE_SECURE is False
    app.config["SESSION_COOKIE_SECURE"] = True
    response = login(app.test_client())
    assert response.status_code == 302 and "Secure" in _session_cookie(response)



def _login_then(client, target: str):
    token = csrf_token(client.get("/teacher/login").get_data(as_text=True))
    data = {"email": "teacher@school.example", "password": PASSWORD, "csrf_token": token}
    return client.post("/teacher/login", query_string={"next": target}, data=data)


@pytest.mark.parametrize(
    "target", ["//evil.example/", "/\\evil.example", "/\\/evil.example", "https://evil.example/", "\\\\evil.example"]
)
def test_login_never_redirects_off_the_site(app, teacher_id, target):
    response = _login_then(app.test_client(), target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/teacher/"


def test_login_follows_a_path_on_the_site(app, teacher_id):
    response = _login_then(app.test_client(), "/teacher/banks?x=1")
    assert response.status_code == 302 and response.headers["Location"] == "/teacher/banks?x=1"


def _without_csrf(page: str) -> str:
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', "", page)


def test_signup_answers_the_same_for_a_new_and_a_taken_email(app, teacher_id):
    """Account enumeration: the reply, the page after it and the session are the same either way."""
    app.config["QUIZAPP_SIGNUP"] = True
    before = _stored_hash(app, teacher_id)
    new_browser, taken_browser = app.test_client(), app.test_client()
    new = signup(new_browser, "okafor@school.example", password="okafor's new password")
    taken = signup(taken_browser, "Teacher@School.example", password="an attacker's password", name="Mallory")
    assert new.status_code == taken.status_code == 302
    assert new.headers["Location"] == taken.headers["Location"] == "/teacher/login"
    assert new.get_data() == taken.get_data()
    assert sorted(k for k, _ in new.headers) == sorted(k for k, _ in taken.headers)
    after_new = _without_csrf(new_browser.get("/teacher/login").get_data(as_text=True))
    after_taken = _without_csrf(taken_browser.get("/teacher/login").get_data(as_text=True))
    assert after_new == after_taken
    assert "If that email already had an account, that account is unchanged" in after_new
    for browser in (new_browser, taken_browser):  # nobody is logged in by signing up
        assert browser.get("/teacher/").status_code == 302
    # The existing account is untouched: its password, name and sessions are as they were.
    with app.app_context():
        teacher = db.session.get(Teacher, teacher_id)
        assert (teacher.password_hash, teacher.name, teacher.session_version) == (before, "Ms Rivera", 1)
        assert db.session.query(Teacher).count() == 2
    assert login(app.test_client(), password="an attacker's password").status_code == 200
    assert login(app.test_client()).status_code == 302
    assert login(app.test_client(), email="okafor@school.example", password="okafor's new password").status_code == 302


def test_signup_for_a_taken_email_takes_a_password_hash_too(app, teacher_id, monkeypatch):
    """A taken email must not answer faster than a new one: both hash the password (argon2id)."""
    hashed: list[str] = []
    real = accounts.hash_password
    monkeypatch.setattr(accounts, "hash_password", lambda password: hashed.append(password) or real(password))
    with app.app_context():
        assert sign_up("teacher@school.example", "an attacker's password") is None
        assert hashed == ["an attacker's password"]
        assert sign_up("new@school.example", "a new teacher's password") is not None
        assert hashed == ["an attacker's password", "a new teacher's password"]


def test_signup_racing_another_for_the_same_email_answers_as_taken(app, teacher_id, monkeypatch):
    """Two sign-ups for one new email at the same moment: the second hits the unique email, not a 500."""
    session_class = type(db.session)
    real_scalar = session_class.scalar

    def other_request_signs_up_first(session, statement, *args, **kwargs):
        found = real_scalar(session, statement, *args, **kwargs)
        if "teacher" in str(statement) and found is None:
            with db.engine.begin() as other:  # another worker commits the same email in between
                other.execute(Teacher.__table__.insert().values(
                    email="okafor@school.example", name="first", password_hash=hash_password("first one's password"),
                    session_version=1))
        return found

    with app.app_context():
        monkeypatch.setattr(session_class, "scalar", other_request_signs_up_first)
        assert sign_up("okafor@school.example", "second one's password") is None
        monkeypatch.undo()
        db.session.commit()
        assert db.session.query(Teacher).filter_by(email="okafor@school.example").one().name == "first"
