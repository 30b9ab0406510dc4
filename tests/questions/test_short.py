"""Scoring short answers and their normaliser (quizapp/questions/short.py, reading.py)."""

from __future__ import annotations

import pytest

from quizapp.questions import (
    ShortQuestion,
)
from quizapp.scoring import (
    normalise_short_answer,
    score_response,
)
from tests.questions.scores import assert_no_answer, assert_score, assert_unreadable

# --------------------------------------------------------------------------------------------------
# short answers and their normaliser
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("López Obrador", "lopez obrador"),
        ("lopez obrador", "lopez obrador"),
        ("Lo\u0301pez Obrador", "lopez obrador"),  # a decomposed accent
        ("  AP. ", "ap"),
        ("A.P.", "ap"),
        ("U.S.", "us"),
        ("\u201cFake news\u201d", "fake news"),
        ('"Fake news"', "fake news"),
        ("O\u2019Brien", "obrien"),
        ("O'Brien", "obrien"),
        ("O`Brien", "obrien"),  # a backtick typed as an apostrophe
        ("twenty-five", "twenty five"),
        ("twenty\u2013five", "twenty five"),
        ("twenty\u2212five", "twenty five"),
        ("a  \t b\n c", "a b c"),
        ("a\u00a0b", "a b"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("\uff21\uff30", "ap"),  # fullwidth letters
        ("\u200bAP", "ap"),  # a zero-width space pasted in
        ("İstanbul", "istanbul"),
        ("C++", "c++"),
        ("$5 million", "$5 million"),
        ("(AP)", "ap"),
        ("Hello, world!", "hello world"),
        ("\u00bfQu\u00e9?", "que"),
        ("...", ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_short_answer(text: str, folded: str) -> None:
    assert normalise_short_answer(text) == folded


@pytest.mark.parametrize("text", [None, 5, ["AP"], {"AP": 1}, b"AP"])
def test_normalise_short_answer_non_text_folds_to_empty(text: object) -> None:
    assert normalise_short_answer(text) == ""  # type: ignore[arg-type]


SHORT = ShortQuestion(id="q", prompt="Who is quoted?", answers=("López Obrador", "AMLO"), points=2)


@pytest.mark.parametrize(
    "response",
    [
        "López Obrador",
        "lopez obrador",
        "LOPEZ OBRADOR",
        "  López   Obrador. ",
        "López-Obrador",
        "amlo",
        "AMLO!",
        "Lo\u0301pez Obrador",
        "\u201cAMLO\u201d",
    ],
)
def test_short_right(response: str) -> None:
    assert_score(score_response(SHORT, response), 2, 2, "correct")


@pytest.mark.parametrize("response", ["Obrador", "López", "Lopez Obradors", "AML0", "López Obrador AMLO"])
def test_short_wrong(response: str) -> None:
    score = score_response(SHORT, response)
    assert_score(score, 0, 2, "wrong")
    assert score.message is None


@pytest.mark.parametrize("response", [None, "", "   ", "...", "?!", "\u200b"])
def test_short_no_answer(response: object) -> None:
    assert_no_answer(score_response(SHORT, response))


@pytest.mark.parametrize("response", [{"answer": "AMLO"}, ["AMLO"], 42, True, b"AMLO"])
def test_short_hostile_types(response: object) -> None:
    assert_unreadable(score_response(SHORT, response))


def test_short_key_of_only_punctuation_matches_nothing() -> None:
    question = ShortQuestion(id="q", prompt="p", answers=("?",))
    assert_no_answer(score_response(question, "?"))


def test_short_ap_example() -> None:
    question = ShortQuestion(id="q", prompt="p", answers=("AP",))
    assert score_response(question, "  AP. ").outcome == "correct"
    assert score_response(question, "A.P.").outcome == "correct"
    assert score_response(question, "APP").outcome == "wrong"
