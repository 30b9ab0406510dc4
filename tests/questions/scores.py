"""Assertions on scores shared by the kinds' tests."""

from __future__ import annotations

import pytest

from quizapp.scoring import (
    Score,
)

NO_NUMBER = "No number could be read"


def assert_score(score: Score, earned: float, possible: float, outcome: str) -> None:
    """Check the three numbers of a score at once, so that a failure shows all of them."""
    assert (score.earned, score.possible, score.outcome) == (pytest.approx(earned), possible, outcome)


def assert_no_answer(score: Score) -> None:
    """A missing answer: nothing earned, wrong, and no message (there is nothing to explain)."""
    assert score.earned == 0
    assert score.outcome == "wrong"
    assert score.message is None


def assert_unreadable(score: Score) -> None:
    """An unreadable answer: nothing earned, wrong, and a message saying so."""
    assert score.earned == 0
    assert score.outcome == "wrong"
    assert isinstance(score.message, str) and score.message
