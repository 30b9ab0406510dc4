"""What goes on the printed page: the quiz and the key as plain values for the one print template.

Everything a teacher would check on paper (which letter is right, which sentence number, what the
instructions say, which paragraphs the appendix holds) is decided in Python, here and by each
question's kind (:mod:`quizapp.questions`, which also names the partial that lays out its body), so
the templates only lay it out and the tests can check it without reading HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.banks.model import Bank, Question
from quizapp.corpus.articles import Corpus
from quizapp.corpus.span import Span
from quizapp.exports.answers import CitedPassage, articles_for, brief_answer, cited_passages
from quizapp.exports.layout import layouts
from quizapp.exports.options import ExportOptions
from quizapp.questions import kind_of
from quizapp.questions.slot import Slot
from quizapp.questions.wording import points_label


@dataclass(frozen=True)
class PrintedQuestion:
    """One question as a version prints it: what every question shows, and its kind's body.

    ``partial`` is the print template that lays out ``body``, the values the question's kind
    prints under the prompt (:meth:`quizapp.questions.base.Kind.print_body`).
    """

    number: int
    type: str
    prompt: str
    points: str
    instruction: str
    partial: str
    body: Any = None


@dataclass(frozen=True)
class Paragraph:
    """An appendix paragraph: its number in the article, its text, and whether paragraphs were skipped before it."""

    number: int
    text: str
    gap_before: bool = False


@dataclass(frozen=True)
class AppendixArticle:
    """An article in the appendix: whole, or only the paragraphs the questions cite."""

    outlet: str
    headline: str
    date: str | None
    paragraphs: tuple[Paragraph, ...]
    complete: bool
    gap_after: bool = False  # paragraphs after the last one printed were left out


@dataclass(frozen=True)
class VersionSheet:
    """One version of the quiz: its letter (None when unshuffled), its questions and its appendix."""

    label: str | None
    questions: tuple[PrintedQuestion, ...]
    grid: tuple[tuple[int, str, str], ...]  # (number, brief answer, points) for the key's marking grid


@dataclass(frozen=True)
class KeyEntry:
    """One question in the key: where each version put it, the answer, points, explanation, sources."""

    prompt: str
    positions: tuple[tuple[str | None, int, str], ...]  # (version, number, brief answer)
    answers: tuple[str, ...]
    points: str
    explanation: str | None
    cited: tuple[CitedPassage, ...]
    # The partial that marks the key on the first version's ``body`` (a grid's ticked boxes), if the kind has one.
    partial: str | None = None
    body: Any = None


@dataclass(frozen=True)
class Sheet:
    """Everything the print template needs."""

    title: str  # the document title: bank title, Quiz or Answer key, versions
    bank_title: str
    description: str | None
    key: bool
    paper: str
    question_count: int
    total_points: str
    versions: tuple[VersionSheet, ...]
    appendix: tuple[AppendixArticle, ...]
    entries: tuple[KeyEntry, ...]

    @property
    def appendix_complete(self) -> bool:
        """True when every article in the appendix is printed whole."""
        return all(article.complete for article in self.appendix)


def printed_question(slot: Slot, corpus: Corpus) -> PrintedQuestion:
    """A slot as printed: prompt, points, the kind's instruction and the body its partial lays out."""
    question = slot.question
    kind = kind_of(question)
    return PrintedQuestion(
        number=slot.number,
        type=question.type,
        prompt=question.prompt,
        points=points_label(question.points),
        instruction=kind.print_instruction(question),
        partial=kind.print_partial,
        body=kind.print_body(question, slot, corpus),
    )


def answer_texts(question: Question, corpus: Corpus) -> tuple[str, ...]:
    """The right answer in words, the same for every version: texts, not letters."""
    return kind_of(question).print_answers(question, corpus)


def _key_entry(question: Question, versions: list[tuple[str | None, list[Slot]]], corpus: Corpus) -> KeyEntry:
    """The key's entry for ``question``: its place and brief answer on every version, then the full answer."""
    positions = []
    for label, slots in versions:
        slot = next(s for s in slots if s.question.id == question.id)
        positions.append((label, slot.number, brief_answer(slot, corpus)))
    kind = kind_of(question)
    partial = kind.print_key_partial
    body = None
    if partial is not None:
        first_slot = next(s for s in versions[0][1] if s.question.id == question.id)
        body = kind.print_body(question, first_slot, corpus)
    return KeyEntry(
        question.prompt,
        tuple(positions),
        answer_texts(question, corpus),
        points_label(question.points),
        question.explanation,
        cited_passages(question, corpus),
        partial,
        body,
    )


def _appendix(questions: tuple[Question, ...], corpus: Corpus, mode: str) -> tuple[AppendixArticle, ...]:
    """The articles the questions need: whole (``full``), only the quoted paragraphs (``cited``), or none.

    The key passage of an evidence question is not "cited" here: printing only that paragraph would
    point straight at the answer.
    """
    if mode == "none":
        return ()
    spans: dict[str, list[Span]] = {}
    for question in questions:
        for source in question.sources:
            spans.setdefault(source.article, []).append(source.span)
    result = []
    for article in articles_for(questions, corpus):
        kept = [p for p in article.body if mode == "full" or any(p.span.overlaps(s) for s in spans.get(article.id, ()))]
        paragraphs = []
        previous = 0
        for paragraph in kept:
            gap = paragraph.number != previous + 1
            paragraphs.append(Paragraph(paragraph.number, article.slice(paragraph.span), gap))
            previous = paragraph.number
        complete = len(kept) == len(article.body)
        gap_after = not kept or kept[-1].number != article.body[-1].number
        result.append(
            AppendixArticle(article.outlet, article.headline, article.date, tuple(paragraphs), complete, gap_after)
        )
    return tuple(result)


def _title(bank: Bank, options: ExportOptions, labels: list[str | None]) -> str:
    kind = "Answer key" if options.key else "Quiz"
    named = [label for label in labels if label]
    if not named:
        return f"{bank.title} \u2014 {kind}"
    which = f"Version {named[0]}" if len(named) == 1 else "Versions " + ", ".join(named)
    return f"{bank.title} \u2014 {kind} \u2014 {which}"


def build_sheet(bank: Bank, corpus: Corpus, options: ExportOptions) -> Sheet:
    """The quiz (or the key) for ``options``: every version, its appendix and the key's entries."""
    versions = layouts(bank, options)
    sheets = []
    for label, slots in versions:
        grid = tuple((s.number, brief_answer(s, corpus), points_label(s.question.points)) for s in slots)
        sheets.append(VersionSheet(label, tuple(printed_question(s, corpus) for s in slots), grid))
    first = [slot.question for slot in versions[0][1]]
    entries = [_key_entry(question, versions, corpus) for question in first]
    total = sum(q.points for q in first)
    return Sheet(
        title=_title(bank, options, [label for label, _ in versions]),
        bank_title=bank.title,
        description=bank.description,
        key=options.key,
        paper=options.paper,
        question_count=len(first),
        total_points=points_label(total),
        versions=tuple(sheets),
        appendix=_appendix(tuple(first), corpus, options.appendix),
        entries=tuple(entries),
    )
