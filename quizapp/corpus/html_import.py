"""Importing a news article that a teacher saved from a browser ("Save page as… HTML").

The imported text has to meet one promise: every sentence a reader sees in the article on the page
can be quoted in a bank and found by the quote-matching rule (:mod:`quizapp.corpus.normalise`). So
the importer keeps the article's own typography (curly quotes, dashes, no-break spaces) and only
does what a browser does when it lays text out: runs of ASCII whitespace become one space, block
elements start new paragraphs. Site chrome (navigation, scripts, advertising, related links,
subscription promotions) is dropped, because an evidence question must never offer a menu item as a
sentence of the report.

Nothing here touches the network: BeautifulSoup with the stdlib ``html.parser`` only parses, and
links, images and frames are never followed.
"""

from __future__ import annotations

import codecs
import itertools
import json
import os
import re
import shutil
import unicodedata
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, PageElement, RubyTextString, Tag
from bs4.exceptions import ParserRejectedMarkup

from quizapp.corpus.articles import ARTICLE_ID, METADATA_FILE, UNKNOWN_OUTLET, Article, CorpusError, load_corpus
from quizapp.corpus.normalise import normalise

try:
    import fcntl
except ImportError:  # not on Windows; imports there run without the folder lock
    fcntl = None  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024  # the same limit as question bank files: a saved article is far smaller
# Every element starts with "<", so counting them bounds the parse before it starts. Saved news pages
# hold thousands of elements, rarely tens of thousands; a page of a million empty tags is an attack on
# the parser (html.parser builds each one in Python), not an article.
MAX_TAGS = 250_000
MAX_ID_LENGTH = 100  # ids become file names; keep well inside every file system's limit
PARAGRAPH_SEPARATOR = "\n\n"  # what Article.paragraphs splits at


class HtmlImportError(ValueError):
    """A page cannot be imported, or the article cannot be added to the folder; the message says why."""


@dataclass(frozen=True)
class ImportedArticle:
    """What :func:`html_to_article` found on a page.

    ``text`` is the headline (when the page shows one in an ``<h1>``) and then the article's
    paragraphs, separated by one blank line, with no trailing newline. ``headline``, ``outlet``,
    ``date`` and ``author`` are None when the page does not say; ``date`` is an ISO ``YYYY-MM-DD``;
    ``author`` names every author the page credits, joined with "and".
    """

    headline: str | None
    text: str
    outlet: str | None
    date: str | None
    author: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        """The paragraphs of :attr:`text`, headline first when there is one."""
        return self.text.split(PARAGRAPH_SEPARATOR)


# --- decoding -----------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers look for the declaration in the first 1024 bytes; saved pages often carry long inline
# styles or a "saved from" comment first, so look further. Only the first declaration counts.
_PRESCAN_BYTES = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# The HTML standard decodes all of these labels as windows-1252, and pages declaring ISO-8859-1
# routinely contain windows-1252 curly quotes (bytes 0x93/0x94); decoding them as Latin-1 would
# turn the quotes the reader sees into invisible control characters.
_WINDOWS_1252_LABELS = frozenset(
    {
        "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
        "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "latin-1", "us-ascii",
        "windows-1252", "x-cp1252",
    }
)  # fmt: skip
# Python codecs that are not web encodings: they would "decode" bytes into something no browser shows.
_NOT_WEB_ENCODINGS = frozenset({"idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined", "utf-7"})


def _windows_1252_table() -> dict[int, str]:
    # windows-1252 as the HTML standard defines it: the five bytes Python's cp1252 leaves undefined
    # map to the C1 controls of the same value instead of failing the whole page.
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_LATIN1_TO_WINDOWS_1252 = _windows_1252_table()


def _declared_charset(head: bytes) -> str | None:
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii").lower() if found else None


def _decode(data: bytes, label: str, why: str) -> str:
    if label in _WINDOWS_1252_LABELS:
        return data.decode("latin-1").translate(_LATIN1_TO_WINDOWS_1252)
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        raise HtmlImportError(f"{why} {label!r}, which is not a known character set") from None
    if codec in _NOT_WEB_ENCODINGS:
        raise HtmlImportError(f"{why} {label!r}, which is not a character set web pages use")
    if codec.startswith("utf-16") and "byte-order mark" not in why:
        # A UTF-16 declaration that could be read as ASCII is wrong by construction; browsers use UTF-8.
        codec = "utf-8"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise HtmlImportError(
            f"{why} {label!r}, but byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid {codec}"
        ) from None
    except LookupError:  # a codec that is not a text encoding (rot13, base64, ...)
        raise HtmlImportError(f"{why} {label!r}, which is not a character set web pages use") from None


def decode_html(data: bytes) -> str:
    """Decode a saved page: by its byte-order mark, else the charset it declares, else strict UTF-8."""
    if len(data) > MAX_BYTES:
        raise HtmlImportError(f"the page is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], codec, "the byte-order mark says")
    declared = _declared_charset(data[:_PRESCAN_BYTES])
    if declared is not None:
        return _decode(data, declared, "the page declares the character set")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HtmlImportError(
            f"the page declares no character set and is not UTF-8 (byte 0x{data[exc.start]:02x} at offset "
            f'{exc.start}); save it again from the browser, or add <meta charset="..."> naming its encoding'
        ) from None


# What a saved page starts with, after a byte-order mark, whitespace and comments: a tag. A PDF, an
# image or a word-processor file renamed to .html starts with something else.
_HTML_START = re.compile(r"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html\b|[a-z][a-z0-9-]*[\s/>])", re.IGNORECASE | re.DOTALL)
_SNIFF_CHARS = 64 * 1024
_SNIFF_BYTES = 1024
_NOT_HTML = (
    "this is not a saved web page (HTML): it does not start with a tag; in the browser use "
    "\u201cSave page as\u2026\u201d and choose \u201cWeb page, HTML only\u201d"
)


def check_is_html(text: str) -> str:
    """Return the decoded page ``text`` if it looks like HTML, else raise :class:`HtmlImportError`.

    Content decides, not the file name: the first thing in the file must be a tag (or a doctype or
    comment), and the page must hold no NUL characters, as binary files do.
    """
    head = text[:_SNIFF_CHARS].lstrip("\ufeff")
    if "\x00" in head or not _HTML_START.match(head):
        raise HtmlImportError(_NOT_HTML)
    return text


def read_html_bytes(data: bytes) -> str:
    """Decode an uploaded or read page (:func:`decode_html`) and check it is HTML (:func:`check_is_html`)."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # A PDF, an image or an archive: say so before decoding, not that its bytes are not UTF-8.
        head = data[:_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8).lstrip(_ASCII_WHITESPACE.encode("ascii"))
        if b"\x00" in data[:_SNIFF_BYTES] or not head.startswith(b"<"):
            raise HtmlImportError(_NOT_HTML)
    return check_is_html(decode_html(data))


def read_html_file(path: str | Path) -> str:
    """Read and decode a saved page, refusing files over :data:`MAX_BYTES` without reading them whole."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # bounded even for endless special files
    except OSError as exc:
        raise HtmlImportError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise HtmlImportError(f"{path}: the file is over the limit of {MAX_BYTES:,} bytes")
    try:
        return read_html_bytes(data)
    except HtmlImportError as exc:
        raise HtmlImportError(f"{path}: {exc}") from None


def import_html_file(path: str | Path) -> ImportedArticle:
    """:func:`read_html_file` then :func:`html_to_article`, with the file name in any error."""
    html = read_html_file(path)
    try:
        return html_to_article(html)
    except HtmlImportError as exc:
        raise HtmlImportError(f"{path}: {exc}") from None


# --- what is chrome, what is text ---------------------------------------------------------------

# Never part of the text a reader sees as the article: code, navigation, asides (related links, pull
# quotes that repeat the text), footers (share bars, tags, subscription promotions, copyright lines),
# forms and their controls, the <title> (metadata, read before this), embedded documents and media
# (their inner text is a fallback browsers do not show when the media loads). Not <head> as a whole:
# html.parser leaves a <body> inside an unclosed <head>, where browsers would not. Figures are not
# here: a <figcaption> inside the article body is kept, as the shipped seeds keep photo captions,
# because readers see captions under the photos and banks may ask about them; a photo credit
# ("credit" by class) goes, and figures outside the body go with the rest of the page.
_DROP_TAGS = frozenset(
    {
        "applet", "aside", "audio", "button", "canvas", "dialog", "embed", "footer", "form", "frame", "frameset",
        "iframe", "input", "map", "nav", "noscript", "object", "script", "select", "style", "svg", "template",
        "textarea", "title", "video",
    }
)  # fmt: skip
_DROP_ROLES = frozenset({"alertdialog", "banner", "complementary", "contentinfo", "dialog", "navigation", "search"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Whole class or id words (split at '-', '_' and spaces) that mark advertising and promotions. Only
# whole words, so "headline" or "leading" never match "ad"; "social" is deliberately absent because
# embedded tweets (quoted in articles) are often wrapped in "social-embed".
_JUNK_WORDS = frozenset(
    {
        "ad", "ads", "adslot", "advert", "adverts", "advertisement", "advertising", "breadcrumb", "breadcrumbs",
        "comments", "consent", "cookie", "cookies", "copyright", "credit", "credits", "footer", "menu", "meter",
        "nav", "navbar", "navigation", "newsletter", "newsletters", "outbrain", "paywall", "promo", "promotion",
        "recommended", "regwall", "related", "relatedposts", "share", "sharing", "sidebar", "signup", "sponsor",
        "sponsored", "subscribe", "subscriber", "subscription", "taboola",
    }
)  # fmt: skip
# "Read more: <a>another story</a>" lines inside a body: a link to elsewhere, not a sentence of the
# report. Only a short block that opens with one of these labels and is mostly link text goes.
_LINK_LINE = re.compile(
    r"(?:(?:read more|read also|also read|related|see also|recommended|most read|more from)\b"
    r"|(?:more|watch|listen)\s*[:|\u2013\u2014>-])",
    re.IGNORECASE,
)
_LINK_LINE_TAGS = frozenset({"p", "div", "li", "h2", "h3", "h4"})
_LINK_LINE_MAX = 300  # characters: a line pointing elsewhere, never a paragraph of the report
_LEAD_LENGTH = 40
# Text only screen readers get; a sighted reader never sees it, so it is not a sentence of the page.
_SCREEN_READER_ONLY = frozenset({"sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden"})
_WORD_SPLIT = re.compile(r"[\s_-]+")

# Elements a browser lays out as blocks: each starts and ends a paragraph (nested ones split it).
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "html", "legend", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody",
        "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})  # cells of one row read as one line, separated by spaces
# <rt> (ruby annotations) is shown; <rp> is the fallback parenthesis browsers hide; the other string
# types are comments, doctypes, CDATA and script or style text.
_TEXT_TYPES = (NavigableString, RubyTextString)
# Only HTML's own whitespace collapses; no-break and other Unicode spaces are the article's typography.
_ASCII_WHITESPACE = "\t\n\f\r "
_COLLAPSE = re.compile(r"[\t\n\f\r ]+")
# Invisible characters that would split a word a reader sees whole (soft hyphens, zero-width spaces,
# word joiners, stray byte-order marks), so a quote of that word would not match. ZWJ and ZWNJ stay:
# they change how some scripts and emoji look.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff\x00"))
_BR = "\x00"  # stands for <br> while a block is gathered; NUL is removed from the page's own text
_DOUBLE_BR = re.compile(r"\x00[\t\n\f\r \x00]*\x00")  # <br><br> is how old pages break paragraphs
_QUOTE_MARKS = (("\u201c", "\u201d"), ("\u2018", "\u2019"))  # how browsers render <q>, outer and nested

# Without <article> markup, the body is the deepest element holding this share of the paragraph
# text left once the chrome is gone, and of its parent's text (so a subheading or byline beside the
# paragraphs' wrapper stays in). Set high on purpose: taking too much only adds a stray line, taking
# too little would lose sentences the reader sees (an article split around an advertisement).
_BODY_SHARE = 0.85

_TITLE_SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00b7 ", " \u2022 ")
_ISO_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:$|[T\s])")
_DATE_META = (
    "article:published_time", "datepublished", "og:article:published_time", "date", "pubdate", "publish-date",
    "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
)  # fmt: skip
_AUTHOR_META = (
    "author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
)  # fmt: skip
_BYLINE_WORDS = frozenset({"byline", "author", "authors", "writer", "contributor"})
MAX_AUTHORS = 10  # a wire story may credit several reporters; a list of hundreds is not a byline
_AUTHOR_CANDIDATES = 50
MAX_AUTHOR_LENGTH = 120  # one name; longer text under an "author" class is a biography, not a byline
_BY = re.compile(r"^(?:(?:words|text|story|reporting|written)\s+)?by\s+", re.IGNORECASE)
# Where a byline's names end: the job title after a comma, a separator, "Published", the date.
_BYLINE_END = re.compile(
    r"\s*(?:[|;\u00b7\u2022(]|\s[-\u2013\u2014]\s|(?<=\w\w)\.(?:\s|$)|\b(?:published|updated|posted)\b|\d)",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")
_NAME_PARTICLES = frozenset({"al", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von"})


def _parse(html: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        # A tiny input that looks like a file name or URL is still markup to us (and is never opened);
        # XHTML saved pages parse fine as HTML.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(html, "html.parser")
        except ParserRejectedMarkup as exc:
            raise HtmlImportError(f"the page is not HTML that can be read: {exc}") from None


def _collapse(text: str) -> str:
    return _COLLAPSE.sub(" ", text.translate(_INVISIBLE)).strip(_ASCII_WHITESPACE)


def _attr_text(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _has_itemprop(tag: Tag, prop: str) -> bool:
    if "itemprop" not in tag.attrs:  # the common case, checked first: this runs for every element
        return False
    return prop.lower() in _attr_text(tag, "itemprop").lower().split()


def _is_junk_by_name(tag: Tag) -> bool:
    if tag.name in ("html", "body"):  # "ad-free" on <body> is no reason to drop the page
        return False
    classes = _attr_text(tag, "class").lower().split()
    if _SCREEN_READER_ONLY.intersection(classes):
        return True
    words = _WORD_SPLIT.split(f"{' '.join(classes)} {_attr_text(tag, 'id').lower()}")
    return not _JUNK_WORDS.isdisjoint(words)


def _is_hidden(tag: Tag) -> bool:
    return (
        tag.has_attr("hidden")
        or bool(_HIDDEN_STYLE.search(_attr_text(tag, "style")))
        or _attr_text(tag, "role").strip().lower() in _DROP_ROLES
    )


def _inside(tag: PageElement, ancestor: Tag) -> bool:
    return any(parent is ancestor for parent in tag.parents)


def _is_article(tag: Tag) -> bool:
    return tag.name == "article" or _has_itemprop(tag, "articleBody")


@dataclass(frozen=True)
class _Ancestry:
    """Which elements (by id) stand inside an article, an <h1>, or a <header>."""

    in_article: set[int]
    in_h1: set[int]
    in_header: set[int]


def _ancestry(root: Tag) -> _Ancestry:
    # One pass in document order (parents before children) instead of walking up from each element:
    # on a hostile page of a hundred thousand nested headers that walk would take quadratic time.
    in_article: set[int] = set()
    in_h1: set[int] = set()
    in_header: set[int] = set()
    for node in root.descendants:
        if isinstance(node, Tag) and isinstance(node.parent, Tag):
            parent = node.parent
            if id(parent) in in_article or _is_article(parent):
                in_article.add(id(node))
            if id(parent) in in_h1 or parent.name == "h1":
                in_h1.add(id(node))
            if id(parent) in in_header or parent.name == "header":
                in_header.add(id(node))
    return _Ancestry(in_article, in_h1, in_header)


def _is_text(node: PageElement) -> bool:
    return type(node) in _TEXT_TYPES


@dataclass
class _Measure:
    """Per element (by id): visible characters, characters inside <p>, and whether it holds the article.

    ``protected`` marks an <article>, <main>, articleBody or the headline and all their ancestors:
    the advertising filter never removes those, whatever their class names say.
    """

    text: dict[int, int]
    ptext: dict[int, int]
    protected: set[int]
    linktext: dict[int, int]  # characters inside <a>
    lead: dict[int, str]  # the first few characters of the element's text, for "Read more:" labels


def _measure(root: Tag, keep: Tag | None = None) -> _Measure:
    # One pass from the leaves up (reversed document order visits children before parents), so a
    # hostile page nested a hundred thousand levels deep costs linear time and no recursion.
    text: dict[int, int] = defaultdict(int)
    ptext: dict[int, int] = defaultdict(int)
    linktext: dict[int, int] = defaultdict(int)
    lead: dict[int, str] = defaultdict(str)
    protected: set[int] = set()
    for node in reversed([root, *root.descendants]):
        parent = node.parent
        if isinstance(node, Tag):
            key = id(node)
            if node.name == "p":
                ptext[key] = text[key]  # nested <p>s (html.parser does not close them) count once
            if node.name == "a":
                linktext[key] = text[key]
            if node.name == "main" or node is keep or _is_article(node):
                protected.add(key)
            if node is not root and parent is not None:
                text[id(parent)] += text[key]
                ptext[id(parent)] += ptext[key]
                linktext[id(parent)] += linktext[key]
                if lead[key]:  # children come last to first: each earlier one goes in front
                    lead[id(parent)] = (lead[key] + " " + lead[id(parent)])[:_LEAD_LENGTH]
                if key in protected:
                    protected.add(id(parent))
        elif _is_text(node) and parent is not None:
            stripped = node.strip()
            text[id(parent)] += len(stripped)
            if stripped:
                lead[id(parent)] = (stripped[:_LEAD_LENGTH] + " " + lead[id(parent)])[:_LEAD_LENGTH]
    return _Measure(text, ptext, protected, linktext, lead)


def _is_link_line(tag: Tag, measure: _Measure) -> bool:
    """A short "Read more: <a>another story</a>" block: a label, then mostly link text."""
    key = id(tag)
    if tag.name not in _LINK_LINE_TAGS or not 0 < measure.text[key] <= _LINK_LINE_MAX:
        return False
    return bool(_LINK_LINE.match(measure.lead[key])) and 2 * measure.linktext[key] >= measure.text[key]


def _elements(root: Tag, name: str | None = None) -> list[Tag]:
    """The elements under ``root`` (named ``name``), in document order.

    A plain walk of the tree: several times quicker than ``find_all`` on a page of a few megabytes.
    """
    return [n for n in root.descendants if isinstance(n, Tag) and (name is None or n.name == name)]


def _decompose_all(tags: list[Tag]) -> None:
    for tag in tags:
        if not tag.decomposed:  # an earlier removal may have taken it with its ancestor
            tag.decompose()


# --- metadata -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PageMeta:
    title: str | None  # og:title, else a JSON-LD headline
    page_title: str | None  # <title>
    outlet: str | None
    date: str | None
    author: str | None


def _looks_like_url(value: str) -> bool:
    return bool(re.match(r"(?:https?:)?//|www\.", value, re.IGNORECASE))


def _iso_date(value: Any) -> str | None:
    # Only an ISO date as written counts: a page's "June 8" is never turned into a guessed year.
    if not isinstance(value, str):
        return None
    found = _ISO_DATE.match(value)
    if not found:
        return None
    try:
        return Date.fromisoformat(found.group(1)).isoformat()
    except ValueError:
        return None


def _json_ld_articles(soup: BeautifulSoup) -> list[dict]:
    found: list[dict] = []
    for script in _elements(soup, "script"):
        if _attr_text(script, "type").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.get_text())
        except (ValueError, RecursionError):
            continue  # broken structured data is the publisher's problem, not a reason to refuse the page
        stack, budget = [data], 10_000
        while stack and budget:
            budget -= 1
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and (k.endswith("Article") or k == "BlogPosting") for k in kinds):
                    found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
    return found


def _name_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and _collapse(value) and not _looks_like_url(value):
        return _collapse(value)
    return None


def _names_of(value: Any) -> list[str]:
    """The names in a JSON-LD ``author``: a string, a Person or Organization, or a list of them."""
    names: list[str] = []
    for item in (value if isinstance(value, list) else [value])[: MAX_AUTHORS * 2]:
        name = _name_of(item)
        if name and len(name) <= MAX_AUTHOR_LENGTH and name not in names:
            names.append(name)
    return names


def _byline_names(text: str) -> list[str]:
    """The names in a byline as readers see it: "By Ann Lee and Bob Ray, staff reporters · June 8"."""
    text = _BY.sub("", _collapse(text))
    end = _BYLINE_END.search(text)
    names: list[str] = []
    for piece in _NAME_SPLIT.split(text[: end.start()] if end else text):
        if not _looks_like_name(piece):
            break  # "transport reporter": the names are over, a job title follows
        names.append(piece)
    return names


def _looks_like_name(piece: str) -> bool:
    words = piece.split()
    return (
        0 < len(words) <= 5
        and len(piece) <= MAX_AUTHOR_LENGTH
        and not words[0][0].islower()
        and all(not w[0].islower() or w in _NAME_PARTICLES for w in words)
    )


def _join_names(names: list[str]) -> str | None:
    unique = list(dict.fromkeys(names))[:MAX_AUTHORS]
    if not unique:
        return None
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} and {unique[-1]}"


def _author_in_page(soup: BeautifulSoup) -> str | None:
    """The byline's names: microdata ``itemprop=author``, ``rel=author`` links, else a "byline" element.

    Inside the article first: a "Most read" strip or a related story's teaser has bylines of its own,
    and those (in asides, navigation, related or promotional blocks) are never taken.
    """
    elements = _elements(soup)
    microdata = _author_candidates(t for t in elements if _has_itemprop(t, "author"))
    for tag in microdata:
        name = next((t for t in _elements(tag) if _has_itemprop(t, "name")), None)
        source = name if name is not None else tag
        found = _name_of(_attr_text(source, "content") or source.get_text(" "))
        if found and len(found) <= MAX_AUTHOR_LENGTH:
            return _join_names(_byline_names(found) or [found])
    links = _author_candidates(
        t for t in elements if t.name == "a" and "author" in _attr_text(t, "rel").lower().split()
    )
    if links:
        group = [a for a in links if _in_article(a) == _in_article(links[0])]  # not the article's and a teaser's
        if names := [n for a in group if (n := _name_of(a.get_text(" "))) and len(n) <= MAX_AUTHOR_LENGTH]:
            return _join_names(names)
    bylines = _author_candidates(
        t
        for t in elements
        if t.name not in ("html", "body", "meta")
        and not _BYLINE_WORDS.isdisjoint(_WORD_SPLIT.split(f"{_attr_text(t, 'class')} {_attr_text(t, 'id')}".lower()))
    )
    return next((_join_names(names) for tag in bylines if (names := _byline_names(tag.get_text(" ")))), None)


def _author_candidates(tags: Iterable[Tag]) -> list[Tag]:
    # At most a few dozen of each kind, so walking up from each stays cheap on a hostile page.
    chosen = [t for t in itertools.islice(tags, _AUTHOR_CANDIDATES) if not _in_site_chrome(t)]
    return sorted(chosen, key=lambda t: not _in_article(t))  # stable: document order within each group


def _in_article(tag: Tag) -> bool:
    return any(_is_article(parent) for parent in tag.parents)


def _in_site_chrome(tag: Tag) -> bool:
    return any(
        isinstance(node, Tag) and (node.name in ("aside", "nav") or _is_junk_by_name(node) or _is_hidden(node))
        for node in (tag, *tag.parents)
    )


def _page_meta(soup: BeautifulSoup) -> _PageMeta:
    """Metadata from <head>, structured data and microdata; read before the scripts are dropped."""
    metas: dict[str, str] = {}
    for meta in _elements(soup, "meta"):
        content = _collapse(_attr_text(meta, "content"))
        for attr in ("property", "name", "itemprop"):
            key = _attr_text(meta, attr).strip().lower()
            if key and content:
                metas.setdefault(key, content)
    ld = _json_ld_articles(soup)

    title = metas.get("og:title") or next(
        (_collapse(i["headline"]) for i in ld if isinstance(i.get("headline"), str)), None
    )
    title_tag = next(iter(_elements(soup, "title")), None)
    page_title = _collapse(title_tag.get_text()) if title_tag else None

    outlet = metas.get("og:site_name") or next((n for i in ld if (n := _name_of(i.get("publisher")))), None)
    if not outlet:
        publisher = next((t for t in _elements(soup) if _has_itemprop(t, "publisher")), None)
        name = next((t for t in _elements(publisher) if _has_itemprop(t, "name")), None) if publisher else None
        if name is not None:
            outlet = _name_of(_attr_text(name, "content") or name.get_text())
    if not outlet:
        outlet = next(
            (v for k in ("publisher", "application-name") if (v := metas.get(k)) and not _looks_like_url(v)), None
        )

    date = next((d for key in _DATE_META if (d := _iso_date(metas.get(key)))), None)
    if not date:
        date = next((d for i in ld if (d := _iso_date(i.get("datePublished")))), None)

    author = next((a for i in ld if (a := _join_names(_names_of(i.get("author"))))), None)
    if not author:
        author = next(
            (
                a
                for key in _AUTHOR_META
                if (v := metas.get(key))
                and not _looks_like_url(v)
                and (a := _join_names(_byline_names(v) or [v]))
                and len(a) <= MAX_AUTHOR_LENGTH * MAX_AUTHORS
            ),
            None,
        )
    if not author:
        author = _author_in_page(soup)
    return _PageMeta(title or None, page_title or None, outlet or None, date, author)


def _strip_site_name(title: str, outlet: str | None) -> str:
    # "Headline | Outlet" in a <title>: the outlet is not part of the headline.
    if outlet:
        for separator in _TITLE_SEPARATORS:
            if title.endswith(separator + outlet) and len(title) > len(separator + outlet):
                return title[: -len(separator + outlet)].strip()
    return title


def _agrees(text: str, hints: list[str]) -> bool:
    """Whether a heading is the title the metadata gives (equal, or most of it: titles get trimmed)."""
    found = normalise(text)
    return bool(found) and any(
        found == hint
        or ((found in hint or hint in found) and 2 * min(len(found), len(hint)) >= max(len(found), len(hint)))
        for hint in hints
    )


def _pick_headline(soup: BeautifulSoup, hints: list[str], ancestry: _Ancestry) -> tuple[Tag, str] | None:
    """The <h1> that is the article's headline: one agreeing with the metadata's title, in the article first.

    Without that agreement, an <h1> in a header outside any article is taken for the site's logo,
    never for the headline: a masthead's name must not lead the text as if the reporter wrote it.
    """
    candidates = []
    for h1 in _elements(soup, "h1"):
        if id(h1) in ancestry.in_h1:
            continue  # its text is part of the outer <h1>'s
        text = " ".join(_paragraphs(h1))
        if text:
            candidates.append((id(h1) not in ancestry.in_article, h1, text))
    candidates.sort(key=lambda c: c[0])  # stable: document order within each group
    for _, h1, text in candidates:
        if _agrees(text, hints):
            return h1, text
    for _, h1, text in candidates:
        if id(h1) not in ancestry.in_header or id(h1) in ancestry.in_article:
            return h1, text
    return None


# --- the body -----------------------------------------------------------------------------------


def _find_body(soup: BeautifulSoup, measure: _Measure) -> Tag | None:
    """The article body: <article>, else [itemprop=articleBody], else where the paragraphs are."""
    total_p = measure.ptext[id(soup)]

    def substantial(tag: Tag) -> bool:
        # A teaser <article> card holding a sliver of the page's paragraphs is not the story.
        return measure.text[id(tag)] > 0 and (total_p == 0 or 2 * measure.ptext[id(tag)] >= total_p)

    elements = _elements(soup)
    for tier in (
        [tag for tag in elements if tag.name == "article"],
        [tag for tag in elements if _has_itemprop(tag, "articleBody")],
    ):
        best = max(tier, key=lambda tag: measure.text[id(tag)], default=None)
        if best is not None and substantial(best):
            return best
    if total_p:
        node: Tag = soup
        while True:
            child = next(
                (
                    c
                    for c in node.children
                    if isinstance(c, Tag)
                    and c.name != "p"  # the body holds the paragraphs; it is not one of them
                    and measure.ptext[id(c)] >= _BODY_SHARE * total_p
                    and measure.text[id(c)] >= _BODY_SHARE * measure.text[id(node)]
                ),
                None,
            )
            if child is None:
                return node
            node = child
    # No paragraphs at all (text in <div>s and <br>s): the main landmark, else whatever is left.
    for candidate in (next((tag for tag in elements if tag.name == "main"), None), soup):
        if candidate is not None and measure.text[id(candidate)]:
            return candidate
    return None


def _paragraphs(root: Tag) -> list[str]:
    """The text of ``root`` as a browser lays it out: one entry per block, whitespace collapsed."""
    paragraphs: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        if pieces:
            for part in _DOUBLE_BR.split("".join(pieces)):
                text = _collapse(part.replace(_BR, " "))
                if text.strip():  # a block of nothing but no-break spaces is layout, not a paragraph
                    paragraphs.append(text)
            pieces.clear()

    quote_depth = 0
    stack: list[tuple[PageElement, bool]] = [(root, False)]  # explicit stack: no recursion limit on depth
    while stack:
        node, closing = stack.pop()
        if isinstance(node, Tag):
            name = node.name
            if closing:
                if name == "q":
                    quote_depth -= 1
                    pieces.append(_QUOTE_MARKS[quote_depth % 2][1])
                elif name in _CELL_TAGS:
                    pieces.append(" ")
                if name in _BLOCK_TAGS:
                    flush()
                continue
            if name == "br":
                pieces.append(_BR)
                continue
            if name in _BLOCK_TAGS:
                flush()
            if name == "q":
                pieces.append(_QUOTE_MARKS[quote_depth % 2][0])
                quote_depth += 1
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif _is_text(node):
            pieces.append(str(node).replace("\x00", ""))
    flush()
    return paragraphs


def html_to_article(html: str | bytes) -> ImportedArticle:
    """Find the article in a saved page: its headline, outlet, date and text (see :class:`ImportedArticle`).

    ``html`` may be bytes, decoded by :func:`decode_html`. Raises :class:`HtmlImportError` for pages
    over :data:`MAX_BYTES` or :data:`MAX_TAGS` and pages with no article text.
    """
    if isinstance(html, bytes):
        html = decode_html(html)
    elif len(html) > MAX_BYTES or len(html.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise HtmlImportError(f"the page is over the limit of {MAX_BYTES:,} bytes")
    if html.count("<") > MAX_TAGS:
        raise HtmlImportError(f"the page has more than {MAX_TAGS:,} tags; a saved news page has far fewer")
    try:
        return _extract(_parse(html))
    except RecursionError:
        raise HtmlImportError("the page is nested too deeply to read") from None


def _extract(soup: BeautifulSoup) -> ImportedArticle:
    meta = _page_meta(soup)

    # 1. What is never article text, wherever it stands.
    _decompose_all([tag for tag in _elements(soup) if tag.name in _DROP_TAGS or _is_hidden(tag)])

    # 2. The headline, before headers go: news sites often put the <h1> in a <header> of its own.
    titles = (meta.title, meta.page_title and _strip_site_name(meta.page_title, meta.outlet))
    hints = [n for n in (normalise(t) for t in titles if t) if n]
    ancestry = _ancestry(soup)
    picked = _pick_headline(soup, hints, ancestry)
    h1, headline_text = picked if picked else (None, None)
    # The headline's own <header> (outside the article, or in it) holds the standfirst and byline.
    lead = h1.find_parent("header") if h1 is not None else None

    # 3. Site headers (banner, masthead) go; an article's own header (headline, standfirst, byline) stays.
    _decompose_all([h for h in _elements(soup, "header") if h is not lead and id(h) not in ancestry.in_article])

    # 4. Advertising and promotions by class or id, never taking the article or most of the text with them.
    before = _measure(soup, keep=h1)
    total_p = before.ptext[id(soup)]
    _decompose_all(
        [
            tag
            for tag in _elements(soup)
            if _is_junk_by_name(tag) or _is_link_line(tag, before)
            if id(tag) not in before.protected and not (total_p and 2 * before.ptext[id(tag)] >= total_p)
        ]
    )

    # 5. The body, its date, and the text.
    measure = _measure(soup)
    body = _find_body(soup, measure)
    if body is None:
        raise HtmlImportError("no article text found on the page (only navigation, scripts or other site chrome)")
    date = meta.date or _date_in(body, lead)
    if h1 is not None and not h1.decomposed and (h1 is body or _inside(h1, body)):
        h1.decompose()  # it leads the text as the headline; do not repeat it
    lead_paragraphs: list[str] = []
    if lead is not None and not lead.decomposed and lead is not body and not _inside(lead, body):
        if h1 is not None and not h1.decomposed:
            h1.decompose()
        if not _inside(body, lead):
            lead_paragraphs = _paragraphs(lead)
    body_paragraphs = _paragraphs(body)
    if not body_paragraphs:
        raise HtmlImportError("no article text found on the page (only a headline or site chrome)")

    headline = headline_text or meta.title or (meta.page_title and _strip_site_name(meta.page_title, meta.outlet))
    # Only a headline the page shows (its <h1>) leads the text: the text is what readers see, and an
    # og:title or <title> is metadata, kept for articles.yaml.
    text = PARAGRAPH_SEPARATOR.join([*([headline_text] if headline_text else []), *lead_paragraphs, *body_paragraphs])
    return ImportedArticle(headline=headline or None, text=text, outlet=meta.outlet, date=date, author=meta.author)


def _date_in(body: Tag, lead: Tag | None) -> str | None:
    # A <time> marked as the publication date anywhere, else the first <time> in the article's
    # own header or body (a byline's). Site headers are gone by now, so "today's date" is never taken.
    marked = [t for t in _elements(body, "time") if _has_itemprop(t, "datePublished") or t.has_attr("pubdate")]
    scopes = [lead, body] if lead is not None else [body]
    ordered = marked + [t for scope in scopes for t in _elements(scope, "time")]
    return next((d for t in ordered if (d := _iso_date(_attr_text(t, "datetime")))), None)


# --- writing into the articles folder -----------------------------------------------------------


def check_article_id(article_id: str) -> str:
    """Return ``article_id`` if it can name an article file, else raise :class:`HtmlImportError`."""
    if not ARTICLE_ID.fullmatch(article_id or ""):  # fullmatch: "$" alone would let "id\n" through
        raise HtmlImportError(f"bad article id {article_id!r}: use only letters, digits, '_' and '-'")
    if len(article_id) > MAX_ID_LENGTH:
        raise HtmlImportError(f"bad article id: longer than {MAX_ID_LENGTH} characters")
    return article_id


def check_date(value: str) -> str:
    """Return ``value`` if it is a real YYYY-MM-DD date, else raise :class:`HtmlImportError`."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        raise HtmlImportError(f"bad date {value!r}: write it as YYYY-MM-DD")
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise HtmlImportError(f"bad date {value!r}: no such day") from None
    return value


def _given(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


_SLUG_GAPS = re.compile(r"[^a-z0-9]+")
_SLUG_WORDS = 6  # of the headline: enough to tell two reports apart in a file listing
_SLUG_OUTLET_WORDS = 3


def _slug(text: str | None, words: int) -> str:
    # ASCII only, so every file system and every teacher's keyboard can name the file.
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(_SLUG_GAPS.sub(" ", ascii_text).split()[:words])


def suggest_article_id(imported: ImportedArticle, taken: Iterable[str] = ()) -> str:
    """An id for ``imported`` from what the page says: ``DATE_OUTLET_HEADLINE`` as a short ASCII slug.

    Parts the page does not give are left out (``imported-article`` when none is given). An id in
    ``taken`` gets ``-2``, ``-3``... so a suggestion never names an existing article. The result
    passes :func:`check_article_id`.
    """
    outlet = _slug(imported.outlet, _SLUG_OUTLET_WORDS)
    headline = _slug(imported.headline, _SLUG_WORDS)
    parts = [part for part in (imported.date, outlet, headline) if part]
    base = "_".join(parts)[: MAX_ID_LENGTH - 4].strip("_-") or "imported-article"
    taken = {name.lower() for name in taken}  # case-insensitive file systems hold one of "A" and "a"
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{base}-{number}"
    return check_article_id(candidate)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder while an article is added, so two imports never interleave.

    The lock is on the folder itself (no lock file to leave behind); where ``flock`` does not exist
    imports simply run unlocked.
    """
    if fcntl is None:
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def write_article(
    folder: str | Path,
    article_id: str,
    imported: ImportedArticle,
    *,
    outlet: str | None = None,
    headline: str | None = None,
    date: str | None = None,
    notes: str | None = None,
    author: str | None = None,
    replace: bool = False,
) -> Article:
    """Add ``imported`` to the articles ``folder`` as ``<article_id>.txt`` plus an ``articles.yaml`` entry.

    The text is written byte for byte (UTF-8, no newline translation). The metadata entry is appended
    to ``articles.yaml`` so existing comments and entries stay exactly as they were. Outlet, headline,
    date and author given here win over what the page said; the outlet falls back to "Unknown
    outlet", the headline to a bracketed neutral description, and a date or author is never made
    up. The folder is then loaded again to prove it still loads; if it does not, every write is
    undone. An existing article is overwritten only with ``replace`` (its text, and its entry in
    place); without it, never. Returns the article as :func:`load_corpus` now reads it.
    """
    folder = Path(folder)
    check_article_id(article_id)
    date = check_date(date) if date is not None else imported.date
    if not imported.text.strip():
        raise HtmlImportError("the article has no text")
    if not folder.is_dir():
        raise HtmlImportError(f"{folder}: no such folder of articles")
    with _folder_lock(folder):
        return _write_locked(folder, article_id, imported, date, outlet, headline, notes, author, replace)


def _write_locked(
    folder: Path,
    article_id: str,
    imported: ImportedArticle,
    date: str | None,
    outlet: str | None,
    headline: str | None,
    notes: str | None,
    author: str | None,
    replace: bool,
) -> Article:
    try:
        corpus = load_corpus(folder)
    except CorpusError as exc:
        # Appending to a folder that is already broken could not be checked, or undone safely.
        raise HtmlImportError(f"the articles folder does not load, so nothing was added: {exc}") from None
    text_path = folder / f"{article_id}.txt"
    # Case-insensitive file systems (macOS, Windows shares) would make "Story" overwrite "story".
    clash = next((other for other in corpus if other.lower() == article_id.lower() and other != article_id), None)
    if clash is not None:
        raise HtmlImportError(f"article {clash!r} differs from {article_id!r} only in case; choose another id")
    # load_corpus refuses metadata without a text file, so an id missing from the corpus has no entry.
    exists = article_id in corpus or text_path.exists()
    if exists and not replace:
        raise HtmlImportError(
            f"{text_path} already exists: articles are never overwritten; choose another id, or replace it on purpose"
        )

    entry: dict[str, str] = {
        "outlet": _given(outlet) or imported.outlet or UNKNOWN_OUTLET,
        "headline": _given(headline) or imported.headline or f"[Imported article {article_id}]",
    }
    if date:
        entry["date"] = date
    if _given(author) or imported.author:
        entry["author"] = _given(author) or imported.author or ""
    if _given(notes):
        entry["notes"] = _given(notes)
    block = yaml.safe_dump({article_id: entry}, allow_unicode=True, sort_keys=False, width=100)

    meta_path = folder / METADATA_FILE
    original = meta_path.read_bytes() if meta_path.exists() else None
    old_text = text_path.read_bytes() if exists and text_path.exists() else None
    metadata = _metadata_with(original, article_id, block) if exists else None
    try:
        # "x": never replace a file by accident; a replacement is written in full and renamed into place.
        if old_text is None:
            with text_path.open("x", encoding="utf-8", newline="") as handle:
                handle.write(imported.text)
        else:
            _replace_file(text_path, imported.text.encode("utf-8"))
    except FileExistsError:
        raise HtmlImportError(f"{text_path} already exists: articles are never overwritten") from None
    except OSError as exc:
        raise HtmlImportError(f"{text_path}: cannot write it: {exc.strerror or exc}") from None
    try:
        if metadata is None:
            _append_metadata(meta_path, original, block)
        else:
            _replace_file(meta_path, metadata)
        article = load_corpus(folder).get(article_id)
        if article is None or article.text != imported.text:
            raise HtmlImportError(f"{article_id} did not load back exactly as written")
    except BaseException as exc:
        _roll_back(text_path, meta_path, original, old_text)
        if isinstance(exc, HtmlImportError) or not isinstance(exc, Exception):
            raise
        raise HtmlImportError(
            f"the articles folder would not load with {article_id} ({exc}); nothing was added"
        ) from exc
    return article


def _metadata_with(original: bytes | None, article_id: str, block: str) -> bytes:
    """``articles.yaml`` with ``article_id``'s entry replaced by ``block`` (or appended, if it has none).

    Only that entry's lines change: the comments and the other entries stay as they were. An entry
    not written as a plain top-level key (flow style, anchors) is not rewritten by guesswork.
    """
    if original is None:
        return block.encode("utf-8")
    text = original.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    key = re.compile(rf"""^(['"]?){re.escape(article_id)}\1\s*:(\s*(#.*)?)$""")
    starts = [number for number, line in enumerate(lines) if key.match(line.rstrip("\r\n"))]
    if not starts:
        try:
            existing = yaml.safe_load(text) or {}
        except yaml.YAMLError:
            existing = {}
        if isinstance(existing, dict) and article_id in existing:
            raise HtmlImportError(
                f"the entry for {article_id} in {METADATA_FILE} is not written as a plain block; "
                "edit it by hand, or import under another id"
            )
        data = original + (b"" if text.endswith("\n") or not text else newline.encode())
        return data + block.replace("\n", newline).encode("utf-8")
    start = starts[0]
    end = start + 1
    # The entry runs to the next line at the left margin (the next id, or a comment introducing it).
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines before the next entry stay with it
    replaced = "".join(lines[:start]) + block.replace("\n", newline) + "".join(lines[end:])
    return replaced.encode("utf-8")


def _replace_file(path: Path, data: bytes) -> None:
    # Written beside the target and renamed over it: a reader sees the old file or the new, never half.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        if path.exists():
            shutil.copymode(path, temporary)  # keep who may write the file (a shared school server)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _append_metadata(path: Path, original: bytes | None, block: str) -> None:
    data = block
    if original:
        newline = "\r\n" if b"\r\n" in original else "\n"  # match the file's own line endings
        data = block.replace("\n", newline)
        if not original.endswith(b"\n"):
            data = newline + data
    with path.open("ab") as handle:
        handle.write(data.encode("utf-8"))


def _roll_back(text_path: Path, meta_path: Path, original: bytes | None, old_text: bytes | None = None) -> None:
    if old_text is None:
        text_path.unlink(missing_ok=True)
    else:
        _replace_file(text_path, old_text)
    if original is None:
        meta_path.unlink(missing_ok=True)
    else:
        meta_path.write_bytes(original)
