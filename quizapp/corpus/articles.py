"""Articles: loading the seed texts and their metadata, paragraphs, sentences, and finding quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from quizapp.corpus.normalise import NormalisedText, normalise, normalise_with_offsets
from quizapp.corpus.span import Span

ARTICLE_ID = re.compile(r"^[A-Za-z0-9_-]+$")
# Paragraphs of the body that are page furniture rather than the report's own sentences: a photo
# caption ending in its credit ("... Hector Vivas/Getty Images"), the signature line of an embedded
# post ("— Alexandria Ocasio-Cortez (@AOC) June 7, 2021") and a pointer to what follows ("For more
# reporting from the Associated Press, see below:"). Readers still see them on the article's page;
# an evidence question does not offer them as sentences to pick.
_PHOTO_CREDIT = re.compile(
    r"(?:[\w.'\u2019-]+/(?:Getty Images|AP Photo|AP|AFP|Reuters|EPA|Bloomberg)|via Getty Images"
    r"|\b(?:Photo|Photograph|Picture|Image)(?: by|:) [^.\n]+)\s*$"
)
_POST_SIGNATURE = re.compile(r"^[\u2014\u2013-]\s*[^\n]*\(@\w{1,15}\)\s+[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$")
_POINTER = re.compile(r"\b(?:see|read|watch) (?:below|more)\b[^\n]*:\s*$", re.IGNORECASE)


def is_furniture(text: str) -> bool:
    """Whether a paragraph's text is page furniture (a photo caption, a post's signature, a pointer), not prose."""
    return any(pattern.search(text) for pattern in (_PHOTO_CREDIT, _POST_SIGNATURE, _POINTER))
METADATA_FILE = "articles.yaml"
UNKNOWN_OUTLET = "Unknown outlet"

# A paragraph break is a line holding nothing but whitespace (the seeds pad some with no-break spaces).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0\u202f]*\n\s*")
# A sentence ends at . ! or ? (optionally followed by closing quotes) before whitespace and a capital,
# digit or opening quote. Abbreviations are checked separately.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(]*[A-Z0-9])")
_ABBREVIATIONS = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Rep|Sen|Gov|Mr|Mrs|Ms|Dr|St|Jr|Sr|Pres|Gen|No|vs)\.)$")
_INITIALS = re.compile(r"\b(?:[A-Z]\.){2,}$")
# Initials such as "U.S." may end a sentence: they do when the next word is one that opens sentences
# ("... migration to the U.S. She said"), not when it is a name ("the U.S. Customs and Border Protection").
_SENTENCE_OPENERS = re.compile(
    r"\s+[\"'\u201c\u2018(]*(?:The|This|That|These|Those|It|Its|He|She|They|We|I|But|And|Yet|So|In|On|At|A|An|"
    r"His|Her|Their|Our|There|When|While|After|Before|Still|However|Meanwhile|Asked)\b"
)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of an article: its 1-based number and where it stands in the original text."""

    number: int
    span: Span
    boilerplate: bool = False


@dataclass(frozen=True)
class Passage:
    """A stretch of an article's original text, as found by :func:`closest_passage`."""

    span: Span
    text: str
    similarity: float  # 0..100


@dataclass(frozen=True)
class Article:
    """One news report, verbatim, with its metadata."""

    id: str
    text: str
    outlet: str = UNKNOWN_OUTLET
    headline: str = ""
    date: str | None = None
    notes: str | None = None
    author: str | None = None  # the byline's names, as the page gave them
    event: str | None = None  # what the report is about, shared by the reports of one event (see events.py)
    boilerplate_from: str | None = None  # verbatim start of trailing publisher boilerplate
    wire_copy_from: str | None = None  # verbatim start of another outlet's copy the publisher reprints
    wire_copy_outlet: str | None = None  # whose copy that is ("Associated Press")
    _cache: dict = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def label(self) -> str:
        """How students see this article named: outlet and headline."""
        return f"{self.outlet}: {self.headline}"

    @cached_property
    def normalised(self) -> NormalisedText:
        """The text under the quote-matching rule, with offsets back into :attr:`text`."""
        return normalise_with_offsets(self.text)

    @cached_property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Paragraphs split at blank lines; trailing publisher boilerplate is marked as such."""
        boilerplate_at = len(self.text)
        if self.boilerplate_from:
            found = self.text.find(self.boilerplate_from)
            if found >= 0:
                boilerplate_at = found
        result: list[Paragraph] = []
        position = 0
        for brk in [*_PARAGRAPH_BREAK.finditer(self.text), None]:
            end = brk.start() if brk else len(self.text)
            start, stop = _trim(self.text, position, end)
            if stop > start:
                result.append(Paragraph(len(result) + 1, Span(start, stop), start >= boilerplate_at))
            if brk:
                position = brk.end()
        return tuple(result)

    @cached_property
    def wire_copy_start(self) -> int | None:
        """Where the reprinted wire copy begins in the text (``wire_copy_from``), or None."""
        if not self.wire_copy_from:
            return None
        found = self.text.find(self.wire_copy_from)
        return found if found >= 0 else None

    def wire_copy_of(self, span: Span) -> str | None:
        """The outlet whose reprinted copy holds ``span`` (after ``wire_copy_from``), else None."""
        start = self.wire_copy_start
        if start is None or span.start < start:
            return None
        return self.wire_copy_outlet or "wire service"

    @property
    def body(self) -> tuple[Paragraph, ...]:
        """The paragraphs that are the article itself, without publisher boilerplate."""
        return tuple(p for p in self.paragraphs if not p.boilerplate)

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        """Sentence spans of the article body, in order, for evidence questions."""
        spans: list[Span] = []
        for paragraph in self.body:
            spans.extend(_split_sentences(self.text, paragraph.span))
        return tuple(spans)

    @cached_property
    def prose(self) -> tuple[Paragraph, ...]:
        """The body's paragraphs of the report's own prose: no photo captions, post signatures or pointers."""
        return tuple(p for p in self.body if not is_furniture(self.slice(p.span)))

    def prose_sentences(self, first: int | None = None, last: int | None = None) -> tuple[Span, ...]:
        """The sentences of :attr:`prose`, in order; only paragraphs ``first`` to ``last`` (numbers) if given.

        Kept per range: every quiz page, save and result of an evidence question asks again.
        """
        key = ("prose_sentences", first, last)
        kept = self._cache.get(key)
        if kept is None:
            spans: list[Span] = []
            for paragraph in self.prose:
                if (first is None or paragraph.number >= first) and (last is None or paragraph.number <= last):
                    spans.extend(s for s in self.sentences if paragraph.span.start <= s.start < paragraph.span.end)
            kept = self._cache[key] = tuple(spans)
        return kept

    @cached_property
    def quotations(self) -> tuple[Span, ...]:
        """The words inside each outermost pair of double quotation marks in the body, marks excluded.

        A paragraph whose quotation marks never balance yields none rather than a guess.
        """
        spans: list[Span] = []
        for paragraph in self.body:
            spans.extend(_quotations(self.text, paragraph.span))
        return tuple(spans)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph containing character ``offset``."""
        return next((p for p in self.paragraphs if p.span.start <= offset < p.span.end), None)

    def slice(self, span: Span) -> str:
        """The original text of ``span``."""
        return self.text[span.start : span.end]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quote_depths(chunk: str) -> list[int] | None:
    """How many double quotes are open before each character, or None when they never balance.

    Straight quotes open after a space (or at the start) and close elsewhere, as in the seeds' mixed
    typography ("I want ... home,” Harris said).
    """
    depths = []
    depth = 0
    for index, char in enumerate(chunk):
        depths.append(depth)
        if char == "\u201c" or (char == '"' and (index == 0 or chunk[index - 1].isspace() or chunk[index - 1] in "(")):
            depth += 1
        elif char in "\u201d\"":
            depth = max(0, depth - 1)
    depths.append(depth)
    return depths if depth == 0 else None


def _quotations(text: str, paragraph: Span) -> Iterator[Span]:
    chunk = text[paragraph.start : paragraph.end]
    depths = _quote_depths(chunk)
    if depths is None:
        return
    opened = None
    for index in range(len(chunk)):
        if depths[index] == 0 and depths[index + 1] > 0:
            opened = index + 1
        elif opened is not None and depths[index] > 0 and depths[index + 1] == 0:
            s, e = _trim(text, paragraph.start + opened, paragraph.start + index)
            if e > s:
                yield Span(s, e)
            opened = None


def _split_sentences(text: str, paragraph: Span) -> Iterator[Span]:
    """Sentences of one paragraph; a quotation of several sentences stays whole (“Do not come. Do not come.”)."""
    start = paragraph.start
    chunk = text[paragraph.start : paragraph.end]
    depths = _quote_depths(chunk)
    for match in _SENTENCE_END.finditer(chunk):
        if depths is not None and depths[match.end()] > 0:
            continue
        cut = paragraph.start + match.end()
        before = text[start : paragraph.start + match.start() + 1]
        if text[start:cut].strip() and _ABBREVIATIONS.search(before):
            if not (_INITIALS.search(before) and _SENTENCE_OPENERS.match(text, cut)):
                continue
        s, e = _trim(text, start, cut)
        if e > s:
            yield Span(s, e)
        start = cut
    s, e = _trim(text, start, paragraph.end)
    if e > s:
        yield Span(s, e)


def find_quote(article: Article, quote: str) -> Span | None:
    """Where ``quote`` stands in ``article`` under the matching rule, as original offsets; else None."""
    needle = normalise(quote)
    if not needle:
        return None
    haystack = article.normalised
    found = haystack.text.find(needle)
    if found < 0:
        return None
    start, end = haystack.original_span(found, found + len(needle))
    return Span(start, end)


def closest_passage(article: Article, quote: str) -> Passage | None:
    """The stretch of ``article`` most like ``quote``, widened to whole words: for error messages."""
    needle = normalise(quote)
    haystack = article.normalised
    if not needle or not haystack.text:
        return None
    alignment = fuzz.partial_ratio_alignment(needle, haystack.text)
    if alignment is None:
        return None
    text = haystack.text
    start, end = alignment.dest_start, alignment.dest_end
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    if end <= start:
        return None
    original = Span(*haystack.original_span(start, end))
    return Passage(original, article.slice(original), alignment.score)


class Corpus(Mapping[str, Article]):
    """The articles a bank may cite, by id."""

    def __init__(self, articles: dict[str, Article]):
        self._articles = dict(sorted(articles.items()))

    def __getitem__(self, key: str) -> Article:
        return self._articles[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._articles)

    def __len__(self) -> int:
        return len(self._articles)


_METADATA_KEYS = frozenset(
    {"outlet", "headline", "date", "author", "notes", "event", "boilerplate_from", "wire_copy_from", "wire_copy_outlet"}
)


class CorpusError(Exception):
    """The seeds folder or its metadata cannot be read."""


def load_corpus(folder: str | Path) -> Corpus:
    """Load every ``*.txt`` in ``folder`` as an article, with metadata from ``articles.yaml``.

    Texts are read as UTF-8 exactly as stored (no newline translation) so offsets are stable.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such folder of articles")
    metadata: dict = {}
    meta_path = folder / METADATA_FILE
    if meta_path.exists():
        try:
            metadata = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise CorpusError(f"{meta_path}: not valid YAML: {exc}") from exc
        if not isinstance(metadata, dict):
            raise CorpusError(f"{meta_path}: expected a mapping of article id to metadata")
    articles: dict[str, Article] = {}
    for path in sorted(folder.glob("*.txt")):
        article_id = path.stem
        if not ARTICLE_ID.match(article_id):
            raise CorpusError(f"{path}: article file names may hold only letters, digits, '_' and '-'")
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        meta = metadata.get(article_id) or {}
        unknown = set(meta) - _METADATA_KEYS
        if unknown:
            raise CorpusError(f"{meta_path}: {article_id}: unknown keys {', '.join(sorted(unknown))}")
        date = meta.get("date")
        articles[article_id] = Article(
            id=article_id,
            text=text,
            outlet=meta.get("outlet") or UNKNOWN_OUTLET,
            headline=meta.get("headline") or f"[{article_id}]",
            date=str(date) if date else None,
            notes=meta.get("notes"),
            author=str(meta["author"]) if meta.get("author") else None,
            event=(" ".join(str(meta["event"]).split()) or None) if meta.get("event") else None,
            boilerplate_from=meta.get("boilerplate_from"),
            wire_copy_from=meta.get("wire_copy_from"),
            wire_copy_outlet=meta.get("wire_copy_outlet"),
        )
    missing = set(metadata) - set(articles)
    if missing:
        raise CorpusError(f"{meta_path}: metadata for articles that do not exist: {', '.join(sorted(missing))}")
    return Corpus(articles)
