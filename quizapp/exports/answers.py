"""What the right answers are, said the way a teacher reads them: shared by every format.

The scoring rules live in :mod:`quizapp.scoring`; this module only describes the key (which
letters, which sentence numbers, what range of numbers is accepted) so that the printed key and
the LMS files cannot disagree about it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quizapp.banks.model import Question
from quizapp.corpus.articles import Article, Corpus
from quizapp.corpus.span import Span
from quizapp.exports.layout import Slot, letter
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
from quizapp.questions.evidence import evidence_numbers
from quizapp.questions.numeric import absolute_tolerance
from quizapp.questions.wording import key_number


def numeric_answer_text(question: NumericQuestion) -> str:
    """``3`` for an exact answer, ``10.4 (accept 9.9 to 10.9)`` when there is a tolerance."""
    answer = key_number(question.answer)
    allowed = absolute_tolerance(question)
    if not allowed:
        return answer
    low, high = question.answer - allowed, question.answer + allowed
    return f"{answer} (accept {key_number(low)} to {key_number(high)})"


def correct_values(question: Question) -> tuple[str, ...]:
    """The right choice texts or article ids of a lettered question, in authored choice order."""
    if isinstance(question, ChoiceQuestion):
        return (question.answer,)
    if isinstance(question, MultiQuestion | SourceQuestion):
        return tuple(c for c in question.choices if c in question.answers)
    return ()


def correct_letters(slot: Slot) -> tuple[str, ...]:
    """The letters of the right choices on this slot's version, in letter order."""
    right = set(correct_values(slot.question))
    return tuple(letter(i) for i, value in enumerate(slot.choices) if value in right)


def match_key(slot: Slot) -> tuple[tuple[int, str], ...]:
    """(left number, right letter) for each left of a matching question, as this version shows them."""
    question = slot.question
    if not isinstance(question, MatchQuestion):
        raise TypeError(f"question {question.id} is not a matching question")
    right_of = dict(question.pairs)
    return tuple((n, slot.letter_for(right_of[left])) for n, left in enumerate(slot.lefts, 1))


def grid_key(slot: Slot) -> tuple[tuple[int, str], ...]:
    """(claim number, letters of the reports ticked) for each claim of a grid, as this version shows them.

    Letters run in letter order (``AC``, not ``CA``); a claim no report carries has no letters.
    """
    question = slot.question
    if not isinstance(question, GridQuestion):
        raise TypeError(f"question {question.id} is not a grid question")
    return tuple(
        (n, "".join(letter(i) for i, article in enumerate(slot.choices) if (claim, article) in question.answers))
        for n, claim in enumerate(slot.lefts, 1)
    )


def brief_answer(slot: Slot, corpus: Corpus) -> str:
    """The answer as a marking grid shows it: ``C``, ``A, D``, ``True``, ``1 C, 2 A``, ``sentence 4``.

    A grid is written as its paper answer is typed: each claim's number and the letters of the reports
    that carry it (``1 AC, 2 B``); claims no report carries are left out.
    """
    question = slot.question
    if isinstance(question, ChoiceQuestion | MultiQuestion | SourceQuestion):
        return ", ".join(correct_letters(slot))
    if isinstance(question, TrueFalseQuestion):
        return "True" if question.answer else "False"
    if isinstance(question, ShortQuestion):
        return question.answers[0]
    if isinstance(question, NumericQuestion):
        return numeric_answer_text(question)
    if isinstance(question, MatchQuestion):
        return ", ".join(f"{n} {mark}" for n, mark in match_key(slot))
    if isinstance(question, EvidenceQuestion):
        numbers = evidence_numbers(question, corpus[question.article])
        return "sentence " + " or ".join(str(n) for n in numbers)
    if isinstance(question, GridQuestion):
        return ", ".join(f"{n} {marks}" for n, marks in grid_key(slot) if marks)
    raise ValueError(f"no key for question type {question.type!r}")


def choice_label(question: Question, value: str, corpus: Corpus) -> str:
    """How a choice is shown: its text, or an article's outlet and headline for a source question."""
    if isinstance(question, SourceQuestion):
        return corpus[value].label
    return value


def question_article_ids(question: Question) -> tuple[str, ...]:
    """Every article a question needs on paper: cited, picked from (source, grid) or read (evidence)."""
    ids = [source.article for source in question.sources]
    if isinstance(question, SourceQuestion):
        ids.extend(question.choices)
    if isinstance(question, GridQuestion):
        ids.extend(question.articles)
    if isinstance(question, EvidenceQuestion):
        ids.append(question.article)
    return tuple(dict.fromkeys(ids))


def articles_for(questions: Iterable[Question], corpus: Corpus) -> tuple[Article, ...]:
    """The articles the questions need, in the corpus's order (so every version lists them alike)."""
    wanted = {article_id for q in questions for article_id in question_article_ids(q)}
    return tuple(article for article_id, article in corpus.items() if article_id in wanted)


@dataclass(frozen=True)
class CitedParagraph:
    """A paragraph of a cited article, cut into (text, marked) parts: the marked parts are quoted."""

    number: int
    parts: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class CitedPassage:
    """The paragraphs of one article that a question quotes, every quote marked."""

    article: Article
    paragraphs: tuple[CitedParagraph, ...]

    @property
    def caption(self) -> str:
        """``Associated Press, "[AP report ...]", paragraphs 1 and 3``: where the passage comes from."""
        numbers = [str(p.number) for p in self.paragraphs]
        if len(numbers) == 1:
            where = f"paragraph {numbers[0]}"
        else:
            where = "paragraphs " + ", ".join(numbers[:-1]) + " and " + numbers[-1]
        return f"{self.article.outlet}, \u201c{self.article.headline}\u201d, {where}"


def _merged(spans: list[Span]) -> list[Span]:
    """Overlapping or touching spans joined, in order."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def cited_passages(question: Question, corpus: Corpus) -> tuple[CitedPassage, ...]:
    """What a question quotes, article by article (in the order first cited), each quote marked.

    Two quotes from one paragraph are marked in one copy of it rather than printing it twice. An
    evidence question's key passage is its quote.
    """
    by_article: dict[str, list[Span]] = {}
    if isinstance(question, EvidenceQuestion):
        by_article[question.article] = [question.answer_span]
    for source in question.sources:
        by_article.setdefault(source.article, []).append(source.span)
    passages = []
    for article_id, spans in by_article.items():
        article = corpus[article_id]
        marks = _merged(spans)
        paragraphs = []
        for paragraph in article.paragraphs:
            inside = [m for m in marks if m.overlaps(paragraph.span)]
            if not inside:
                continue
            parts: list[tuple[str, bool]] = []
            position = paragraph.span.start
            for mark in inside:
                start, end = max(mark.start, paragraph.span.start), min(mark.end, paragraph.span.end)
                if start > position:
                    parts.append((article.text[position:start], False))
                parts.append((article.text[start:end], True))
                position = end
            if position < paragraph.span.end:
                parts.append((article.text[position : paragraph.span.end], False))
            paragraphs.append(CitedParagraph(paragraph.number, tuple(parts)))
        passages.append(CitedPassage(article, tuple(paragraphs)))
    return tuple(passages)
