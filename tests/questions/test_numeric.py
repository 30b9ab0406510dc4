"""Scoring numeric answers (quizapp/questions/numeric.py)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from quizapp.questions import (
    NumericQuestion,
    Tolerance,
)
from quizapp.scoring import (
    score_response,
)
from tests.questions.scores import NO_NUMBER, assert_no_answer, assert_score, assert_unreadable

# --------------------------------------------------------------------------------------------------
# numeric
# --------------------------------------------------------------------------------------------------

EXACT = NumericQuestion(id="q", prompt="How many?", answer=178622, points=2)
ABSOLUTE = NumericQuestion(id="q", prompt="p", answer=3.0, tolerance=Tolerance(0.5))
RELATIVE = NumericQuestion(id="q", prompt="p", answer=100.0, tolerance=Tolerance(0.02, relative=True))


@pytest.mark.parametrize(
    "response",
    [
        "178,622",
        "178 622",
        "178\u00a0622",
        "178\u202f622",
        "178622",
        "178622.0",
        " 178622 ",
        "+178622",
        "1.78622e5",
        178622,
        178622.0,
        Fraction(178622),
        Decimal("178622.00"),
    ],
)
def test_numeric_exact(response: object) -> None:
    assert_score(score_response(EXACT, response), 2, 2, "correct")


@pytest.mark.parametrize("response", ["178,623", "178621", "-178622", "178.622", "17862.2", 178622.5])
def test_numeric_exact_wrong(response: object) -> None:
    score = score_response(EXACT, response)
    assert_score(score, 0, 2, "wrong")
    assert score.message is None


@pytest.mark.parametrize(
    ("response", "outcome"),
    [
        ("3", "correct"),
        ("3.5", "correct"),
        ("2.5", "correct"),
        ("3,4", "correct"),
        ("2.49", "wrong"),
        ("3.51", "wrong"),
        ("-3", "wrong"),
        (3.25, "correct"),
        (4, "wrong"),
    ],
)
def test_numeric_absolute_tolerance(response: object, outcome: str) -> None:
    assert score_response(ABSOLUTE, response).outcome == outcome


@pytest.mark.parametrize(
    ("response", "outcome"),
    [
        ("100", "correct"),
        ("102", "correct"),
        ("98", "correct"),
        ("101,5", "correct"),
        ("102.01", "wrong"),
        ("97.99", "wrong"),
        ("-100", "wrong"),
        ("0", "wrong"),
    ],
)
def test_numeric_relative_tolerance(response: object, outcome: str) -> None:
    assert score_response(RELATIVE, response).outcome == outcome


def test_numeric_relative_tolerance_scales_with_the_key() -> None:
    big = NumericQuestion(id="q", prompt="p", answer=1_000_000, tolerance=Tolerance(0.02, relative=True))
    assert score_response(big, "1,019,999").outcome == "correct"
    assert score_response(big, "1 020 001").outcome == "wrong"
    negative = NumericQuestion(id="q", prompt="p", answer=-50, tolerance=Tolerance(0.02, relative=True))
    assert score_response(negative, "\u221249").outcome == "correct"
    assert score_response(negative, "-48.9").outcome == "wrong"
    zero = NumericQuestion(id="q", prompt="p", answer=0, tolerance=Tolerance(0.02, relative=True))
    assert score_response(zero, "0").outcome == "correct"
    assert score_response(zero, "-0").outcome == "correct"
    assert score_response(zero, "0.001").outcome == "wrong"


def test_numeric_float_noise_is_forgiven() -> None:
    question = NumericQuestion(id="q", prompt="p", answer=0.3)
    assert score_response(question, 0.1 + 0.2).outcome == "correct"


def test_numeric_decimal_comma_and_key() -> None:
    question = NumericQuestion(id="q", prompt="p", answer=3.5)
    assert score_response(question, "3,5").outcome == "correct"
    assert score_response(question, "3,500").outcome == "wrong"  # 3500: a thousands separator


def test_numeric_unreadable_message() -> None:
    score = score_response(EXACT, "abc")
    assert_score(score, 0, 2, "wrong")
    assert score.message == "No number could be read from 'abc'."


@pytest.mark.parametrize("response", ["12abc", "1,2,3", "nan", "inf", "1.2.3", "about 178,000"])
def test_numeric_unreadable_text(response: str) -> None:
    score = score_response(EXACT, response)
    assert_unreadable(score)
    assert score.message == f"No number could be read from '{response}'."


def test_numeric_unreadable_message_is_cut_short() -> None:
    score = score_response(EXACT, "x" * 10_000)
    assert_unreadable(score)
    assert score.message is not None and len(score.message) < 100


@pytest.mark.parametrize("response", [None, "", "   ", "\u00a0"])
def test_numeric_no_answer(response: object) -> None:
    assert_no_answer(score_response(EXACT, response))


@pytest.mark.parametrize(
    "response",
    [
        True,
        False,
        {"value": 178622},
        [178622],
        b"178622",
        math.nan,
        math.inf,
        -math.inf,
        10**400,
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("1e999999"),
        1 + 2j,
        object(),
    ],
    ids=[
        "true",
        "false",
        "dict",
        "list",
        "bytes",
        "nan",
        "inf",
        "-inf",
        "huge-int",
        "decimal-nan",
        "decimal-snan",
        "decimal-huge",
        "complex",
        "object",
    ],
)
def test_numeric_hostile_types(response: object) -> None:
    score = score_response(EXACT, response)
    assert_unreadable(score)
    assert NO_NUMBER in (score.message or "")
