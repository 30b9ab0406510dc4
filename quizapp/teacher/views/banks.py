"""Question banks: the list, uploading one, drafting questions from the articles, a bank's questions, deleting."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, url_for

from quizapp.banks import drafting, reference
from quizapp.corpus_cache import alignments_of, corpus_of
from quizapp.db import db
from quizapp.models import Bank
from quizapp.teacher import uploads
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import login_required
from quizapp.teacher.banks import bank_summaries, bank_versions, deletable, delete_bank
from quizapp.teacher.forms import BankUploadForm, ConfirmForm
from quizapp.teacher.views import bp
from quizapp.teacher.views.exports import attachment


@bp.route("/banks", methods=["GET", "POST"])
@login_required
def banks():
    """The banks the teacher can assign, and uploading a bank of their own."""
    form = BankUploadForm()
    outcome = None
    if form.validate_on_submit():
        upload = form.file.data
        outcome = uploads.upload_bank(upload.read(), upload.filename, corpus_of(current_app), g.teacher.id)
        if outcome.ok:
            db.session.commit()
            flash(f"Bank uploaded: {outcome.stored}.", "success")
            return redirect(url_for("teacher.bank", bank_id=outcome.stored.bank))
    status = 422 if outcome is not None or form.errors else 200
    return render_template(
        "teacher/banks.html", form=form, outcome=outcome, banks=bank_summaries(g.teacher.id)
    ), status


@bp.get("/banks/draft.yaml")
@login_required
def draft_questions():
    """Questions drafted from the articles, as a bank file for the teacher to review, edit and upload."""
    try:
        draft = drafting.draft_bank(corpus_of(current_app), alignments=alignments_of(current_app))
    except drafting.DraftError as exc:
        flash(f"No questions could be drafted: {exc}.", "error")
        return redirect(url_for("teacher.banks"))
    return attachment(draft.yaml, f"{drafting.DEFAULT_BANK_ID}.yaml", "application/yaml; charset=utf-8")


@bp.get("/bank-format")
@login_required
def bank_format():
    """The bank format: a bank file's keys, and every question kind with an example."""
    return render_template(
        "teacher/bank_format.html",
        kinds=reference.kind_references(),
        bank_keys=reference.bank_keys(),
        common_keys=reference.common_keys(),
        skills=reference.skills(),
        example_bank=reference.example_bank(),
    )


@bp.get("/bank-format/example.yaml")
@login_required
def bank_format_example():
    """One question of every kind as a bank file, to edit and upload."""
    return attachment(reference.example_bank(), f"{reference.EXAMPLE_BANK_ID}.yaml", "application/yaml; charset=utf-8")


@bp.get("/banks/<bank_id>")
@login_required
def bank(bank_id: str):
    """A bank's questions as they stand now."""
    record = get_owned(Bank, bank_id)
    return render_template(
        "teacher/bank.html", bank=record, versions=bank_versions(record), can_delete=deletable(record, g.teacher.id)
    )


@bp.route("/banks/<bank_id>/delete", methods=["GET", "POST"])
@login_required
def delete_bank_view(bank_id: str):
    """Delete an uploaded bank that no assignment uses, after a confirmation page."""
    record = get_owned(Bank, bank_id)
    if not deletable(record, g.teacher.id):
        abort(403, description="Only a bank you uploaded, and that no assignment uses, can be deleted.")
    form = ConfirmForm()
    if form.validate_on_submit():
        title = record.title
        delete_bank(record)
        db.session.commit()
        flash(f"Deleted the bank “{title}”.", "success")
        return redirect(url_for("teacher.banks"))
    return render_template(
        "teacher/confirm.html",
        form=form,
        title=f"Delete the bank “{record.title}”?",
        message="Its questions are deleted for good. Upload the file again to bring it back.",
        button="Delete the bank",
        danger=True,
        cancel=url_for("teacher.bank", bank_id=record.id),
    )
