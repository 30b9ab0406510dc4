"""The network drops in the middle of a quiz: nothing the student answers meanwhile is lost.

Playwright cuts the browser's network (context.set_offline). The student keeps answering; the
page shows "Not saved yet — keep this page open" at the top; a button pressed meanwhile stays on
the page; when the network is back every answer reaches the database and the local copies go.
The same copies put the answers back into a quiz page opened again after its tab was closed.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from quizapp.corpus_cache import corpus_of
from tests.browser.conftest import check_accessibility
from tests.browser.flows import (
    attempt_items,
    attempts_of,
    expect_blank,
    expect_given,
    give,
    join,
    save_status,
    set_quiz,
    start,
    stored_answer,
    stored_earns,
    wait_until_saved,
)

BANK = "harris-trip-2021"
QUESTIONS = [
    "who-said-do-not-come",  # choice
    "announced-on-the-trip",  # multi
    "giammattei-did-not-say-do-not-come",  # truefalse
    "initially-ignored",  # short
    "length-of-visit",  # numeric
    "match-quote-to-speaker",  # match
    "do-not-come-context",  # source
    "first-foreign-trip",  # evidence
]
STUDENT = "Ana Díaz"
BANNER = "Not saved yet — keep this page open."

_LOCAL_COPIES = """() => {
  const form = document.querySelector("form[data-autosave]");
  const prefix = "quizapp-unsaved:" + form.getAttribute("action") + ":";
  return Object.keys(localStorage).filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
}"""


def _local_copies(page) -> set[int]:
    """The response ids whose answers the page keeps in localStorage, not yet acknowledged."""
    return {int(key) for key in page.evaluate(_LOCAL_COPIES)}


def test_answers_given_offline_all_arrive_when_the_network_is_back(page, live_server, live_app):
    corpus = corpus_of(live_app)
    quiz = set_quiz(live_app, BANK, QUESTIONS, "Offline quiz")
    join(page, live_server.url, quiz.code, STUDENT)
    start(page, quiz.title)
    items = attempt_items(live_app, quiz.assignment_id, STUDENT)
    online, offline = items[:2], items[2:]
    for item in online:
        give(page, item, corpus)
    wait_until_saved(page)
    banner = page.locator("#save-status-live")
    expect(banner).to_have_class("visually-hidden")  # only a screen reader's, while everything is saved

    page.context.set_offline(True)
    for item in offline:
        give(page, item, corpus)
    expect(banner).to_have_class("save-banner")
    expect(banner).to_contain_text(BANNER)
    expect(banner).to_have_attribute("role", "status")
    expect(banner).to_be_in_viewport()  # at the top of the screen, wherever the student has scrolled
    expect(save_status(page)).to_contain_text("Not saved yet")
    assert check_accessibility(page, "student-quiz-offline") == []  # the banner's contrast among the rest
    assert _local_copies(page) == {item.response_id for item in offline}
    assert [stored_answer(live_app, item) for item in offline] == [None] * len(offline)

    # Submit while offline: the page stays (no browser error page), keeps every answer and says why.
    page.get_by_role("button", name="Submit answers").click()
    expect(banner).to_contain_text("you are offline")
    expect(page).to_have_url(re.compile(rf"/assignments/{quiz.assignment_id}$"))
    for item in items:
        expect_given(page, item, corpus)
    assert attempts_of(live_app, quiz.assignment_id, STUDENT)[0].submitted_at is None

    # Back online: every answer is saved, the local copies are gone and so is the banner.
    page.context.set_offline(False)
    wait_until_saved(page)
    expect(banner).to_have_class("visually-hidden")
    assert _local_copies(page) == set()
    assert [stored_earns(live_app, item) for item in items] == [item.points for item in items]

    page.get_by_role("button", name="Submit answers").click()
    expect(page).to_have_url(re.compile(r"/attempts/\d+/results$"))
    total = sum(item.points for item in items)
    expect(page.locator(".score")).to_have_text(f"{total:g} / {total:g} points")


def test_answers_kept_offline_are_put_back_when_the_quiz_is_opened_again(browser, live_server, live_app):
    corpus = corpus_of(live_app)
    quiz = set_quiz(live_app, BANK, QUESTIONS, "Offline quiz")
    context = browser.new_context()
    try:
        page = context.new_page()
        join(page, live_server.url, quiz.code, STUDENT)
        start(page, quiz.title)
        items = attempt_items(live_app, quiz.assignment_id, STUDENT)
        kept = items[: len(items) // 2]
        context.set_offline(True)
        for item in kept:
            give(page, item, corpus)
        expect(page.locator("#save-status-live")).to_contain_text(BANNER)
        assert _local_copies(page) == {item.response_id for item in kept}
        page.close()  # the tab closed (or the battery died) before the network came back
        assert [stored_answer(live_app, item) for item in kept] == [None] * len(kept)

        context.set_offline(False)
        page = context.new_page()
        page.goto(f"{live_server.url}/assignments/{quiz.assignment_id}")
        for item in kept:
            expect_given(page, item, corpus)
        for item in items[len(kept) :]:
            expect_blank(page, item)
        wait_until_saved(page)
        assert _local_copies(page) == set()
        assert [stored_earns(live_app, item) for item in kept] == [item.points for item in kept]
        assert [stored_answer(live_app, item) for item in items[len(kept) :]] == [None] * (len(items) - len(kept))
    finally:
        context.close()


def test_the_banner_does_not_move_the_questions_under_the_students_finger(page, live_server, live_app):
    """The banner appears while the student is answering: the next option must stay where it was, or
    the tap meant for it lands on another (a banner in the page's flow pushed every question down)."""
    corpus = corpus_of(live_app)
    quiz = set_quiz(live_app, BANK, QUESTIONS, "Offline quiz")
    join(page, live_server.url, quiz.code, STUDENT)
    start(page, quiz.title)
    first, second = attempt_items(live_app, quiz.assignment_id, STUDENT)[:2]
    fieldset = page.locator("fieldset.question").nth(1)
    before = fieldset.bounding_box()
    page.context.set_offline(True)
    give(page, first, corpus)
    banner = page.locator("#save-status-live")
    expect(banner).to_have_class("save-banner")
    expect(banner).to_be_in_viewport()
    after = fieldset.bounding_box()
    assert before is not None and after is not None
    assert after["y"] == before["y"]
    give(page, second, corpus)
    expect_given(page, second, corpus)


def test_a_field_focused_under_the_banner_scrolls_clear_of_it(browser, live_server, live_app):
    """The banner covers the top of the screen: a field the keyboard moves to there must not stay
    hidden under it (WCAG 2.4.11, focus not obscured)."""
    corpus = corpus_of(live_app)
    quiz = set_quiz(live_app, BANK, QUESTIONS, "Offline quiz")
    context = browser.new_context(viewport={"width": 390, "height": 760})  # a phone
    try:
        page = context.new_page()
        join(page, live_server.url, quiz.code, STUDENT)
        start(page, quiz.title)
        context.set_offline(True)
        give(page, attempt_items(live_app, quiz.assignment_id, STUDENT)[0], corpus)
        banner = page.locator("#save-status-live")
        expect(banner).to_have_class("save-banner")
        field = page.locator("fieldset.question input[type=text]").nth(1)
        page.evaluate("y => window.scrollBy(0, y)", field.bounding_box()["y"] - 40)  # just under the banner
        assert field.bounding_box()["y"] < banner.bounding_box()["height"]
        field.focus()
        expect(field).to_be_focused()
        height = banner.bounding_box()["height"]
        assert field.bounding_box()["y"] >= height
        # The banner's words change (a button pressed offline): the padding follows its new height.
        page.get_by_role("button", name="Save", exact=True).click()
        expect(banner).to_contain_text("you are offline")
        taller = banner.bounding_box()["height"]
        assert taller > height
        page.wait_for_function(
            "() => document.documentElement.style.scrollPaddingTop === "
            "document.getElementById('save-status-live').offsetHeight + 'px'",
            timeout=5000,
        )
    finally:
        context.close()
