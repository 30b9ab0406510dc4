"""A grid question on the teacher's side: one student's attempt box by box, the item analysis with
fractional scores, and regrading after the key of one box changed."""

from __future__ import annotations

import dataclasses

from bs4 import BeautifulSoup

from quizapp.db import db
from quizapp.models import Attempt
from quizapp.questions import GridQuestion
from quizapp.scoring import score_response
from quizapp.teacher.regrade import regrade_score
from tests.web.teacher_helpers import (
    AP,
    FIRST,
    add_assignment,
    add_attempt,
    add_classroom,
    add_student,
    logged_in,
    post,
    store_text,
)

NEWSWEEK = "001_7fad2d6b9e816ba7"
HARRIS = "Harris says Do not come"
AOC = "Ocasio-Cortez calls it disappointing"

GRID_BANK = f"""bank: grid-check
title: Grid check
questions:
  - id: carriers
    type: grid
    prompt: Which reports carry each claim?
    claims: ['{HARRIS}', '{AOC}']
    articles: [{FIRST}, {NEWSWEEK}, {AP}]
    answers:
      '{HARRIS}': [{FIRST}, {AP}]
      '{AOC}': [{NEWSWEEK}]
    points: 2
    sources:
      - {{article: {FIRST}, claim: '{HARRIS}', quote: "Do not come. Do not come."}}
      - {{article: {AP}, claim: '{HARRIS}', quote: "Do not come, do not come."}}
      - {{article: {NEWSWEEK}, claim: '{AOC}', quote: "This is disappointing to see"}}
"""

# Six boxes. Ana: the key (6/6). Ben: misses the AP box (5/6). Cy: ticks every box (3/6).
ANSWERS = {
    "Ana": {HARRIS: [FIRST, AP], AOC: [NEWSWEEK]},
    "Ben": {HARRIS: [FIRST], AOC: [NEWSWEEK]},
    "Cy": {HARRIS: [FIRST, NEWSWEEK, AP], AOC: [FIRST, NEWSWEEK, AP]},
}


def _class(app, teacher_id, bank=GRID_BANK):
    with app.app_context():
        store_text(app, bank, teacher_id, path="grid-check.yaml")
        room = add_classroom(teacher_id)
        assignment = add_assignment(room, "grid-check")
        ids = {"assignment": assignment}
        for name, answer in ANSWERS.items():
            ids[name] = add_attempt(assignment, add_student(room, name), {"carriers": answer})
    return ids


def test_the_attempt_page_shows_each_box_against_the_key(app, teacher_id):
    ids = _class(app, teacher_id)
    client = logged_in(app)
    page = BeautifulSoup(client.get(f"/teacher/attempts/{ids['Ben']}").get_data(as_text=True), "html.parser")
    result = page.select_one("section.result")
    assert "Partially correct" in result.get_text()
    assert result.select_one(".grid-tally").get_text(strip=True) == "5 of 6 boxes right."
    for name in result.select("table.grid-result td .grid-cell-name"):
        name.extract()  # the report's name beside each box, for narrow screens
    cells = [" ".join(td.get_text(" ", strip=True).split()) for td in result.select("table.grid-result tbody td")]
    assert cells[2] == "☐ Not ticked ✗ wrong: this report carries it"
    assert cells.count("☐ Not ticked ✓ right") == 3


def test_item_analysis_counts_boxes_and_reads_fractional_scores(app, teacher_id):
    ids = _class(app, teacher_id)
    client = logged_in(app)
    html = client.get(f"/teacher/assignments/{ids['assignment']}/analysis").get_data(as_text=True)
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    # Mean of 2, 5/3 and 1 points out of 2: facility 0.78.
    assert "78%" in text
    assert f"{AOC} — Unknown outlet" in text  # a box the key leaves empty, ticked by Cy


def test_regrading_a_grid_rescores_box_by_box(app, teacher_id):
    old = GridQuestion(
        id="carriers",
        prompt="P",
        claims=(HARRIS, AOC),
        articles=(FIRST, NEWSWEEK, AP),
        answers=frozenset({(HARRIS, FIRST), (HARRIS, AP), (AOC, NEWSWEEK)}),
        points=2,
    )
    new = dataclasses.replace(old, answers=old.answers | {(AOC, AP)})
    ben = ANSWERS["Ben"]
    assert regrade_score(old, new, ben, "new", score_response(old, ben)).earned == round(2 * 4 / 6, 6)
    assert regrade_score(old, new, ben, "both", score_response(old, ben)).earned == round(2 * 5 / 6, 6)

    ids = _class(app, teacher_id)
    with app.app_context():
        edited = GRID_BANK.replace(f"'{AOC}': [{NEWSWEEK}]", f"'{AOC}': [{NEWSWEEK}, {AP}]").replace(
            "    sources:\n",
            f"    sources:\n      - {{article: {AP}, claim: '{AOC}', quote: \"This is disappointing to see\"}}\n",
        )
        store_text(app, edited, teacher_id, path="grid-check.yaml")
    client = logged_in(app)
    url = f"/teacher/assignments/{ids['assignment']}/regrade/carriers"
    assert client.get(url).status_code == 200
    applied = post(client, url, {"policy": "new"}, follow_redirects=True)
    assert applied.status_code == 200
    with app.app_context():
        earned = {name: db.session.get(Attempt, ids[name]).earned for name in ANSWERS}
    # Under the new key (four of the six boxes ticked): Ana 5/6, Ben 4/6, Cy 4/6 of 2 points.
    assert earned == {"Ana": round(2 * 5 / 6, 6), "Ben": round(2 * 4 / 6, 6), "Cy": round(2 * 4 / 6, 6)}
