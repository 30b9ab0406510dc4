"""Who a browser is: students stay recognised for the school year, teacher logins end after hours."""

import time as time_module
from datetime import timedelta

from sqlalchemy import select

from quizapp.models import Student
from tests.web.conftest import csrf_token, login
from tests.web.test_student_support import count, join, text_of


def test_a_whole_class_can_join_from_one_school_address(client, classroom, app):
    """Only failed joins count towards the limit, so thirty students behind one address all get in."""
    code, _ = classroom
    app.config["JOIN_LIMIT"] = (3, timedelta(minutes=10))
    for n in range(10):
        other = app.test_client()
        response = join(other, code, f"Student {n}")
        assert response.status_code == 302, text_of(response)
    assert count(app, Student) == 10


def test_failed_joins_are_what_gets_limited(client, classroom, app):
    code, _ = classroom
    app.config["JOIN_LIMIT"] = (2, timedelta(minutes=10))
    assert join(client, "WRONG1", "Ana").status_code == 200
    assert join(client, "WRONG2", "Ana").status_code == 200
    assert join(client, "WRONG3", "Ana").status_code == 429
    assert join(client, code, "Ana").status_code == 302  # a right code is no guess


def test_a_student_stays_recognised_after_a_day(client, classroom, monkeypatch):
    code, _ = classroom
    join(client, code, "Ana Diaz")
    real = time_module.time
    monkeypatch.setattr(time_module, "time", lambda: real() + timedelta(days=3).total_seconds())
    home = client.get("/")
    assert home.status_code == 200
    assert "Ana Diaz" in text_of(home)


def test_a_teacher_login_on_the_same_browser_keeps_the_student_signed_in(client, classroom, teacher_id):
    code, _ = classroom
    join(client, code, "Ana Diaz")
    assert login(client).status_code == 302
    dashboard = client.get("/teacher/")
    assert dashboard.status_code == 200
    assert "Ana Diaz" in text_of(client.get("/"))
    logged_out = client.post("/teacher/logout", data={"csrf_token": csrf_token(text_of(dashboard))})
    assert logged_out.status_code == 302
    assert client.get("/teacher/").status_code == 302
    assert "Ana Diaz" in text_of(client.get("/"))


def test_a_teacher_login_ends_after_its_lifetime_but_the_cookie_lives_on(
    client, classroom, teacher_id, app, monkeypatch
):
    code, _ = classroom
    join(client, code, "Ana Diaz")
    login(client)
    real = time_module.time
    later = app.config["TEACHER_SESSION_LIFETIME"].total_seconds() + 60
    monkeypatch.setattr(time_module, "time", lambda: real() + later)
    response = client.get("/teacher/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/teacher/login")
    assert "Ana Diaz" in text_of(client.get("/"))


def _sign_out(client, classroom_id):
    home = client.get("/")
    return client.post(f"/classes/{classroom_id}/sign-out", data={"csrf_token": csrf_token(text_of(home))})


def test_sign_out_passes_a_shared_laptop_to_the_next_student(client, classroom, app):
    code, assignment_id = classroom
    join(client, code, "Ana Diaz")
    with app.app_context():
        from quizapp.db import db

        ana = db.session.scalar(select(Student).where(Student.name == "Ana Diaz"))
        classroom_id, ana_id = ana.classroom_id, ana.id
    signed_out = _sign_out(client, classroom_id)
    assert signed_out.status_code == 302 and signed_out.headers["Location"] == f"/join?code={code}"
    # The next student sees nobody's work: no home page, no quiz.
    assert client.get("/").status_code == 302
    assert client.get(f"/assignments/{assignment_id}").status_code != 200
    join(client, code, "Ben Okafor")
    assert "Ben Okafor" in text_of(client.get("/")) and "Ana Diaz" not in text_of(client.get("/"))
    # Ana, back on the same device, resumes her own record (the same name on the same device).
    _sign_out(client, classroom_id)
    join(client, code, "Ana Diaz")
    with app.app_context():
        from quizapp.db import db

        assert [s.id for s in db.session.scalars(select(Student).where(Student.name == "Ana Diaz"))] == [ana_id]
    assert count(app, Student) == 2


def test_sign_out_needs_csrf(client, classroom, app):
    code, _ = classroom
    join(client, code, "Ana Diaz")
    with app.app_context():
        from quizapp.db import db

        classroom_id = db.session.scalar(select(Student.classroom_id))
    assert client.post(f"/classes/{classroom_id}/sign-out").status_code == 400
    assert "Ana Diaz" in text_of(client.get("/"))
