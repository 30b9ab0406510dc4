"""Excerpts: the paragraph(s) around a quoted span, with the span marked, for display."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.corpus.articles import Article
from quizapp.corpus.span import Span


@dataclass(frozen=True)
class ExcerptParagraph:
    """One paragraph of an excerpt, cut into the text before, inside and after the marked span."""

    number: int
    before: str
    marked: str
    after: str


@dataclass(frozen=True)
class Excerpt:
    """The paragraphs an excerpt shows, and the article and span it comes from."""

    article: Article
    span: Span
    paragraphs: tuple[ExcerptParagraph, ...]

    @property
    def anchor(self) -> str:
        """The fragment id of the first paragraph, for linking into the full article."""
        return f"p{self.paragraphs[0].number}" if self.paragraphs else ""


def excerpt(article: Article, span: Span) -> Excerpt:
    """The paragraph(s) of ``article`` that ``span`` touches, with the span marked in each."""
    parts: list[ExcerptParagraph] = []
    for paragraph in article.paragraphs:
        p = paragraph.span
        if not p.overlaps(span):
            continue
        cut_start = max(p.start, span.start)
        cut_end = min(p.end, span.end)
        parts.append(
            ExcerptParagraph(
                number=paragraph.number,
                before=article.text[p.start : cut_start],
                marked=article.text[cut_start:cut_end],
                after=article.text[cut_end : p.end],
            )
        )
    return Excerpt(article, span, tuple(parts))
