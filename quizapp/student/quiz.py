"""What the quiz page shows for each question: options shuffled per student, saved answers filled in.

Nothing built here carries the answer key: only prompts, offered options and the student's own
answers reach the template.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.model import Question
from quizapp.corpus import Corpus
from quizapp.models import Response
from quizapp.questions import EvidenceQuestion, GridQuestion, MatchQuestion
from quizapp.student.answers import (
    ANSWER_MAX_LENGTH,
    Choice,
    article_label,
    field_name,
    grid_field_name,
    grid_ticked,
    is_answered,
    match_field_name,
    offered_choices,
    selected_values,
)
from quizapp.student.formatting import format_worth

# Question types whose options are shuffled; true/false and an article's sentences keep their order.
SHUFFLED_TYPES = frozenset({"choice", "multi", "source", "match"})


@dataclass(frozen=True)
class Option:
    """One radio button, checkbox or select option, with its element id."""

    id: str
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class MatchRow:
    """One left item of a match question and its select."""

    id: str
    field: str
    left: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class GridColumn:
    """One article of a grid question, as its column header names it."""

    outlet: str
    headline: str
    label: str  # outlet and headline in one line, for each checkbox's accessible name


@dataclass(frozen=True)
class GridRow:
    """One claim of a grid question: its checkboxes, one per article, all sharing one field name."""

    id: str
    field: str
    claim: str
    cells: tuple[Option, ...]  # in column order; ``label`` is the column's label


@dataclass(frozen=True)
class QuizItem:
    """One question as the quiz form renders it."""

    response_id: int
    field: str
    number: int
    total: int
    type: str
    prompt: str
    worth: str
    answered: bool
    options: tuple[Option, ...] = ()
    text: str = ""
    match_rows: tuple[MatchRow, ...] = ()
    grid_columns: tuple[GridColumn, ...] = ()
    grid_rows: tuple[GridRow, ...] = ()
    article: str | None = None
    max_length: int = ANSWER_MAX_LENGTH
    anchor: str = field(default="")


def shuffled_for(student_id: int, question: Question, choices: Sequence[Choice]) -> list[Choice]:
    """The options in this student's order: shuffled, and the same every time this student sees them."""
    ordered = list(choices)
    if question.type in SHUFFLED_TYPES:
        random.Random(f"{student_id}:{question.id}").shuffle(ordered)  # noqa: S311 - an order, not a secret
    return ordered


def quiz_item(
    response: Response, number: int, total: int, student_id: int, corpus: Corpus, kept: Mapping[int, Any] | None = None
) -> QuizItem:
    """The question of ``response`` ready to render, with the student's saved answer filled in.

    ``kept`` holds answers posted but not stored (a form whose CSRF check failed), shown instead.
    """
    question = response.question_version.question
    name = field_name(response.id)
    choices = shuffled_for(student_id, question, offered_choices(question, corpus))
    answer = kept[response.id] if kept is not None and response.id in kept else response.answer
    common = dict(
        response_id=response.id,
        field=name,
        number=number,
        total=total,
        type=question.type,
        prompt=question.prompt,
        worth=format_worth(question.points),
        answered=is_answered(answer),
        anchor=f"question-{number}",
    )
    if isinstance(question, MatchQuestion):
        saved = answer if isinstance(answer, dict) else {}
        rows = []
        for index, (left, _) in enumerate(question.pairs):
            row_field = match_field_name(response.id, index)
            options = tuple(
                Option(f"{row_field}-{position}", choice.value, choice.label, saved.get(left) == choice.value)
                for position, choice in enumerate(choices)
            )
            rows.append(MatchRow(row_field, row_field, left, options))
        return QuizItem(**common, match_rows=tuple(rows))
    if isinstance(question, GridQuestion):
        return QuizItem(**common, **grid_layout(question, response.id, answer, corpus))
    if question.type in ("short", "numeric"):
        return QuizItem(**common, text=answer if isinstance(answer, str) else "")
    picked = selected_values(question, answer)
    options = tuple(
        Option(f"{name}-{position}", choice.value, choice.label, choice.value in picked)
        for position, choice in enumerate(choices)
    )
    article = article_label(corpus, question.article) if isinstance(question, EvidenceQuestion) else None
    return QuizItem(**common, options=options, article=article)


def grid_layout(question: GridQuestion, response_id: int, answer: object, corpus: Corpus) -> dict[str, tuple]:
    """The columns and rows of a grid question, in authored order (a grid is not shuffled), saved ticks checked."""
    columns = []
    for article_id in question.articles:
        article = corpus.get(article_id)
        if article is None:
            columns.append(GridColumn(article_id, "", article_id))
        else:
            columns.append(GridColumn(article.outlet, article.headline, article.label))
    rows = []
    for index, claim in enumerate(question.claims):
        row_field = grid_field_name(response_id, index)
        ticked = grid_ticked(answer, claim)
        cells = tuple(
            Option(f"{row_field}-{position}", article_id, column.label, article_id in ticked)
            for position, (article_id, column) in enumerate(zip(question.articles, columns, strict=True))
        )
        rows.append(GridRow(row_field, row_field, claim, cells))
    return {"grid_columns": tuple(columns), "grid_rows": tuple(rows)}


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
