"""The printed quiz and answer key: one Jinja template, rendered as HTML or, through WeasyPrint, PDF.

The HTML carries its stylesheet inline, so a file emailed to a colleague prints the same offline.
The PDF is made from that very HTML; WeasyPrint may read local files only, so rendering never
reaches the network, and it is tagged (a structure tree) so that screen readers can follow it.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from quizapp.banks.model import Bank
from quizapp.corpus.articles import Corpus
from quizapp.exports.options import Exported, ExportOptions
from quizapp.exports.sheet import build_sheet
from quizapp.paths import PROJECT_ROOT

STATIC = PROJECT_ROOT / "static"
STYLESHEET = STATIC / "print.css"
TEMPLATE = "sheet.html"
PAGE_SIZES = {"a4": "A4", "letter": "letter"}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment for the print templates: autoescaped, and strict about missing values."""
    return Environment(
        loader=PackageLoader("quizapp", "templates/print"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The print stylesheet's text, to inline in each file."""
    return STYLESHEET.read_text(encoding="utf-8")


def render_html(bank: Bank, corpus: Corpus, options: ExportOptions) -> str:
    """The quiz (or, with ``options.key``, the answer key) as one self-contained HTML document."""
    sheet = build_sheet(bank, corpus, options)
    template = environment().get_template(TEMPLATE)
    return template.render(sheet=sheet, css=stylesheet(), page_size=PAGE_SIZES[options.paper])


def pdf_from_html(document: str) -> bytes:
    """A tagged PDF of ``document``, with the title from its ``<title>``; only local files may be read."""
    # Imported here: loading WeasyPrint (Pango, fontconfig) takes a while, and only PDFs need it.
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file"})
    html = weasyprint.HTML(string=document, base_url=STATIC.as_uri() + "/", url_fetcher=fetcher)
    return html.write_pdf(pdf_tags=True)


def render_pdf(bank: Bank, corpus: Corpus, options: ExportOptions) -> bytes:
    """The quiz (or the answer key) as PDF, from the same HTML as :func:`render_html`."""
    return pdf_from_html(render_html(bank, corpus, options))


def export_html(bank: Bank, corpus: Corpus, options: ExportOptions) -> Exported:
    """The printable quiz or key as an HTML file."""
    return Exported(render_html(bank, corpus, options).encode("utf-8"), "text/html; charset=utf-8", ".html")


def export_pdf(bank: Bank, corpus: Corpus, options: ExportOptions) -> Exported:
    """The printable quiz or key as a PDF file."""
    return Exported(render_pdf(bank, corpus, options), "application/pdf", ".pdf")
