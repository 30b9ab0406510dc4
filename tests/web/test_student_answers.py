"""Saving answers as the student goes: the Save button, autosave's JSON, reloads and restarts that
lose nothing, and hostile form input that is dropped rather than stored or crashing the page."""

from __future__ import annotations

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from tests.web.test_student_support import (
    all_right,
    attempt_id_of,
    joined_client,
    post_answers,
    questions_of,
    shown_ids,
    soup,
    start,
    stored_attempt,
    text_of,
)


def _shown_answer(fieldset):
    """What a quiz fieldset shows as answered: checked values, typed text, or selected options."""
    selects = fieldset.find_all("select")
    if selects:
        return [next((o["value"] for o in s.find_all("option") if o.has_attr("selected")), "") for s in selects]
    inputs = [i for i in fieldset.find_all("input") if i["type"] != "hidden"]
    if inputs[0]["type"] == "text":
        return inputs[0].get("value", "")
    return sorted(i["value"] for i in inputs if i.has_attr("checked"))


def _expected_shown(fields: dict, response_id: int, question) -> object:
    if question.type == "match":
        return [fields[f"q-{response_id}-{i}"] for i in range(len(question.pairs))]
    value = fields[f"q-{response_id}"]
    if question.type in ("short", "numeric"):
        return value
    return sorted(value) if isinstance(value, list) else [value]


def test_save_without_javascript_then_reload_shows_every_answer(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    fields = all_right(app, html)
    saved = post_answers(client, html, fields, action="save")
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/assignments/{assignment_id}"
    reloaded = text_of(client.get(saved.headers["Location"]))
    assert "Saved at" in reloaded
    questions = questions_of(app, attempt_id_of(html))
    fieldsets = soup(reloaded).select("fieldset.question")
    for fieldset, (response_id, question) in zip(fieldsets, questions, strict=True):
        assert _shown_answer(fieldset) == _expected_shown(fields, response_id, question), question.type


def test_answers_are_stored_in_the_shape_scoring_reads(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    post_answers(client, html, all_right(app, html), action="save")
    stored = {r["type"]: r["answer"] for r in stored_attempt(app, attempt_id_of(html))["responses"]}
    assert stored["choice"] is not None and isinstance(stored["choice"], str)
    assert stored["truefalse"] in ("true", "false")
    assert isinstance(stored["multi"], list) and all(isinstance(x, str) for x in stored["multi"])
    assert isinstance(stored["source"], list) and all(x in corpus_of(app) for x in stored["source"])
    assert isinstance(stored["short"], str)
    assert isinstance(stored["numeric"], str)
    assert isinstance(stored["match"], dict)
    assert isinstance(stored["evidence"], list) and len(stored["evidence"]) == 2
    assert all(isinstance(x, int) for x in stored["evidence"])


def test_autosave_gets_json_and_a_restarted_server_still_has_the_answers(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    response_id, question = next((r, q) for r, q in questions_of(app, attempt_id_of(html)) if q.type == "short")
    saved = post_answers(client, html, {f"q-{response_id}": "Giammattei"}, json=True)
    assert saved.status_code == 200
    assert saved.is_json and saved.get_json()["saved_at"].endswith("+00:00")
    # The autosave status uses the page's own wording and the school's time zone, not the device's.
    assert saved.get_json()["saved_text"].endswith(" UTC") and "," in saved.get_json()["saved_text"]
    # As after a restart: every connection and cached object dropped, then a fresh browser with the cookie.
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    browser = app.test_client()
    browser.set_cookie("session", client.get_cookie("session").value)
    page = soup(text_of(browser.get(f"/assignments/{assignment_id}")))
    assert page.find("input", attrs={"name": f"q-{response_id}"})["value"] == "Giammattei"


def test_a_later_save_replaces_and_clears_answers(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    fields = all_right(app, html)
    post_answers(client, html, fields, json=True)
    post_answers(client, html, {}, json=True)  # every box unticked, every field emptied
    assert all(r["answer"] is None for r in stored_attempt(app, attempt_id_of(html))["responses"])


def test_hostile_input_is_dropped_and_nothing_crashes(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    by_type = {}
    for response_id, question in questions_of(app, attempt_id):
        by_type.setdefault(question.type, (response_id, question))
    fields = {
        "q-999999": "unknown response",
        "answer_key": "please",
        "shown": [*(str(r) for r, _ in questions_of(app, attempt_id)), "abc", "-1", "9" * 30, "999999"],
    }
    choice_id, choice = by_type["choice"]
    fields[f"q-{choice_id}"] = "<script>alert(1)</script>"
    multi_id, multi = by_type["multi"]
    fields[f"q-{multi_id}"] = [multi.choices[0], "not offered", multi.choices[0]]
    truefalse_id, _ = by_type["truefalse"]
    fields[f"q-{truefalse_id}"] = "maybe"
    source_id, _ = by_type["source"]
    fields[f"q-{source_id}"] = ["../../etc/passwd", "002_f52d19d8c2480346"]
    short_id, _ = by_type["short"]
    fields[f"q-{short_id}"] = "x\x00y\x1b" + "a" * 5000
    numeric_id, _ = by_type["numeric"]
    fields[f"q-{numeric_id}"] = "1e999999"
    match_id, match = by_type["match"]
    fields[f"q-{match_id}-0"] = "Nobody at all"
    fields[f"q-{match_id}-1"] = match.rights[0]
    fields[f"q-{match_id}-99"] = match.rights[0]
    evidence_id, _ = by_type["evidence"]
    fields[f"q-{evidence_id}"] = "0-5"
    response = post_answers(client, html, fields, action="save")
    assert response.status_code == 302
    stored = {r["id"]: r["answer"] for r in stored_attempt(app, attempt_id)["responses"]}
    assert stored[choice_id] is None
    assert stored[multi_id] == [multi.choices[0]]
    assert stored[truefalse_id] is None
    assert stored[source_id] == ["002_f52d19d8c2480346"]
    assert stored[short_id] == "x y " + "a" * 496  # control characters gone, capped at 500
    assert stored[numeric_id] == "1e999999"  # kept as typed; scoring says it cannot read it
    assert stored[match_id] == {match.pairs[1][0]: match.rights[0]}
    assert stored[evidence_id] is None
    page = text_of(client.get(f"/assignments/{assignment_id}"))
    assert "<script>alert(1)</script>" not in page


def test_odd_evidence_values_are_dropped(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    evidence_id = next(r for r, q in questions_of(app, attempt_id_of(html)) if q.type == "evidence")
    for value in ("abc", "1-2-3", "-", "", "10-5", "99999999999999999999-1"):
        assert post_answers(client, html, {f"q-{evidence_id}": value}, json=True).status_code == 200
        answers = {r["id"]: r["answer"] for r in stored_attempt(app, attempt_id_of(html))["responses"]}
        assert answers[evidence_id] is None, value


def test_answers_only_reach_the_students_own_attempt(app, classroom):
    code, assignment_id = classroom
    ana = joined_client(app, code, "Ana Diaz")
    ana_html = start(ana, assignment_id)
    ben = joined_client(app, code, "Ben Okafor")
    ben_html = start(ben, assignment_id)
    ana_attempt = attempt_id_of(ana_html)
    # Ben posts Ana's response ids to his own attempt, then to Ana's attempt.
    fields = all_right(app, ana_html)
    both = shown_ids(ana_html) + shown_ids(ben_html)
    assert post_answers(ben, ben_html, fields, json=True, shown=both).status_code == 200
    hijack = ben.post(
        f"/attempts/{ana_attempt}/answers",
        data={"csrf_token": soup(ben_html).find("input", attrs={"name": "csrf_token"})["value"], **fields},
        headers={"Accept": "application/json"},
    )
    assert hijack.status_code == 404
    assert all(r["answer"] is None for r in stored_attempt(app, ana_attempt)["responses"])
