"""A grid question end to end: ticking boxes, saving (with and without JavaScript), reloading, hostile
form input, submitting, and the results page box by box with its sources."""

from __future__ import annotations

from quizapp.corpus_cache import corpus_of
from quizapp.questions import GridQuestion
from quizapp.student.formatting import format_points
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK
from tests.web.test_student_support import (
    add_assignment,
    attempt_id_of,
    joined_client,
    post_answers,
    questions_of,
    soup,
    start,
    stored_attempt,
    text_of,
)

HARRIS = 'Harris: "Do not come. Do not come."'
HOPE = 'Harris: "the goal of our work is to help Guatemalans find hope at home"'


def _grid_quiz(app, code):
    assignment_id = add_assignment(
        app, code, bank_id="comparing-coverage", question_keys=["who-carries-which-quote"], title="Grid"
    )
    client = joined_client(app, code)
    html = start(client, assignment_id)
    [(response_id, question)] = questions_of(app, attempt_id_of(html))
    assert isinstance(question, GridQuestion)
    return client, assignment_id, html, response_id


# Row 1 misses Newsweek; row 2 misses the AP and wrongly ticks the fourth report: 5 of 8 boxes right.
def _some_ticks(response_id):
    return {f"q-{response_id}-0": [FIRST, AP], f"q-{response_id}-1": [FIRST, FOURTH]}


def corpus_label(app, article_id):
    return corpus_of(app)[article_id].label


def _checked(html):
    return sorted(
        (box["name"], box["value"]) for box in soup(html).select("table.claims-grid input[type=checkbox][checked]")
    )


def test_the_grid_is_a_table_of_named_checkboxes(app, classroom):
    code, _ = classroom
    _, _, html, response_id = _grid_quiz(app, code)
    table = soup(html).select_one("fieldset.question-grid table.claims-grid")
    columns = [th.get_text(" ", strip=True) for th in table.select("thead th[scope=col]")]
    assert columns[0] == "Claim"
    assert columns[1].startswith("Unknown outlet [Report on Ocasio-Cortez")
    assert columns[2].startswith("Newsweek Kamala Harris Sticks")
    assert len(columns) == 5
    assert [th.get_text(strip=True) for th in table.select("tbody th[scope=row]")] == [HARRIS, HOPE]
    boxes = table.select("input[type=checkbox]")
    assert len(boxes) == 8
    for box in boxes:
        label = table.find("label", attrs={"for": box["id"]})
        assert label is not None
        assert " — " in label.get_text()
    first = table.find("label", attrs={"for": boxes[1]["id"]}).get_text()
    assert first.startswith(f"{HARRIS} — Newsweek: Kamala Harris Sticks")
    assert {box["name"] for box in boxes} == {f"q-{response_id}-0", f"q-{response_id}-1"}
    assert "tick every report that carries it" in soup(html).select_one("fieldset.question-grid .field-hint").get_text()


def test_ticks_are_saved_and_shown_again_after_a_reload(app, classroom):
    code, _ = classroom
    client, assignment_id, html, response_id = _grid_quiz(app, code)
    saved = post_answers(client, html, _some_ticks(response_id), action="save")
    assert saved.status_code == 302
    stored = stored_attempt(app, attempt_id_of(html))["responses"][0]["answer"]
    assert stored == {HARRIS: [FIRST, AP], HOPE: [FIRST, FOURTH]}
    reloaded = text_of(client.get(f"/assignments/{assignment_id}"))
    assert _checked(reloaded) == sorted(
        [
            (f"q-{response_id}-0", FIRST),
            (f"q-{response_id}-0", AP),
            (f"q-{response_id}-1", FIRST),
            (f"q-{response_id}-1", FOURTH),
        ]
    )
    # Unticking every box (the browser then sends nothing for the grid) clears the answer.
    post_answers(client, reloaded, {}, action="save")
    assert stored_attempt(app, attempt_id_of(html))["responses"][0]["answer"] is None
    assert _checked(text_of(client.get(f"/assignments/{assignment_id}"))) == []


def test_autosave_stores_ticks_like_the_save_button(app, classroom):
    code, _ = classroom
    client, _, html, response_id = _grid_quiz(app, code)
    answer = post_answers(client, html, {f"q-{response_id}-1": [AP]}, json=True)
    assert answer.status_code == 200
    assert "saved_at" in answer.get_json()
    assert stored_attempt(app, attempt_id_of(html))["responses"][0]["answer"] == {HOPE: [AP]}


def test_forged_ticks_are_dropped(app, classroom):
    code, _ = classroom
    client, _, html, response_id = _grid_quiz(app, code)
    fields = {
        f"q-{response_id}-0": [AP, "999_not_an_article", AP, "<script>"],
        f"q-{response_id}-7": [NEWSWEEK],  # a row the grid does not have
        f"q-{response_id}-1": "",
    }
    post_answers(client, html, fields, action="save")
    assert stored_attempt(app, attempt_id_of(html))["responses"][0]["answer"] == {HARRIS: [AP]}


def test_submitting_scores_box_by_box_and_shows_each_box_and_the_sources(app, classroom):
    code, _ = classroom
    client, _, html, response_id = _grid_quiz(app, code)
    submitted = post_answers(client, html, _some_ticks(response_id), action="submit")
    attempt_id = attempt_id_of(html)
    assert submitted.headers["Location"] == f"/attempts/{attempt_id}/results"
    stored = stored_attempt(app, attempt_id)
    assert stored["responses"][0]["outcome"] == "partial"
    assert stored["responses"][0]["earned"] == 0.625  # 1 point x 5 of 8 boxes
    page = soup(text_of(client.get(submitted.headers["Location"])))
    result = page.select_one("section.result")
    assert "Partially correct" in result.get_text()
    assert f"{format_points(0.625, 1)}" in result.get_text()
    assert result.select_one(".grid-tally").get_text(strip=True) == "5 of 8 boxes right."
    rows = result.select("table.grid-result tbody tr")
    # Each box carries its report's name (shown beside it on a narrow screen), then the words for the box.
    names = [span.extract().get_text() for span in result.select("table.grid-result td .grid-cell-name")]
    assert names[:4] == [f"{label}: " for label in (corpus_label(app, a) for a in (FIRST, NEWSWEEK, AP, FOURTH))]
    cells = [[" ".join(td.get_text(" ", strip=True).split()) for td in row.select("td")] for row in rows]
    assert cells[0] == [
        "☑ Ticked ✓ right",
        "☐ Not ticked ✗ wrong: this report carries it",
        "☑ Ticked ✓ right",
        "☐ Not ticked ✓ right",
    ]
    assert cells[1] == [
        "☑ Ticked ✓ right",
        "☐ Not ticked ✓ right",
        "☐ Not ticked ✗ wrong: this report carries it",
        "☑ Ticked ✗ wrong: this report does not carry it",
    ]
    # The key in words, and the quotes that back it as excerpts of the reports.
    assert "Newsweek" in result.get_text() and "no report ticked" not in result.get_text()
    excerpts = result.select(".excerpts figure, .excerpts .excerpt")
    assert len(excerpts) == 5
    assert "Do not come, do not come." in result.get_text()
    assert "help Guatemalans find hope at home" in result.select_one(".excerpts").get_text()
