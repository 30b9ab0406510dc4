"""Aligning passages across articles: where several reports carry the same words.

API (stable; other modules build on it):

- :func:`align_articles` ``(articles, threshold=THRESHOLD) -> Alignments`` aligns any sequence of
  :class:`~quizapp.corpus.articles.Article` (for a whole corpus: ``align_articles(list(corpus.values()))``).
- :class:`Alignments` holds the result:

  - ``rows``: tuple of :class:`Alignment`, one per passage that two or more reports carry, each
    stretch of an article used by at most one row, ordered by where they stand in the articles;
  - ``carriers(article_id, span)``: ids of the other articles that carry any part of ``span``;
  - ``sentences(article_id)``: tuple of :class:`SentenceCoverage`, for each sentence of the article
    the other reports that carry it (empty when the sentence is the article's alone).

- :class:`Alignment`: ``kind`` (``"quote"`` when the anchor is a quotation, else ``"sentence"``),
  ``anchor`` (the :class:`AlignedPassage` the others were matched against) and ``passages`` (one
  :class:`AlignedPassage` per article that carries it, in the order the articles were given, anchor
  included); ``passage_for(article_id)``, ``article_ids``, ``identical`` (same words under the
  quote-matching rule), ``has_figures`` (a digit in any passage).
- :class:`AlignedPassage`: ``article_id``, ``span`` (offsets in the article's original text),
  ``text`` (that original text) and ``similarity`` to the anchor (0..100; 100 for the anchor itself).
- :func:`similarity` ``(a, b) -> float``: the score used, 0..100, on the normalised texts.

How: every quotation and every sentence of the body (at least :data:`MIN_WORDS` words) is looked for
in each other article with rapidfuzz's best partial alignment over the normalised text (the one
quote-matching normaliser), the found stretch widened to whole words; it counts as carried when the
similarity of the two normalised stretches reaches ``threshold``. Quotations are preferred as row
anchors over whole sentences, because attributions ("Harris said" / "she wrote on Twitter") differ
between reports while the quoted words are what is compared.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz

from quizapp.corpus.articles import Article
from quizapp.corpus.normalise import normalise
from quizapp.corpus.span import Span

THRESHOLD = 85.0
"""Default similarity (0..100) from which two passages count as the same words."""

MIN_WORDS = 4
"""Shorter quotations ("root causes", "hope") are too common to say two reports share a passage."""

# A link says nothing about what a passage says, and an embedded tweet ends with one.
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"\w+")
_OPENING = "\"'(\u201c\u2018"
_CLOSING = "\"')\u201d\u2019"

Kind = Literal["quote", "sentence"]
# A stretch of text as the alignment search keeps it: (start, end, score, raw start, raw end).
_Stretch = tuple[int, int, float, int, int]


@dataclass(frozen=True)
class AlignedPassage:
    """One article's rendering of an aligned passage."""

    article_id: str
    span: Span
    text: str
    similarity: float  # 0..100 against the row's anchor; 100 for the anchor

    @cached_property
    def normalised(self) -> str:
        """:attr:`text` normalised for comparing, worked out once: alignments are kept for the corpus's
        life, and every results page compares its questions' sources with them."""
        return normalise(self.text)


@dataclass(frozen=True)
class Alignment:
    """One passage as several reports carry it."""

    kind: Kind
    anchor: AlignedPassage
    passages: tuple[AlignedPassage, ...]

    @property
    def article_ids(self) -> tuple[str, ...]:
        """The articles that carry this passage, in the order the articles were given."""
        return tuple(p.article_id for p in self.passages)

    def passage_for(self, article_id: str) -> AlignedPassage | None:
        """This article's rendering, or None when it does not carry the passage."""
        return next((p for p in self.passages if p.article_id == article_id), None)

    @property
    def identical(self) -> bool:
        """True when every report has the same words under the quote-matching rule."""
        return len({normalise(p.text) for p in self.passages}) == 1

    @property
    def has_figures(self) -> bool:
        """True when a passage holds a number written in digits."""
        return any(char.isdigit() for p in self.passages for char in p.text)


@dataclass(frozen=True)
class SentenceCoverage:
    """A sentence of one article and the other articles that carry (part of) it."""

    span: Span
    text: str
    carried_by: tuple[str, ...]

    @property
    def alone(self) -> bool:
        """True when no other report carries this sentence."""
        return not self.carried_by


@dataclass(frozen=True)
class _Unit:
    article_id: str
    span: Span
    kind: Kind
    needle: str  # normalised, links removed


@dataclass(frozen=True)
class _Match:
    unit: _Unit
    article_id: str
    span: Span
    similarity: float


class Alignments:
    """What :func:`align_articles` found: the rows to show and which report carries which sentence."""

    def __init__(self, articles: Sequence[Article], rows: tuple[Alignment, ...], matches: tuple[_Match, ...]):
        self.articles = tuple(articles)
        self.rows = rows
        # Every (article, stretch) known to be carried by another article, both directions.
        carried: dict[str, list[tuple[Span, str]]] = {a.id: [] for a in self.articles}
        for match in matches:
            carried[match.unit.article_id].append((match.unit.span, match.article_id))
            carried[match.article_id].append((match.span, match.unit.article_id))
        self._carried = carried
        # rows_for_sources' answers, by (article ids, cited spans): the same for every student's results page.
        self.compared: dict[tuple, tuple] = {}

    def carriers(self, article_id: str, span: Span) -> tuple[str, ...]:
        """Ids of the other articles that carry any part of ``span`` of ``article_id``, in article order."""
        found = {other for stretch, other in self._carried.get(article_id, ()) if stretch.overlaps(span)}
        return tuple(a.id for a in self.articles if a.id in found)

    def sentences(self, article_id: str) -> tuple[SentenceCoverage, ...]:
        """Each body sentence of ``article_id`` with the other reports that carry it (KeyError if not aligned)."""
        article = next((a for a in self.articles if a.id == article_id), None)
        if article is None:
            raise KeyError(article_id)
        return tuple(
            SentenceCoverage(span, article.slice(span), self.carriers(article_id, span)) for span in article.sentences
        )


def similarity(a: str, b: str) -> float:
    """How alike two passages are, 0..100 (rapidfuzz ratio of their normalised texts)."""
    return fuzz.ratio(normalise(a), normalise(b))


def align_articles(articles: Sequence[Article], threshold: float = THRESHOLD) -> Alignments:
    """Align the quotations and sentences that two or more of ``articles`` carry (see the module docstring)."""
    articles = list(articles)
    words = {a.id: {w.lower() for w in _WORD.findall(a.normalised.text)} for a in articles}
    breaks = {a.id: _paragraph_starts(a) for a in articles}
    matches: list[_Match] = []
    for article in articles:
        for unit in _units(article):
            needle_words = {w.lower() for w in _WORD.findall(unit.needle)}
            for other in articles:
                if other.id == article.id:
                    continue
                # Cheap filter first: a passage another report carries shares most of its words.
                if len(needle_words & words[other.id]) < 0.6 * len(needle_words):
                    continue
                found = _find(other, unit.needle, threshold, breaks[other.id])
                if found is not None:
                    matches.append(_Match(unit, other.id, *found))
    return Alignments(articles, _rows(articles, matches), tuple(matches))


def _units(article: Article) -> list[_Unit]:
    units = []
    kinds: tuple[tuple[Kind, tuple[Span, ...]], ...] = (("quote", article.quotations), ("sentence", article.sentences))
    for kind, spans in kinds:
        for span in spans:
            needle = " ".join(_URL.sub(" ", _normalised_slice(article, span)).split())
            if len(_WORD.findall(needle)) >= MIN_WORDS:
                units.append(_Unit(article.id, span, kind, needle))
    return units


def _normalised_slice(article: Article, span: Span) -> str:
    """``span`` of the article under the quote-matching rule, cut from its normalised text."""
    starts = article.normalised.starts
    return article.normalised.text[bisect_left(starts, span.start) : bisect_left(starts, span.end)].strip()


def _find(article: Article, needle: str, threshold: float, breaks: list[int]) -> tuple[Span, float] | None:
    """The stretch of ``article`` most like ``needle``, widened to whole words, if similar enough."""
    haystack = article.normalised
    text = haystack.text
    alignment = fuzz.partial_ratio_alignment(needle, text, score_cutoff=threshold)
    if alignment is None:
        return None
    found = _best_stretch(needle, text, alignment.dest_start, alignment.dest_end, breaks)
    if found is None:
        return None
    start, end, score = found
    if score < threshold:
        return None
    span = Span(*haystack.original_span(start, end))
    paragraph = article.paragraph_at(span.start)
    if paragraph is None or paragraph.boilerplate:
        return None
    return _snap(article, needle, span, score)


def _snap(article: Article, needle: str, span: Span, score: float) -> tuple[Span, float]:
    """The whole quotation (or sentence) the stretch nearly fills, when it is at least as like the needle.

    Scoring alone would cut "next year," from "... the river next year," against "... next spring.";
    a reader compares whole quotations.
    """
    for units in (article.quotations, article.sentences):
        around = [u for u in units if u.overlaps(span)]
        if len(around) != 1:
            continue
        whole = around[0]
        inside = min(whole.end, span.end) - max(whole.start, span.start)
        if inside < 0.7 * (whole.end - whole.start):
            continue
        if whole != span:
            whole_score = fuzz.ratio(needle, _normalised_slice(article, whole))
            if whole_score >= score - 5:
                return whole, whole_score
        break
    return span, score


def _paragraph_starts(article: Article) -> list[int]:
    """Where each paragraph after the first begins in the article's normalised text."""
    starts = article.normalised.starts
    return [bisect_left(starts, p.span.start) for p in article.paragraphs[1:]]


def _best_stretch(needle: str, text: str, start: int, end: int, breaks: list[int]) -> tuple[int, int, float] | None:
    """The whole-word stretch around ``text[start:end]`` most like ``needle``, and its score.

    The partial alignment is as long as the needle; where a report adds or drops words ("At the
    same time, ...") it spills into the neighbouring text, so nearby word boundaries are tried: the
    best start for the current end, then the best end for that start, twice. A stretch stays inside
    the paragraph holding the middle of the alignment (``breaks``: normalised offsets of paragraph starts).
    """
    middle = (start + end) // 2
    n = bisect_right(breaks, middle)
    low = breaks[n - 1] if n else 0
    high = breaks[n] if n < len(breaks) else len(text)
    reach = max(20, (end - start) // 3)
    starts = _word_starts(text, max(low, start - reach), min(high, start + reach))
    ends = _word_ends(text, max(low, end - reach), min(high, end + reach))
    if not starts or not ends:
        return None
    best_start = min(starts, key=lambda i: abs(i - start))
    best_end = min(ends, key=lambda i: abs(i - end))
    best: _Stretch | None = None
    for _ in range(2):
        for candidate_start in starts:
            best = _better(best, needle, text, candidate_start, best_end)
        if best is not None:
            best_start = best[3]
        for candidate_end in ends:
            best = _better(best, needle, text, best_start, candidate_end)
        if best is not None:
            best_end = best[4]
    return None if best is None else best[:3]


def _better(best: _Stretch | None, needle: str, text: str, start: int, end: int) -> _Stretch | None:
    """``best`` or the stretch ``text[start:end]`` (quotation marks dropped), whichever is more like ``needle``.

    Returned as (start, end, score, raw start, raw end): the raw bounds, before the marks are dropped,
    are where the search goes on from.
    """
    s, e = _strip_marks(text, start, end)
    if e <= s:
        return best
    score = fuzz.ratio(needle, text[s:e], score_cutoff=best[2] if best else 0)
    if best is None or score > best[2]:
        return (s, e, score, start, end)
    return best


def _word_starts(text: str, low: int, high: int) -> list[int]:
    return [i for i in range(low, high) if not text[i].isspace() and (i == 0 or text[i - 1].isspace())]


def _word_ends(text: str, low: int, high: int) -> list[int]:
    return [i for i in range(low + 1, high + 1) if not text[i - 1].isspace() and (i == len(text) or text[i].isspace())]


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop the quotation marks around a stretch; keep the punctuation that clings to its words."""
    while start < end and text[start] in _OPENING:
        start += 1
    while end > start and text[end - 1] in _CLOSING and not _closes_inner_quote(text[start:end]):
        end -= 1
    return start, end


def _closes_inner_quote(stretch: str) -> bool:
    """True when the stretch's last mark closes a quotation opened inside it ('reunite children,')."""
    return stretch.count("'") % 2 == 0 and stretch.endswith("'") and "'" in stretch[:-1]


def _rows(articles: list[Article], matches: list[_Match]) -> tuple[Alignment, ...]:
    by_id = {a.id: a for a in articles}
    order = {a.id: n for n, a in enumerate(articles)}
    candidates: dict[_Unit, dict[str, _Match]] = {}
    for match in matches:
        candidates.setdefault(match.unit, {})[match.article_id] = match

    def crossings(found: dict[str, _Match]) -> int:
        """How many stretches mix quoted and unquoted words: a quotation split by "she wrote in a tweet"."""
        mixed = 0
        for m in found.values():
            quotations = by_id[m.article_id].quotations
            inside_one = any(q.start <= m.span.start and m.span.end <= q.end for q in quotations)
            if not inside_one and any(q.overlaps(m.span) for q in quotations):
                mixed += 1
        return mixed

    # Widest agreement first; then rows whose stretches do not mix quoted and unquoted words (a
    # tweet quoted whole beats the same tweet split by "she wrote in a tweet"); then quotations
    # before sentences, then longer passages.
    ranked = sorted(
        candidates.items(),
        key=lambda item: (
            -len(item[1]),
            crossings(item[1]),
            item[0].kind != "quote",
            -len(item[0].needle),
            order[item[0].article_id],
        ),
    )
    taken: dict[str, list[Span]] = {a.id: [] for a in articles}
    rows: list[Alignment] = []
    for unit, found in ranked:
        stretches = {unit.article_id: unit.span} | {other: m.span for other, m in found.items()}
        if any(s.overlaps(t) for article_id, s in stretches.items() for t in taken[article_id]):
            continue
        for article_id, span in stretches.items():
            taken[article_id].append(span)
        anchor = AlignedPassage(unit.article_id, unit.span, by_id[unit.article_id].slice(unit.span), 100.0)
        passages = [anchor] + [
            AlignedPassage(other, m.span, by_id[other].slice(m.span), m.similarity) for other, m in found.items()
        ]
        passages.sort(key=lambda p: order[p.article_id])
        rows.append(Alignment(unit.kind, anchor, tuple(passages)))
    rows.sort(key=lambda row: (order[row.passages[0].article_id], row.passages[0].span.start))
    return tuple(rows)
