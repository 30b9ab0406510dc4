"""LTI in a real browser: the LMS (another site: localhost, the tool on 127.0.0.1) launches a teacher,
who picks the quiz, and a student, who takes it; the score reaches the LMS. Chromium applies
SameSite as it does for schools, so this is the launch whose POST carries none of the tool's cookies.
The pages the teacher sees have no serious or critical accessibility violations."""

from __future__ import annotations

import urllib.parse

from playwright.sync_api import expect

from quizapp.db import db
from quizapp.lti.platforms import add_platform
from tests.browser.conftest import check_accessibility
from tests.lti.conftest import ANA, LINK, TEACHER
from tests.lti.platform import Platform

BANK_TITLE = '"Do not come": four reports of one trip'


def open_from_lms(page, tool_url: str, lms: Platform, user) -> None:
    """The LMS sends the browser to the tool's login URL; the browser goes through to the launch."""
    form = lms.login_form(user, LINK)
    page.goto(f"{tool_url}/lti/login?{urllib.parse.urlencode(form)}")
    page.get_by_role("button", name="Continue to the tool").click()  # the LMS's auto-posting form


def test_launch_pick_take_and_the_score_reaches_the_lms(browser, live_app, live_server):
    with Platform(f"{live_server.url}/lti/jwks.json", host="localhost") as lms:
        with live_app.app_context():
            add_platform(**lms.registration)
            db.session.commit()
        teacher = browser.new_context().new_page()
        open_from_lms(teacher, live_server.url, lms, TEACHER)
        expect(teacher.get_by_role("heading", level=1)).to_contain_text("Choose the quiz")
        assert check_accessibility(teacher, "lti-choose") == []
        teacher.get_by_role("button", name=f"Set {BANK_TITLE}").click()
        expect(teacher.get_by_text("This LMS activity now opens")).to_be_visible()
        teacher.goto(f"{live_server.url}/lti/setup")
        expect(teacher.get_by_role("heading", level=1)).to_have_text("Your LMS (LTI 1.3)")
        assert check_accessibility(teacher, "lti-setup") == []

        student = browser.new_context().new_page()
        open_from_lms(student, live_server.url, lms, ANA)
        expect(student.get_by_text("Ana Diaz", exact=False).first).to_be_visible()
        student.get_by_role("button", name="Start").click()
        student.get_by_role("button", name="Submit answers").first.click()
        student.wait_for_load_state()
        if student.url.endswith("/submit"):  # nothing answered: it asks first
            student.get_by_role("button", name="Submit answers").click()
        expect(student.get_by_text("Your answers are submitted.")).to_be_visible()
        assert [score["userId"] for score in lms.scores] == [ANA.sub]
