"""What the quiz page shows for each question: options shuffled per student, saved answers filled in.

Nothing built here carries the answer key: only prompts, offered options and the student's own
answers reach the template.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.banks.model import Question
from quizapp.corpus import Corpus
from quizapp.models import Response
from quizapp.questions import kind_of
from quizapp.questions.answering import ANSWER_MAX_LENGTH, Choice, FormInputs, field_name, is_answered
from quizapp.student.answers import offered_choices
from quizapp.student.formatting import format_worth


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


def quiz_item(
    response: Response, number: int, total: int, student_id: int, corpus: Corpus, kept: Mapping[int, Any] | None = None
) -> QuizItem:
    """The question of ``response`` ready to render, with the student's saved answer filled in.

    ``kept`` holds answers posted but not stored (a form whose CSRF check failed), shown instead.
    """
    question = response.question_version.question
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
    responses: Sequence[Response],
    student_id: int,
    corpus: Corpus,
    first_number: int = 1,
    kept: Mapping[int, Any] | None = None,
) -> list[QuizItem]:
    """Quiz items for ``responses``, numbered from ``first_number`` out of the attempt's whole count."""
    total = len(responses[0].attempt.responses) if responses else 0
    return [
        quiz_item(response, first_number + offset, total, student_id, corpus, kept)
        for offset, response in enumerate(responses)
    ]
