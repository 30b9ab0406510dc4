"""Autosave sends only the questions changed since the last acknowledged save, each whole: the server
reads and compares one question per keystroke's save instead of the whole quiz, and every answer,
including one cleared, still reaches the database."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.flows import attempt_items, join, question_group, save_status, set_quiz, start, stored_answer

STUDENT = "Ana Díaz"
KEYS = ["initially-ignored", "root-causes-phrase", "who-said-do-not-come"]


def _shown_ids(request) -> list[str]:
    """The response ids a posted quiz form names in its "shown" fields (FormData posts multipart)."""
    body = request.post_data or ""
    return re.findall(r'name="shown"\r\n\r\n(\d+)\r\n', body)


def test_each_save_sends_the_changed_question_only(page, live_server, live_app):
    quiz = set_quiz(live_app, "harris-trip-2021", KEYS, "Changed only")
    join(page, live_server.url, quiz.code, STUDENT)
    start(page, quiz.title)
    items = attempt_items(live_app, quiz.assignment_id, STUDENT)
    typed = [item for item in items if item.question.type == "short"]
    chosen = next(item for item in items if item.question.type == "choice")
    expect(save_status(page)).not_to_have_attribute("role", "status", timeout=15000)  # autosave.js listens
    saves = []
    page.on("request", lambda request: saves.append(request) if request.method == "POST" else None)

    question_group(page, typed[0].question).get_by_label("Your answer").fill("Kamala Harris")
    expect(save_status(page)).to_have_text(re.compile(r"^Saved at "), timeout=15000)
    question_group(page, chosen.question).get_by_label(chosen.question.answer, exact=True).check()
    expect(save_status(page)).to_have_text(re.compile(r"^Saved at "), timeout=15000)
    page.wait_for_function("() => !document.querySelector('#save-status').textContent.startsWith('Saving')")
    question_group(page, typed[0].question).get_by_label("Your answer").fill("")  # cleared: sent, as empty
    expect(save_status(page)).to_have_text(re.compile(r"^Saved at "), timeout=15000)

    sent = [_shown_ids(request) for request in saves]
    assert sent[0] == [str(typed[0].response_id)]
    # Leaving the text box fires its "change" too, so a save may also carry the question just left.
    assert any(str(chosen.response_id) in ids for ids in sent)
    assert str(typed[0].response_id) in sent[-1]
    assert all(str(typed[1].response_id) not in ids for ids in sent)  # never the untouched question
    assert all("csrf_token" in (request.post_data or "") for request in saves)
    assert stored_answer(live_app, chosen) == chosen.question.answer
    assert stored_answer(live_app, typed[0]) in ("", None)
    assert stored_answer(live_app, typed[1]) in ("", None)  # never touched, never written


def test_submit_still_posts_every_question(page, live_server, live_app):
    quiz = set_quiz(live_app, "harris-trip-2021", KEYS, "Submit whole")
    join(page, live_server.url, quiz.code, STUDENT)
    start(page, quiz.title)
    items = attempt_items(live_app, quiz.assignment_id, STUDENT)
    chosen = next(item for item in items if item.question.type == "choice")
    question_group(page, chosen.question).get_by_label(chosen.question.answer, exact=True).check()
    with page.expect_request(lambda r: r.method == "POST" and "action=submit" in (r.post_data or "")) as posted:
        page.get_by_role("button", name="Submit answers").click()
    assert sorted(re.findall(r"shown=(\d+)", posted.value.post_data)) == sorted(str(i.response_id) for i in items)
