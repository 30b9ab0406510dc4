"""Scoring multiple answers and which-report questions (quizapp/questions/multi.py, source.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from quizapp.questions import (
    MultiQuestion,
    SourceQuestion,
)
from quizapp.scoring import (
    score_response,
)
from tests.questions.scores import assert_no_answer, assert_score, assert_unreadable

# --------------------------------------------------------------------------------------------------
# multi and source
# --------------------------------------------------------------------------------------------------

MULTI = MultiQuestion(
    id="q", prompt="p", choices=("A", "B", "C", "D", "E"), answers=frozenset({"A", "B", "C"}), points=3
)


@pytest.mark.parametrize(
    ("picks", "earned", "outcome"),
    [
        (["A", "B", "C"], 3, "correct"),
        (["C", "B", "A"], 3, "correct"),
        (["A", "B", "D"], 3 * (2 - 1) / 3, "partial"),  # the worked example: (right - wrong) / answers
        (["A", "B"], 3 * 2 / 3, "partial"),
        (["A"], 3 * 1 / 3, "partial"),
        (["A", "B", "C", "D"], 3 * (3 - 1) / 3, "partial"),
        (["A", "B", "C", "D", "E"], 3 * (3 - 2) / 3, "partial"),
        (["A", "D"], 0, "wrong"),  # 1 - 1 = 0
        (["A", "D", "E"], 0, "wrong"),  # 1 - 2 < 0 is floored at zero
        (["D", "E"], 0, "wrong"),
        (["D"], 0, "wrong"),
    ],
)
def test_multi_partial_credit(picks: list[str], earned: float, outcome: str) -> None:
    assert_score(score_response(MULTI, picks), earned, 3, outcome)


def test_multi_fractional_points_are_rounded() -> None:
    question = dataclasses.replace(MULTI, points=2.5)
    score = score_response(question, ["A", "B", "D"])
    assert score.earned == 0.833333  # 2.5 * (2 - 1) / 3, rounded to 6 places
    assert score.outcome == "partial"


def test_multi_duplicate_picks_count_once() -> None:
    assert_score(score_response(MULTI, ["A", "A", "A"]), 1, 3, "partial")
    assert_score(score_response(MULTI, ["A", "B", "C", "C"]), 3, 3, "correct")
    assert_score(score_response(MULTI, ["A", "D", "D"]), 0, 3, "wrong")  # D is one wrong pick, not two


def test_multi_picks_not_among_choices_are_wrong_picks() -> None:
    assert_score(score_response(MULTI, ["A", "B", "C", "Z"]), 2, 3, "partial")
    assert_score(score_response(MULTI, ["A", "B", "a"]), 1, 3, "partial")  # case matters
    assert_score(score_response(MULTI, ["A", "B", "A "]), 1, 3, "partial")  # and whitespace


@pytest.mark.parametrize(
    "picks",
    [("A", "B", "C"), {"A", "B", "C"}, frozenset({"A", "B", "C"}), iter(["A", "B", "C"])],
    ids=["tuple", "set", "frozenset", "iterator"],
)
def test_multi_accepts_any_iterable(picks: object) -> None:
    assert_score(score_response(MULTI, picks), 3, 3, "correct")


def test_multi_accepts_a_generator() -> None:
    def picks() -> Iterator[str]:
        yield "A"
        yield "B"

    assert_score(score_response(MULTI, picks()), 2, 3, "partial")


def test_multi_lone_string_is_one_pick_not_characters() -> None:
    assert_score(score_response(MULTI, "A"), 1, 3, "partial")
    question = MultiQuestion(id="q", prompt="p", choices=("AB", "A", "B"), answers=frozenset({"A", "B"}))
    assert_score(score_response(question, "AB"), 0, 1, "wrong")


@pytest.mark.parametrize("response", [None, [], (), set(), "", "  ", ["  "]])
def test_multi_no_answer(response: object) -> None:
    assert_no_answer(score_response(MULTI, response))  # a blank pick is a wrong pick: 0 - 1 floors at 0


@pytest.mark.parametrize(
    "response",
    [{"A": True, "B": True}, 5, 2.5, True, b"AB", bytearray(b"A"), ["A", None], ["A", 1], [["A"]], object()],
    ids=["dict", "int", "float", "bool", "bytes", "bytearray", "none-pick", "int-pick", "nested", "object"],
)
def test_multi_hostile_types(response: object) -> None:
    assert_unreadable(score_response(MULTI, response))


def test_multi_iterable_that_raises_is_unreadable() -> None:
    def picks() -> Iterator[str]:
        yield "A"
        raise RuntimeError("form parser blew up")

    assert_unreadable(score_response(MULTI, picks()))


def test_multi_unicode_picks() -> None:
    question = MultiQuestion(
        id="q", prompt="p", choices=("Café", "Cafe", "naïve"), answers=frozenset({"Café", "naïve"})
    )
    assert_score(score_response(question, ["Café", "naïve"]), 1, 1, "correct")
    assert_score(score_response(question, ["Cafe", "naïve"]), 0, 1, "wrong")  # 1 - 1


SOURCE = SourceQuestion(
    id="q",
    prompt="Which articles quote the minister?",
    choices=("000_a", "001_b", "002_c", "003_d"),
    answers=frozenset({"000_a", "002_c"}),
    points=2,
)


@pytest.mark.parametrize(
    ("picks", "earned", "outcome"),
    [
        (["000_a", "002_c"], 2, "correct"),
        (["000_a"], 1, "partial"),
        (["000_a", "002_c", "003_d"], 1, "partial"),
        (["000_a", "001_b"], 0, "wrong"),
        (["001_b", "003_d"], 0, "wrong"),
        (["000_a", "000_a"], 1, "partial"),
        (["000_a", "002_c", "999_nope"], 1, "partial"),
    ],
)
def test_source_scored_as_multi(picks: list[str], earned: float, outcome: str) -> None:
    assert_score(score_response(SOURCE, picks), earned, 2, outcome)


@pytest.mark.parametrize("response", [None, [], ""])
def test_source_no_answer(response: object) -> None:
    assert_no_answer(score_response(SOURCE, response))


@pytest.mark.parametrize("response", [{"000_a": "on"}, 0, ["000_a", 2]])
def test_source_hostile_types(response: object) -> None:
    assert_unreadable(score_response(SOURCE, response))
