"""What goes on the printed page: the quiz and the key as plain values for the one print template.

Everything a teacher would check on paper (which letter is right, which sentence number, what the
instructions say, which paragraphs the appendix holds) is decided here, in Python, so the template
only lays it out and the tests can check it without reading HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.banks.model import Bank, Question
from quizapp.corpus.articles import Corpus
from quizapp.corpus.span import Span
from quizapp.exports.answers import (
    CitedPassage,
    articles_for,
    brief_answer,
    choice_label,
    cited_passages,
    correct_values,
    numeric_answer_text,
)
from quizapp.exports.layout import Slot, layouts, letter
from quizapp.exports.options import ExportOptions
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
from quizapp.questions.evidence import evidence_numbers, sentence_texts
from quizapp.questions.wording import points_label

_INSTRUCTIONS = {
    "choice": "Circle the letter of the one right answer.",
    "multi": "Circle the letter of every answer that applies.",
    "source": "Circle the letter of every report that applies.",
    "truefalse": "Circle True or False.",
    "short": "Write your answer on the line.",
    "numeric": "Write a number on the line.",
    "evidence": "Write the number of the sentence on the line.",
    "grid": "For each claim, tick the box of every report that carries it. Leave the other boxes empty.",
}


@dataclass(frozen=True)
class Option:
    """A lettered choice, a numbered sentence or a matching row, and whether it is part of the key."""

    mark: str
    text: str
    correct: bool = False


@dataclass(frozen=True)
class GridTable:
    """A grid as printed: lettered report columns, numbered claim rows, and which boxes the key ticks."""

    columns: tuple[Option, ...]  # ``mark`` the column letter, ``text`` the report's outlet and headline
    rows: tuple[tuple[Option, tuple[bool, ...]], ...]  # (``mark`` the claim number, ``text`` the claim), ticks


def grid_table(slot: Slot, corpus: Corpus) -> GridTable:
    """The grid of ``slot`` in its version's order of claims and reports."""
    question = slot.question
    if not isinstance(question, GridQuestion):
        raise TypeError(f"question {question.id} is not a grid question")
    columns = tuple(Option(letter(i), corpus[article].label) for i, article in enumerate(slot.choices))
    rows = tuple(
        (Option(str(n), claim), tuple((claim, article) in question.answers for article in slot.choices))
        for n, claim in enumerate(slot.lefts, 1)
    )
    return GridTable(columns, rows)


@dataclass(frozen=True)
class PrintedQuestion:
    """One question as a version prints it."""

    number: int
    type: str
    prompt: str
    points: str
    instruction: str
    options: tuple[Option, ...] = ()  # lettered choices, or numbered sentences for evidence
    lefts: tuple[Option, ...] = ()  # matching: numbered lefts (``text``) and the right letter (``mark``)
    rights: tuple[Option, ...] = ()  # matching: lettered rights
    article: str = ""  # evidence: whose sentences these are
    paragraphs: tuple[tuple[Option, ...], ...] = ()  # evidence: the numbered sentences, paragraph by paragraph
    grid: GridTable | None = None  # grid: the table of boxes


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
    grid: GridTable | None = None  # grid: the boxes the key ticks, in the first version's order


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


def _lettered(slot: Slot, corpus: Corpus) -> tuple[Option, ...]:
    right = set(correct_values(slot.question))
    return tuple(
        Option(letter(i), choice_label(slot.question, value, corpus), value in right)
        for i, value in enumerate(slot.choices)
    )


def printed_question(slot: Slot, corpus: Corpus) -> PrintedQuestion:
    """A slot as printed: prompt, points, instruction and the lettered or numbered options."""
    question = slot.question
    base = {
        "number": slot.number,
        "type": question.type,
        "prompt": question.prompt,
        "points": points_label(question.points),
        "instruction": _INSTRUCTIONS.get(question.type, ""),
    }
    if isinstance(question, ChoiceQuestion | MultiQuestion | SourceQuestion):
        return PrintedQuestion(**base, options=_lettered(slot, corpus))
    if isinstance(question, MatchQuestion):
        right_of = dict(question.pairs)
        rights = tuple(Option(letter(i), value) for i, value in enumerate(slot.choices))
        lefts = tuple(Option(slot.letter_for(right_of[left]), left) for left in slot.lefts)
        spare = len(rights) > len(question.pairs)
        reused = len(set(right_of.values())) < len(question.pairs)
        instruction = "Write the letter of the matching item on each line."
        if spare:
            instruction += " Some letters are not used."
        if reused:
            instruction += " A letter may be used more than once."
        return PrintedQuestion(**{**base, "instruction": instruction}, lefts=lefts, rights=rights)
    if isinstance(question, EvidenceQuestion):
        article = corpus[question.article]
        right = set(evidence_numbers(question, article))
        sentences = tuple(Option(str(n), text, n in right) for n, text in enumerate(sentence_texts(article), 1))
        # Printed as the article's own paragraphs, each sentence numbered: it still reads as a report.
        grouped = tuple(
            tuple(o for o, span in zip(sentences, article.sentences, strict=True) if paragraph.span.overlaps(span))
            for paragraph in article.body
        )
        return PrintedQuestion(**base, options=sentences, article=article.label, paragraphs=grouped)
    if isinstance(question, GridQuestion):
        return PrintedQuestion(**base, grid=grid_table(slot, corpus))
    return PrintedQuestion(**base)


def answer_texts(question: Question, corpus: Corpus) -> tuple[str, ...]:
    """The right answer in words, the same for every version: texts, not letters."""
    if isinstance(question, ChoiceQuestion | MultiQuestion | SourceQuestion):
        return tuple(choice_label(question, value, corpus) for value in correct_values(question))
    if isinstance(question, TrueFalseQuestion):
        return ("True" if question.answer else "False",)
    if isinstance(question, ShortQuestion):
        return question.answers
    if isinstance(question, NumericQuestion):
        return (numeric_answer_text(question),)
    if isinstance(question, MatchQuestion):
        return tuple(f"{left} \u2192 {right}" for left, right in question.pairs)
    if isinstance(question, EvidenceQuestion):
        article = corpus[question.article]
        texts = sentence_texts(article)
        return tuple(f"Sentence {n}: {texts[n - 1]}" for n in evidence_numbers(question, article))
    if isinstance(question, GridQuestion):
        return tuple(
            f"{claim} \u2014 " + ("; ".join(corpus[a].label for a in question.carriers(claim)) or "no report")
            for claim in question.claims
        )
    raise ValueError(f"no answer text for question type {question.type!r}")


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
    entries = []
    for question in first:
        positions = []
        for label, slots in versions:
            slot = next(s for s in slots if s.question.id == question.id)
            positions.append((label, slot.number, brief_answer(slot, corpus)))
        first_slot = next(s for s in versions[0][1] if s.question.id == question.id)
        entries.append(
            KeyEntry(
                question.prompt,
                tuple(positions),
                answer_texts(question, corpus),
                points_label(question.points),
                question.explanation,
                cited_passages(question, corpus),
                grid_table(first_slot, corpus) if isinstance(question, GridQuestion) else None,
            )
        )
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
