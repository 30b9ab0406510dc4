"""Finding the article's text on a parsed page: its headline, its own header and its body.

Site chrome (navigation, scripts, advertising, related links, subscription promotions) is dropped,
because an evidence question must never offer a menu item as a sentence of the report. What stays
is laid out as a browser lays it out (:func:`quizapp.corpus.page_tree.paragraphs`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import Tag

from quizapp.corpus.imported_article import PARAGRAPH_SEPARATOR, HtmlImportError, ImportedArticle
from quizapp.corpus.normalise import normalise
from quizapp.corpus.page_metadata import PageMetadata, iso_date
from quizapp.corpus.page_tree import (
    attr_text,
    decompose_all,
    elements,
    has_itemprop,
    inside,
    is_article,
    is_hidden,
    is_junk_by_name,
    is_text,
    paragraphs,
)

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
# "Read more: <a>another story</a>" lines inside a body: a link to elsewhere, not a sentence of the
# report. Only a short block that opens with one of these labels and is mostly link text goes.
_LINK_LINE = re.compile(
    r"(?:(?:read more|read also|also read|related|see also|recommended|most read|more from)\b"
    r"|(?:more|watch|listen)\s*[:|\u2013\u2014>-])",
    re.IGNORECASE,
)
_LINK_LINE_TAGS = frozenset({"p", "div", "li", "h2", "h3", "h4"})
_LINK_LINE_MAX = 300  # characters: a line pointing elsewhere, never a paragraph of the report
_LEAD_LENGTH = 40  # characters of an element's text kept to look for those labels
# Without <article> markup, the body is the deepest element holding this share of the paragraph
# text left once the chrome is gone, and of its parent's text (so a subheading or byline beside the
# paragraphs' wrapper stays in). Set high on purpose: taking too much only adds a stray line, taking
# too little would lose sentences the reader sees (an article split around an advertisement).
_BODY_SHARE = 0.85


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
            if id(parent) in in_article or is_article(parent):
                in_article.add(id(node))
            if id(parent) in in_h1 or parent.name == "h1":
                in_h1.add(id(node))
            if id(parent) in in_header or parent.name == "header":
                in_header.add(id(node))
    return _Ancestry(in_article, in_h1, in_header)


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
            if node.name == "main" or node is keep or is_article(node):
                protected.add(key)
            if node is not root and parent is not None:
                text[id(parent)] += text[key]
                ptext[id(parent)] += ptext[key]
                linktext[id(parent)] += linktext[key]
                if lead[key]:  # children come last to first: each earlier one goes in front
                    lead[id(parent)] = (lead[key] + " " + lead[id(parent)])[:_LEAD_LENGTH]
                if key in protected:
                    protected.add(id(parent))
        elif is_text(node) and parent is not None:
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
    for h1 in elements(soup, "h1"):
        if id(h1) in ancestry.in_h1:
            continue  # its text is part of the outer <h1>'s
        text = " ".join(paragraphs(h1))
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


def _find_body(soup: BeautifulSoup, measure: _Measure) -> Tag | None:
    """The article body: <article>, else [itemprop=articleBody], else where the paragraphs are."""
    total_p = measure.ptext[id(soup)]

    def substantial(tag: Tag) -> bool:
        # A teaser <article> card holding a sliver of the page's paragraphs is not the story.
        return measure.text[id(tag)] > 0 and (total_p == 0 or 2 * measure.ptext[id(tag)] >= total_p)

    tags = elements(soup)
    for tier in (
        [tag for tag in tags if tag.name == "article"],
        [tag for tag in tags if has_itemprop(tag, "articleBody")],
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
    for candidate in (next((tag for tag in tags if tag.name == "main"), None), soup):
        if candidate is not None and measure.text[id(candidate)]:
            return candidate
    return None


def extract_article(soup: BeautifulSoup, meta: PageMetadata) -> ImportedArticle:
    """The article on the parsed page ``soup``, whose metadata ``meta`` was read before this.

    The headline (the page's ``<h1>`` agreeing with the metadata's title) leads the text, then the
    article's own header, then the body. ``soup`` is changed in the process: chrome is removed from
    it. Raises :class:`HtmlImportError` when no article text is left.
    """
    # 1. What is never article text, wherever it stands.
    decompose_all([tag for tag in elements(soup) if tag.name in _DROP_TAGS or is_hidden(tag)])

    # 2. The headline, before headers go: news sites often put the <h1> in a <header> of its own.
    hints = [n for n in (normalise(t) for t in meta.titles) if n]
    ancestry = _ancestry(soup)
    picked = _pick_headline(soup, hints, ancestry)
    h1, headline_text = picked if picked else (None, None)
    # The headline's own <header> (outside the article, or in it) holds the standfirst and byline.
    lead = h1.find_parent("header") if h1 is not None else None

    # 3. Site headers (banner, masthead) go; an article's own header (headline, standfirst, byline) stays.
    decompose_all([h for h in elements(soup, "header") if h is not lead and id(h) not in ancestry.in_article])

    # 4. Advertising and promotions by class or id, never taking the article or most of the text with them.
    before = _measure(soup, keep=h1)
    total_p = before.ptext[id(soup)]
    decompose_all(
        [
            tag
            for tag in elements(soup)
            if is_junk_by_name(tag) or _is_link_line(tag, before)
            if id(tag) not in before.protected and not (total_p and 2 * before.ptext[id(tag)] >= total_p)
        ]
    )

    # 5. The body, its date, and the text.
    measure = _measure(soup)
    body = _find_body(soup, measure)
    if body is None:
        raise HtmlImportError("no article text found on the page (only navigation, scripts or other site chrome)")
    date = meta.date or _date_in(body, lead)
    if h1 is not None and not h1.decomposed and (h1 is body or inside(h1, body)):
        h1.decompose()  # it leads the text as the headline; do not repeat it
    lead_paragraphs: list[str] = []
    if lead is not None and not lead.decomposed and lead is not body and not inside(lead, body):
        if h1 is not None and not h1.decomposed:
            h1.decompose()
        if not inside(body, lead):
            lead_paragraphs = paragraphs(lead)
    body_paragraphs = paragraphs(body)
    if not body_paragraphs:
        raise HtmlImportError("no article text found on the page (only a headline or site chrome)")

    headline = headline_text or next(iter(meta.titles), None)
    # Only a headline the page shows (its <h1>) leads the text: the text is what readers see, and an
    # og:title or <title> is metadata, kept for articles.yaml.
    text = PARAGRAPH_SEPARATOR.join([*([headline_text] if headline_text else []), *lead_paragraphs, *body_paragraphs])
    return ImportedArticle(headline=headline or None, text=text, outlet=meta.outlet, date=date, author=meta.author)


def _date_in(body: Tag, lead: Tag | None) -> str | None:
    # A <time> marked as the publication date anywhere, else the first <time> in the article's
    # own header or body (a byline's). Site headers are gone by now, so "today's date" is never taken.
    marked = [t for t in elements(body, "time") if has_itemprop(t, "datePublished") or t.has_attr("pubdate")]
    scopes = [lead, body] if lead is not None else [body]
    ordered = marked + [t for scope in scopes for t in elements(scope, "time")]
    return next((d for t in ordered if (d := iso_date(attr_text(t, "datetime")))), None)
