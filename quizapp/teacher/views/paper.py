"""Paper answers back in: a template CSV to fill in, an uploaded CSV, or a grid typed on the page.

The grid's rows, its CSV and its problems are in :mod:`quizapp.teacher.paper_entry`; the import in
:mod:`quizapp.paper_import`.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Assignment
from quizapp.paper_import import ImportReport, assignment_template, import_paper_answers
from quizapp.teacher import gradebook, paper_entry
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import login_required
from quizapp.teacher.paper_forms import PaperGridForm, PaperGridSetupForm, PaperTemplateForm, PaperUploadForm
from quizapp.teacher.views import bp
from quizapp.teacher.views.exports import csv_download


def _paper_crumbs(item: Assignment) -> list[tuple[str, str | None]]:
    return [
        ("Classes", url_for("teacher.dashboard")),
        (item.classroom.name, url_for("teacher.classroom", classroom_id=item.classroom_id)),
        (item.title, url_for("teacher.assignment", assignment_id=item.id)),
        ("Paper answers", None),
    ]


def _args_with(prefix: str) -> MultiDict[str, str] | None:
    """The query string when it holds a GET form's fields (``prefix``), else None: the form's defaults."""
    return request.args if any(name.startswith(prefix) for name in request.args) else None


def _paper_page(
    item: Assignment,
    *,
    template_form: PaperTemplateForm | None = None,
    upload_form: PaperUploadForm | None = None,
    setup_form: PaperGridSetupForm | None = None,
    grid_form: PaperGridForm | None = None,
    grid: paper_entry.Grid | None = None,
    problems: list[paper_entry.GridProblem] | None = None,
    source: str | None = None,
    hints: list[str] | None = None,
    status: int = 200,
):
    """The paper answers page; the forms not given are drawn empty, in the shape of the grid's settings."""
    if grid is not None and grid_form is not None:
        versions, new_rows = grid_form.versions.data, grid_form.new_rows.data
    elif setup_form is not None and not setup_form.errors:
        versions, new_rows = setup_form.versions.data, setup_form.new_rows.data
    else:
        versions, new_rows = 1, 3
    if setup_form is None:
        setup_form = PaperGridSetupForm(None, prefix="setup", versions=versions, new_rows=new_rows)
    if template_form is None:
        template_form = PaperTemplateForm(None, prefix="template", versions=versions)
    if upload_form is None:
        upload_form = PaperUploadForm(None, versions=versions)
    if grid_form is None:
        grid_form = PaperGridForm(None, versions=versions, new_rows=new_rows)
    if grid is None:
        grid = paper_entry.paper_grid(item, versions, new_rows)
    return render_template(
        "teacher/paper.html",
        assignment=item,
        crumbs=_paper_crumbs(item),
        template_form=template_form,
        upload_form=upload_form,
        setup_form=setup_form,
        grid_form=grid_form,
        grid=grid,
        problems=problems or [],
        source=source,
        hints=hints or [],
    ), status


def _paper_imported(item: Assignment, report: ImportReport):
    """Say what was imported and show it in the gradebook."""
    said = [f"{report.summary[:1].upper()}{report.summary[1:]}."]
    if report.created:
        said.append(f"Added to the class: {', '.join(report.created)}.")
    if report.replaced:
        said.append(f"Replaced the earlier paper answers of {', '.join(report.replaced)}.")
    flash(" ".join(said), "success")
    return redirect(url_for("teacher.gradebook_view", assignment_id=item.id))


@bp.get("/assignments/<int:assignment_id>/paper")
@login_required
def paper(assignment_id: int):
    """Enter a printed quiz's answers: download a template CSV, upload a CSV, or type them into a grid."""
    item = get_owned(Assignment, assignment_id)
    setup = PaperGridSetupForm(_args_with("setup-"), prefix="setup")
    if _args_with("setup-") is not None and not setup.validate():
        return _paper_page(item, setup_form=setup, status=400)
    return _paper_page(item, setup_form=setup)


@bp.get("/assignments/<int:assignment_id>/paper/template.csv")
@login_required
def paper_template(assignment_id: int):
    """The CSV to fill in: every student on the roster, every question, versions handed out in turn."""
    item = get_owned(Assignment, assignment_id)
    form = PaperTemplateForm(_args_with("template-"), prefix="template")
    if not form.validate():
        return _paper_page(item, template_form=form, status=400)
    letters = paper_entry.printed_letters(form.versions.data, form.seed.data or None)
    # Version letters are appended after export_filename, which would lower-case them (as printing does).
    stem = gradebook.export_filename(item.classroom.name, item.title, "paper-answers", suffix="")
    name = stem + "".join(f"-{letter}" for letter in letters) + ".csv"
    return csv_download(assignment_template(item, letters), name)


@bp.post("/assignments/<int:assignment_id>/paper/upload")
@login_required
def paper_upload(assignment_id: int):
    """Import an uploaded CSV of paper answers; all or nothing, every problem shown as FILE:LINE: message."""
    item = get_owned(Assignment, assignment_id)
    form = PaperUploadForm()
    if not form.validate_on_submit():
        return _paper_page(item, upload_form=form, status=422)
    upload = form.file.data
    filename = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1] or "upload.csv"
    report = import_paper_answers(
        item,
        upload.read(),
        corpus=corpus_of(current_app),
        seed=form.seed.data or None,
        versions=form.versions.data,
        create_missing=form.create_missing.data,
        replace=form.replace.data,
    )
    if report.ok:
        db.session.commit()
        return _paper_imported(item, report)
    return _paper_page(
        item,
        upload_form=form,
        problems=[paper_entry.GridProblem(error.located(filename)) for error in report.errors],
        source=filename,
        hints=paper_entry.paper_hints(report.errors, form.create_missing.data, form.replace.data),
        status=422,
    )


@bp.post("/assignments/<int:assignment_id>/paper/grid")
@login_required
def paper_grid(assignment_id: int):
    """Import the answers typed into the grid, as a CSV of its cells; on problems the grid comes back as typed."""
    item = get_owned(Assignment, assignment_id)
    form = PaperGridForm()
    valid = form.validate_on_submit()
    if form.versions.errors or form.new_rows.errors:
        # Only a page from before a change (or a forged one) sends the grid without its shape.
        form.versions.data, form.new_rows.data = 1, 3
        grid = paper_entry.paper_grid(item, 1, 3, request.form)
        problem = paper_entry.GridProblem(
            "The grid was sent without its settings; set it up again. Nothing was imported."
        )
        return _paper_page(item, grid_form=form, grid=grid, problems=[problem], source="grid", status=422)
    grid = paper_entry.paper_grid(item, form.versions.data, form.new_rows.data, request.form)
    if not valid:
        return _paper_page(item, grid_form=form, grid=grid, status=422)
    seed = form.seed.data or None
    text, where = paper_entry.grid_csv(grid, paper_entry.printed_letters(form.versions.data, seed))
    if not where:
        problem = paper_entry.GridProblem("The grid is empty: type the answers on the papers, then import them.")
        return _paper_page(item, grid_form=form, grid=grid, problems=[problem], source="grid", status=422)
    report = import_paper_answers(
        item,
        text,
        corpus=corpus_of(current_app),
        seed=seed,
        versions=form.versions.data,
        create_missing=form.create_missing.data,
        replace=form.replace.data,
    )
    if report.ok:
        db.session.commit()
        return _paper_imported(item, report)
    return _paper_page(
        item,
        grid_form=form,
        grid=grid,
        problems=paper_entry.grid_problems(grid, report.errors, where),
        source="grid",
        hints=paper_entry.paper_hints(report.errors, form.create_missing.data, form.replace.data),
        status=422,
    )
