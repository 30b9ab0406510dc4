"""Scoring true/false (quizapp/questions/truefalse.py)."""

from __future__ import annotations

import pytest

from quizapp.questions import (
    TrueFalseQuestion,
)
from quizapp.scoring import (
    score_response,
)
from tests.questions.scores import assert_no_answer, assert_score, assert_unreadable

# --------------------------------------------------------------------------------------------------
# truefalse
# --------------------------------------------------------------------------------------------------

TRUE = TrueFalseQuestion(id="q", prompt="p", answer=True, points=1.5)
FALSE = TrueFalseQuestion(id="q", prompt="p", answer=False, points=1.5)


@pytest.mark.parametrize("response", [True, "true", "True", "TRUE", " true ", "tRuE", "true\n"])
def test_truefalse_true(response: object) -> None:
    assert_score(score_response(TRUE, response), 1.5, 1.5, "correct")
    assert_score(score_response(FALSE, response), 0, 1.5, "wrong")


@pytest.mark.parametrize("response", [False, "false", "False", "FALSE", "  false"])
def test_truefalse_false(response: object) -> None:
    assert_score(score_response(FALSE, response), 1.5, 1.5, "correct")
    assert_score(score_response(TRUE, response), 0, 1.5, "wrong")


@pytest.mark.parametrize("response", [None, "", "  "])
def test_truefalse_no_answer(response: object) -> None:
    assert_no_answer(score_response(TRUE, response))


@pytest.mark.parametrize("response", ["yes", "t", "1", "truth", "true false", "vrai"])
def test_truefalse_unreadable_text_quotes_it(response: str) -> None:
    score = score_response(TRUE, response)
    assert_unreadable(score)
    assert f"'{response}'" in (score.message or "")


@pytest.mark.parametrize("response", [1, 0, 1.0, {"true": True}, [True], b"true"])
def test_truefalse_hostile_types(response: object) -> None:
    assert_unreadable(score_response(TRUE, response))
