"""Typed, validated question banks: what the loader produces and everything else consumes.

These classes are plain frozen dataclasses so that scoring, the web app and the exports can use
them without knowing anything about YAML. Each kind of question subclasses :class:`Question` in its
own module of :mod:`quizapp.questions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.corpus.span import Span

SKILLS: tuple[str, ...] = ("attribution", "numbers", "sourcing", "comparison", "language", "context")

SKILL_DEFINITIONS: dict[str, str] = {
    "attribution": "Telling who said or wrote what, and whether a report quotes, paraphrases or speaks in its own "
    "voice.",
    "numbers": "Reading a figure for what it counts, when and compared with what, and what words like \"nearly\" or "
    "\"more than\" allow.",
    "sourcing": "Finding where a claim comes from and how far to trust it: who published the report, who wrote it "
    "and when, whether it was first-hand, and how to check it elsewhere.",
    "comparison": "Setting reports of the same event side by side to see what each includes, leaves out, words "
    "differently or gets wrong.",
    "language": "Noticing word choices that judge, frame or stir feeling (loaded, hedged or neutral wording), and "
    "opinion presented as news.",
    "context": "Placing a report or a figure in time and circumstance: dates, captions, what came before, and the "
    "caveats a report adds or leaves out.",
}
"""Each skill in one sentence, as the README and the teacher's per-skill page define it."""


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
