"""Scoring multiple choice (quizapp/questions/choice.py)."""

from __future__ import annotations

import pytest

from quizapp.questions import (
    ChoiceQuestion,
)
from quizapp.scoring import (
    score_response,
)
from tests.questions.scores import assert_no_answer, assert_score, assert_unreadable

# --------------------------------------------------------------------------------------------------
# choice
# --------------------------------------------------------------------------------------------------

CHOICE = ChoiceQuestion(
    id="q", prompt="Who wrote it?", choices=("The AP", "Newsweek", "A blog"), answer="The AP", points=2
)


def test_choice_right() -> None:
    assert_score(score_response(CHOICE, "The AP"), 2, 2, "correct")


def test_choice_other_choice_is_wrong() -> None:
    score = score_response(CHOICE, "Newsweek")
    assert_score(score, 0, 2, "wrong")
    assert score.message is None


@pytest.mark.parametrize("response", ["The AP ", " The AP", "the ap", "THE AP", "The  AP"])
def test_choice_must_be_exact(response: str) -> None:
    assert_score(score_response(CHOICE, response), 0, 2, "wrong")


def test_choice_not_among_choices_is_just_wrong() -> None:
    score = score_response(CHOICE, "Reuters")
    assert_score(score, 0, 2, "wrong")
    assert score.message is None


@pytest.mark.parametrize("response", [None, "", "   "])
def test_choice_no_answer(response: object) -> None:
    assert_no_answer(score_response(CHOICE, response))  # "   " is no answer because it is no choice


def test_choice_texts_are_exact_even_when_blank() -> None:
    question = ChoiceQuestion(id="q", prompt="p", choices=(" ", "x"), answer=" ")
    assert score_response(question, " ").outcome == "correct"
    assert score_response(question, "  ").outcome == "wrong"


@pytest.mark.parametrize("response", [{"The AP": 1}, ["The AP"], 5, True, b"The AP", 3.5])
def test_choice_hostile_types(response: object) -> None:
    assert_unreadable(score_response(CHOICE, response))


def test_choice_unicode() -> None:
    question = ChoiceQuestion(id="q", prompt="p", choices=("López", "Lopez"), answer="López")
    assert score_response(question, "López").outcome == "correct"
    assert score_response(question, "Lopez").outcome == "wrong"
