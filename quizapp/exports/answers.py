"""What the right answers are, said the way a teacher reads them: shared by every format.

The scoring rules live in :mod:`quizapp.scoring`; each question's kind describes its key on paper
(which letters, which sentence numbers, what range of numbers is accepted) and this module asks it,
so that the printed key and the LMS files cannot disagree about it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quizapp.banks.model import Question
from quizapp.corpus.articles import Article, Corpus
from quizapp.corpus.span import Span
from quizapp.questions import kind_of
from quizapp.questions.slot import Slot


def correct_letters(slot: Slot) -> tuple[str, ...]:
    """The letters of the choices the key circles on this slot's version, in letter order."""
    question = slot.question
    return slot.letters_for(kind_of(question).circled_key(question))


def brief_answer(slot: Slot, corpus: Corpus) -> str:
    """The answer as a marking grid shows it: ``C``, ``A, D``, ``True``, ``1 C, 2 A``, ``sentence 4``.

    Each kind writes its key as its paper answer may be typed (a grid: ``1 AC, 2 B``).
    """
    question = slot.question
    return kind_of(question).print_brief(question, slot, corpus)


def question_article_ids(question: Question) -> tuple[str, ...]:
    """Every article a question needs on paper: cited, and picked from or read (see ``Kind.paper_articles``)."""
    ids = [source.article for source in question.sources]
    ids.extend(kind_of(question).paper_articles(question))
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
    for article_id, span in kind_of(question).cited_quotes(question):
        by_article.setdefault(article_id, []).append(span)
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
