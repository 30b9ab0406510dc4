"""How drafted questions name and quote things: articles by outlet or short headline, speakers by
surname, passages shortened to whole sentences, and question ids that are readable and unique.

Shared by the drafters of each kind (:mod:`quizapp.banks.drafting` and the ``drafting_*`` modules beside it).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from quizapp.banks.model import Source
from quizapp.banks.schema import ID_PATTERN
from quizapp.corpus.align import AlignedPassage
from quizapp.corpus.articles import UNKNOWN_OUTLET, Article
from quizapp.corpus.attribution import Quotation
from quizapp.corpus.span import Span

SHORT_WORDS = 20  # a quotation longer than this is shortened in prompts and match items
_COMPOUND_SURNAME_WORDS = 4  # a name this long ends in two surnames (Spanish usage): "López Obrador"

# Each article's quotations (what find_quotations found in it), by article id.
Quotations = Mapping[str, Sequence[Quotation]]


@dataclass
class QuestionIds:
    """Question ids: readable, valid and unique within the draft."""

    used: set[str] = field(default_factory=set)

    def make(self, *words: str) -> str:
        """An id of ``words`` (cut to 60 characters), numbered when the draft has it already."""
        joined = "-".join(part for part in (slug(w) for w in words) if part)[:60].strip("-") or "question"
        candidate, n = joined, 2
        while candidate in self.used or not ID_PATTERN.match(candidate):
            candidate = f"{joined}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate


class ArticleNames:
    """How a question names each article: its outlet when that tells it apart, else its headline cut
    short ("the report “Migration Crisis”", "the report on Ocasio-Cortez's criticism"), or whole where
    two short names would be the same."""

    def __init__(self, articles: Sequence[Article]):
        outlets = Counter(a.outlet for a in articles)
        self._articles = {a.id: a for a in articles}
        names = {a.id: _article_name(a, outlets[a.outlet] == 1, short=True) for a in articles}
        repeated = {name for name, n in Counter(names.values()).items() if n > 1}
        self._names = {
            a.id: _article_name(a, outlets[a.outlet] == 1, short=False) if names[a.id] in repeated else names[a.id]
            for a in articles
        }

    def of(self, article_id: str) -> str:
        """The name for the article as a whole."""
        return self._names[article_id]

    def at(self, article_id: str, span: Span) -> str:
        """The name for a passage: wire copy a report reprints (``wire_copy_from``) is credited to the outlet
        that reported it ("the Associated Press copy in Newsweek"), the rest to the report."""
        wire = self._articles[article_id].wire_copy_of(span)
        if wire is None:
            return self._names[article_id]
        return f"the {wire} copy in {self._names[article_id]}"


_THE_OUTLETS = {"Associated", "New", "Guardian", "Washington", "Wall", "BBC", "Hill", "Times", "Atlantic"}
_NAME_WORDS = 3  # a headline's words a short name keeps before it stops at a preposition
_PREPOSITIONS = frozenset({"of", "in", "on", "at", "with", "from", "for", "about", "after", "over", "to"})


def _article_name(article: Article, unique_outlet: bool, short: bool) -> str:
    """The outlet ("the Associated Press"), else the headline: a corpus's bracketed description
    ("[Report on ...]") as words, a headline in quotation marks; ``short`` cuts either (see _short_headline)."""
    if article.outlet != UNKNOWN_OUTLET and unique_outlet:
        return f"the {article.outlet}" if article.outlet.split()[0] in _THE_OUTLETS else article.outlet
    headline = article.headline
    if headline.startswith("[") and headline.endswith("]"):
        # A bracketed headline is a description the corpus gave a text with none ("[Report on ...]").
        inner = _short_headline(headline[1:-1]) if short else headline[1:-1]
        return f"the {inner[:1].lower()}{inner[1:]}"
    return f"the report “{_short_headline(headline) if short else headline}”"


def _short_headline(headline: str) -> str:
    """A headline's words up to its colon ("Migration Crisis"), else up to the first preposition after
    :data:`_NAME_WORDS` words ("Report on Ocasio-Cortez's criticism"): a name, not the report's summary."""
    before_colon = headline.split(":")[0].strip()
    if ":" in headline and len(before_colon.split()) >= 2:
        return before_colon
    words = headline.split()
    for index in range(_NAME_WORDS, len(words)):
        if words[index].lower() in _PREPOSITIONS:
            return " ".join(words[:index]).rstrip(",;: ")
    return headline


def verbatim_source(article: Article, span: Span) -> Source:
    """A source quoting ``span`` of ``article`` verbatim (trimmed of spaces)."""
    text = article.slice(span).strip()
    return Source(article.id, text, span)


def speaker_of(quotations: Quotations, passage: AlignedPassage) -> str | None:
    """Who says the quotation the passage overlaps, if the articles name anyone."""
    return next(
        (q.speaker for q in quotations[passage.article_id] if q.speaker and q.span.overlaps(passage.span)),
        None,
    )


def short_speaker(speaker: str | None, quotations: Quotations) -> str:
    """A speaker as a prompt names them: by surname ("Ocasio-Cortez"; the last two words of a name of
    four, "López Obrador" of "Andrés Manuel López Obrador") unless another speaker the articles quote
    has the same one, then in full; "the speaker" for none."""
    if not speaker:
        return "the speaker"
    words = speaker.split()
    surname = " ".join(words[-2:]) if len(words) >= _COMPOUND_SURNAME_WORDS else words[-1]
    speakers = {q.speaker for found in quotations.values() for q in found if q.speaker}
    if any(other != speaker and other.endswith(" " + surname) for other in speakers):
        return speaker
    return surname


def surname_of(speaker: str | None) -> str:
    """The last word of a speaker's name, for an id; nothing for none."""
    return speaker.split()[-1] if speaker and speaker != "the speaker" else ""


def letters_only(texts: Iterable[str]) -> str:
    """The letters and digits of some words, lower case: what is left when punctuation and capitals are not."""
    return re.sub(r"\W", "", " ".join(texts)).casefold()


def shortened(quote: str, limit: int = SHORT_WORDS) -> str:
    """The quotation, or whole sentences of it within ``limit`` words: its first ones if they fit, else
    its last ones ("…Do not come. Do not come"), else its first words; an ellipsis marks a cut."""
    quote = quote.strip().rstrip(",;: ")
    if len(quote.split()) <= limit:
        return quote
    pieces = re.split(r"(?<=[.!?:])\s+", quote)
    for ordered, from_start in ((pieces, True), (pieces[::-1], False)):
        kept: list[str] = []
        for piece in ordered:
            if len(" ".join([*kept, piece]).split()) > limit:
                break
            kept.append(piece)
        if kept:
            text = " ".join(kept if from_start else kept[::-1]).rstrip(",;: ")
            return f"{text} …" if from_start else f"…{text}"
    return " ".join(quote.split()[:limit]) + " …"


def opening_words(text: str, limit: int = SHORT_WORDS) -> str:
    """The first ``limit`` words of a passage, with an ellipsis when there are more; no trailing comma."""
    words = text.strip().strip('"\u201c\u201d').split()
    if len(words) <= limit:
        return " ".join(words).rstrip(",;: ")
    return " ".join(words[:limit]).rstrip(",;: ") + "…"


def listing(items: Sequence[str], conjunction: str = "and") -> str:
    """Items as a sentence lists them: "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def capitalised(text: str) -> str:
    """``text`` with its first letter upper case, to begin a sentence with a name."""
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    """``text`` as an id: lower-case ASCII letters and digits joined by single hyphens."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
