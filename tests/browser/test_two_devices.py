"""Two browsers, one name: the second device typing Alice's name sees nothing of hers (no quiz, key,
explanation or score) until the teacher lets it in, and then continues Alice's own attempt."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility
from tests.browser.flows import PHONE, join, set_quiz, start
from tests.web.conftest import PASSWORD

BANK = "harris-trip-2021"
KEYS = ["who-said-do-not-come", "length-of-visit"]
ALICE = "Alice Moreno"


def test_a_second_device_with_alices_name_waits_for_the_teacher_then_continues_her_attempt(
    browser, live_server, live_app
):
    quiz = set_quiz(live_app, BANK, KEYS, "Two devices")
    alice_context = browser.new_context(viewport=PHONE)
    other_context = browser.new_context(viewport=PHONE)
    teacher_context = browser.new_context()
    try:
        alice = alice_context.new_page()
        join(alice, live_server.url, quiz.code, ALICE)
        start(alice, quiz.title)
        expect(alice.get_by_role("button", name="Submit answers")).to_be_visible()

        other = other_context.new_page()
        other.goto(f"{live_server.url}/join")
        other.get_by_label("Class code").fill(quiz.code)
        other.get_by_label("Your name").fill(ALICE.lower())
        other.get_by_role("button", name="Join", exact=True).click()
        expect(other.get_by_text(f"Someone called {ALICE} is already in this class")).to_be_visible()
        assert check_accessibility(other, "join-name-taken") == []
        other.goto(f"{live_server.url}/assignments/{quiz.assignment_id}")
        expect(other).to_have_url(re.compile(r"/join$"))  # nothing of Alice's here
        other.get_by_label("Class code").fill(quiz.code)
        other.get_by_label("Your name").fill(ALICE)
        other.get_by_role("button", name="Join", exact=True).click()
        other.get_by_role("button", name=f"Ask my teacher to let me in as {ALICE}").click()
        expect(other.get_by_role("status").filter(has_text="Waiting for your teacher")).to_be_visible()

        teacher = teacher_context.new_page()
        teacher.goto(f"{live_server.url}/teacher/login")
        teacher.get_by_label("Email").fill("teacher@school.example")
        teacher.get_by_label("Password").fill(PASSWORD)
        teacher.get_by_role("button", name="Log in").click()
        waiting = teacher.get_by_role("region", name="Waiting to join")
        expect(waiting).to_contain_text(f"{ALICE} (new device, Period 3 Civics)")
        assert check_accessibility(teacher, "dashboard-waiting") == []
        waiting.get_by_role("button", name=f"Let in {ALICE}").click()
        expect(teacher.get_by_text(f"{ALICE} can now join on the new device.")).to_be_visible()

        other.get_by_role("link", name="Check again").click()
        welcome = other.get_by_role("status").filter(has_text=f"Your teacher let you in. Welcome back, {ALICE}!")
        expect(welcome).to_be_visible()
        other.get_by_role("link", name=quiz.title, exact=True).click()
        expect(other.get_by_role("button", name="Submit answers")).to_be_visible()  # Alice's attempt, not a new one
        for page in (alice, other, teacher):
            page.wait_for_load_state("networkidle")
    finally:
        for context in (alice_context, other_context, teacher_context):
            context.close()
