"""Autosave honours a 429: saves of one attempt faster than its limit are refused with Retry-After,
and autosave.js sends the same answers again once, after that wait (not at once and again and
again), so the answer still arrives."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.browser.flows import attempt_items, join, question_group, save_status, set_quiz, start, stored_answer

STUDENT = "Ana Díaz"


def test_a_refused_save_is_sent_again_after_retry_after(page, live_server, live_app, monkeypatch):
    # One save in three seconds, for this test only (the app may serve the worker's other browser tests).
    monkeypatch.setitem(live_app.config, "SAVE_LIMIT", (1, timedelta(seconds=3)))
    quiz = set_quiz(live_app, "harris-trip-2021", ["initially-ignored"], "Limited saves")
    join(page, live_server.url, quiz.code, STUDENT)
    start(page, quiz.title)
    (short,) = attempt_items(live_app, quiz.assignment_id, STUDENT)
    refusals = []
    page.on("response", lambda response: refusals.append(response) if response.status == 429 else None)
    field = question_group(page, short.question).get_by_label("Your answer")
    # autosave.js is deferred: typing before it listens saves nothing (it makes the status a plain paragraph).
    expect(save_status(page)).not_to_have_attribute("role", "status", timeout=15000)
    field.fill("first")
    # The first save is within the limit; a generous wait, as for the second, for a machine under load.
    expect(save_status(page)).to_have_text(re.compile(r"^Saved at "), timeout=15000)
    with page.expect_response(lambda response: response.status == 429) as refused:
        field.fill("Alejandro Giammattei")  # within the three seconds: this save is refused
    assert 1 <= int(refused.value.headers["retry-after"]) <= 3
    expect(save_status(page)).to_have_text(re.compile(r"^Saved at "), timeout=15000)  # sent again after the wait
    assert stored_answer(live_app, short) == "Alejandro Giammattei"
    assert len(refusals) == 1  # waited as told, rather than asking again and again
