"""Printing and LMS export from the dashboard: a bank or an assignment as a quiz, a key or an LMS file.

The exports library (:mod:`quizapp.exports`) does the rendering; this module only says *what* is
exported. A bank page exports the bank's current questions; an assignment page exports the very
questions its students get (:func:`quizapp.student.attempts.questions_for`, as the gradebook does),
under a title that names the class. Both are built from the database's question versions by
:func:`typed_bank`, so a print matches what the dashboard shows, not a YAML file on disk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from quizapp.banks.model import Bank as TypedBank
from quizapp.corpus import Corpus
from quizapp.exports import FORMATS, ExportError, ExportOptions, export, version_labels
from quizapp.models import Assignment, QuestionVersion
from quizapp.models import Bank as BankRecord
from quizapp.student.attempts import questions_for
from quizapp.teacher.banks import bank_versions
from quizapp.teacher.gradebook import export_filename
from quizapp.teacher.paper_forms import LmsExportForm, PrintForm


@dataclass(frozen=True)
class ExportKind:
    """One of the three dashboard actions: the printed quiz, the printed key, or a file for an LMS."""

    name: str  # in the URL and the file name
    action: str  # the link on the bank and assignment pages
    heading: str  # the form page's title
    button: str  # the form's submit button
    key: bool  # the answer key: the download holds the answers
    printable: bool  # html and pdf; otherwise the LMS formats

    def formats(self) -> list[str]:
        """The format names this action offers, in :data:`quizapp.exports.FORMATS` order."""
        return [name for name, fmt in FORMATS.items() if fmt.printable == self.printable]


KINDS: dict[str, ExportKind] = {
    kind.name: kind
    for kind in (
        ExportKind("quiz", "Print quiz", "Print the quiz", "Download the quiz", key=False, printable=True),
        ExportKind(
            "key", "Print answer key", "Print the answer key", "Download the answer key", key=True, printable=True
        ),
        ExportKind("lms", "Export for your LMS", "Export for your LMS", "Download the file", key=True, printable=False),
    )
}


@dataclass(frozen=True)
class ExportTarget:
    """What a form page exports: the typed bank, and the words that name it on the page and the file."""

    bank: TypedBank
    title: str  # the page's heading: the bank's or the assignment's title
    filename_parts: tuple[str, ...]  # the download's name before the kind, made safe by export_filename
    classroom: str | None = None  # the class an assignment is set for


@dataclass(frozen=True)
class Download:
    """A rendered export as the browser receives it."""

    data: bytes
    media_type: str
    filename: str
    notes: tuple[str, ...]


def typed_bank(record: BankRecord, versions: Iterable[QuestionVersion], title: str | None = None) -> TypedBank:
    """The bank ``record`` as the exports take it, holding ``versions``' questions in the order given.

    ``title`` replaces the bank's title on the printed page (an assignment's title and class). The id
    stays the bank's, so a shuffle without a seed is the one the command line prints for this bank.
    """
    return TypedBank(
        id=record.id,
        title=title or record.title,
        questions=tuple(version.question for version in versions),
        description=record.description,
        path=record.source_path,
    )


def bank_target(record: BankRecord) -> ExportTarget:
    """A bank's current questions, in authored order, under the bank's title."""
    return ExportTarget(typed_bank(record, bank_versions(record)), record.title, (record.id,))


def assignment_target(assignment: Assignment) -> ExportTarget:
    """The questions the assignment's students get, under a title naming the assignment and its class."""
    classroom = assignment.classroom.name
    title = f"{assignment.title} \u2014 {classroom}"
    bank = typed_bank(assignment.bank, questions_for(assignment), title)
    return ExportTarget(bank, assignment.title, (classroom, assignment.title), classroom)


def form_for(kind: ExportKind, formdata: MultiDict[str, str]) -> PrintForm | LmsExportForm:
    """The GET form of ``kind`` filled from the query string: print settings, or an LMS format."""
    return PrintForm(formdata) if kind.printable else LmsExportForm(formdata)


def export_options(kind: ExportKind, form: PrintForm | LmsExportForm | None = None) -> ExportOptions:
    """The library's options for ``kind``: the validated print form's settings, or none for an LMS file.

    An empty seed is passed on as None, so the library's default applies (the bank id), exactly as
    ``quizapp export`` without ``--seed``.
    """
    if not isinstance(form, PrintForm):
        return ExportOptions(key=kind.key)
    return ExportOptions(
        key=kind.key,
        versions=form.versions.data or 1,
        seed=(form.seed.data or "").strip() or None,
        paper=form.paper.data,
        appendix=form.appendix.data,
    )


def download_filename(target: ExportTarget, kind: ExportKind, options: ExportOptions, extension: str) -> str:
    """A safe name such as ``harris-trip-2021-quiz-A-B.pdf``, ``...-key.html`` or ``harris-trip-2021.qti.zip``."""
    if not kind.printable:
        return export_filename(*target.filename_parts, suffix=extension)
    labels = version_labels(options.versions) if options.shuffled else ()
    # Version letters are appended after export_filename, which would lower-case them.
    return (
        export_filename(*target.filename_parts, kind.name, suffix="")
        + "".join(f"-{label}" for label in labels)
        + extension
    )


def make_download(target: ExportTarget, kind: ExportKind, fmt: str, options: ExportOptions, corpus: Corpus) -> Download:
    """Render ``target`` in ``fmt``; ExportError when the format is not one ``kind`` offers."""
    if fmt not in kind.formats():
        raise ExportError(f"{kind.action} offers {', '.join(kind.formats())}, not {fmt!r}")
    result = export(target.bank, corpus, fmt, options)
    return Download(
        result.data, result.media_type, download_filename(target, kind, options, result.extension), result.notes
    )


def format_notes(target: ExportTarget, kind: ExportKind, corpus: Corpus) -> dict[str, tuple[str, ...]]:
    """What each format of ``kind`` cannot hold exactly for these questions, to show before downloading.

    Printed formats carry every question type and are not rendered here; an LMS file is made once
    per format (milliseconds) and only its notes are kept.
    """
    if kind.printable:
        return {}
    options = export_options(kind)
    return {fmt: export(target.bank, corpus, fmt, options).notes for fmt in kind.formats()}
