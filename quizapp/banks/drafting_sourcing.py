"""Drafting ``choice`` questions on whom a report credits for what it says.

Each sentence of a report is sorted by the first of these it holds:

* ``outlet``, second-hand sourcing: it credits another news outlet ("according to BBC", "CBS News
  reports", "told CBS News", "according to the Associated Press");
* ``unnamed``: it hedges, or credits someone it does not name ("allegedly", "reportedly",
  "according to them", "sources say");
* ``named``: it credits a person or an office it names ("According to Harris", "According to the
  U.S. Customs and Border Protection");
* ``own-voice``, an unsourced figure: a record or a superlative ("the highest on record", "20-year
  high", "record-breaking numbers") next to a number, with no word of attribution in the sentence.

The question quotes the clause holding the phrase and asks whom the report credits for it; every such
question offers the same four answers (:data:`CHOICES`), so the one keyed is never singled out. At most
:data:`PER_CATEGORY` questions of a category, reports no question of this module asks about yet first,
so every report with such a sentence yields one; sentences other questions cite are left alone (a
figure's clause would print a numeric question's answer).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from quizapp.banks.model import Source
from quizapp.corpus.articles import Article
from quizapp.corpus.span import Span
from quizapp.questions import ChoiceQuestion

PER_CATEGORY = 2
CLAUSE_WORDS = 6  # a quoted clause shorter than this takes in the next one
CLAIM_WORDS = 16  # what a report credits someone for: the phrase's clause and more, up to this many words
MAX_QUOTED_WORDS = 30  # a sentence whose claim cannot be cut shorter than this is left to other questions
OUTLET = "Another news outlet, which it names"
NAMED = "A person or an office it names"
UNNAMED = "Someone it does not name"
OWN_VOICE = "No one: the report says it in its own voice"
CHOICES = (OUTLET, NAMED, UNNAMED, OWN_VOICE)
_CATEGORIES = {"outlet": OUTLET, "named": NAMED, "unnamed": UNNAMED, "own-voice": OWN_VOICE}

_OUTLETS = (
    "BBC|CBS News|NBC News|ABC News|CNN|Fox News|MSNBC|NPR|Reuters|AP|Associated Press|Newsweek|Politico|Axios|"
    "Bloomberg|New York Post|New York Times|Washington Post|Wall Street Journal|Guardian|Hill|Los Angeles Times|"
    "USA Today|Al Jazeera"
)
_CATEGORY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "outlet",
        re.compile(
            rf"\b(?:[Aa]ccording to (?:the )?(?:{_OUTLETS})\b|(?:{_OUTLETS}) reports?\b|told (?:the )?(?:{_OUTLETS})\b)"
        ),
    ),
    (
        "unnamed",
        re.compile(
            r"\b(?:allegedly|reportedly|[Aa]ccording to (?:them|sources|officials|reports|critics)\b|"
            r"sources (?:say|said))\b"
        ),
    ),
    ("named", re.compile(r"\b[Aa]ccording to (?:the )?[A-Z][^,;:]*")),
)
_SUPERLATIVE = re.compile(
    r"\b(?:on record|record[- ](?:breaking|high|low|numbers?|levels?)|an? (?:new )?record|"
    r"\d+-year (?:high|low)|all-time (?:high|low)|highest|lowest)\b",
    re.IGNORECASE,
)
_A_FIGURE = re.compile(r"\d|\bnumbers?\b|\blevels?\b", re.IGNORECASE)
_ATTRIBUTION = re.compile(r"\b(?:according to|said|says|reports?|reported|told|data|figures from)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+[\u2013\u2014-]+\s+|\u2014")
_QUOTE_MARKS = '"\u201c\u201d'


@dataclass(frozen=True)
class _Found:
    article: Article
    sentence: Span
    category: str
    phrase: Span  # the words that credit someone, or the superlative


def sourcing_questions(
    articles: Sequence[Article],
    name_of: Callable[[str], str],
    make_id: Callable[..., str],
    cited: Sequence[tuple[str, Span]] = (),
) -> list[ChoiceQuestion]:
    """Up to :data:`PER_CATEGORY` questions per category, in the articles' order."""
    found = [
        f
        for f in _findings(articles)
        if not any(a == f.article.id and s.overlaps(f.sentence) for a, s in cited)
        and _claim_words(f) <= MAX_QUOTED_WORDS
    ]
    chosen: list[_Found] = []
    for category in _CATEGORIES:
        mine = [f for f in found if f.category == category]
        for _ in range(PER_CATEGORY):
            asked = {c.article.id for c in chosen}
            taken = {(c.article.id, c.sentence) for c in chosen}
            left = [f for f in mine if (f.article.id, f.sentence) not in taken]
            if not left:
                break
            chosen.append(min(left, key=lambda f: f.article.id in asked))  # min keeps the first of equals
    order = [a.id for a in articles]
    chosen.sort(key=lambda f: (order.index(f.article.id), f.sentence.start))
    return [_question(f, name_of, make_id) for f in chosen]


def clause_bounds(text: str, start: int, end: int, minimum: int = CLAUSE_WORDS) -> tuple[int, int]:
    """Where the clause holding ``text[start:end]`` begins and ends: ``text`` split at commas,
    semicolons, colons and dashes outside quotation marks, with the clauses after it (then before it)
    taken in while it has fewer than ``minimum`` words."""
    cuts = [
        (m.start(), m.end())
        for m in _CLAUSE_BREAK.finditer(text)
        if sum(text[: m.start()].count(mark) for mark in _QUOTE_MARKS) % 2 == 0
    ]
    bounds = [0, *(i for cut in cuts for i in cut), len(text)]
    pieces = list(zip(bounds[::2], bounds[1::2], strict=True))
    last = next((i for i, (_, stop) in enumerate(pieces) if stop >= end), len(pieces) - 1)
    first = next((i for i, (begin, _) in reversed(list(enumerate(pieces))) if begin <= start), 0)
    first = min(first, last)
    while len(text[pieces[first][0] : pieces[last][1]].split()) < minimum and (first > 0 or last < len(pieces) - 1):
        if last < len(pieces) - 1:
            last += 1
        else:
            first -= 1
    return pieces[first][0], pieces[last][1]


def _findings(articles: Sequence[Article]) -> Iterator[_Found]:
    for article in articles:
        for sentence in article.sentences:
            text = article.slice(sentence)
            if "\n" in text.strip():
                continue
            finding = _sort(text)
            if finding is not None:
                category, (start, end) = finding
                yield _Found(article, sentence, category, Span(sentence.start + start, sentence.start + end))


def _sort(text: str) -> tuple[str, tuple[int, int]] | None:
    for category, pattern in _CATEGORY_PATTERNS:
        match = pattern.search(text)
        if match is not None:
            return category, match.span()
    superlative = _SUPERLATIVE.search(text)
    if superlative is not None and _A_FIGURE.search(text) and not _ATTRIBUTION.search(text):
        return "own-voice", superlative.span()
    return None


def _question(found: _Found, name_of: Callable[[str], str], make_id: Callable[..., str]) -> ChoiceQuestion:
    article = found.article
    sentence = article.slice(found.sentence)
    start, end = found.phrase.start - found.sentence.start, found.phrase.end - found.sentence.start
    clause_start, clause_end = clause_bounds(sentence, start, end, CLAIM_WORDS)
    clause = sentence[clause_start:clause_end].strip().rstrip(",;:")
    at = article.text.index(clause, found.sentence.start + clause_start)
    source = Source(article.id, clause, Span(at, at + len(clause)))
    shown = ("…" if clause_start > 0 else "") + _nested(clause) + ("…" if sentence[clause_end:].strip() else "")
    phrase = article.slice(found.phrase)
    name = name_of(article.id)
    # A figure's clause may hold another claim ("…20-year high, Harris has been receiving heavy criticism"):
    # the question names the words it asks about.
    what = f"“{phrase}”" if found.category == "own-voice" else "this"
    return ChoiceQuestion(
        id=make_id("who-is-credited", found.category, *phrase.split()[:3]),
        prompt=f"{name[:1].upper()}{name[1:]} writes: “{shown}” Who does the report credit for {what}?",
        sources=(source,),
        explanation=_explanation(found.category, phrase),
        skills=("sourcing", "numbers" if found.category == "own-voice" else "attribution"),
        choices=CHOICES,
        answer=_CATEGORIES[found.category],
    )


def _claim_words(found: _Found) -> int:
    sentence = found.article.slice(found.sentence)
    start, end = found.phrase.start - found.sentence.start, found.phrase.end - found.sentence.start
    clause_start, clause_end = clause_bounds(sentence, start, end, CLAIM_WORDS)
    return len(sentence[clause_start:clause_end].split())


def _nested(text: str) -> str:
    """Quotation marks inside a quoted passage as single ones (“…moved to ‘fill’ her schedule…”)."""
    text = text.replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    pieces = text.split('"')
    return "".join(piece + ("\u2018" if i % 2 == 0 else "\u2019") for i, piece in enumerate(pieces[:-1])) + pieces[-1]


def _explanation(category: str, phrase: str) -> str:
    if category == "outlet":
        return (
            f"“{phrase}”: the report passes on another outlet's reporting, so these words reach you second-hand. "
            "Find that outlet's own report before repeating them."
        )
    if category == "named":
        return f"“{phrase}”: the report names who says so, so you can check what they said or published."
    if category == "unnamed":
        return (
            f"“{phrase}” names no one: the report passes the claim on without saying who makes it, so it "
            "cannot be checked from the report alone."
        )
    return (
        f"“{phrase}”: nothing in the sentence says where this comes from. The report states it in its own "
        "voice; look for the figures behind it before repeating it."
    )
