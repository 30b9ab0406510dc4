"""CSRF: every state-changing request (every POST route in the url map) is refused without the
session's token, even from the one user it would otherwise work for, and changes nothing."""

from __future__ import annotations

import pytest

from tests.web.teacher_helpers import logged_in, token
from tests.web.test_access_matrix import build_world, classify, every_request, snapshot

FORM = {"name": "Changed", "code": "ABCDEF", "action": "submit", "confirm": "yes", "email": "teacher@school.example",
        "password": "correct horse battery", "current": "x", "new": "y" * 12, "confirm_new": "y" * 12}

# Posted by an LMS from its own site, without our token: checked by state, nonce and signature instead.
CSRF_EXEMPT = {"lti.login", "lti.launch"}


@pytest.fixture
def world(app, teacher_id):
    return build_world(app, teacher_id)


def _owner_client(app, world, kind: str):
    """The browser the route would work for: the owning teacher, the owning student, or anyone."""
    if kind in ("teacher", "own-teacher"):
        return logged_in(app)
    if kind in ("student", "own-student"):
        return world["owner"]
    return app.test_client()


@pytest.mark.parametrize("how", ["no token", "another session's token", "a made-up token"])
def test_every_post_route_refuses_a_request_without_the_sessions_token(app, world, how):
    stranger_token = token(app.test_client(), "/teacher/login")
    posts = [(endpoint, url) for endpoint, method, url in every_request(app, world) if method == "POST"]
    assert len(posts) >= 20
    clients = {}
    before = snapshot(app)
    for endpoint, url in posts:
        kind = classify(endpoint)
        client = clients.get(kind) or clients.setdefault(kind, _owner_client(app, world, kind))
        data = dict(FORM)
        if how == "another session's token":
            data["csrf_token"] = stranger_token
        elif how == "a made-up token":
            data["csrf_token"] = "IjAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OSI.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"
        response = client.post(url, data=data, headers={"Accept": "application/json"} if "answers" in url else {})
        assert response.status_code == 400, (how, url, response.status_code)
        if endpoint in CSRF_EXEMPT:
            continue  # refused all the same (400), by the LMS launch's own checks: tests/lti/test_launch.py
        if not endpoint.startswith("student."):  # quiz pages may word it their own way (keeping the answers)
            assert "This form has expired" in response.get_data(as_text=True), url
    assert snapshot(app) == before, f"a POST with {how} changed the database"
    # The same clients are still who they were: the refusals logged nobody out.
    assert clients["teacher"].get("/teacher/").status_code == 200
    assert world["owner"].get("/").status_code == 200


def test_the_same_posts_with_the_token_do_work(app, world):
    """Not every POST is refused: with the session's token the owner's rename goes through."""
    teacher = logged_in(app)
    url = f"/teacher/classes/{world['classroom']}/rename"
    response = teacher.post(url, data={"csrf_token": token(teacher), "name": "Renamed class"})
    assert response.status_code == 302
    assert "Renamed class" in teacher.get(f"/teacher/classes/{world['classroom']}").get_data(as_text=True)
