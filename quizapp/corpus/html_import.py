"""Importing a news article that a teacher saved from a browser ("Save page as… HTML").

The imported text has to meet one promise: every sentence a reader sees in the article on the page
can be quoted in a bank and found by the quote-matching rule (:mod:`quizapp.corpus.normalise`). So
the importer keeps the article's own typography (curly quotes, dashes, no-break spaces) and only
does what a browser does when it lays text out, and site chrome is dropped.

The steps, each in its own module:

- :mod:`~quizapp.corpus.decoding`: the page's bytes to text, as a browser decodes them;
- :mod:`~quizapp.corpus.page_tree`: parsing, and laying text out in paragraphs;
- :mod:`~quizapp.corpus.page_metadata`: title, outlet, date and authors the page states;
- :mod:`~quizapp.corpus.body_text`: the headline and the body, without the site's chrome;
- :mod:`~quizapp.corpus.article_store`: ids, and adding the article to the articles folder.

This module joins them and is where callers import from. Nothing here touches the network.
"""

from __future__ import annotations

from pathlib import Path

from quizapp.corpus.article_store import (
    MAX_ID_LENGTH,
    check_article_id,
    check_date,
    suggest_article_id,
    write_article,
)
from quizapp.corpus.body_text import extract_article
from quizapp.corpus.decoding import MAX_BYTES, check_is_html, decode_html, read_html_bytes, read_html_file
from quizapp.corpus.imported_article import PARAGRAPH_SEPARATOR, HtmlImportError, ImportedArticle
from quizapp.corpus.page_metadata import read_page_metadata
from quizapp.corpus.page_tree import MAX_TAGS, parse_page

__all__ = [
    "MAX_BYTES",
    "MAX_ID_LENGTH",
    "MAX_TAGS",
    "PARAGRAPH_SEPARATOR",
    "HtmlImportError",
    "ImportedArticle",
    "check_article_id",
    "check_date",
    "check_is_html",
    "decode_html",
    "html_to_article",
    "import_html_file",
    "read_html_bytes",
    "read_html_file",
    "suggest_article_id",
    "write_article",
]


def html_to_article(html: str | bytes) -> ImportedArticle:
    """Find the article in a saved page: its headline, outlet, date and text (see :class:`ImportedArticle`).

    ``html`` may be bytes, decoded by :func:`decode_html`. Raises :class:`HtmlImportError` for pages
    over :data:`MAX_BYTES` or :data:`MAX_TAGS` and pages with no article text.
    """
    if isinstance(html, bytes):
        html = decode_html(html)
    elif len(html) > MAX_BYTES or len(html.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise HtmlImportError(f"the page is over the limit of {MAX_BYTES:,} bytes")
    try:
        soup = parse_page(html)
        # Metadata first: it is read from the scripts and <head> that extraction then drops.
        return extract_article(soup, read_page_metadata(soup))
    except RecursionError:
        raise HtmlImportError("the page is nested too deeply to read") from None


def import_html_file(path: str | Path) -> ImportedArticle:
    """:func:`read_html_file` then :func:`html_to_article`, with the file name in any error."""
    html = read_html_file(path)
    try:
        return html_to_article(html)
    except HtmlImportError as exc:
        raise HtmlImportError(f"{path}: {exc}") from None
