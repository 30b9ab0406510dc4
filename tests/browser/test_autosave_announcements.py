"""What autosave says to a screen reader: only what changes, never a running commentary.

A MutationObserver on the live region counts every write to it and every change of its text while
a student types, moves through radio buttons with the arrow keys and loses the network. The visible
status (#save-status) keeps its running commentary, outside any live region.

The page runs on Playwright's clock: its timers run in real time, and where the student would
pause the test moves the clock on instead of waiting (the delays are autosave.js's own).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.flows import (
    attempt_items,
    join,
    question_group,
    save_status,
    set_quiz,
    start,
    stored_answer,
    wait_until_saved,
)

STUDENT = "Ana Díaz"
TYPED = "Alejandro Giammattei"  # a right answer to the short question, 20 characters
SAVED = "All answers saved."
# From static/autosave.js: the waits this test skips with the clock instead of sleeping through them.
TYPING_DELAY = 800  # ms after the last keystroke before a text answer is saved
ANNOUNCE_SAVED_PAUSE = 2000  # ms without input before "All answers saved" is spoken
ANNOUNCE_SAVED_GAP = 10000  # ms at least between two times it is spoken
RETRY_FIRST = 2000  # ms before a failed save is tried again

_WATCH = """() => {
  const live = document.getElementById("save-status-live");
  const seen = { writes: 0, changes: 0, texts: [] };
  let last = live.textContent;
  new MutationObserver((records) => {
    seen.writes += records.length;
    if (live.textContent !== last) {
      last = live.textContent;
      seen.changes += 1;
      seen.texts.push(last);
    }
  }).observe(live, { childList: true, characterData: true, subtree: true });
  window.liveRegionSeen = seen;
}"""


def _seen(page) -> dict:
    return page.evaluate("() => window.liveRegionSeen")


def test_the_live_region_speaks_only_when_its_message_changes(page, live_server, live_app):
    quiz = set_quiz(live_app, "harris-trip-2021", ["initially-ignored", "who-said-do-not-come"], "Two answers")
    page.clock.install()  # before the first page loads, so that autosave's timers are the clock's
    join(page, live_server.url, quiz.code, STUDENT)
    start(page, quiz.title)
    items = {item.question.type: item for item in attempt_items(live_app, quiz.assignment_id, STUDENT)}
    short, choice = items["short"], items["choice"]

    # With the script, the visible status is no live region; the script's own region is, hidden from sight.
    live = page.locator("#save-status-live")
    expect(live).to_have_attribute("role", "status")
    expect(live).to_have_class("visually-hidden")
    status = save_status(page)
    assert status.get_attribute("role") is None and status.get_attribute("aria-live") is None
    assert page.locator("[role=status], [aria-live]").evaluate_all("nodes => nodes.map(n => n.id)") == [
        "save-status-live"
    ]
    page.evaluate(_WATCH)

    # 20 characters, with a save between the two halves: the live region changes at most twice.
    field = question_group(page, short.question).get_by_label("Your answer")
    field.click()
    assert len(TYPED) == 20
    page.keyboard.type(TYPED[:10], delay=40)
    page.clock.run_for(TYPING_DELAY)  # the student pauses
    expect(status).to_have_text(re.compile(r"^Saved at "))  # saved while the student pauses
    page.keyboard.type(TYPED[10:], delay=40)
    page.clock.run_for(TYPING_DELAY)
    wait_until_saved(page)
    page.clock.run_for(ANNOUNCE_SAVED_PAUSE)
    expect(live).to_have_text(SAVED)  # once the input has paused
    assert stored_answer(live_app, short) == TYPED
    seen = _seen(page)
    assert seen["changes"] <= 2 and seen["writes"] <= 2, seen
    assert set(seen["texts"]) == {SAVED}, seen  # never "Not saved yet." nor "Saving…"

    # Arrow keys through the radio buttons save each choice, and the live region says nothing new.
    radios = question_group(page, choice.question).get_by_role("radio")
    radios.first.check()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(radios.nth(3)).to_be_checked()
    wait_until_saved(page)
    # Past every announcement these saves planned: the pause, and the gap since the last one spoken.
    page.clock.run_for(ANNOUNCE_SAVED_GAP + ANNOUNCE_SAVED_PAUSE)
    assert _seen(page) == seen

    # Offline: the error is spoken once, though the visible status counts down to each new try.
    page.context.set_offline(True)
    field.press("End")
    field.press("Backspace")
    page.clock.run_for(TYPING_DELAY)
    expect(live).to_contain_text("Not saved yet — keep this page open")
    page.clock.run_for(RETRY_FIRST)
    expect(status).to_contain_text("saving again in 4 seconds")  # it has failed twice
    offline = _seen(page)
    assert offline["writes"] == seen["writes"] + 1 and offline["changes"] == seen["changes"] + 1, offline
    assert stored_answer(live_app, short) == TYPED

    # Back online: saved, and said so once more.
    page.context.set_offline(False)
    wait_until_saved(page)
    page.clock.run_for(ANNOUNCE_SAVED_GAP)
    expect(live).to_have_text(SAVED)
    assert stored_answer(live_app, short) == TYPED[:-1]
    assert _seen(page)["texts"][-2:] == [offline["texts"][-1], SAVED]
