"""A student in a real browser: joins, answers every question type, reloads, loses the network, submits.

The answers come from the key in the database; the checks are what the student sees (checked
boxes, the save status, the score, the outcome and the cited passages) and what the database holds.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from quizapp.corpus_cache import corpus_of
from tests.browser.conftest import check_accessibility, screenshot
from tests.browser.flows import (
    ALL_TYPES,
    PHONE,
    HeldResponses,
    attempt_items,
    attempts_of,
    expect_blank,
    expect_given,
    fits,
    give,
    join,
    normalised,
    question_group,
    save_status,
    set_quiz,
    start,
    stored_answer,
    stored_earns,
    wait_until_saved,
)

BANK = "harris-trip-2021"
# One question of each of the eight types from the shipped bank (two of them are worth 2 points).
EVERY_TYPE = [
    "who-said-do-not-come",  # choice
    "announced-on-the-trip",  # multi, 2 points
    "giammattei-did-not-say-do-not-come",  # truefalse
    "initially-ignored",  # short
    "length-of-visit",  # numeric
    "match-quote-to-speaker",  # match, 2 points
    "do-not-come-context",  # source
    "first-foreign-trip",  # evidence
]
STUDENT = "Ana Díaz"


@pytest.fixture
def quiz(live_app):
    return set_quiz(live_app, BANK, EVERY_TYPE, "Who said it?")


def _format(points: float) -> str:
    return f"{points:g}"


@pytest.fixture
def slow(live_app, monkeypatch):
    """Answers to quiz posts that can be held back, as on a slow network (off until ``holding``)."""
    held = HeldResponses(live_app.wsgi_app, r"/attempts/\d+/answers$")
    monkeypatch.setattr(live_app, "wsgi_app", held)
    yield held
    held.release()


def test_student_answers_every_type_keeps_answers_and_sees_the_sources(page, live_server, live_app, quiz, slow):
    corpus = corpus_of(live_app)
    context = page.context

    # Join with the code and a name, typed into the labelled fields.
    page.goto(f"{live_server.url}/join")
    page.get_by_label("Class code").fill(quiz.code.lower())  # case does not matter
    page.get_by_label("Your name").fill(STUDENT)
    assert fits(page)
    assert check_accessibility(page, "student-join") == []
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Welcome, {STUDENT}! You are in Period 3 Civics.")
    start(page, quiz.title)

    items = attempt_items(live_app, quiz.assignment_id, STUDENT)
    assert {item.question.type for item in items} == ALL_TYPES
    total = _format(sum(item.points for item in items))
    for number, item in enumerate(items, 1):  # the page shows the attempt's (shuffled) order
        group = page.locator(f"#question-{number}")
        expect(group.locator("legend")).to_contain_text(f"Question {number} of {len(items)}")
        expect(group.locator("legend")).to_contain_text(item.question.prompt)
    expect(save_status(page)).to_have_text("Nothing saved yet.")

    # Half the questions, each saved by autosave as it changes.
    first, second = items[: len(items) // 2], items[len(items) // 2 :]
    for item in first:
        give(page, item, corpus)
        expect(save_status(page)).not_to_have_text("Nothing saved yet.")
    wait_until_saved(page)
    assert [stored_earns(live_app, item) for item in first] == [item.points for item in first]

    # A reload brings back every answer from the server; the others stay blank.
    page.reload()
    expect(save_status(page)).to_contain_text("Last saved")
    for item in first:
        expect_given(page, item, corpus)
    for item in second:
        expect_blank(page, item)

    # The network drops while an answer changes: the page says it is not saved, then saves it once online.
    changed = first[0]
    saved_before = stored_answer(live_app, changed)
    context.set_offline(True)
    give(page, changed, corpus, right=False)
    expect(save_status(page)).to_contain_text("Not saved yet")
    expect(save_status(page)).to_contain_text("check your connection")
    assert stored_answer(live_app, changed) == saved_before
    context.set_offline(False)
    wait_until_saved(page)
    assert stored_answer(live_app, changed) != saved_before
    assert stored_earns(live_app, changed) == 0
    give(page, changed, corpus)  # and back to the right answer
    wait_until_saved(page)
    assert stored_answer(live_app, changed) == saved_before

    for item in second:
        give(page, item, corpus)
    wait_until_saved(page)
    for item in items:
        expect_given(page, item, corpus)
    assert fits(page)
    assert check_accessibility(page, "student-quiz") == []

    # A double click on Submit submits once; so does one more click while the answer to the first is
    # still on its way back (held: the server has submitted the attempt). Every click reaches the server.
    slow.holding = True
    button = page.get_by_role("button", name="Submit answers")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.dblclick(x, y)  # the mouse itself: it does not wait for the page to change
    slow.wait_for_handled(1)  # Chromium sends one or two requests for a double click
    page.mouse.click(x, y)
    slow.wait_for_handled(2)
    slow.release()
    # The URL, polled: waiting for a navigation could catch one that the next click cancelled.
    expect(page).to_have_url(re.compile(r"/attempts/\d+/results$"))
    expect(page.locator(".score")).to_be_visible()
    assert len(slow.handled) >= 2
    assert set(slow.handled) == {"302 FOUND"}  # each one sent to the results
    attempts = attempts_of(live_app, quiz.assignment_id, STUDENT)
    assert len(attempts) == 1
    assert attempts[0].submitted_at is not None
    assert (attempts[0].earned, attempts[0].possible) == (sum(i.points for i in items),) * 2

    # The results: the score, and each question's outcome with its passages, quoted and cited.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Results: {quiz.title}")
    expect(page.locator(".score")).to_have_text(f"{total} / {total} points")
    expect(page.locator("section.result")).to_have_count(len(items))
    for number, item in enumerate(items, 1):
        result = page.get_by_role("region", name=f"Question {number}", exact=False).filter(
            has_text=item.question.prompt
        )
        # The shuffled quiz names the bank's number too where it differs ("Question 1 (bank Q5)").
        heading = re.compile(rf"^Question {number}( \(bank Q\d+\))?\W+Correct$")
        expect(result.get_by_role("heading", level=2)).to_have_text(heading)
        expect(result.locator(".result-prompt")).to_have_text(item.question.prompt)
        cited = (
            [(item.question.article, item.question.answer_span)]
            if item.question.type == "evidence"
            else [(source.article, source.span) for source in item.question.sources]
        )
        excerpts = result.locator("figure.excerpt")
        expect(excerpts).to_have_count(len(cited))
        for excerpt, (article_id, span) in zip(excerpts.all(), cited, strict=True):
            article = corpus[article_id]
            marked = " ".join(excerpt.locator("blockquote mark").all_text_contents())
            assert normalised(marked) == normalised(article.slice(span))
            expect(excerpt.locator("cite")).to_contain_text(article.outlet)
            expect(excerpt.get_by_role("link", name=re.compile("^Read it in the full article"))).to_be_visible()
    assert fits(page)
    assert check_accessibility(page, "student-results") == []

    # "Read it in the full article" opens the article at the passage, highlighted.
    result = page.locator("section.result").first
    first_source = items[0].question
    article_id, span = (
        (first_source.article, first_source.answer_span)
        if first_source.type == "evidence"
        else (first_source.sources[0].article, first_source.sources[0].span)
    )
    article = corpus[article_id]
    result.get_by_role("link", name=re.compile("^Read it in the full article")).first.click()
    page.wait_for_url(re.compile(rf"/articles/{article_id}\?start={span.start}&end={span.end}#p\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
    highlight = page.locator("mark#p-highlight")
    expect(highlight).to_be_in_viewport()
    marked = " ".join(page.locator("ol.paragraphs mark").all_text_contents())
    assert normalised(marked) == normalised(article.slice(span))
    assert normalised(article.slice(span)).startswith(normalised(highlight.text_content()))


def test_answers_survive_a_reload_with_javascript_off(browser, live_server, live_app, quiz):
    corpus = corpus_of(live_app)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        join(page, live_server.url, quiz.code, STUDENT)
        start(page, quiz.title)
        items = attempt_items(live_app, quiz.assignment_id, STUDENT)
        first, second = items[: len(items) // 2], items[len(items) // 2 :]

        for item in first:
            give(page, item, corpus)
        expect(save_status(page)).to_have_text("Nothing saved yet.")  # no script: nothing saves by itself
        assert [stored_answer(live_app, item) for item in first] == [None] * len(first)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".flashes")).to_contain_text("Saved at")
        expect(save_status(page)).to_contain_text("Last saved")
        assert [stored_earns(live_app, item) for item in first] == [item.points for item in first]

        page.reload()
        for item in first:
            expect_given(page, item, corpus)
        for item in second:
            expect_blank(page, item)

        for item in second:
            give(page, item, corpus)
        page.get_by_role("button", name="Submit answers").click()
        page.wait_for_url(re.compile(r"/attempts/\d+/results$"))
        total = _format(sum(item.points for item in items))
        expect(page.locator(".score")).to_have_text(f"{total} / {total} points")
        expect(page.locator(".outcome")).to_have_text([re.compile(r"\W+Correct$")] * len(items))
    finally:
        context.close()


def _tab_to(page, target, limit: int = 60) -> None:
    """Press Tab until ``target`` has the focus."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def test_a_quiz_taken_with_the_keyboard_only(page, live_server, live_app):
    """Tab, Space, the arrow keys and Enter: no mouse at all, from /join to the results."""
    quiz = set_quiz(live_app, BANK, ["who-said-do-not-come", "announced-on-the-trip"], "Two questions")
    page.goto(f"{live_server.url}/join")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    _tab_to(page, page.get_by_label("Class code"))
    page.keyboard.type(quiz.code)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your name")).to_be_focused()
    page.keyboard.type(STUDENT)
    page.keyboard.press("Enter")  # submits the form
    expect(page.get_by_role("status")).to_contain_text(f"Welcome, {STUDENT}!")

    _tab_to(page, page.get_by_role("link", name=quiz.title, exact=True))
    page.keyboard.press("Enter")
    _tab_to(page, page.get_by_role("button", name="Start", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible()

    items = attempt_items(live_app, quiz.assignment_id, STUDENT)
    for item in items:
        question = item.question
        options = page.get_by_role("group", name=question.prompt).locator("input[type=radio], input[type=checkbox]")
        labels = options.evaluate_all("inputs => inputs.map(input => input.labels[0].textContent.trim())")
        if question.type == "choice":
            # Tab enters the radio group on its first button; the arrow keys move and choose.
            _tab_to(page, options.first)
            right = labels.index(question.answer)
            if right == 0:
                page.keyboard.press("Space")
            for _ in range(right):
                page.keyboard.press("ArrowDown")
            expect(options.nth(right)).to_be_checked()
        else:  # multi: Tab from box to box, Space ticks
            for index, label in enumerate(labels):
                _tab_to(page, options.nth(index))
                if label in question.answers:
                    page.keyboard.press("Space")
            for index, label in enumerate(labels):
                expect(options.nth(index)).to_be_checked(checked=label in question.answers)

    _tab_to(page, page.get_by_role("button", name="Submit answers"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attempts/\d+/results$"))
    total = _format(sum(item.points for item in items))
    expect(page.locator(".score")).to_have_text(f"{total} / {total} points")
    expect(page.locator(".outcome")).to_have_text([re.compile(r"\W+Correct$")] * len(items))
    screenshot(page, "student-keyboard-results")


def test_an_answer_not_yet_saved_at_a_reload_is_put_back_and_saved(page, live_server, live_app, quiz):
    """Typed, then reloaded before autosave got through: the page warns, then puts the answer back and saves it."""
    join(page, live_server.url, quiz.code, STUDENT)
    start(page, quiz.title)
    items = attempt_items(live_app, quiz.assignment_id, STUDENT)
    typed = next(item for item in items if item.question.type == "short")

    held = []  # until the reload, autosave's requests never get through: the answer stays unsaved

    def hold_saves(route):
        if held is not None:
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r"/attempts/\d+/answers$"), hold_saves)
    field = question_group(page, typed.question).get_by_label("Your answer")
    field.click()
    page.keyboard.type(typed.question.answers[0])
    expect(save_status(page)).to_have_text("Not saved yet.")

    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    held = None
    page.reload()
    assert dialogs == ["beforeunload"]  # the browser asked before leaving unsaved answers
    expect(field).to_have_value(typed.question.answers[0])
    expect(save_status(page)).to_have_text(re.compile(r"^(Answers not saved last time were put back|Saved at)"))
    wait_until_saved(page)
    assert stored_earns(live_app, typed) == typed.points
