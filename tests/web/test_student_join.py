"""Joining a class: code and name, PINs, archived classes, names, resuming on the same device, limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Classroom, Student
from tests.web.test_student_support import count, join, joined_client, soup, text_of


def _set_class(app, code: str, **values) -> None:
    with app.app_context():
        room = db.session.scalar(select(Classroom).where(Classroom.join_code == code))
        for name, value in values.items():
            setattr(room, name, value)
        db.session.commit()


def _students(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(s.name, s.name_key) for s in db.session.scalars(select(Student).order_by(Student.id))]


def test_join_page_has_labelled_code_name_and_pin_fields_and_a_join_button(client):
    page = soup(text_of(client.get("/join")))
    labels = {label.get_text(strip=True): label["for"] for label in page.find_all("label")}
    assert {"Class code", "Your name", "Class PIN"} <= set(labels)
    for field_id in labels.values():
        assert page.find(id=field_id).name == "input"
    assert page.find("input", attrs={"name": "csrf_token"}) is not None
    assert [b.get_text(strip=True) for b in page.find_all("button") if b.get("type") == "submit"][-1] == "Join"


def test_joining_with_the_right_code_lists_the_class_and_its_assignments(client, classroom, app):
    code, _ = classroom
    response = join(client, code, "Ana Diaz")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = text_of(client.get("/"))
    assert "Period 3 Civics" in home
    assert "Do not come" in home
    assert "Ana Diaz" in home
    assert _students(app) == [("Ana Diaz", "ana diaz")]


def test_a_wrong_code_says_so_and_creates_nobody(client, classroom, app):
    response = join(client, "ZZZZZZ", "Ana Diaz")
    assert response.status_code == 200
    assert "No class has that code" in text_of(response)
    assert 'aria-invalid="true"' in text_of(response)
    assert count(app, Student) == 0
    assert client.get("/").status_code == 302  # still nobody on this device


def test_codes_ignore_case_and_spaces(client, classroom, app):
    code, _ = classroom
    typed = f" {code[:3].lower()} {code[3:].lower()} "
    assert join(client, typed, "Ana Diaz").status_code == 302
    assert count(app, Student) == 1


def test_a_class_with_a_pin_needs_the_right_pin(client, classroom, app):
    code, _ = classroom
    _set_class(app, code, pin="4321")
    missing = join(client, code, "Ana Diaz")
    assert "This class needs a PIN" in text_of(missing)
    wrong = join(client, code, "Ana Diaz", pin="1234")
    assert "That PIN is not right" in text_of(wrong)
    assert count(app, Student) == 0
    assert join(client, code, "Ana Diaz", pin=" 4321 ").status_code == 302
    assert count(app, Student) == 1


def test_a_pin_typed_for_a_class_without_one_is_ignored(client, classroom, app):
    code, _ = classroom
    assert join(client, code, "Ana Diaz", pin="9999").status_code == 302


def test_an_archived_class_cannot_be_joined(client, classroom, app):
    code, _ = classroom
    _set_class(app, code, archived=True)
    response = join(client, code, "Ana Diaz")
    assert "archived" in text_of(response)
    assert count(app, Student) == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Type your name"),
        ("    ", "Type your name"),
        ("a" * 81, "at most 80 characters"),
        ("a" * 400, "at most 80 characters"),
        ("Ana\x07Diaz", "letters, numbers, spaces and punctuation"),
        ("Ana\u202eziaD", "letters, numbers, spaces and punctuation"),
    ],
)
def test_unusable_names_are_refused_with_a_reason(client, classroom, app, name, message):
    code, _ = classroom
    response = join(client, code, name)
    assert response.status_code == 200
    assert message in text_of(response)
    assert count(app, Student) == 0


def test_names_are_trimmed_and_kept_up_to_80_characters(client, classroom, app):
    code, _ = classroom
    name = "  " + "Ñ" * 80 + "  "
    assert join(client, code, name).status_code == 302
    assert _students(app)[0][0] == "Ñ" * 80


def test_names_are_shown_escaped(client, classroom, app):
    code, _ = classroom
    join(client, code, "<script>alert(1)</script>")
    home = text_of(client.get("/"))
    assert "<script>alert(1)</script>" not in home
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home


def test_the_same_name_on_the_same_device_resumes_the_same_student(client, classroom, app):
    code, _ = classroom
    join(client, code, "Ana Diaz")
    again = join(client, code.lower(), "  ana   DIAZ ", follow=True)
    assert "Welcome back" in text_of(again)
    assert count(app, Student) == 1


def test_the_same_name_on_another_device_makes_no_second_record(app, classroom):
    code, _ = classroom
    joined_client(app, code, "Ana Diaz")
    second = app.test_client()
    response = join(second, code, "ana diaz")
    assert response.status_code == 200
    assert "Someone called Ana Diaz is already in this class" in text_of(response)
    assert _students(app) == [("Ana Diaz", "ana diaz")]
    assert second.get("/").status_code == 302  # nobody on the second device


def test_a_shared_device_shows_whoever_joined_last_and_the_first_needs_their_code_again(client, classroom, app):
    code, _ = classroom
    join(client, code, "Ana Diaz")
    with app.app_context():
        ana_code = db.session.scalar(select(Student.login_code).where(Student.name == "Ana Diaz"))
    join(client, code, "Ben Okafor")
    home = text_of(client.get("/"))
    assert "Ben Okafor" in home and "Ana Diaz" not in home
    assert "already in this class" in text_of(join(client, code, "Ana Diaz"))
    assert join(client, code, "Ana Diaz", student_code=ana_code.lower()).status_code == 302
    assert "Ana Diaz" in text_of(client.get("/"))
    assert count(app, Student) == 2


def test_identity_is_a_signed_cookie_not_an_id_anyone_can_type(client, classroom, app):
    code, _ = classroom
    other = joined_client(app, code, "Ana Diaz")
    with app.app_context():
        ana = db.session.scalar(select(Student))
        forged = {"classroom_id": ana.classroom_id, "student_id": ana.id, "device_token": "guessed"}
    with client.session_transaction() as session:
        session["students"] = [forged]
    assert client.get("/").status_code == 302  # a wrong token identifies nobody
    assert other.get("/").status_code == 200


def test_home_sends_unknown_visitors_to_join(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/join"


def test_code_guesses_are_rate_limited_per_address(client, classroom, app):
    code, _ = classroom
    app.config["JOIN_LIMIT"] = (3, timedelta(minutes=10))
    for _ in range(3):
        assert join(client, "WRONG1", "Ana Diaz").status_code == 200
    blocked = join(client, "WRONG2", "Ana Diaz")
    assert blocked.status_code == 429
    assert "Too many tries to join" in text_of(blocked)
    assert "Wait 10 minutes" in text_of(blocked)
    assert blocked.headers["Retry-After"] == "600"
    assert count(app, Student) == 0
    assert join(client, code, "Ana Diaz").status_code == 302  # the right code is never refused for them


def test_the_join_link_can_carry_the_code(client, classroom):
    code, _ = classroom
    page = soup(text_of(client.get(f"/join?code={code}")))
    assert page.find("input", attrs={"name": "code"})["value"] == code
