"""A grid question in a real browser: ticked with the keyboard only, each box named "claim — report",
autosaved, and laid out for a phone without sideways scrolling."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from quizapp.corpus_cache import corpus_of
from tests.browser.conftest import check_accessibility, screenshot
from tests.browser.flows import PHONE, attempt_items, fits, join, set_quiz, start, stored_answer, wait_until_saved

BANK = "comparing-coverage"
GRID = "who-carries-which-quote"
STUDENT = "Ana Díaz"


def _tab_to(page, target, limit: int = 80) -> None:
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def test_a_grid_ticked_with_the_keyboard_only(browser, live_server, live_app):
    """On a desktop-wide screen, where the grid is a table with the reports as column headers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        _tick_with_the_keyboard(context.new_page(), live_server, live_app)
    finally:
        context.close()


def _tick_with_the_keyboard(page, live_server, live_app):
    quiz = set_quiz(live_app, BANK, [GRID], "Who carries what")
    join(page, live_server.url, quiz.code, STUDENT)
    start(page, quiz.title)
    [item] = attempt_items(live_app, quiz.assignment_id, STUDENT)
    question, corpus = item.question, corpus_of(live_app)
    group = page.get_by_role("group", name=question.prompt)
    # Tab from box to box in reading order (row by row); Space ticks the boxes the key ticks.
    for claim in question.claims:
        for article in question.articles:
            box = group.get_by_role("checkbox", name=f"{claim} — {corpus[article].label}", exact=True)
            _tab_to(page, box)
            if (claim, article) in question.answers:
                page.keyboard.press("Space")
            expect(box).to_be_checked(checked=(claim, article) in question.answers)
    # The table layout: the reports' names are column headers, not repeated beside each box.
    expect(group.locator("thead th").nth(1)).to_be_visible()
    assert group.locator("td .grid-cell-name").first.bounding_box()["width"] <= 1  # visually hidden, still named
    screenshot(page, "grid-desktop")
    wait_until_saved(page)
    assert stored_answer(live_app, item) == {claim: list(question.carriers(claim)) for claim in question.claims}
    page.reload()
    checked = group.locator("input[type=checkbox]:checked")
    expect(checked).to_have_count(len(question.answers))
    _tab_to(page, page.get_by_role("button", name="Submit answers"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attempts/\d+/results$"))
    expect(page.locator(".score")).to_have_text("1 / 1 point")
    expect(page.locator(".grid-tally")).to_have_text("8 of 8 boxes right.")
    assert check_accessibility(page, "grid-results") == []


def test_a_grid_fits_a_phone_and_names_each_report_beside_its_box(browser, live_server, live_app):
    quiz = set_quiz(live_app, BANK, [GRID], "Grid on a phone")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        join(page, live_server.url, quiz.code, STUDENT)
        start(page, quiz.title)
        [item] = attempt_items(live_app, quiz.assignment_id, STUDENT)
        corpus = corpus_of(live_app)
        group = page.get_by_role("group", name=item.question.prompt)
        assert fits(page)
        # On a narrow screen the report's name is shown beside each box, and tapping it ticks the box
        # (the first report carries the first claim; every other box left empty: 4 of 8 boxes right).
        first_article = item.question.articles[0]
        names = group.locator(".grid-cell-name", has_text=corpus[first_article].label)
        expect(names.first).to_be_visible()
        names.first.click()
        claim = item.question.claims[0]
        expect(group.get_by_role("checkbox", name=f"{claim} — {corpus[first_article].label}")).to_be_checked()
        screenshot(page, "grid-phone")
        assert check_accessibility(page, "grid-phone-quiz") == []
        # The results, box by box, fit the phone too: each claim a block, each box named.
        page.get_by_role("button", name="Submit answers").click()
        page.wait_for_url(re.compile(r"/attempts/\d+/results$"))
        expect(page.locator(".grid-tally")).to_have_text("4 of 8 boxes right.")
        expect(page.locator(".grid-result .grid-cell-name").first).to_be_visible()
        assert fits(page)
        assert check_accessibility(page, "grid-phone-results") == []
    finally:
        context.close()
