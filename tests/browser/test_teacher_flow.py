"""A teacher in a real browser: logs in, creates a class, sets a bank, and reads two students' results.

The students take the quiz in browser contexts of their own (two devices); the teacher then finds
both in the gradebook, the item analysis, the results per skill and the downloaded CSV. Every
dashboard page visited must have no serious or critical accessibility violations.
"""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import expect

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Bank
from tests.browser.conftest import check_accessibility
from tests.browser.flows import (
    PHONE,
    attempt_items,
    attempts_of,
    fits,
    give,
    join,
    start,
    wait_until_saved,
)
from tests.web.conftest import PASSWORD, add_teacher

BANK = "harris-trip-2021"
BANK_TITLE = '"Do not come": four reports of one trip'
CHOSEN = {  # question key -> prompt, as the assignment form lists them
    "who-said-do-not-come": 'Who told migrants "Do not come. Do not come."?',
    "giammattei-did-not-say-do-not-come": "Guatemala's President Alejandro Giammattei also told migrants",
    "length-of-visit": "According to the AP, how many days did Harris's visit to the region last?",
    "announced-on-the-trip": "Which of these do the reports say happened or were announced during Harris's trip?",
    "harris-did-not-respond": "Claim: Newsweek's own wording leaves open that Harris answered",
}
TITLE = "Who said what"
CLASS = "Period 4 Media"
ANA, BEN = "Ana Díaz", "Ben Okafor"
BEN_GETS_WRONG = {"giammattei-did-not-say-do-not-come", "length-of-visit"}  # 1 point each, of 6


def _take_quiz(browser, base_url: str, app, code: str, name: str, wrong: set[str]) -> tuple[float, float]:
    """A student on a device of their own joins, answers (wrong on ``wrong``) and submits; (earned, possible)."""
    corpus = corpus_of(app)
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        join(page, base_url, code, name)
        start(page, TITLE)
        assignment_id = int(re.search(r"/assignments/(\d+)", page.url).group(1))
        items = attempt_items(app, assignment_id, name)
        keys = {item.question.id for item in items}
        assert keys == set(CHOSEN)
        for item in items:
            give(page, item, corpus, right=item.question.id not in wrong)
        wait_until_saved(page)
        page.get_by_role("button", name="Submit answers").click()
        page.wait_for_url(re.compile(r"/attempts/\d+/results$"))
        earned = sum(item.points for item in items if item.question.id not in wrong)
        possible = sum(item.points for item in items)
        expect(page.locator(".score")).to_have_text(f"{earned:g} / {possible:g} points")
        [attempt] = attempts_of(app, assignment_id, name)
        assert (attempt.earned, attempt.possible) == (earned, possible)
        return earned, possible
    finally:
        context.close()


def _skill_share(questions, skill: str, wrong: set[str] | None) -> str:
    """The percentage of the points on ``skill`` earned by a student wrong on ``wrong`` (None: the class)."""
    practising = [q for q in questions if skill in q.skills]
    students = [set(), BEN_GETS_WRONG] if wrong is None else [wrong]
    earned = sum(q.points for q in practising for gets_wrong in students if q.id not in gets_wrong)
    return f"{100 * earned / (len(students) * sum(q.points for q in practising)):.0f}"


def _accessible(page, name: str) -> None:
    assert check_accessibility(page, name) == []
    assert fits(page), f"{name} scrolls sideways on a phone"


def test_teacher_sets_a_bank_and_sees_two_students_results(page, browser, live_server, live_app):
    with live_app.app_context():
        add_teacher(email="rivera@school.example")
        bank = db.session.get(Bank, BANK)
        bank_size = len(bank.current_questions)
        chosen_questions = [v.question for v in bank.current_questions if v.question_key in CHOSEN]

    # Log in through the form.
    page.goto(f"{live_server.url}/teacher/login")
    _accessible(page, "teacher-login")
    page.get_by_label("Email").fill("rivera@school.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your classes", level=1)).to_be_visible()
    expect(page.get_by_text("You have no classes yet.")).to_be_visible()
    _accessible(page, "teacher-dashboard-empty")

    # Create a class and read its join code from the page.
    page.get_by_role("link", name="New class").click()
    _accessible(page, "teacher-class-form")
    page.get_by_label("Class name").fill(CLASS)
    page.get_by_role("button", name="Create the class").click()
    expect(page.get_by_role("heading", name=CLASS, level=1)).to_be_visible()
    code = page.locator(".join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    expect(page.get_by_role("status")).to_contain_text(f"Students join with the code {code}.")
    _accessible(page, "teacher-class-new")

    # Set the bank in two steps: choose it, then its questions and rules.
    page.get_by_role("link", name="New assignment").click()
    _accessible(page, "teacher-assignment-bank")
    page.get_by_label("Question bank").select_option(label=BANK_TITLE)
    page.get_by_role("button", name="Next: questions and rules").click()
    expect(page.get_by_role("heading", name=f"New assignment for {CLASS}")).to_be_visible()
    page.get_by_label("Title").fill(TITLE)
    questions = page.get_by_role("group", name="Questions")
    boxes = questions.get_by_role("checkbox")
    expect(boxes).to_have_count(bank_size)  # the whole bank, ticked
    for box in boxes.all():
        expect(box).to_be_checked()
        box.uncheck()
    for prompt in CHOSEN.values():
        questions.get_by_label(prompt).check()
    expect(page.get_by_label("Shuffle the questions for each student")).to_be_checked()
    expect(page.get_by_label("After the assignment closes")).to_be_checked()
    _accessible(page, "teacher-assignment-form")
    # The students here see their results at once: in a class without a PIN that takes saying so.
    page.get_by_label("As soon as they submit").check()
    page.get_by_role("button", name="Set the assignment").click()
    expect(page.locator(".reveal-warning")).to_contain_text("anyone with its code can join under a new name")
    page.get_by_label("Show the answers as soon as they submit all the same").check()
    page.get_by_role("button", name="Set the assignment").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"“{TITLE}” is set for {CLASS}.")
    expect(page.locator(".lead")).to_contain_text("0 of 0 students submitted")
    expect(page.locator("h2:text-is('Questions') + ol > li")).to_have_count(len(CHOSEN))
    assignment_url = page.url

    # Two students, two devices: Ana answers everything right, Ben gets two questions wrong.
    totals = {
        ANA: _take_quiz(browser, live_server.url, live_app, code, ANA, set()),
        BEN: _take_quiz(browser, live_server.url, live_app, code, BEN, BEN_GETS_WRONG),
    }
    assert totals == {ANA: (6, 6), BEN: (4, 6)}

    page.goto(assignment_url)
    expect(page.locator(".lead")).to_contain_text("2 of 2 students submitted")
    _accessible(page, "teacher-assignment")

    # The gradebook: both students with their totals.
    page.get_by_role("link", name="Gradebook", exact=True).click()
    expect(page.get_by_role("heading", name=f"Gradebook: {TITLE}")).to_be_visible()
    rows = page.locator("table.gradebook tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_role("rowheader")).to_have_text(ANA)
    expect(rows.nth(1).get_by_role("rowheader")).to_have_text(BEN)
    expect(rows.nth(0)).to_contain_text("6 / 6")
    expect(rows.nth(1)).to_contain_text("4 / 6")
    expect(rows.nth(0).locator("td", has_text="%")).to_have_text(re.compile(r"^100\s%$"))
    expect(rows.nth(1).locator("td", has_text="%")).to_have_text(re.compile(r"^67\s%$"))
    expect(rows.locator("td", has_text="Submitted")).to_have_count(2)
    expect(page.locator("tfoot")).to_contain_text("2 submitted")
    _accessible(page, "teacher-gradebook")

    # The CSV: a row per student with the totals.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="gradebook (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "period-4-media-who-said-what-gradebook.csv"
    text = download.path().read_bytes().decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [row["Student"] for row in table] == [ANA, BEN]
    assert [(row["Total"], row["Possible"], row["Percent"]) for row in table] == [("6", "6", "100"), ("4", "6", "66.7")]
    assert [row["Status"] for row in table] == ["Submitted", "Submitted"]

    # The item analysis: the test as a whole and each question's facility.
    page.get_by_role("link", name="item analysis").click()
    expect(page.get_by_role("heading", name=f"Item analysis: {TITLE}")).to_be_visible()
    stats = page.locator(".stats-grid").first
    expect(stats.locator("li", has_text="Students counted").locator(".value")).to_have_text("2")
    expect(stats.locator("li", has_text="Mean score").locator(".value")).to_have_text("5 / 6")
    item_rows = page.get_by_role("table", name="Item statistics per question").locator("tbody tr")
    expect(item_rows).to_have_count(len(CHOSEN))
    for key, prompt in CHOSEN.items():
        row = item_rows.filter(has_text=prompt[:40])
        facility = "50" if key in BEN_GETS_WRONG else "100"
        expect(row.locator("td").first).to_have_text(re.compile(rf"^{facility}\s%$"))
    expect(page.locator("svg").first).to_be_visible()  # the charts
    _accessible(page, "teacher-analysis")

    # Results per skill, from the assignment's page: the class and both students.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Results per skill").click()
    expect(page.get_by_role("heading", name=f"Results per skill: {TITLE}")).to_be_visible()
    skill_table = page.get_by_role("table", name=re.compile("Share of the points per skill"))
    skills = [header.lower() for header in skill_table.locator("thead th").all_inner_texts()[1:]]
    skill_rows = skill_table.locator("tbody tr")
    expect(skill_rows.get_by_role("rowheader")).to_have_text([re.compile("class"), ANA, BEN])
    for row, wrong in zip(skill_rows.all(), [None, set(), BEN_GETS_WRONG], strict=True):
        shares = [_skill_share(chosen_questions, skill, wrong) for skill in skills]
        expect(row.locator("td")).to_have_text([re.compile(rf"^{share}\s%$") for share in shares])
    _accessible(page, "teacher-skills")

    # The class and the dashboard now show the students.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=CLASS).click()
    roster = page.get_by_role("table", name=re.compile(f"2 students in {CLASS}"))
    expect(roster.get_by_role("rowheader")).to_have_text([ANA, BEN])
    _accessible(page, "teacher-class")
    page.get_by_role("navigation", name="Teacher").get_by_role("link", name="Classes").click()
    expect(page.get_by_text("2 of 2 students submitted")).to_be_visible()
    _accessible(page, "teacher-dashboard")
