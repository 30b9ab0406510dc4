"""Written answers in a real browser: a student writes (counted and autosaved), then the teacher marks the
class's answers on the marking queue with the keyboard alone, and the student sees the mark and comment."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Attempt, Mark, Response, Student, utcnow
from quizapp.names import name_key
from quizapp.student.attempts import questions_for
from quizapp.student.scores import score_attempt
from tests.browser.conftest import check_accessibility, screenshot
from tests.browser.flows import attempt_items, fits, join, set_quiz, start, stored_answer, wait_until_saved
from tests.web.conftest import PASSWORD

BANK = "written-responses"
KEY = "who-says-so"
WRITER = "Ana Díaz"
ANSWER = "The report names the BBC, so I can look up the BBC story and check that Harris said it."
OTHERS = {"Ben Okafor": "It is good that it says where it came from.", "Cleo Marsh": "Harris said do not come."}


def _others_submit(app, assignment_id: int) -> None:
    """Two classmates who wrote their answers on other devices (made in the database, scored as on submit)."""
    with app.app_context():
        from quizapp.models import Assignment

        assignment = db.session.get(Assignment, assignment_id)
        for number, (name, text) in enumerate(OTHERS.items(), 1):
            student = Student(classroom_id=assignment.classroom_id, name=name, name_key=name_key(name))
            attempt = Attempt(assignment=assignment, student=student, submitted_at=utcnow() + timedelta(seconds=number))
            db.session.add(attempt)
            for position, version in enumerate(questions_for(assignment)):
                db.session.add(Response(attempt=attempt, question_version=version, position=position, answer=text))
            db.session.flush()
            score_attempt(attempt, attempt.responses)
        db.session.commit()


def test_a_teacher_marks_the_class_from_the_queue_with_the_keyboard_alone(browser, live_server, live_app):
    quiz = set_quiz(live_app, BANK, [KEY], "Written practice")
    student = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    join(student, live_server.url, quiz.code, WRITER)
    start(student, quiz.title)
    [item] = attempt_items(live_app, quiz.assignment_id, WRITER)
    box = student.get_by_label("Your answer")
    box.fill(ANSWER)
    words = len(ANSWER.split())
    expect(student.locator(".word-count")).to_contain_text(f"{words} words of at most 80.")
    wait_until_saved(student)
    assert stored_answer(live_app, item) == ANSWER
    assert check_accessibility(student, "written-quiz") == []
    assert fits(student), "the written answer's page scrolls sideways on a phone"
    student.get_by_role("button", name="Submit answers").click()
    expect(student.locator("p.score")).to_have_text("Waiting for your teacher to mark.")
    _others_submit(live_app, quiz.assignment_id)

    teacher = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    teacher.goto(f"{live_server.url}/teacher/login")
    teacher.get_by_label("Email").fill("teacher@school.example")
    teacher.get_by_label("Password").fill(PASSWORD)
    teacher.keyboard.press("Enter")
    expect(teacher.get_by_role("heading", name="Your classes", level=1)).to_be_visible()
    teacher.goto(f"{live_server.url}/teacher/assignments/{quiz.assignment_id}")
    teacher.get_by_role("link", name="Mark written answers").click()
    expect(teacher.get_by_role("cell", name="0 of 3 marked")).to_be_visible()
    teacher.get_by_role("link", name=re.compile("^Mark")).click()

    progress = teacher.locator("#marking-progress")
    expect(progress).to_have_text("0 of 3 marked")
    expect(teacher.get_by_role("heading", name="Answer 1 of 3")).to_be_visible()
    expect(teacher.locator(".marking-student")).not_to_contain_text(WRITER)  # blind by default
    expect(teacher.locator(".written-answer-text")).to_have_text(ANSWER)  # submitted first
    assert check_accessibility(teacher, "marking-queue") == []
    assert fits(teacher), "the marking page scrolls sideways on a phone"

    teacher.keyboard.press("1")  # Proficient: saved, and the next answer opens
    expect(progress).to_have_text("1 of 3 marked")
    expect(teacher.get_by_role("heading", name="Answer 2 of 3")).to_be_visible()

    # A comment: Tab into its box, type (digits typed there are words, not levels), Tab out, press 2.
    comment = teacher.get_by_label(re.compile("^Comment to the student"))
    for _ in range(60):
        if comment.evaluate("element => element === document.activeElement"):
            break
        teacher.keyboard.press("Tab")
    teacher.keyboard.type("Say which 1 outlet you would check.")
    expect(progress).to_have_text("1 of 3 marked")
    teacher.keyboard.press("Tab")
    teacher.keyboard.press("2")  # Emerging
    expect(progress).to_have_text("2 of 3 marked")
    expect(teacher.get_by_role("heading", name="Answer 3 of 3")).to_be_visible()
    screenshot(teacher, "marking-queue-last")
    teacher.keyboard.press("3")  # Beginning: the last one, so back to the overview
    expect(teacher.get_by_role("cell", name="3 of 3 marked")).to_be_visible()

    with live_app.app_context():
        marks = db.session.scalars(select(Mark).order_by(Mark.id)).all()
        assert [(m.level, m.comment) for m in marks] == [
            ("Proficient", None),
            ("Emerging", "Say which 1 outlet you would check."),
            ("Beginning", None),
        ]
    student.reload()
    expect(student.locator("p.score")).to_have_text("2 / 2 points")
    expect(student.get_by_text("Proficient", exact=True)).to_be_visible()
