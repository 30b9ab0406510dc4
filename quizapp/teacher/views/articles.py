"""Importing a saved news page as an article: upload it, check the preview, confirm."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, url_for

from quizapp.corpus.events import event_names
from quizapp.corpus.html_import import HtmlImportError
from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.teacher import articles as article_import
from quizapp.teacher.accounts import login_required
from quizapp.teacher.article_forms import ArticleConfirmForm, ArticleUploadForm
from quizapp.teacher.views import bp


@bp.route("/articles/import", methods=["GET", "POST"])
@login_required
def import_article():
    """Upload a saved news page; what the importer finds is shown for checking, nothing is written yet."""
    form = ArticleUploadForm()
    problem = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            preview = article_import.preview_upload(
                upload.read(), upload.filename, corpus_of(current_app), current_app.secret_key, g.teacher.id
            )
        except HtmlImportError as exc:
            problem = str(exc)
        else:
            confirm = ArticleConfirmForm(
                formdata=None,
                page=preview.token,
                article_id=preview.suggested_id,
                headline=preview.imported.headline,
                outlet=preview.imported.outlet,
                author=preview.imported.author,
                date=preview.imported.date,
            )
            events = event_names(corpus_of(current_app))
            return render_template("teacher/article_preview.html", preview=preview, form=confirm, events=events)
    status = 422 if problem or form.errors else 200
    return render_template("teacher/article_import.html", form=form, problem=problem), status


@bp.post("/articles/import/confirm")
@login_required
def confirm_article():
    """Add the previewed article with the teacher's id and corrections, then show it; a preview adds one article."""
    form = ArticleConfirmForm()
    corpus = corpus_of(current_app)
    try:
        preview = article_import.open_preview(form.page.data, corpus, current_app.secret_key, g.teacher.id)
    except HtmlImportError as exc:
        return render_template("teacher/article_import.html", form=ArticleUploadForm(), problem=str(exc)), 422
    problem = None
    if form.validate_on_submit():
        try:
            article = article_import.save_preview(
                preview,
                current_app.config["QUIZAPP_SEEDS"],
                form.article_id.data,
                outlet=form.outlet.data,
                headline=form.headline.data,
                date=form.date.data,
                author=form.author.data,
                event=form.event.data,
            )
        except HtmlImportError as exc:
            db.session.rollback()  # the preview stays unused: nothing was written
            problem = str(exc)
        else:
            db.session.commit()
            flash(f"Article added as {article.id}: banks can now quote it.", "success")
            return redirect(url_for("articles.show", article_id=article.id))
    return (
        render_template(
            "teacher/article_preview.html", preview=preview, form=form, problem=problem, events=event_names(corpus)
        ),
        422,
    )
