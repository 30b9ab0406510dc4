"""What importing a saved page yields, and the one error every step of the import raises."""

from __future__ import annotations

from dataclasses import dataclass

PARAGRAPH_SEPARATOR = "\n\n"  # what Article.paragraphs splits at


class HtmlImportError(ValueError):
    """A page cannot be imported, or the article cannot be added to the folder; the message says why."""


@dataclass(frozen=True)
class ImportedArticle:
    """What :func:`quizapp.corpus.html_import.html_to_article` found on a page.

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
