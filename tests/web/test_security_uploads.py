"""Uploads (question banks, paper answers) are limited in size and type: a body over the server's
limit is a 413, a file of the wrong type or with junk inside is refused with a message, nothing is
stored, and random bytes never cause a server error."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from quizapp.db import db
from quizapp.models import Attempt, Bank
from tests.web.teacher_helpers import add_assignment, add_classroom, logged_in, token

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.fixture
def teacher(app, teacher_id):
    return logged_in(app)


@pytest.fixture
def assignment_id(app, teacher_id):
    with app.app_context():
        return add_assignment(add_classroom(teacher_id))


def _upload(client, url: str, data: bytes, filename: str, **fields):
    form = {"csrf_token": token(client), "file": (io.BytesIO(data), filename), **fields}
    return client.post(url, data=form, content_type="multipart/form-data")


def _uploaded_banks(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Bank).where(Bank.owner_id.is_not(None)))


def _paper_attempts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Attempt))


def _raw_multipart(client, url: str, size: int, filename: str):
    # Built by hand: Werkzeug's encoder spools a body this big to a file it never closes.
    boundary = "quizapp-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token(client)}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + b"#" * size + f"\r\n--{boundary}--\r\n".encode()
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_a_body_over_the_server_limit_is_413(app, teacher, assignment_id):
    over = app.config["MAX_CONTENT_LENGTH"] + 1
    for url, filename in (("/teacher/banks", "huge.yaml"), (f"/teacher/assignments/{assignment_id}/paper/upload",
                                                             "huge.csv")):
        response = _raw_multipart(teacher, url, over, filename)
        assert response.status_code == 413, url
        assert "That file is too large" in response.get_data(as_text=True)
    assert _uploaded_banks(app) == 0 and _paper_attempts(app) == 0


@pytest.mark.parametrize("filename", ["bank.html", "bank.exe", "bank.yaml.exe", "bank.svg", "bank"])
def test_a_bank_of_the_wrong_type_is_refused(app, teacher, filename):
    response = _upload(teacher, "/teacher/banks", b"bank: x\ntitle: X\nquestions: []\n", filename)
    assert response.status_code == 422
    assert "Upload a .yaml or .yml file." in response.get_data(as_text=True)
    assert _uploaded_banks(app) == 0


@pytest.mark.parametrize("content", [PNG, b"\xff\xfe\x00b\x00a\x00n\x00k", b"bank: x\x00\ntitle: X\n", b""])
def test_junk_named_yaml_is_refused_with_a_message(app, teacher, content):
    response = _upload(teacher, "/teacher/banks", content, "bank.yaml")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "in bank.yaml: nothing was stored" in html
    assert "bank.yaml:1: " in html  # the problem, located
    assert _uploaded_banks(app) == 0


def test_paper_answers_of_the_wrong_type_or_size_are_refused(app, teacher, assignment_id):
    url = f"/teacher/assignments/{assignment_id}/paper/upload"
    wrong = _upload(teacher, url, PNG, "answers.xlsx", versions="1")
    assert wrong.status_code == 422 and "Upload a .csv file" in wrong.get_data(as_text=True)
    junk = _upload(teacher, url, PNG, "answers.csv", versions="1")
    assert junk.status_code == 422 and "answers.csv" in junk.get_data(as_text=True)
    big = _raw_multipart(teacher, url, 3 * 1024 * 1024, "answers.csv")
    assert big.status_code == 422 and "over the limit of 2 MB" in big.get_data(as_text=True)
    assert _paper_attempts(app) == 0


def test_random_bytes_never_break_an_upload(app, teacher, assignment_id):
    urls = ["/teacher/banks", f"/teacher/assignments/{assignment_id}/paper/upload"]

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        url=st.sampled_from(urls),
        content=st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(lambda t: t.encode("utf-8", "replace"))),
        filename=st.sampled_from(["x.yaml", "x.yml", "x.csv", "x.txt", "../../x.yaml", "x\u202eyaml.csv", "x.YAML"]),
    )
    def check(url, content, filename):
        response = _upload(teacher, url, content, filename, versions="1")
        assert response.status_code in (200, 302, 422), (url, filename, response.status_code)

    check()
    assert _uploaded_banks(app) == 0
