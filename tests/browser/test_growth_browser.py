"""Pre and post in a real browser: a teacher sets a pair, two students take both tests, the growth page shows it.

Ada calls every statement "distorted" on the pre-test (d′ 0) and judges every one right on the
post-test; Bo judges every one right both times. Each is given one form before and the other after,
never a statement twice; the teacher's growth page shows both, the class's change and the chart,
and has no serious or critical accessibility violations.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Classroom, GrowthPair
from tests.browser.conftest import check_accessibility
from tests.browser.flows import PHONE, attempt_items, fits, give, join, start, wait_until_saved
from tests.web.conftest import PASSWORD, add_teacher

CLASS = "Period 5 Media"
TITLE = "Spotting distortions"
BANK_TITLE = "Accurate or distorted? Judging renderings of the reports"
ADA, BO = "Ada Lovel", "Bo Reyes"


def _accessible(page, name: str) -> None:
    assert check_accessibility(page, name) == []
    assert fits(page), f"{name} scrolls sideways on a phone"


def _take(page, app, name: str, title: str, cynic: bool) -> set[str]:
    """The student, on their own device, opens the test, answers every statement and submits; the keys answered."""
    corpus = corpus_of(app)
    page.get_by_role("link", name="Your classes").first.click()
    start(page, title)
    assignment_id = int(re.search(r"/assignments/(\d+)", page.url).group(1))
    items = attempt_items(app, assignment_id, name)
    for item in items:
        if cynic:
            page.get_by_role("group", name=item.question.prompt).get_by_label("Distorted", exact=True).check()
        else:
            give(page, item, corpus)
    wait_until_saved(page)
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/results$"))
    return {item.question.id for item in items}


def test_a_pre_post_pair_from_setting_it_to_the_growth_page(page, browser, live_server, live_app):
    with live_app.app_context():
        teacher_id = add_teacher(email="okoye@school.example")
        room = Classroom(teacher_id=teacher_id, name=CLASS)
        db.session.add(room)
        db.session.commit()
        code, room_id = room.join_code, room.id

    page.goto(f"{live_server.url}/teacher/login")
    page.get_by_label("Email").fill("okoye@school.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/teacher/classes/{room_id}")
    page.get_by_role("link", name="Pre and post").click()
    expect(page.get_by_role("heading", name=f"Pre and post: {CLASS}", level=1)).to_be_visible()
    _accessible(page, "growth-form")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Question bank").select_option(label=BANK_TITLE)
    page.get_by_role("button", name="Set the pair").click()
    expect(page.get_by_role("status")).to_contain_text(f"“{TITLE}” is set")
    expect(page.get_by_role("heading", name=f"Growth: {TITLE}", level=1)).to_be_visible()
    growth_url = page.url

    # Two students, each on a device of their own, take the pre-test and later the post-test.
    devices = {name: browser.new_context(viewport=PHONE) for name in (ADA, BO)}
    try:
        students_pages = {name: context.new_page() for name, context in devices.items()}
        for name, student_page in students_pages.items():
            join(student_page, live_server.url, code, name)
        pre_ada = _take(students_pages[ADA], live_app, ADA, f"{TITLE} (pre)", cynic=True)
        pre_bo = _take(students_pages[BO], live_app, BO, f"{TITLE} (pre)", cynic=False)
        post_ada = _take(students_pages[ADA], live_app, ADA, f"{TITLE} (post)", cynic=False)
        post_bo = _take(students_pages[BO], live_app, BO, f"{TITLE} (post)", cynic=False)
    finally:
        for context in devices.values():
            context.close()
    with live_app.app_context():
        pair = db.session.scalar(select(GrowthPair))
        forms = {frozenset(pair.form_a), frozenset(pair.form_b)}
    for before, after in ((pre_ada, post_ada), (pre_bo, post_bo)):
        assert before.isdisjoint(after) and {frozenset(before), frozenset(after)} == forms
    assert pre_ada != pre_bo  # the two students were counterbalanced: one A then B, the other B then A

    page.goto(growth_url)
    expect(page.get_by_text("1 student A then B, 1 student B then A")).to_be_visible()
    students = page.get_by_role("table", name="Each student's pre and post").locator("tbody tr")
    expect(students).to_have_count(2)
    # Perfect on 6 + 6 statements: d′ 2.93 (log-linear); all "distorted": d′ 0 and c −1.47.
    expect(students.filter(has_text=ADA)).to_contain_text("50 %")
    expect(students.filter(has_text=ADA).locator("td").nth(3)).to_have_text("0.00")
    expect(students.filter(has_text=ADA).locator("td").nth(4)).to_have_text("2.93")
    expect(students.filter(has_text=ADA).locator("td").nth(5)).to_have_text("\u22121.47")
    expect(students.filter(has_text=BO).locator("td").nth(3)).to_have_text("2.93")
    changes = page.get_by_role("table", name="The class's mean change from pre to post")
    expect(changes.get_by_role("row", name=re.compile("^d′ \\(telling"))).to_contain_text("+1.47")
    chart = page.get_by_role("img", name=re.compile("d′ before and after"))
    expect(chart).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    text = download_info.value.path().read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Student,Order,Pre score,Post score")
    _accessible(page, "growth-page")

    # The class's discernment page over both tests, and Ada's own page, in words and numbers.
    page.goto(f"{live_server.url}/teacher/classes/{room_id}")
    page.get_by_role("link", name="Discernment").click()
    expect(page.get_by_role("heading", name=f"Discernment: {CLASS}", level=1)).to_be_visible()
    table = page.get_by_role("table", name="Each student's discernment over all skills")
    expect(table.locator("tbody tr")).to_have_count(2)
    _accessible(page, "discernment-class")
    table.get_by_role("link", name=ADA).click()
    expect(page.get_by_role("heading", name=f"Discernment: {ADA}", level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(f"{ADA}'s calibration"))).to_be_visible()
    _accessible(page, "discernment-student")
