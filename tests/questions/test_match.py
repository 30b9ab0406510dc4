"""Scoring matching (quizapp/questions/match.py)."""

from __future__ import annotations

import dataclasses

import pytest

from quizapp.questions import (
    MatchQuestion,
)
from quizapp.scoring import (
    score_response,
)
from tests.questions.scores import assert_no_answer, assert_score, assert_unreadable

# --------------------------------------------------------------------------------------------------
# match
# --------------------------------------------------------------------------------------------------

MATCH = MatchQuestion(
    id="q",
    prompt="Match each outlet to its kind.",
    pairs=(("AP", "wire service"), ("Newsweek", "magazine"), ("BBC", "broadcaster")),
    distractors=("blog",),
    points=3,
)
KEY = {"AP": "wire service", "Newsweek": "magazine", "BBC": "broadcaster"}


def test_match_all_right() -> None:
    assert_score(score_response(MATCH, KEY), 3, 3, "correct")


@pytest.mark.parametrize(
    ("response", "earned", "outcome"),
    [
        ({"AP": "wire service", "Newsweek": "magazine", "BBC": "blog"}, 2, "partial"),
        ({"AP": "wire service", "Newsweek": "broadcaster", "BBC": "magazine"}, 1, "partial"),
        ({"AP": "wire service"}, 1, "partial"),  # unanswered lefts earn nothing
        ({"AP": "magazine", "Newsweek": "wire service", "BBC": "blog"}, 0, "wrong"),
        ({"AP": "blog", "Newsweek": "blog", "BBC": "blog"}, 0, "wrong"),
        ({**KEY, "Reuters": "wire service"}, 3, "correct"),  # unknown lefts are ignored
        ({"Reuters": "wire service", "ap": "wire service"}, 0, "wrong"),
        ({"AP": "Wire Service", "Newsweek": "magazine "}, 0, "wrong"),  # rights are exact
        ({"AP": 1, "Newsweek": ["magazine"], "BBC": None}, 0, "wrong"),  # non-text rights never match
        ({"AP": "wire service", 5: "magazine", None: "x"}, 1, "partial"),  # non-text lefts are ignored
    ],
)
def test_match_partial_credit(response: dict[object, object], earned: float, outcome: str) -> None:
    assert_score(score_response(MATCH, response), earned, 3, outcome)


def test_match_fractional_points_are_rounded() -> None:
    question = dataclasses.replace(MATCH, points=1)
    assert score_response(question, {"AP": "wire service"}).earned == 0.333333
    assert score_response(question, {"AP": "wire service", "BBC": "broadcaster"}).earned == 0.666667


def test_match_shared_right() -> None:
    question = MatchQuestion(id="q", prompt="p", pairs=(("AP", "wire"), ("Reuters", "wire"), ("BBC", "tv")))
    assert_score(score_response(question, {"AP": "wire", "Reuters": "wire", "BBC": "wire"}), 2 / 3, 1, "partial")


@pytest.mark.parametrize("response", [None, {}])
def test_match_no_answer(response: object) -> None:
    assert_no_answer(score_response(MATCH, response))


@pytest.mark.parametrize("response", [list(KEY.items()), "AP=wire service", 3, True, ["AP"], b"{}", {"AP", "Newsweek"}])
def test_match_hostile_types(response: object) -> None:
    assert_unreadable(score_response(MATCH, response))
