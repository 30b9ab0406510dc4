"""Aligned passages laid out for reading: one column per report, each compared word by word.

This is what ``templates/_aligned.html`` shows, on ``/compare`` and on a student's results page.
The first report (in the order given) that carries a passage is the one the others are compared
against, so a reader sees, column by column, what each later report removed and added.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from quizapp.corpus.align import AlignedPassage, Alignment, Alignments
from quizapp.corpus.articles import Article
from quizapp.corpus.normalise import normalise
from quizapp.corpus.span import Span
from quizapp.corpus.worddiff import DiffToken, is_changed, word_diff

Show = Literal["all", "quotes", "numbers"]
SHOW_CHOICES: tuple[Show, ...] = ("all", "quotes", "numbers")


@dataclass(frozen=True)
class Cell:
    """One report's column in a row: its words, marked against the base column, or nothing."""

    article: Article
    passage: AlignedPassage | None  # None: this report does not carry the passage
    tokens: tuple[DiffToken, ...]  # against the base column; one "equal" token for the base itself
    is_base: bool

    @property
    def changed(self) -> bool:
        """True when this report's words differ from the base column's."""
        return is_changed(self.tokens)


@dataclass(frozen=True)
class ComparedRow:
    """An aligned passage with one :class:`Cell` per report, in column order."""

    alignment: Alignment
    cells: tuple[Cell, ...]

    @property
    def base(self) -> Cell:
        """The column the others are compared against."""
        return next(cell for cell in self.cells if cell.is_base)

    @property
    def carried(self) -> int:
        """How many of the shown reports carry the passage."""
        return sum(1 for cell in self.cells if cell.passage is not None)

    @property
    def changed(self) -> bool:
        """True when any report's words differ from the base column's."""
        return any(cell.changed for cell in self.cells)


def compare_row(alignment: Alignment, articles: Sequence[Article]) -> ComparedRow:
    """Lay ``alignment`` out over ``articles`` (the columns), diffing each against the first that carries it."""
    base: AlignedPassage | None = None
    cells = []
    for article in articles:
        passage = alignment.passage_for(article.id)
        if passage is None:
            cells.append(Cell(article, None, (), False))
        elif base is None:
            base = passage
            cells.append(Cell(article, passage, (DiffToken("equal", " ".join(passage.text.split()), False),), True))
        else:
            cells.append(Cell(article, passage, word_diff(base.text, passage.text), False))
    return ComparedRow(alignment, tuple(cells))


def compared_rows(alignments: Alignments, articles: Sequence[Article], show: Show = "all") -> tuple[ComparedRow, ...]:
    """Every row of ``alignments`` that two of ``articles`` carry, filtered by ``show``.

    ``quotes``: rows anchored on a quotation; ``numbers``: rows holding a figure in digits.
    """
    ids = {article.id for article in articles}
    rows = []
    for alignment in alignments.rows:
        if len(ids.intersection(alignment.article_ids)) < 2:
            continue
        if show == "quotes" and alignment.kind != "quote":
            continue
        if show == "numbers" and not alignment.has_figures:
            continue
        rows.append(compare_row(alignment, articles))
    return tuple(rows)


def rows_for_sources(
    alignments: Alignments, articles: Sequence[Article], cited: Iterable[tuple[str, Span]]
) -> tuple[ComparedRow, ...]:
    """The aligned rows that passages cited from two or more of ``articles`` fall in, over those articles.

    ``cited``: (article id, span) pairs, each article among ``articles``.

    For a question whose sources come from several reports: the cited passages side by side. The
    answer depends on nothing else, and every student's results page asks it again for the same
    question: it is worked out once per set of alignments (a corpus reloaded is aligned anew).
    """
    cited = tuple(cited)
    key = (tuple(article.id for article in articles), cited)
    known = alignments.compared.get(key)
    if known is None:
        known = alignments.compared[key] = _rows_for_sources(alignments, articles, cited)
    return known


def _rows_for_sources(
    alignments: Alignments, articles: Sequence[Article], cited: Sequence[tuple[str, Span]]
) -> tuple[ComparedRow, ...]:
    by_id = {article.id: article for article in articles}
    sources = [(article_id, span, normalise(by_id[article_id].slice(span))) for article_id, span in cited]
    found = []
    for alignment in alignments.rows:
        # A source falls in a row where it overlaps the row's passage, or where the row holds the same
        # words elsewhere in that report (Newsweek prints the tweet twice: quoted, and embedded).
        hit = set()
        for article_id, span, words in sources:
            passage = alignment.passage_for(article_id)
            if passage is not None and (passage.span.overlaps(span) or words in passage.normalised):
                hit.add(article_id)
        if len(hit) >= 2:
            found.append(compare_row(alignment, [a for a in articles if a.id in hit]))
    return tuple(found)
