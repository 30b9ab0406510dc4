"""Security headers on every response (pages, downloads, static files, error pages), a CSP without
inline script, pages that need none, and error pages that say what happened without internals."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import make_app
from tests.web.teacher_helpers import logged_in
from tests.web.test_access_matrix import build_world, classify, every_request

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def assert_security_headers(response, where=None) -> None:
    """The headers every response of the app carries."""
    headers = response.headers
    policy = dict(
        (part.split()[0], " ".join(part.split()[1:])) for part in headers["Content-Security-Policy"].split(";")
        if part.strip()
    )
    for directive, value in CSP_DIRECTIVES.items():
        assert policy.get(directive) == value, (where, directive, policy)
    assert "unsafe-inline" not in headers["Content-Security-Policy"], where
    assert "unsafe-eval" not in headers["Content-Security-Policy"], where
    assert headers["X-Content-Type-Options"] == "nosniff", where
    assert headers["Referrer-Policy"] == "same-origin", where
    assert headers["X-Frame-Options"] == "DENY", where
    assert "Server" not in headers or not re.search(r"\d", headers["Server"]), where
    if response.request.path.startswith("/static/"):
        assert "no-store" not in headers.get("Cache-Control", ""), where  # style sheets and scripts may be cached
    else:
        assert headers["Cache-Control"] == "no-store", where
    assert "Strict-Transport-Security" not in headers, where  # plain HTTP: see the HTTPS test


@pytest.fixture
def world(app, teacher_id):
    return build_world(app, teacher_id)


def test_every_page_and_download_of_the_owner_carries_the_headers(app, world):
    teacher = logged_in(app)
    student = world["owner"]
    seen = set()
    downloads = [("teacher.export_assignment", "GET",
                  f"/teacher/assignments/{world['assignment']}/export/key?format=pdf&appendix=none")]
    for endpoint, method, url in every_request(app, world) + downloads:
        if method != "GET":
            continue
        client = student if classify(endpoint) in ("student", "own-student") else teacher
        response = client.get(url)
        body = response.get_data()
        response.close()
        assert_security_headers(response, url)
        seen.add(response.mimetype)
        if response.mimetype == "text/html" and response.status_code == 200:
            html = body.decode()
            assert not re.search(r"<script(?![^>]*\bsrc=)", html), url  # no inline script for the CSP to block
            assert not re.search(r"\son[a-z]+=", html), url  # no event-handler attributes
            assert not re.search(r"\sstyle=", html) and "<style" not in html, url
    assert {"text/html", "text/csv", "application/pdf", "text/css"} <= seen, seen


def test_error_pages_carry_the_headers_and_a_clear_message(app, world):
    client = app.test_client()
    cases = [
        (client.get("/no/such/page"), 404, "Page not found"),
        (client.get(f"/attempts/{world['attempt']}/answers"), 405, "Not allowed here"),
        (client.post("/join", data={"code": "X"}), 400, "This form has expired"),
        (client.post("/join", data={"code": "x" * (7 * 1024 * 1024)}), 413, "That file is too large"),
        (client.get("/teacher/banks/no-such-bank"), 302, None),
    ]
    for response, status, title in cases:
        assert response.status_code == status
        assert_security_headers(response, status)
        if title:
            assert f"<h1>{title}</h1>" in response.get_data(as_text=True)


def test_an_unexpected_error_shows_a_plain_page_with_the_headers(tmp_path):
    app = make_app(tmp_path)
    app.testing = False  # as in production: the error is handled, not raised into the test

    @app.get("/broken-for-this-test")
    def broken():
        raise RuntimeError("internal detail that must not reach the browser")

    response = app.test_client().get("/broken-for-this-test")
    assert response.status_code == 500
    assert_security_headers(response, 500)
    page = response.get_data(as_text=True)
    assert "<h1>Something went wrong</h1>" in page
    assert "internal detail" not in page and "Traceback" not in page and "Werkzeug" not in page


def test_over_https_browsers_are_told_to_stay_on_https(app):
    response = app.test_client().get("/join", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert response.headers["Cache-Control"] == "no-store"
