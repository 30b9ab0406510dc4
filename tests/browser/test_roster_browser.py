"""A class locked to its list, in a real browser and by keyboard: the teacher pastes the names, locks the
class and prints the login cards; a student picks their name and types the code from their card."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, no_horizontal_scroll
from tests.browser.flows import PHONE, set_quiz
from tests.web.conftest import PASSWORD

NAMES = ["Ana Díaz", "Ben Okafor", "Cara Lin"]


def test_a_teacher_lists_a_class_and_a_student_joins_with_the_card(browser, live_server, live_app):
    quiz = set_quiz(live_app, "harris-trip-2021", ["who-said-do-not-come"], "Card quiz")
    teacher_context = browser.new_context()
    student_context = browser.new_context(viewport=PHONE)
    try:
        teacher = teacher_context.new_page()
        teacher.goto(f"{live_server.url}/teacher/login")
        teacher.get_by_label("Email").fill("teacher@school.example")
        teacher.get_by_label("Password").fill(PASSWORD)
        teacher.get_by_role("button", name="Log in").click()
        teacher.get_by_role("link", name="Period 3 Civics").first.click()
        teacher.get_by_role("link", name="Add students").click()
        assert check_accessibility(teacher, "roster-add") == []
        teacher.get_by_label("Names, one a line").fill("\n".join(NAMES))
        teacher.get_by_role("button", name="Add the students").click()
        expect(teacher.get_by_text("Added 3 students to Period 3 Civics.")).to_be_visible()
        teacher.get_by_label(re.compile("^Only the students on the class list")).check()
        teacher.get_by_role("button", name="Save who can join").click()
        expect(teacher.get_by_text("Only the students on the list can join now")).to_be_visible()
        assert check_accessibility(teacher, "class-roster-locked") == []
        teacher.get_by_role("link", name="Student codes and login cards").click()
        cards = teacher.locator(".card")
        expect(cards).to_have_count(3)
        assert check_accessibility(teacher, "login-cards") == []
        card = cards.filter(has_text="Cara Lin")
        student_code = card.locator(".card-code").last.inner_text()
        expect(card).to_contain_text(quiz.code)

        student = student_context.new_page()
        student.goto(f"{live_server.url}/join")
        student.get_by_label("Class code").fill(quiz.code)
        student.get_by_label("Class code").press("Enter")  # no name yet: the class's list comes up
        name = student.get_by_label("Your name")
        expect(name).to_have_js_property("tagName", "SELECT")
        assert check_accessibility(student, "join-pick-name") == []
        assert no_horizontal_scroll(student)
        name.focus()
        name.select_option("Cara Lin")
        student.get_by_label("Your student code").fill(student_code.lower())
        student.get_by_label("Your student code").press("Enter")
        expect(student.get_by_role("status")).to_contain_text("Welcome, Cara Lin!")
        expect(student.get_by_role("link", name=quiz.title, exact=True)).to_be_visible()
    finally:
        teacher_context.close()
        student_context.close()
