"""Logging out ends the session on the server: a copy of the cookie taken before stops working."""

from __future__ import annotations

from tests.web.conftest import csrf_token, login
from tests.web.test_student_support import text_of


def _copy_of(app, client):
    """Another browser holding a copy of ``client``'s session cookie (as someone who copied it would)."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def test_a_copied_cookie_dies_at_logout(app, teacher_id):
    teacher = app.test_client()
    assert login(teacher).status_code == 302
    copy = _copy_of(app, teacher)
    assert copy.get("/teacher/").status_code == 200  # the copy works while the teacher is logged in
    dashboard = text_of(teacher.get("/teacher/"))
    assert teacher.post("/teacher/logout", data={"csrf_token": csrf_token(dashboard)}).status_code == 302
    after = copy.get("/teacher/")
    assert after.status_code == 302
    assert after.headers["Location"].startswith("/teacher/login")
    assert "Log in" in text_of(copy.get(after.headers["Location"]))


def test_logging_in_again_after_logout_works(app, teacher_id):
    teacher = app.test_client()
    login(teacher)
    teacher.post("/teacher/logout", data={"csrf_token": csrf_token(text_of(teacher.get("/teacher/")))})
    assert login(teacher).status_code == 302
    assert teacher.get("/teacher/").status_code == 200
