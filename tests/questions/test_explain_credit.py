"""Each kind with partial credit says what earned it, counted in its own parts (Kind.explain_credit)."""

from __future__ import annotations

import pytest

from quizapp.questions import kind_of
from quizapp.scoring import score_response
from tests.questions.test_grid import GRID
from tests.questions.test_match import MATCH
from tests.questions.test_multi_and_source import MULTI, SOURCE


@pytest.mark.parametrize(
    ("question", "response", "words"),
    [
        (MULTI, ["A", "B", "D"], "2 of 3 right choices, 1 wrong"),
        (MULTI, ["A"], "1 of 3 right choices, 0 wrong"),
        (SOURCE, ["000_a"], "1 of 2 right reports, 0 wrong"),
        (MATCH, {"AP": "wire service", "Newsweek": "blog"}, "1 of 3 pairs matched"),
        (GRID, {"Harris: Do not come": ["ap"]}, "4 of 6 boxes right"),
    ],
)
def test_partial_credit_is_explained_in_the_kinds_parts(question, response, words) -> None:
    assert score_response(question, response).outcome == "partial"
    assert kind_of(question).explain_credit(question, response) == words


@pytest.mark.parametrize(
    ("question", "response"),
    [(MULTI, None), (MULTI, []), (MULTI, 7), (SOURCE, {}), (MATCH, None), (MATCH, ["AP"]), (GRID, None), (GRID, {})],
)
def test_nothing_to_explain_for_no_answer_or_an_unreadable_one(question, response) -> None:
    assert kind_of(question).explain_credit(question, response) is None
