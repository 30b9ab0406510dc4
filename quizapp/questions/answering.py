"""What the kinds' Answering sections share: the form's fields, the options a question offers, reading
a posted form, and the plain data the quiz form and the results page render.

Form input is hostile until proven otherwise: only the fields of the question are read, values that
were not offered are dropped, typed text is capped, and nothing here raises for any input. A form is
anything with ``get`` and ``getlist`` (:class:`FormData`), so kinds read one without Flask.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from quizapp.corpus.articles import Corpus
from quizapp.corpus.span import Span

# Longer than any real answer; keeps a pasted essay (or an attack) out of the database.
ANSWER_MAX_LENGTH = 500


class FormData(Protocol):
    """What is read from a submitted form (Werkzeug's MultiDict has these)."""

    def get(self, key: str) -> Any: ...  # noqa: D102

    def getlist(self, key: str) -> list[Any]: ...  # noqa: D102


@dataclass(frozen=True)
class Choice:
    """One option a question offers: the value the form sends and the words the student reads."""

    value: str
    label: str


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
class FormInputs:
    """The inputs of one question on the quiz form, the saved answer filled in: what its partial renders.

    Each kind fills the parts its partial reads and leaves the rest empty.
    """

    options: tuple[Option, ...] = ()  # radio buttons or checkboxes sharing the question's field
    text: str = ""  # a typed answer
    match_rows: tuple[MatchRow, ...] = ()
    grid_columns: tuple[GridColumn, ...] = ()
    grid_rows: tuple[GridRow, ...] = ()
    article: str | None = None  # the report whose sentences are the options
    max_words: int | None = None  # a written answer's word limit
    words: int = 0  # the words the typed answer has now, for the counter beside a limit


@dataclass(frozen=True)
class GridCell:
    """One box of a grid result: whether the student ticked it, whether the key does, and the words for it."""

    name: str  # "claim — report", for screen readers reading the cell out of its table
    ticked: bool
    carried: bool  # the key: the report carries the claim

    @property
    def right(self) -> bool:
        """The student's box agrees with the key (ticked and carried, or empty and not carried)."""
        return self.ticked == self.carried


@dataclass(frozen=True)
class GridResult:
    """An answer box by box, for the results table: reports as columns, claims as rows."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[GridCell, ...]], ...]  # (claim, cells in column order)

    @property
    def right_count(self) -> int:
        """How many boxes agree with the key."""
        return sum(cell.right for _, cells in self.rows for cell in cells)

    @property
    def cell_count(self) -> int:
        """How many boxes the grid has."""
        return sum(len(cells) for _, cells in self.rows)


def field_name(response_id: int) -> str:
    """The form field of a response: its database id, which says nothing about the answer."""
    return f"q-{response_id}"


def row_field_name(response_id: int, index: int) -> str:
    """The form field of the ``index``-th row of a response (a match's left item, a grid's claim)."""
    return f"q-{response_id}-{index}"


def span_value(span: Span) -> str:
    """How a sentence travels in a form: ``start-end``."""
    return f"{span.start}-{span.end}"


def article_label(corpus: Corpus, article_id: str) -> str:
    """How students see an article named (outlet and headline); the bare id if it is unknown."""
    article = corpus.get(article_id)
    return article.label if article is not None else article_id


def is_answered(answer: Any) -> bool:
    """True when a stored answer holds something (an empty list or mapping counts as no answer)."""
    return answer is not None and answer != "" and answer != [] and answer != {}


def same_choices(texts: Sequence[str]) -> list[Choice]:
    """Options whose value is also the words the student reads (choice texts, right-hand items)."""
    return [Choice(text, text) for text in texts]


def article_choices(article_ids: Sequence[str], corpus: Corpus) -> list[Choice]:
    """Options that are articles: the id travels, the outlet and headline are read."""
    return [Choice(article_id, article_label(corpus, article_id)) for article_id in article_ids]


def clean_text(value: Any) -> str | None:
    """Typed text without control characters, trimmed and capped; None when nothing is left."""
    if not isinstance(value, str):
        return None
    kept = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in value[: ANSWER_MAX_LENGTH * 2])
    kept = kept.strip()[:ANSWER_MAX_LENGTH].strip()
    return kept or None


def one_pick(form: FormData, response_id: int, offered: Sequence[Choice]) -> str | None:
    """The one offered value the question's field sends; None for anything else."""
    value = form.get(field_name(response_id))
    if not isinstance(value, str) or value not in [choice.value for choice in offered]:
        return None
    return value


def several_picks(form: FormData, response_id: int, offered: Sequence[Choice]) -> list[str] | None:
    """The offered values the question's field sends, in the offered order, each once; None for none."""
    picked = {value for value in form.getlist(field_name(response_id)) if isinstance(value, str)}
    kept = [choice.value for choice in offered if choice.value in picked]
    return kept or None


def picked_values(answer: Any) -> set[str]:
    """The option values a stored answer of text (one) or texts (several) has picked; empty otherwise."""
    if not is_answered(answer):
        return set()
    if isinstance(answer, str):
        return {answer}
    if isinstance(answer, list | tuple):
        return {value for value in answer if isinstance(value, str)}
    return set()


def option_inputs(response_id: int, choices: Sequence[Choice], picked: set[str]) -> tuple[Option, ...]:
    """One radio button or checkbox per choice, in the given order, the ``picked`` values checked."""
    name = field_name(response_id)
    return tuple(
        Option(f"{name}-{position}", choice.value, choice.label, choice.value in picked)
        for position, choice in enumerate(choices)
    )


def picked_words(choices: Sequence[Choice], answer: Any) -> list[str]:
    """The options a stored answer picked, in the words the student saw and in the offered order.

    A value that is no option (an edited bank) is shown as stored, after the options.
    """
    labels = {choice.value: choice.label for choice in choices}
    order = {value: position for position, value in enumerate(labels)}
    picked = sorted(picked_values(answer), key=lambda value: (order.get(value, len(order)), value))
    return [labels.get(value, value) for value in picked]


def typed_words(answer: Any) -> list[str]:
    """A typed answer as the student typed it."""
    return [answer] if isinstance(answer, str) else []

