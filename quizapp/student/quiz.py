"""What the quiz page shows for each question: options shuffled per student, saved answers filled in.

Nothing built here carries the answer key: only prompts, offered options and the student's own
answers reach the template.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select

from quizapp.banks.model import Question
from quizapp.corpus import Corpus
from quizapp.db import db
from quizapp.models import Response
from quizapp.questions import kind_of
from quizapp.questions.answering import ANSWER_MAX_LENGTH, Choice, FormInputs, field_name, is_answered
from quizapp.student.answers import offered_choices
from quizapp.student.formatting import format_worth
from quizapp.student.saving import questions_of


@dataclass(frozen=True)
class QuizItem:
    """One question as the quiz form renders it: ``partial`` renders ``inputs``, the kind's own part."""

    response_id: int
    field: str
    number: int
    total: int
    type: str
    prompt: str
    worth: str
    answered: bool
    partial: str  # the template of the question's inputs
    hint: str  # how to answer, under the prompt
    inputs: FormInputs
    input_mode: str | None = None  # the keyboard a typed answer asks for
    max_length: int = ANSWER_MAX_LENGTH
    anchor: str = ""


def shuffled_for(student_id: int, question: Question, choices: Sequence[Choice]) -> list[Choice]:
    """The options in this student's order: shuffled if the kind shuffles, the same each time this student looks."""
    ordered = list(choices)
    if kind_of(question).shuffled:
        random.Random(f"{student_id}:{question.id}").shuffle(ordered)  # noqa: S311 - an order, not a secret
    return ordered


class SavedAnswer(NamedTuple):
    """What the quiz page needs of one response: which question version it asks, and its saved answer."""

    id: int
    question_version_id: int
    answer: Any
    saved_at: datetime | None


def quiz_item(
    response: SavedAnswer,
    question: Question,
    number: int,
    total: int,
    student_id: int,
    corpus: Corpus,
    kept: Mapping[int, Any] | None = None,
) -> QuizItem:
    """``question``, the question of ``response``, ready to render, with the student's saved answer filled in.

    ``kept`` holds answers posted but not stored (a form whose CSRF check failed), shown instead.
    """
    kind = kind_of(question)
    choices = shuffled_for(student_id, question, offered_choices(question, corpus))
    answer = kept[response.id] if kept is not None and response.id in kept else response.answer
    return QuizItem(
        response_id=response.id,
        field=field_name(response.id),
        number=number,
        total=total,
        type=question.type,
        prompt=question.prompt,
        worth=format_worth(question.points),
        answered=is_answered(answer),
        partial=kind.form_partial,
        hint=kind.form_hint,
        inputs=kind.form_inputs(question, response.id, answer, choices, corpus),
        input_mode=kind.input_mode,
        max_length=kind.answer_max_length,
        anchor=f"question-{number}",
    )


def quiz_items(
    responses: Sequence[SavedAnswer],
    student_id: int,
    corpus: Corpus,
    total: int,
    first_number: int = 1,
    kept: Mapping[int, Any] | None = None,
) -> list[QuizItem]:
    """Quiz items for ``responses``, numbered from ``first_number`` out of the attempt's ``total``.

    Each question comes from the questions parsed once per app, by its version's id: the
    responses' question versions need not be loaded (see :func:`responses_for_quiz`).
    """
    parsed = questions_of(response.question_version_id for response in responses)
    return [
        quiz_item(response, parsed[response.question_version_id], number, total, student_id, corpus, kept)
        for number, response in enumerate(responses, first_number)
    ]


def responses_for_quiz(attempt_id: int) -> list[SavedAnswer]:
    """The attempt's responses in order, as the quiz page needs them: no ORM objects, no question versions.

    The quiz page needs only each version's question, which :func:`quiz_items` takes from the
    questions parsed once per app; reading 20 versions with their content on every quiz page was
    a third of its work, and building 20 ORM responses a tenth of what was left.
    """
    rows = db.session.execute(
        select(Response.id, Response.question_version_id, Response.answer, Response.saved_at)
        .where(Response.attempt_id == attempt_id)
        .order_by(Response.position)
    )
    return [SavedAnswer(*row) for row in rows]
