"""Script in names and answers stays text: a student's display name, a class name, a teacher's name,
an assignment title and a typed answer that are HTML (or spreadsheet formulas) appear escaped on
every page that shows them, as plain cells in the CSV exports, and as literal text in the PDF."""

from __future__ import annotations

from markupsafe import escape
from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Assignment, Classroom, Student, Teacher
from tests.web.teacher_helpers import logged_in, parse_csv
from tests.web.test_access_matrix import build_world, classify, every_request
from tests.web.test_student_support import attempt_id_of, join, post_answers, questions_of, text_of
from tests.web.test_teacher_printing import pdf_text, squash

STUDENT = "<img src=x onerror=alert(1)>"
FORMULA_STUDENT = '=HYPERLINK("http://evil.example","x")'
CLASS = "<script>alert('class')</script> & Co"
TEACHER = '<svg onload=alert("teacher")>'
TITLE = '"><script>alert(2)</script>'
ANSWER = "</textarea><script>alert(3)</script>"
PAYLOADS = {"student": STUDENT, "class": CLASS, "teacher": TEACHER, "title": TITLE, "answer": ANSWER}


def _hostile_world(app, teacher_id: int) -> dict:
    world = build_world(app, teacher_id)
    with app.app_context():
        db.session.get(Teacher, teacher_id).name = TEACHER
        db.session.get(Classroom, world["classroom"]).name = CLASS
        db.session.get(Assignment, world["open_assignment"]).title = TITLE
        db.session.commit()
    # The hostile student joins through the real form and types the hostile answer into the quiz.
    browser = app.test_client()
    assert join(browser, world["code"], STUDENT).status_code == 302
    assert join(app.test_client(), world["code"], FORMULA_STUDENT).status_code == 302
    browser.post(f"/assignments/{world['open_assignment']}/start",
                 data={"csrf_token": _token(browser)})
    quiz = text_of(browser.get(f"/assignments/{world['open_assignment']}"))
    attempt_id = attempt_id_of(quiz)
    short = next(rid for rid, question in questions_of(app, attempt_id) if question.type == "short")
    assert post_answers(browser, quiz, {f"q-{short}": ANSWER}, action="submit", confirm="yes").status_code == 302
    with app.app_context():
        world["hostile_student"] = db.session.scalar(select(Student.id).where(Student.name == STUDENT))
    world["hostile_attempt"] = attempt_id
    world["browser"] = browser
    return world


def _token(client) -> str:
    from tests.web.conftest import csrf_token

    return csrf_token(text_of(client.get("/join")))


def test_payloads_are_escaped_on_every_page(app, teacher_id):
    world = _hostile_world(app, teacher_id)
    world["student"], world["attempt"] = world["hostile_student"], world["hostile_attempt"]  # their pages too
    teacher = logged_in(app)
    shown = set()
    for endpoint, method, url in every_request(app, world):
        if method != "GET" or endpoint == "static":
            continue
        kind = classify(endpoint)
        client = world["browser"] if kind in ("student", "own-student") else teacher
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        html = text_of(response)
        for name, payload in PAYLOADS.items():
            assert payload not in html, (url, name)
            if str(escape(payload)) in html:
                shown.add(name)
    # The checks above looked at pages that do show every payload (escaped).
    assert shown == set(PAYLOADS), shown


def test_csv_exports_hold_the_payloads_as_plain_text_and_no_formula(app, teacher_id):
    world = _hostile_world(app, teacher_id)
    teacher = logged_in(app)
    cells = []
    for name in ("gradebook.csv", "responses.csv"):
        response = teacher.get(f"/teacher/assignments/{world['open_assignment']}/{name}")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        cells += [cell for row in parse_csv(response.data) for cell in row]
    assert STUDENT in cells
    assert ANSWER in cells
    assert "'" + FORMULA_STUDENT in cells  # a leading apostrophe: the spreadsheet shows text, runs nothing
    assert FORMULA_STUDENT not in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]


def test_the_pdf_prints_the_names_as_literal_text(app, teacher_id):
    world = _hostile_world(app, teacher_id)
    teacher = logged_in(app)
    response = teacher.get(f"/teacher/assignments/{world['open_assignment']}/export/quiz?format=pdf&versions=1")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    text = pdf_text(response.data)
    # Printed as the characters typed: the markup was escaped, not rendered (a rendered <script>
    # would leave no text, a rendered <b> no angle brackets).
    assert squash(CLASS) in text
    assert squash(TITLE) in text
