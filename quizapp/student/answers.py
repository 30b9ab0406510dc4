"""Answers per question type: what a question offers, reading a submitted form into the stored answer,
and putting a stored answer (or the key) back into words.

Stored answers (``Response.answer``, JSON) by type: choice ``str``; multi and source ``list[str]``;
truefalse ``"true"``/``"false"``; short and numeric ``str`` as typed; match ``{left: right}``;
evidence ``[start, end]`` of one of the article's sentences; grid ``{claim: [article ids ticked]}``
(claims with no tick left out). ``None`` means not answered.

Form input is hostile until proven otherwise: only the fields of the question are read, values that
were not offered are dropped, typed text is capped, and nothing here raises for any input.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from quizapp.banks.model import Question
from quizapp.corpus import Corpus, Span
from quizapp.questions import (
    ChoiceQuestion,
    EvidenceQuestion,
    GridQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    ShortQuestion,
    SourceQuestion,
    TrueFalseQuestion,
)
from quizapp.student.formatting import format_number

# Longer than any real answer; keeps a pasted essay (or an attack) out of the database.
ANSWER_MAX_LENGTH = 500
TRUE_FALSE = (("true", "True"), ("false", "False"))


class FormData(Protocol):
    """What is read from a submitted form (Werkzeug's MultiDict has these)."""

    def get(self, key: str, default: Any = None) -> Any: ...  # noqa: D102

    def getlist(self, key: str) -> list[Any]: ...  # noqa: D102


@dataclass(frozen=True)
class Choice:
    """One option a question offers: the value the form sends and the words the student reads."""

    value: str
    label: str


def field_name(response_id: int) -> str:
    """The form field of a response: its database id, which says nothing about the answer."""
    return f"q-{response_id}"


def match_field_name(response_id: int, index: int) -> str:
    """The form field of the ``index``-th left item of a match response."""
    return f"q-{response_id}-{index}"


def grid_field_name(response_id: int, index: int) -> str:
    """The form field of the ``index``-th claim (row) of a grid response; its checkboxes' values are article ids."""
    return f"q-{response_id}-{index}"


def span_value(span: Span) -> str:
    """How a sentence travels in a form: ``start-end``."""
    return f"{span.start}-{span.end}"


def article_label(corpus: Corpus, article_id: str) -> str:
    """How students see an article named (outlet and headline); the bare id if it is unknown."""
    article = corpus.get(article_id)
    return article.label if article is not None else article_id


def offered_choices(question: Question, corpus: Corpus) -> list[Choice]:
    """Everything the question lets the student pick from, in authored (or reading) order.

    For match questions these are the right-hand options each left item chooses among; for grid
    questions, the articles each claim's row may tick.
    Typed questions (short, numeric) offer nothing.
    """
    if isinstance(question, ChoiceQuestion | MultiQuestion):
        return [Choice(text, text) for text in question.choices]
    if isinstance(question, SourceQuestion):
        return [Choice(article_id, article_label(corpus, article_id)) for article_id in question.choices]
    if isinstance(question, GridQuestion):  # the columns every claim's row offers
        return [Choice(article_id, article_label(corpus, article_id)) for article_id in question.articles]
    if isinstance(question, TrueFalseQuestion):
        return [Choice(value, label) for value, label in TRUE_FALSE]
    if isinstance(question, MatchQuestion):
        return [Choice(text, text) for text in question.rights]
    if isinstance(question, EvidenceQuestion):
        article = corpus.get(question.article)
        if article is None:
            return []
        return [Choice(span_value(span), article.slice(span)) for span in article.sentences]
    return []


def _clean_text(value: Any) -> str | None:
    """Typed text without control characters, trimmed and capped; None when nothing is left."""
    if not isinstance(value, str):
        return None
    kept = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in value[: ANSWER_MAX_LENGTH * 2])
    kept = kept.strip()[:ANSWER_MAX_LENGTH].strip()
    return kept or None


def parse_answer(question: Question, form: FormData, response_id: int, corpus: Corpus) -> Any:
    """The answer to store from ``form`` for one response of ``question``; None when nothing valid was given."""
    name = field_name(response_id)
    if isinstance(question, ShortQuestion | NumericQuestion):
        return _clean_text(form.get(name))
    offered = [choice.value for choice in offered_choices(question, corpus)]
    if isinstance(question, MatchQuestion):
        matches = {}
        for index, (left, _) in enumerate(question.pairs):
            right = form.get(match_field_name(response_id, index))
            if isinstance(right, str) and right in offered:
                matches[left] = right
        return matches or None
    if isinstance(question, GridQuestion):
        ticks = {}
        for index, claim in enumerate(question.claims):
            picked = {value for value in form.getlist(grid_field_name(response_id, index)) if isinstance(value, str)}
            row = [value for value in offered if value in picked]  # column order, each once
            if row:
                ticks[claim] = row
        return ticks or None
    if isinstance(question, MultiQuestion | SourceQuestion):
        picked = {value for value in form.getlist(name) if isinstance(value, str)}
        kept = [value for value in offered if value in picked]  # authored order, each once
        return kept or None
    value = form.get(name)
    if not isinstance(value, str) or value not in offered:
        return None
    if isinstance(question, EvidenceQuestion):
        start, end = value.split("-")
        return [int(start), int(end)]
    return value  # choice text, or "true"/"false"


def is_answered(answer: Any) -> bool:
    """True when a stored answer holds something (an empty list or mapping counts as no answer)."""
    return answer is not None and answer != "" and answer != [] and answer != {}


def grid_ticked(answer: Any, claim: str) -> set[str]:
    """The article ids a stored grid answer ticks for ``claim``; empty for anything unreadable."""
    if not isinstance(answer, Mapping):
        return set()
    row = answer.get(claim)
    if isinstance(row, str):
        return {row}
    if isinstance(row, list | tuple):
        return {value for value in row if isinstance(value, str)}
    return set()


def selected_values(question: Question, answer: Any) -> set[str]:
    """The option values a stored answer has picked, to show them checked again (not for match or grid)."""
    if not is_answered(answer):
        return set()
    if isinstance(question, EvidenceQuestion):
        if isinstance(answer, list | tuple) and len(answer) == 2:
            return {f"{answer[0]}-{answer[1]}"}
        return set()
    if isinstance(answer, str):
        return {answer}
    if isinstance(answer, list | tuple):
        return {value for value in answer if isinstance(value, str)}
    return set()


def describe_answer(question: Question, answer: Any, corpus: Corpus) -> list[str]:
    """A stored answer in the words the student saw, one line per pick; empty when not answered."""
    if not is_answered(answer):
        return []
    if isinstance(question, MatchQuestion):
        if not isinstance(answer, Mapping):
            return []
        return [f"{left} → {answer[left]}" for left, _ in question.pairs if isinstance(answer.get(left), str)]
    if isinstance(question, ShortQuestion | NumericQuestion):
        return [answer] if isinstance(answer, str) else []
    if isinstance(question, GridQuestion):
        return [
            f"{claim} — {_grid_row_words([a for a in question.articles if a in grid_ticked(answer, claim)], corpus)}"
            for claim in question.claims
        ]
    labels = {choice.value: choice.label for choice in offered_choices(question, corpus)}
    if isinstance(question, EvidenceQuestion) and question.article in corpus:
        if isinstance(answer, list | tuple) and len(answer) == 2 and all(isinstance(x, int) for x in answer):
            return [corpus[question.article].slice(Span(answer[0], answer[1]))]
        return []
    return [labels.get(value, value) for value in sorted(selected_values(question, answer), key=_order_of(labels))]


def _order_of(labels: dict[str, str]):
    order = {value: position for position, value in enumerate(labels)}
    return lambda value: (order.get(value, len(order)), value)


def _grid_row_words(article_ids: Any, corpus: Corpus) -> str:
    """One grid row in words: the ticked reports, or that none is ticked."""
    names = [article_label(corpus, article_id) for article_id in article_ids]
    return "; ".join(names) if names else "no report ticked"


def describe_key(question: Question, corpus: Corpus) -> list[str]:
    """The correct answer in the words the student saw, one line per part."""
    if isinstance(question, ChoiceQuestion):
        return [question.answer]
    if isinstance(question, MultiQuestion):
        return [choice for choice in question.choices if choice in question.answers]
    if isinstance(question, SourceQuestion):
        ordered = [article_id for article_id in question.choices if article_id in question.answers]
        ordered += sorted(question.answers - set(ordered))
        return [article_label(corpus, article_id) for article_id in ordered]
    if isinstance(question, TrueFalseQuestion):
        return ["True" if question.answer else "False"]
    if isinstance(question, ShortQuestion):
        return list(question.answers[:1])
    if isinstance(question, NumericQuestion):
        return [format_number(question.answer)]
    if isinstance(question, MatchQuestion):
        return [f"{left} → {right}" for left, right in question.pairs]
    if isinstance(question, GridQuestion):
        return [f"{claim} — {_grid_row_words(question.carriers(claim), corpus)}" for claim in question.claims]
    if isinstance(question, EvidenceQuestion):
        article = corpus.get(question.article)
        if article is None:
            return [question.answer]
        sentences = [article.slice(span) for span in article.sentences if span.overlaps(question.answer_span)]
        return sentences or [question.answer]
    return []


def key_note(question: Question) -> str | None:
    """What else counts as right, when the key alone does not say it (other spellings, a tolerance)."""
    if isinstance(question, ShortQuestion) and len(question.answers) > 1:
        others = ", ".join(f"“{answer}”" for answer in question.answers[1:])
        return f"Also accepted: {others}. Capital letters, accents and punctuation do not matter."
    if isinstance(question, ShortQuestion):
        return "Capital letters, accents and punctuation do not matter."
    if isinstance(question, NumericQuestion) and question.tolerance.value:
        tolerance = question.tolerance
        allowed = abs(question.answer) * tolerance.value if tolerance.relative else tolerance.value
        low, high = format_number(question.answer - allowed), format_number(question.answer + allowed)
        return f"Anything from {low} to {high} counts as right."
    if isinstance(question, EvidenceQuestion):
        return "Any sentence that contains the supporting words counts as right."
    if isinstance(question, GridQuestion):
        return (
            "Every box counts: ticked where the report carries the claim, empty where it does not. "
            "The points are the share of boxes right."
        )
    return None
