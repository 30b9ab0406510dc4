"""The parsed page: walking its elements, reading their attributes, telling site chrome by its
markings, and laying text out in paragraphs as a browser does.

Only what a browser does when it lays text out: runs of ASCII whitespace become one space, block
elements start new paragraphs; the article's own typography (curly quotes, dashes, no-break spaces)
is kept. BeautifulSoup with the stdlib ``html.parser`` only parses: links, images and frames are
never followed.
"""

from __future__ import annotations

import re
import warnings
from typing import TypeGuard

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, PageElement, RubyTextString, Tag
from bs4.exceptions import ParserRejectedMarkup

from quizapp.corpus.imported_article import HtmlImportError

# Every element starts with "<", so counting them bounds the parse before it starts. Saved news pages
# hold thousands of elements, rarely tens of thousands; a page of a million empty tags is an attack on
# the parser (html.parser builds each one in Python), not an article.
MAX_TAGS = 250_000

# Roles and inline styles that hide an element, or mark it as site chrome, for every reader.
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
# Text only screen readers get; a sighted reader never sees it, so it is not a sentence of the page.
_SCREEN_READER_ONLY = frozenset({"sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden"})
WORD_SPLIT = re.compile(r"[\s_-]+")  # class and id values into words

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


def parse_page(html: str) -> BeautifulSoup:
    """Parse ``html`` with the stdlib parser, refusing pages of more than :data:`MAX_TAGS` tags unparsed."""
    if html.count("<") > MAX_TAGS:
        raise HtmlImportError(f"the page has more than {MAX_TAGS:,} tags; a saved news page has far fewer")
    with warnings.catch_warnings():
        # A tiny input that looks like a file name or URL is still markup to us (and is never opened);
        # XHTML saved pages parse fine as HTML.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(html, "html.parser")
        except ParserRejectedMarkup as exc:
            raise HtmlImportError(f"the page is not HTML that can be read: {exc}") from None


def collapse(text: str) -> str:
    """``text`` as a browser shows it inline: invisible characters gone, ASCII whitespace runs as one space."""
    return _COLLAPSE.sub(" ", text.translate(_INVISIBLE)).strip(_ASCII_WHITESPACE)


def attr_text(tag: Tag, name: str) -> str:
    """The value of attribute ``name`` as one string ("" when absent; class lists joined by spaces)."""
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def has_itemprop(tag: Tag, prop: str) -> bool:
    """Whether ``tag`` carries the microdata property ``prop`` (case-insensitive)."""
    if "itemprop" not in tag.attrs:  # the common case, checked first: this runs for every element
        return False
    return prop.lower() in attr_text(tag, "itemprop").lower().split()


def is_junk_by_name(tag: Tag) -> bool:
    """Whether ``tag``'s class or id marks advertising, a promotion or screen-reader-only text."""
    if tag.name in ("html", "body"):  # "ad-free" on <body> is no reason to drop the page
        return False
    classes = attr_text(tag, "class").lower().split()
    if _SCREEN_READER_ONLY.intersection(classes):
        return True
    words = WORD_SPLIT.split(f"{' '.join(classes)} {attr_text(tag, 'id').lower()}")
    return not _JUNK_WORDS.isdisjoint(words)


def is_hidden(tag: Tag) -> bool:
    """Whether ``tag`` is hidden from every reader, or has the role of site chrome (a banner, a dialog...)."""
    return (
        tag.has_attr("hidden")
        or bool(_HIDDEN_STYLE.search(attr_text(tag, "style")))
        or attr_text(tag, "role").strip().lower() in _DROP_ROLES
    )


def inside(tag: PageElement, ancestor: Tag) -> bool:
    """Whether ``tag`` stands somewhere inside ``ancestor``."""
    return any(parent is ancestor for parent in tag.parents)


def is_article(tag: Tag) -> bool:
    """Whether ``tag`` is an ``<article>`` or marked as the ``articleBody``."""
    return tag.name == "article" or has_itemprop(tag, "articleBody")


def is_text(node: PageElement) -> TypeGuard[NavigableString]:
    """Whether ``node`` is text a reader sees (not a comment, doctype, or script or style text)."""
    return type(node) in _TEXT_TYPES


def elements(root: Tag, name: str | None = None) -> list[Tag]:
    """The elements under ``root`` (named ``name``), in document order.

    A plain walk of the tree: several times quicker than ``find_all`` on a page of a few megabytes.
    """
    return [n for n in root.descendants if isinstance(n, Tag) and (name is None or n.name == name)]


def decompose_all(tags: list[Tag]) -> None:
    """Remove each of ``tags`` from the tree (those an earlier removal took along are skipped)."""
    for tag in tags:
        if not tag.decomposed:
            tag.decompose()


def paragraphs(root: Tag) -> list[str]:
    """The text of ``root`` as a browser lays it out: one entry per block, whitespace collapsed."""
    found: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        if pieces:
            for part in _DOUBLE_BR.split("".join(pieces)):
                text = collapse(part.replace(_BR, " "))
                if text.strip():  # a block of nothing but no-break spaces is layout, not a paragraph
                    found.append(text)
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
        elif is_text(node):
            pieces.append(str(node).replace("\x00", ""))
    flush()
    return found
