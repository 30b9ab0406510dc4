"""What a saved page says about its article outside the text: title, outlet, date and authors.

Read from ``<meta>`` tags, JSON-LD structured data, microdata and bylines, before the importer drops
scripts and site chrome. Only what the page states is taken: a date only as an ISO date, a name never
from a profile URL, a byline never from a teaser of another story.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from bs4 import BeautifulSoup
from bs4.element import Tag

from quizapp.corpus.page_tree import (
    WORD_SPLIT,
    attr_text,
    collapse,
    elements,
    has_itemprop,
    is_article,
    is_hidden,
    is_junk_by_name,
)

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


@dataclass(frozen=True)
class PageMetadata:
    """What :func:`read_page_metadata` found; None where the page does not say."""

    title: str | None  # og:title, else a JSON-LD headline
    page_title: str | None  # <title>
    outlet: str | None
    date: str | None  # ISO YYYY-MM-DD
    author: str | None  # every credited author, joined with "and"

    @property
    def titles(self) -> list[str]:
        """The headline as the metadata gives it, best first: og:title or JSON-LD, then the <title>."""
        page_title = self.page_title and strip_site_name(self.page_title, self.outlet)
        return [title for title in (self.title, page_title) if title]


def _looks_like_url(value: str) -> bool:
    return bool(re.match(r"(?:https?:)?//|www\.", value, re.IGNORECASE))


def iso_date(value: Any) -> str | None:
    """``value`` as an ISO date if it starts with one (a datetime is cut to its day), else None."""
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


def _json_ld_articles(soup: BeautifulSoup) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in elements(soup, "script"):
        if attr_text(script, "type").strip().lower() != "application/ld+json":
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
    if isinstance(value, str) and collapse(value) and not _looks_like_url(value):
        return collapse(value)
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
    text = _BY.sub("", collapse(text))
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
    tags = elements(soup)
    microdata = _author_candidates(t for t in tags if has_itemprop(t, "author"))
    for tag in microdata:
        name = next((t for t in elements(tag) if has_itemprop(t, "name")), None)
        source = name if name is not None else tag
        found = _name_of(attr_text(source, "content") or source.get_text(" "))
        if found and len(found) <= MAX_AUTHOR_LENGTH:
            return _join_names(_byline_names(found) or [found])
    links = _author_candidates(t for t in tags if t.name == "a" and "author" in attr_text(t, "rel").lower().split())
    if links:
        group = [a for a in links if _in_article(a) == _in_article(links[0])]  # not the article's and a teaser's
        if names := [n for a in group if (n := _name_of(a.get_text(" "))) and len(n) <= MAX_AUTHOR_LENGTH]:
            return _join_names(names)
    bylines = _author_candidates(
        t
        for t in tags
        if t.name not in ("html", "body", "meta")
        and not _BYLINE_WORDS.isdisjoint(WORD_SPLIT.split(f"{attr_text(t, 'class')} {attr_text(t, 'id')}".lower()))
    )
    return next((_join_names(names) for tag in bylines if (names := _byline_names(tag.get_text(" ")))), None)


def _author_candidates(tags: Iterable[Tag]) -> list[Tag]:
    # At most a few dozen of each kind, so walking up from each stays cheap on a hostile page.
    chosen = [t for t in itertools.islice(tags, _AUTHOR_CANDIDATES) if not _in_site_chrome(t)]
    return sorted(chosen, key=lambda t: not _in_article(t))  # stable: document order within each group


def _in_article(tag: Tag) -> bool:
    return any(is_article(parent) for parent in tag.parents)


def _in_site_chrome(tag: Tag) -> bool:
    return any(
        isinstance(node, Tag) and (node.name in ("aside", "nav") or is_junk_by_name(node) or is_hidden(node))
        for node in (tag, *tag.parents)
    )


def read_page_metadata(soup: BeautifulSoup) -> PageMetadata:
    """Metadata from <head>, structured data and microdata; read before the scripts are dropped."""
    metas = _meta_tags(soup)
    ld = _json_ld_articles(soup)
    title = metas.get("og:title") or next(
        (collapse(i["headline"]) for i in ld if isinstance(i.get("headline"), str)), None
    )
    title_tag = next(iter(elements(soup, "title")), None)
    page_title = collapse(title_tag.get_text()) if title_tag else None
    return PageMetadata(
        title or None, page_title or None, _outlet(soup, metas, ld) or None, _date(metas, ld), _author(soup, metas, ld)
    )


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """Each ``<meta>`` content by its lower-cased property, name or itemprop; the first of each counts."""
    metas: dict[str, str] = {}
    for meta in elements(soup, "meta"):
        content = collapse(attr_text(meta, "content"))
        for attr in ("property", "name", "itemprop"):
            key = attr_text(meta, attr).strip().lower()
            if key and content:
                metas.setdefault(key, content)
    return metas


def _outlet(soup: BeautifulSoup, metas: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    outlet = metas.get("og:site_name") or next((n for i in ld if (n := _name_of(i.get("publisher")))), None)
    if outlet:
        return outlet
    publisher = next((t for t in elements(soup) if has_itemprop(t, "publisher")), None)
    name = next((t for t in elements(publisher) if has_itemprop(t, "name")), None) if publisher else None
    if name is not None and (outlet := _name_of(attr_text(name, "content") or name.get_text())):
        return outlet
    return next((v for k in ("publisher", "application-name") if (v := metas.get(k)) and not _looks_like_url(v)), None)


def _date(metas: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    return next((d for key in _DATE_META if (d := iso_date(metas.get(key)))), None) or next(
        (d for i in ld if (d := iso_date(i.get("datePublished")))), None
    )


def _author(soup: BeautifulSoup, metas: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    from_meta = (
        a
        for key in _AUTHOR_META
        if (v := metas.get(key))
        and not _looks_like_url(v)
        and (a := _join_names(_byline_names(v) or [v]))
        and len(a) <= MAX_AUTHOR_LENGTH * MAX_AUTHORS
    )
    return (
        next((a for i in ld if (a := _join_names(_names_of(i.get("author"))))), None)
        or next(from_meta, None)
        or _author_in_page(soup)
    )


def strip_site_name(title: str, outlet: str | None) -> str:
    """``title`` without a trailing separator and ``outlet``'s name."""
    # "Headline | Outlet" in a <title>: the outlet is not part of the headline.
    if outlet:
        for separator in _TITLE_SEPARATORS:
            if title.endswith(separator + outlet) and len(title) > len(separator + outlet):
                return title[: -len(separator + outlet)].strip()
    return title
