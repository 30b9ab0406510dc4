"""Files out: printing a quiz or its key, LMS exports, and the gradebook and responses as CSV."""

from __future__ import annotations

from flask import Response as HttpResponse
from flask import current_app, render_template, request, url_for

from quizapp.config import school_timezone
from quizapp.corpus_cache import corpus_of
from quizapp.exports.spreadsheet import csv_bytes
from quizapp.models import Assignment, Bank
from quizapp.teacher import gradebook, printing
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import login_required
from quizapp.teacher.views import bp


def attachment(data: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """A file to download as ``filename``, never cached: a quiz before the lesson is as secret as its key."""
    return HttpResponse(
        data,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def csv_download(data: bytes, filename: str) -> HttpResponse:
    """A CSV file to download as ``filename``."""
    return attachment(data, filename, "text/csv; charset=utf-8")


@bp.get("/assignments/<int:assignment_id>/gradebook.csv")
@login_required
def gradebook_csv(assignment_id: int):
    """The gradebook as CSV: one row per student, one column per question, totals."""
    item = get_owned(Assignment, assignment_id)
    header, rows = gradebook.gradebook_table(gradebook.load_results(item), school_timezone())
    name = gradebook.export_filename(item.classroom.name, item.title, "gradebook")
    return csv_download(csv_bytes(header, rows), name)


@bp.get("/assignments/<int:assignment_id>/responses.csv")
@login_required
def responses_csv(assignment_id: int):
    """Every response as CSV: one row per response of every attempt."""
    item = get_owned(Assignment, assignment_id)
    header, rows = gradebook.response_table(item, corpus_of(current_app), school_timezone())
    name = gradebook.export_filename(item.classroom.name, item.title, "responses")
    return csv_download(csv_bytes(header, rows), name)


_EXPORT_KIND = "<any(" + ", ".join(printing.KINDS) + "):kind>"


@bp.get(f"/banks/<bank_id>/export/{_EXPORT_KIND}")
@login_required
def export_bank(bank_id: str, kind: str):
    """Print a bank's quiz or answer key, or export it for an LMS: the form, or with ``format`` the file."""
    record = get_owned(Bank, bank_id)
    crumbs = [("Question banks", url_for("teacher.banks")), (record.title, url_for("teacher.bank", bank_id=record.id))]
    return _export_page(printing.bank_target(record), printing.KINDS[kind], crumbs)


@bp.get(f"/assignments/<int:assignment_id>/export/{_EXPORT_KIND}")
@login_required
def export_assignment(assignment_id: int, kind: str):
    """Print an assignment's quiz or answer key (the questions its students get), or export it for an LMS."""
    item = get_owned(Assignment, assignment_id)
    crumbs = [
        ("Classes", url_for("teacher.dashboard")),
        (item.classroom.name, url_for("teacher.classroom", classroom_id=item.classroom_id)),
        (item.title, url_for("teacher.assignment", assignment_id=item.id)),
    ]
    return _export_page(printing.assignment_target(item), printing.KINDS[kind], crumbs)


def _export_page(target: printing.ExportTarget, kind: printing.ExportKind, crumbs: list[tuple[str, str]]):
    """The export form; with ``format`` in the query, the file as an attachment, or the errors with a 400."""
    form = printing.form_for(kind, request.args)
    corpus = corpus_of(current_app)
    submitted = "format" in request.args
    if submitted and form.validate():
        options = printing.export_options(kind, form)
        download = printing.make_download(target, kind, form.format.data, options, corpus)
        return attachment(download.data, download.filename, download.media_type)
    return render_template(
        "teacher/print_form.html",
        target=target,
        kind=kind,
        kinds=printing.KINDS,
        form=form,
        crumbs=crumbs,
        notes=printing.format_notes(target, kind, corpus),
    ), (400 if submitted else 200)
