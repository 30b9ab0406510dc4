"""Exports: a bank as a printable quiz or answer key (HTML, PDF), or as a file an LMS imports.

Every format is a function ``(bank, corpus, options) -> Exported`` in :data:`FORMATS`; a web view or
the command line only picks a name and sends or writes ``Exported.data``::

    from quizapp.exports import ExportOptions, export
    result = export(bank, corpus, "pdf", ExportOptions(key=True, versions=2, seed="spring"))
    Path("key.pdf").write_bytes(result.data)

Shuffled versions are laid out by :func:`version_layout`, which also maps paper answers back
(``slot.choice_for("C")`` is the choice a student circled as C on that version).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from quizapp.banks.model import Bank
from quizapp.corpus.articles import Corpus
from quizapp.exports.gift import export_gift, gift_escape, gift_unescape
from quizapp.exports.layout import select_questions, version_labels, version_layout
from quizapp.exports.moodle_xml import export_moodle_xml
from quizapp.exports.options import APPENDICES, MAX_VERSIONS, PAPERS, Exported, ExportError, ExportOptions
from quizapp.exports.printable import export_html, export_pdf, render_html
from quizapp.exports.qti import export_qti
from quizapp.exports.qti12 import export_qti12
from quizapp.questions.slot import Slot, letter, letter_index

Exporter = Callable[[Bank, Corpus, ExportOptions], Exported]


@dataclass(frozen=True)
class Format:
    """An export format: its name, a label for buttons, its function, and whether it is printed.

    Printed formats honour every option; LMS formats use only the question selection (an LMS
    shuffles for itself and always holds the key).
    """

    name: str
    label: str
    render: Exporter
    printable: bool


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("html", "Printable quiz (HTML)", export_html, printable=True),
        Format("pdf", "Printable quiz (PDF)", export_pdf, printable=True),
        Format("gift", "Moodle GIFT", export_gift, printable=False),
        Format("moodle-xml", "Moodle XML", export_moodle_xml, printable=False),
        Format("qti", "QTI 2.1 package", export_qti, printable=False),
        Format("qti12", "QTI 1.2 package for Canvas", export_qti12, printable=False),
    )
}


def export(bank: Bank, corpus: Corpus, fmt: str, options: ExportOptions | None = None) -> Exported:
    """Render ``bank`` in format ``fmt`` (a key of :data:`FORMATS`); ExportError for an unknown format."""
    try:
        chosen = FORMATS[fmt]
    except KeyError:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return chosen.render(bank, corpus, options or ExportOptions())


__all__ = [
    "APPENDICES",
    "FORMATS",
    "MAX_VERSIONS",
    "PAPERS",
    "ExportError",
    "ExportOptions",
    "Exported",
    "Format",
    "Slot",
    "export",
    "gift_escape",
    "gift_unescape",
    "letter",
    "letter_index",
    "render_html",
    "select_questions",
    "version_labels",
    "version_layout",
]
