"""Every student page fits a 360 px phone and a 1280 px desktop without sideways scrolling, with
JavaScript off: joining, the class, the quiz, the results (a grid and reports side by side among
them) and the assignment once it has attempts. And the results of a long quiz can be found: a
summary at the top links to each question, each question links back up."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from quizapp.corpus_cache import corpus_of
from tests.browser.conftest import check_accessibility, screenshot
from tests.browser.flows import attempt_items, give, join, set_quiz, start

BANK = "comparing-coverage"
GRID = "who-carries-which-quote"  # a grid: its result is a table of boxes
SIDE_BY_SIDE = "them-blame-them"  # sources in three reports: the results set them side by side
KEYS = [GRID, SIDE_BY_SIDE, "verbs-for-aoc", "loaded-words", "aoc-tweet-trimmed"]
STUDENT = "Ana Díaz"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# Words the layout broke in two (a word whose box runs over more than one line), in visible text only;
# a line may still break after a hyphen or a dash, as text does ("Ocasio-" / "Cortez").
_BROKEN_WORDS = """(root) => {
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.getBoundingClientRect().width <= 1) continue;  // visually hidden
    const words = /[^\\s\\-\\u2010-\\u2014\\/]+/g;
    let word;
    while ((word = words.exec(node.textContent))) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  return broken;
}"""


def _fits(page, size) -> bool:
    page.set_viewport_size(size)
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _fits_phone_and_desktop(page, name: str) -> None:
    for size in (PHONE, DESKTOP):
        assert _fits(page, size), f"{name} scrolls sideways at {size['width']} px"
        screenshot(page, f"student-{name}-{size['width']}")
    page.set_viewport_size(PHONE)


def test_student_pages_fit_phone_and_desktop_without_javascript(browser, live_server, live_app):
    quiz = set_quiz(live_app, BANK, KEYS, "Comparing the coverage")
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/join")
        _fits_phone_and_desktop(page, "join")
        join(page, live_server.url, quiz.code, STUDENT)
        _fits_phone_and_desktop(page, "class")
        # The status is words, not a button that cannot be pressed.
        badge = page.locator(".status-badge").first
        expect(badge).to_have_text("Not started")
        assert badge.evaluate("e => getComputedStyle(e).borderTopWidth") == "0px"
        assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"

        start(page, quiz.title)
        _fits_phone_and_desktop(page, "quiz")
        corpus = corpus_of(live_app)
        for item in attempt_items(live_app, quiz.assignment_id, STUDENT):
            if item.question.id != GRID:  # the grid is left empty: its result still shows every box
                give(page, item, corpus)
        page.get_by_role("button", name="Submit answers").click()
        expect(page.get_by_role("heading", name="Submit your answers?", level=1)).to_be_visible()
        page.get_by_role("button", name="Submit answers").click()
        page.wait_for_url(re.compile(r"/attempts/\d+/results$"))
        results_url = page.url
        _fits_phone_and_desktop(page, "results")
        _check_the_results(page, results_url)

        page.goto(f"{live_server.url}/assignments/{quiz.assignment_id}")
        expect(page.get_by_role("heading", name="Your attempts")).to_be_visible()
        _fits_phone_and_desktop(page, "assignment-with-attempts")
        # Nothing scrolls inside the page either: on a phone each attempt is a block with its values named.
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            assert page.locator(".attempts-table").evaluate(
                "t => t.closest('.table-wrap').scrollWidth <= t.closest('.table-wrap').clientWidth"
            ), size
        page.set_viewport_size(PHONE)
        expect(page.locator(".attempts-table tbody tr").first).to_contain_text("Score:")
    finally:
        context.close()


def _check_the_results(page, results_url: str) -> None:
    grid = page.locator("table.grid-result")
    # At 1280 px the grid has the result's whole width, and no claim or report name is broken mid-word.
    page.set_viewport_size(DESKTOP)
    result_width = grid.evaluate("t => t.closest('section.result').clientWidth")
    assert grid.bounding_box()["width"] >= 0.85 * result_width
    assert grid.evaluate(_BROKEN_WORDS) == []
    expect(page.locator(".swipe-hint").first).to_be_hidden()  # the reports fit side by side

    # At 360 px the reports side by side scroll inside their box: the caption stays whole above it,
    # with a hint to swipe.
    page.set_viewport_size(PHONE)
    caption = page.locator(".aligned-caption").first
    expect(caption).to_be_visible()
    box = caption.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert caption.evaluate("e => e.scrollWidth <= e.clientWidth")
    expect(page.locator(".swipe-hint").first).to_be_visible()
    expect(page.locator(".swipe-hint").first).to_contain_text("sideways")

    # The summary: score and share, then every question with its outcome, linked to its result.
    summary = page.locator("section.results-summary")
    expect(summary.get_by_role("heading", name="Summary", level=2)).to_be_visible()
    expect(summary).to_contain_text(re.compile(r"Score: [\d.]+ / [\d.]+ points \(\d+%\)"))
    expect(summary.locator("ul.result-index li")).to_have_count(len(KEYS))
    expect(summary.locator("ul.result-index li", has_text="Not answered")).to_have_count(1)  # the grid
    last = summary.get_by_role("link", name=re.compile(rf"^Question {len(KEYS)}\b"))
    last.click()
    assert page.url.endswith(f"#result-{len(KEYS)}")
    expect(page.locator(f"#result-{len(KEYS)}")).to_be_in_viewport()
    page.get_by_role("link", name="Back to top").last.click()
    assert page.url.endswith("#main")
    expect(summary.get_by_role("heading", name="Summary")).to_be_in_viewport()
    assert page.url.startswith(results_url)


def test_results_read_well_to_axe_on_a_phone_and_a_desktop(browser, live_server, live_app):
    quiz = set_quiz(live_app, BANK, [GRID, SIDE_BY_SIDE], "Two screens")
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        join(page, live_server.url, quiz.code, STUDENT)
        start(page, quiz.title)
        corpus = corpus_of(live_app)
        for item in attempt_items(live_app, quiz.assignment_id, STUDENT):
            if item.question.id != GRID:
                give(page, item, corpus, right=False)
        page.get_by_role("button", name="Submit answers").click()
        page.get_by_role("button", name="Submit answers").click()
        page.wait_for_url(re.compile(r"/attempts/\d+/results$"))
        assert check_accessibility(page, "student-results-axe-360") == []
        page.set_viewport_size(DESKTOP)
        assert check_accessibility(page, "student-results-axe-1280") == []
        headings = page.locator("main h1, main h2, main h3, main h4").evaluate_all(
            "hs => hs.map((h) => Number(h.tagName[1]))"
        )
        assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))
    finally:
        context.close()
