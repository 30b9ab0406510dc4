"""Answers, whatever the question's kind: what a question offers, reading a submitted form into the
stored answer, and putting a stored answer (or the key) back into words.

Each function asks the question's kind (:mod:`quizapp.questions`), which says how its answer is
stored (``Response.answer``, JSON; ``None`` means not answered) and read. Form input is hostile
until proven otherwise: only the fields of the question are read, values that were not offered
are dropped, typed text is capped, and nothing here raises for any input.
"""

from __future__ import annotations

from typing import Any

from quizapp.banks.model import Question
from quizapp.corpus import Corpus
from quizapp.questions import kind_of
from quizapp.questions.answering import (
    ANSWER_MAX_LENGTH,
    Choice,
    FormData,
    article_label,
    field_name,
    is_answered,
)

__all__ = [
    "ANSWER_MAX_LENGTH",
    "Choice",
    "FormData",
    "article_label",
    "describe_answer",
    "describe_key",
    "field_name",
    "is_answered",
    "key_note",
    "offered_choices",
    "parse_answer",
]


def offered_choices(question: Question, corpus: Corpus) -> list[Choice]:
    """Everything the question lets the student pick from, in authored (or reading) order.

    For match questions these are the right-hand options each left item chooses among; for grid
    questions, the articles each claim's row may tick. Typed questions (short, numeric) offer nothing.
    """
    return kind_of(question).offered(question, corpus)


def parse_answer(question: Question, form: FormData, response_id: int, corpus: Corpus) -> Any:
    """The answer to store from ``form`` for one response of ``question``; None when nothing valid was given."""
    return kind_of(question).parse_answer(question, form, response_id, corpus)


def describe_answer(question: Question, answer: Any, corpus: Corpus) -> list[str]:
    """A stored answer in the words the student saw, one line per pick; empty when not answered."""
    if not is_answered(answer):
        return []
    return kind_of(question).describe_answer(question, answer, corpus)


def describe_key(question: Question, corpus: Corpus) -> list[str]:
    """The correct answer in the words the student saw, one line per part."""
    return kind_of(question).describe_key(question, corpus)


def key_note(question: Question) -> str | None:
    """What else counts as right, when the key alone does not say it (other spellings, a tolerance)."""
    return kind_of(question).key_note(question)
