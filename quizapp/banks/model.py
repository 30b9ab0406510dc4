"""Typed, validated question banks: what the loader produces and everything else consumes.

These classes are plain frozen dataclasses so that scoring, the web app and the exports can use
them without knowing anything about YAML. Each kind of question subclasses :class:`Question` in its
own module of :mod:`quizapp.questions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
class Question:
    """Fields every question has; a kind's dataclass (:mod:`quizapp.questions`) adds its own."""

    id: str
    prompt: str
    sources: tuple[Source, ...] = ()
    explanation: str | None = None
    skills: tuple[str, ...] = ()
    points: float = 1.0
    line: int = 0  # where the question stands in its YAML file, for messages

    type: str = field(default="", init=False)


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
