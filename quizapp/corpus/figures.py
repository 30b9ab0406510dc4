"""Figures in the text: the numbers a report gives, how it hedges them, and what they count.

API (stable):

- :func:`find_figures` ``(text) -> tuple[Figure, ...]``: the figures in a plain text, spans relative to it.
- :func:`article_figures` ``(article) -> tuple[Figure, ...]``: the figures in an article's body,
  spans as offsets in ``article.text`` (``article.slice(figure.span)`` gives the figure as printed,
  qualifier included).
- :func:`compare_figures` ``(articles) -> tuple[FigureGroup, ...]``: figures for the same thing
  (the same :attr:`Figure.key`) from two or more of the articles, to set side by side.
- :class:`Figure`: ``value`` (int or float: "178,622" -> 178622, "1.5 million" -> 1500000,
  "three-dozen" -> 36), ``number`` (the number as printed), ``qualifier`` (as printed, lower case:
  "more than", "nearly", ... or None), ``bound`` (``"exact"``, ``"about"``; ``"over"``: the value is
  a lower bound, as "more than" / "at least"; ``"under"``: an upper bound, as "nearly" / "fewer
  than"), ``unit`` ("%" or None), ``label`` (the words after the number saying what it counts,
  "encounters", "unaccompanied children"; a figure with none in "178,622 encounters ... compared to
  17,106 in April 2020" takes the label of the figure before it in the sentence; "" when unknown),
  ``period`` (the month or year named next to it in its sentence, "April", "April 2020", or None),
  ``span`` (qualifier and number) and ``sentence`` (the span of its sentence, when from an article),
  and ``key`` (a crude stem of the label's last word, lower case, so that singular and plural
  meet: "encounters" -> "encounter"; for grouping, not for display).
- :class:`FigureGroup`: ``key``, ``label`` (the longest label in the group) and ``figures``: tuple of
  (article id, :class:`Figure`) in article order.

Dates are not figures: years (1900-2099 written without a separator), days after a month name, and
numbers fused to letters ("COVID-19", "D-NY") are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from quizapp.corpus.articles import Article
from quizapp.corpus.span import Span

Bound = Literal["exact", "about", "over", "under"]

QUALIFIERS: dict[str, Bound] = {
    "more than": "over",
    "over": "over",
    "at least": "over",
    "upwards of": "over",
    "in excess of": "over",
    "nearly": "under",
    "almost": "under",
    "just under": "under",
    "under": "under",
    "fewer than": "under",
    "less than": "under",
    "up to": "under",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "close to": "about",
}

_WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
MONTHS = "January February March April May June July August September October November December".split()

_QUALIFIER = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?"
    rf"(?P<number>(?<![\w.,-])(?:{_DIGITS})(?![\w]|[.,]\d)|\b(?:{_WORDS})\b)"
    rf"(?P<scale>[\s-](?:{'|'.join(_SCALES)})\b)?"
    r"(?P<unit>\s?%| percent\b)?",
    re.IGNORECASE,
)
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS)})\b(?:,?\s+(?:19|20)\d\d\b)?")
_FRACTION = re.compile(r"-(?:halves|thirds|quarters|fifths|tenths)\b")
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_LABEL_WORD = re.compile(r"[\s-]+([a-z][a-z'-]*)")
# Words that end what a figure counts: "encounters [on] the border", "20 years [though] ...".
_IRREGULAR_PLURALS = {"people", "children", "men", "women", "police"}
_STOP = set(
    """a an the and or but nor for of on in at to from by with as than that which who whom whose
    though although while when where since until compared against per each is are was were be been
    had has have it its this these those their there here into onto over under about after before
    during according said says""".split()
)


@dataclass(frozen=True)
class Figure:
    """One number as a report gives it."""

    value: int | float
    number: str
    qualifier: str | None
    bound: Bound
    unit: str | None
    label: str
    period: str | None
    span: Span
    sentence: Span | None = None

    @property
    def key(self) -> str:
        """What the figure counts, for grouping: a crude stem of the label's last word, lower case.

        Singular and plural meet ("encounter"/"encounters" -> "encounter", "bus"/"buses" -> "bus",
        "vacancy"/"vacancies" -> "vacancy", "house"/"houses" -> "hous"); it is a key, not a word to show.
        """
        if not self.label:
            return ""
        word = self.label.split()[-1].lower()
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith(("us", "ss", "is")):
            return word
        if word.endswith("es"):
            word = word[:-2]
        elif word.endswith("s"):
            word = word[:-1]
        return word[:-1] if word.endswith("e") else word

    @property
    def text(self) -> str:
        """The figure as a reader would say it: qualifier, number, unit and label."""
        parts = [self.qualifier, self.number + (self.unit or ""), self.label]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class FigureGroup:
    """Figures for the same thing from several reports, to set side by side."""

    key: str
    label: str
    figures: tuple[tuple[str, Figure], ...]

    @property
    def article_ids(self) -> tuple[str, ...]:
        """The articles giving a figure in this group, each once, in article order."""
        return tuple(dict.fromkeys(article_id for article_id, _ in self.figures))


def find_figures(text: str) -> tuple[Figure, ...]:
    """The figures in ``text`` (one sentence or more), spans relative to ``text``."""
    return tuple(_figures(text, 0, None))


def article_figures(article: Article) -> tuple[Figure, ...]:
    """The figures in the body of ``article``, sentence by sentence, spans in ``article.text``."""
    found: list[Figure] = []
    for sentence in article.sentences:
        found.extend(_figures(article.slice(sentence), sentence.start, sentence))
    return tuple(found)


def compare_figures(articles: Sequence[Article]) -> tuple[FigureGroup, ...]:
    """Figures counting the same thing in two or more of ``articles``, grouped by :attr:`Figure.key`."""
    by_key: dict[str, list[tuple[str, Figure]]] = {}
    for article in articles:
        for figure in article_figures(article):
            if figure.key:
                by_key.setdefault(figure.key, []).append((article.id, figure))
    groups = []
    for key, figures in by_key.items():
        if len({article_id for article_id, _ in figures}) < 2:
            continue
        label = max((f.label for _, f in figures), key=len)
        groups.append(FigureGroup(key, label, tuple(figures)))
    return tuple(groups)


def _figures(sentence: str, offset: int, sentence_span: Span | None) -> Iterator[Figure]:
    previous_label = ""
    for match in _FIGURE.finditer(sentence):
        number = match.group("number")
        if _is_date(sentence, match, number) or _FRACTION.match(sentence, match.end()):
            continue
        value = _value(number, match.group("scale"))
        if value is None:
            continue
        qualifier = match.group("qualifier")
        unit = "%" if match.group("unit") else None
        label = _label(sentence, match.end(), skip_of=unit is not None)
        if not label and not unit:
            label = previous_label
        previous_label = label or previous_label
        printed = sentence[match.start("number") : match.end("scale") if match.group("scale") else match.end("number")]
        start = match.start("qualifier") if qualifier else match.start("number")
        yield Figure(
            value=value,
            number=printed,
            qualifier=qualifier.lower() if qualifier else None,
            bound=QUALIFIERS[qualifier.lower()] if qualifier else "exact",
            unit=unit,
            label=label,
            period=_period(sentence, match.start(), match.end()),
            span=Span(offset + start, offset + match.end()),
            sentence=sentence_span,
        )


def _is_date(sentence: str, match: re.Match, number: str) -> bool:
    if _YEAR.match(number) and not match.group("qualifier") and not match.group("scale"):
        return True
    before = sentence[: match.start("number")].rstrip()
    return bool(re.search(rf"\b(?:{'|'.join(MONTHS)})$", before))


def _value(number: str, scale: str | None) -> int | float | None:
    lower = number.lower()
    if lower in _WORD_NUMBERS:
        value: int | float = _WORD_NUMBERS[lower]
    else:
        cleaned = number.replace(",", "")
        value = float(cleaned) if "." in cleaned else int(cleaned)
    if scale:
        value = value * _SCALES[scale.strip(" -").lower()]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def _label(sentence: str, end: int, skip_of: bool = False) -> str:
    """Up to three lower-case words after the number: what it counts.

    Stops at a function word or punctuation, after the first plural ("two foreign leaders [met]",
    "1.5 million people [fled]"),
    and after an age ("31-year-old [continued]").
    """
    words: list[str] = []
    position = end
    if skip_of:  # "40 percent of voters"
        of = re.compile(r"\s+of\b").match(sentence, position)
        position = of.end() if of else position
    while len(words) < 3:
        match = _LABEL_WORD.match(sentence, position)
        if not match or match.group(1) in _STOP:
            break
        word = match.group(1)
        words.append(word)
        position = match.end()
        if word.endswith("-old") or word in _IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith("ss")):
            break
    return " ".join(words)


def _period(sentence: str, start: int, end: int) -> str | None:
    """The month (and year) named in the figure's clause, preferring one after it."""
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    following = _CLAUSE_BREAK.search(sentence, end)
    clause_end = following.start() if following else len(sentence)
    months = [m for m in _MONTH.finditer(sentence, clause_start, clause_end)]
    after = [m for m in months if m.start() >= end]
    if after:
        return after[0].group()
    return months[-1].group() if months else None
