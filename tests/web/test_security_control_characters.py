"""Control characters in single-line fields: refused with a message on the field, never a 500, never
stored; the login redirect falls back to the dashboard."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from sqlalchemy import select
from wtforms import HiddenField, PasswordField, StringField, TextAreaField

from quizapp import teacher
from quizapp.db import db
from quizapp.models import Classroom, Student, Teacher
from quizapp.single_line import SingleLine
from quizapp.student import forms as student_forms
from quizapp.teacher import forms as teacher_forms
from tests.web.conftest import PASSWORD, csrf_token
from tests.web.teacher_helpers import add_classroom, add_student, logged_in, post
from tests.web.test_student_support import join

# What a single-line field refuses: line breaks of every kind, a tab, C0 and C1 controls.
REFUSED = ["Period\n3", "Period\r\n3", "Period 3\r", "Period\t3", "Period\x073", "Period\x1b3", "Period\x853",
           "Period\u20283", "Period\x7f3"]  # fmt: skip


def _login_then(client, target: str):
    token = csrf_token(client.get("/teacher/login").get_data(as_text=True))
    data = {"email": "teacher@school.example", "password": PASSWORD, "csrf_token": token}
    return client.post("/teacher/login", query_string={"next": target}, data=data)


@pytest.mark.parametrize(
    "target",
    [
        "/teacher/\r\nSet-Cookie: session=stolen",
        "/teacher/\nX-Injected: 1",
        "/teacher/banks\r",
        "/\t/evil.example/",  # browsers drop tabs and line breaks from a URL: this is //evil.example/
        "/\n/evil.example/",
        "/teacher/\x01",
        "/teacher/\x85",
    ],
)
def test_login_with_a_control_character_in_next_goes_to_the_dashboard(app, teacher_id, target):
    response = _login_then(app.test_client(), target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/teacher/"
    assert "X-Injected" not in response.headers and "stolen" not in str(response.headers)


# Every module of teacher forms (forms.py and the per-area *_forms.py beside it), then the student's.
FORM_MODULES = [
    *(
        importlib.import_module(f"quizapp.teacher.{found.name}")
        for found in pkgutil.iter_modules(teacher.__path__)
        if found.name == "forms" or found.name.endswith("_forms")
    ),
    student_forms,
]


def form_class(name: str) -> type:
    """The form class called ``name``, from the forms module that defines it."""
    for module in FORM_MODULES:
        form = getattr(module, name, None)
        if form is not None and form.__module__ == module.__name__:
            return form
    raise LookupError(name)


def single_line_fields() -> list[tuple[str, str]]:
    """(form, field) for every text field of the teacher's and the student's forms, but passwords and the
    signed hidden fields (checked by their own rules)."""
    found = []
    for module in FORM_MODULES:
        for name, form in inspect.getmembers(module, inspect.isclass):
            if form.__module__ != module.__name__ or not issubclass(form, teacher_forms.FlaskForm):
                continue
            for field_name, unbound in vars(form).items():
                field_class = getattr(unbound, "field_class", None)
                if (
                    field_class
                    and issubclass(field_class, StringField)
                    # Text areas hold many lines by design (a list of names: each line is checked as a name).
                    and not issubclass(field_class, PasswordField | HiddenField | TextAreaField)
                ):
                    found.append((name, field_name))
    return found


def test_every_single_line_field_refuses_control_characters(app):
    fields = single_line_fields()
    assert ("ClassForm", "name") in fields and ("JoinForm", "code") in fields and len(fields) >= 15
    # The forms of each area's module are found too.
    assert {("AssignmentForm", "title"), ("PrintForm", "seed"), ("ArticleConfirmForm", "article_id")} <= set(fields)
    with app.test_request_context():
        for form_name, field_name in fields:
            form = form_class(form_name)(meta={"csrf": False})
            validators = getattr(form, field_name).validators
            if (form_name, field_name) == ("JoinForm", "name"):
                continue  # identity.clean_name applies the same rule, in words for students (below)
            assert any(isinstance(v, SingleLine) for v in validators), f"{form_name}.{field_name}"


@pytest.mark.parametrize("name", REFUSED)
def test_a_class_name_with_a_control_character_is_refused_on_the_field(app, name):
    client = logged_in(app)
    response = post(client, "/teacher/classes/new", {"name": name})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "Class name must be one line" in page
        or "Class name cannot hold a tab" in page
        or ("Class name holds the invisible control character U+" in page)
    )
    with app.app_context():
        assert db.session.scalars(select(Classroom)).all() == []


def test_a_renamed_class_and_student_keep_their_names(app, teacher_id):
    client = logged_in(app)
    with app.app_context():
        room_id = add_classroom(teacher_id)
        student_id = add_student(room_id, "Ana Diaz")
    renamed = post(client, f"/teacher/classes/{room_id}/rename", {"name": "Period 3\n<script>"})
    assert "Class name must be one line: remove the line break." in renamed.get_data(as_text=True)
    student_renamed = post(client, f"/teacher/students/{student_id}/rename", {"name": "Ana\rDiaz"})
    assert "Student&#39;s name must be one line" in student_renamed.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Classroom, room_id).name == "Period 3 Civics"
        assert db.session.get(Student, student_id).name == "Ana Diaz"


def test_sign_up_refuses_a_line_break_in_the_name_and_the_email(app):
    app.config["QUIZAPP_SIGNUP"] = True
    client = app.test_client()
    token = csrf_token(client.get("/teacher/signup").get_data(as_text=True))
    data = {"name": "Ms\nLee", "email": "lee@school.example\r\nBcc: all@school.example", "password": PASSWORD,
            "csrf_token": token}  # fmt: skip
    page = client.post("/teacher/signup", data=data).get_data(as_text=True)
    assert "Your name must be one line: remove the line break." in page
    assert "Email must be one line: remove the line break." in page
    with app.app_context():
        assert db.session.scalars(select(Teacher)).all() == []


def test_a_join_code_or_name_with_a_control_character_is_refused(app, classroom):
    code, _ = classroom
    page = join(app.test_client(), code[:3] + "\n" + code[3:], "Ana Diaz").get_data(as_text=True)
    assert "Class code must be one line: remove the line break." in page
    named = join(app.test_client(), code, "Ana\nDiaz").get_data(as_text=True)
    assert "Your name can only have letters, numbers, spaces and punctuation." in named
    with app.app_context():
        assert db.session.scalars(select(Student)).all() == []
