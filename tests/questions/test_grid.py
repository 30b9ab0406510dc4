"""Scoring grids (quizapp/questions/grid.py)."""

from __future__ import annotations

import pytest

from quizapp.questions import (
    GridQuestion,
)
from quizapp.scoring import (
    score_response,
)
from tests.questions.scores import assert_no_answer, assert_score, assert_unreadable

# --------------------------------------------------------------------------------------------------
# Grid: claims by articles, cell by cell
# --------------------------------------------------------------------------------------------------

GRID = GridQuestion(
    id="g",
    prompt="Which reports carry each claim?",
    claims=("Harris: Do not come", "AOC: This is disappointing to see"),
    articles=("ap", "newsweek", "other"),
    answers=frozenset(
        {
            ("Harris: Do not come", "ap"),
            ("Harris: Do not come", "newsweek"),
            ("AOC: This is disappointing to see", "ap"),
        }
    ),
    points=3,
)


def test_grid_key_scores_full() -> None:
    key = {"Harris: Do not come": ["ap", "newsweek"], "AOC: This is disappointing to see": ["ap"]}
    assert_score(score_response(GRID, key), 3, 3, "correct")


def test_grid_counts_unticked_cells_as_well_as_ticked_ones() -> None:
    # Six cells: Harris/ap ticked right; Harris/newsweek missed; AOC/ap missed; AOC/other ticked wrongly;
    # Harris/other and AOC/newsweek rightly left empty. Right: 3 of 6.
    response = {"Harris: Do not come": ["ap"], "AOC: This is disappointing to see": ["other"]}
    assert_score(score_response(GRID, response), 1.5, 3, "partial")


def test_grid_ticking_every_cell_earns_only_the_cells_the_key_ticks() -> None:
    everything = {claim: list(GRID.articles) for claim in GRID.claims}
    assert_score(score_response(GRID, everything), 3 * 3 / 6, 3, "partial")


def test_grid_with_nothing_ticked_is_no_answer() -> None:
    assert_no_answer(score_response(GRID, None))
    assert_no_answer(score_response(GRID, {}))
    assert_no_answer(score_response(GRID, {"Harris: Do not come": []}))


def test_grid_ignores_claims_and_articles_it_does_not_have() -> None:
    response = {
        "Harris: Do not come": ["ap", "newsweek", "forged"],
        "Not a claim": ["ap"],
        "AOC: This is disappointing to see": ["ap"],
    }
    assert_score(score_response(GRID, response), 3, 3, "correct")


def test_grid_lone_article_id_is_one_tick() -> None:
    # 5 of 6 right: only Harris/newsweek is missed.
    response = {"Harris: Do not come": "ap", "AOC: This is disappointing to see": ["ap"]}
    assert_score(score_response(GRID, response), 2.5, 3, "partial")


@pytest.mark.parametrize(
    "response", ["ap", ["Harris: Do not come"], {"Harris: Do not come": [1, 2]}, {"Harris: Do not come": {"ap": 1}}]
)
def test_grid_unreadable_ticks_earn_nothing_with_a_message(response: object) -> None:
    assert_unreadable(score_response(GRID, response))
