"""Typed, validated question banks: what the loader produces and everything else consumes.

These classes are plain frozen dataclasses so that scoring, the web app and the exports can use
them without knowing anything about YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from quizapp.corpus.span import Span

SKILLS: tuple[str, ...] = ("attribution", "numbers", "sourcing", "comparison", "language", "context")


@dataclass(frozen=True)
class Source:
    """A verbatim passage a question cites, and where it stands in its article."""

    article: str
    quote: str
    span: Span
    claim: str | None = None  # grid questions: the claim this quote shows the article carries


@dataclass(frozen=True)
class Tolerance:
    """How far a numeric response may be from the key: absolute, or relative to the key."""

    value: float = 0.0
    relative: bool = False

    def allows(self, key: float, response: float) -> bool:
        """True when ``response`` is within this tolerance of ``key``."""
        allowed = abs(key) * self.value if self.relative else self.value
        # A small epsilon so that 0.1 + 0.2 style float noise never costs a student a point.
        return abs(response - key) <= allowed + 1e-9 * max(1.0, abs(key))

    def __str__(self) -> str:
        if self.relative:
            return f"{self.value * 100:g}%"
        return f"{self.value:g}"


@dataclass(frozen=True)
class Question:
    """Fields every question type has."""

    id: str
    prompt: str
    sources: tuple[Source, ...] = ()
    explanation: str | None = None
    skills: tuple[str, ...] = ()
    points: float = 1.0
    line: int = 0  # where the question stands in its YAML file, for messages

    type: str = field(default="", init=False)


@dataclass(frozen=True)
class ChoiceQuestion(Question):
    """One correct choice among several."""

    choices: tuple[str, ...] = ()
    answer: str = ""
    type: str = field(default="choice", init=False)


@dataclass(frozen=True)
class MultiQuestion(Question):
    """Pick every correct choice; partial credit."""

    choices: tuple[str, ...] = ()
    answers: frozenset[str] = frozenset()
    type: str = field(default="multi", init=False)


@dataclass(frozen=True)
class TrueFalseQuestion(Question):
    """A statement that is true or false."""

    answer: bool = True
    type: str = field(default="truefalse", init=False)


@dataclass(frozen=True)
class ShortQuestion(Question):
    """A typed answer compared loosely (case, accents, punctuation) with accepted strings."""

    answers: tuple[str, ...] = ()
    type: str = field(default="short", init=False)


@dataclass(frozen=True)
class NumericQuestion(Question):
    """A number, right within a tolerance."""

    answer: float = 0.0
    tolerance: Tolerance = Tolerance()
    type: str = field(default="numeric", init=False)


@dataclass(frozen=True)
class MatchQuestion(Question):
    """Match each left item to its right item; distractors are extra rights."""

    pairs: tuple[tuple[str, str], ...] = ()
    distractors: tuple[str, ...] = ()
    type: str = field(default="match", init=False)

    @property
    def rights(self) -> tuple[str, ...]:
        """Every right-hand option, distinct, in authored order, distractors last."""
        seen: dict[str, None] = {}
        for _, right in self.pairs:
            seen.setdefault(right, None)
        for right in self.distractors:
            seen.setdefault(right, None)
        return tuple(seen)


@dataclass(frozen=True)
class SourceQuestion(Question):
    """Which articles do something: a multi-select over article ids."""

    choices: tuple[str, ...] = ()  # article ids; the loader fills in all articles when omitted
    answers: frozenset[str] = frozenset()
    type: str = field(default="source", init=False)


@dataclass(frozen=True)
class EvidenceQuestion(Question):
    """Pick the sentence of an article that supports a claim."""

    article: str = ""
    answer: str = ""  # the quote, as authored
    answer_span: Span = Span(0, 0)
    type: str = field(default="evidence", init=False)


@dataclass(frozen=True)
class GridQuestion(Question):
    """Tick, for each claim, every article that carries it; credit cell by cell, ticked and unticked alike."""

    claims: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()  # article ids, the grid's columns in authored order
    answers: frozenset[tuple[str, str]] = frozenset()  # the ticked cells: (claim, article id)
    type: str = field(default="grid", init=False)

    @property
    def cells(self) -> tuple[tuple[str, str], ...]:
        """Every (claim, article id) cell, row by row in authored order."""
        return tuple((claim, article) for claim in self.claims for article in self.articles)

    def carriers(self, claim: str) -> tuple[str, ...]:
        """The articles the key ticks for ``claim``, in column order."""
        return tuple(article for article in self.articles if (claim, article) in self.answers)


QuestionType = Literal["choice", "multi", "truefalse", "short", "numeric", "match", "source", "evidence", "grid"]


@dataclass(frozen=True)
class Bank:
    """A validated question bank."""

    id: str
    title: str
    questions: tuple[Question, ...]
    description: str | None = None
    path: str = ""
    line: int = 1  # where the ``bank:`` key stands, for messages

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)
