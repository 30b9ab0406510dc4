"""Scoring a student's response to a question: pure functions, no web framework, no database.

:func:`score_response` asks the question's kind (:func:`quizapp.questions.kind_of`) for the *credit*
the response earns: the fraction of the points, in ``[0, 1]``, and a message when the response could
not be read at all. Each kind's ``credit`` method documents the response shapes it reads. Adding a
kind touches its own module in :mod:`quizapp.questions` and its test; nothing here changes.

Responses come from web forms, so every scorer is tolerant of hostile input: whatever the response
is (``None``, a dict where a string was expected, an integer too large for a float), scoring never
raises. A missing or empty response earns nothing and carries no message; a response that cannot be
read earns nothing and says why.
"""

from __future__ import annotations

from quizapp.banks.model import Question
from quizapp.questions import kind_of
from quizapp.questions.base import EARNED_DECIMALS, Outcome, Score
from quizapp.questions.reading import normalise_short_answer, parse_number

__all__ = ["EARNED_DECIMALS", "Outcome", "Score", "normalise_short_answer", "parse_number", "score_response"]


def score_response(question: Question, response: object) -> Score:
    """Score ``response`` to ``question``; never raises for any response.

    A question whose ``type`` has no kind is a programming error, not bad input, so it raises ValueError.
    """
    return kind_of(question).grade(question, response)
