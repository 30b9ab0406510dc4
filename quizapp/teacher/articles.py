"""Adding an article from the dashboard: upload a saved page, check what was found, then confirm.

The two steps keep nothing on the server in between. The preview page carries what the importer
found in a hidden field, signed with the app's secret key and bound to the teacher who uploaded
it: confirming cannot smuggle in text the importer did not produce, and another teacher's (or an
old) preview is refused. A preview adds one article, once: confirming it is recorded in the
database (:class:`~quizapp.models.UsedArticlePreview`), which every worker sees, and a second
confirmation is refused. The file itself is read once and never stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from werkzeug.utils import secure_filename

from quizapp.corpus import Article, Corpus
from quizapp.corpus.html_import import (
    MAX_BYTES,
    HtmlImportError,
    ImportedArticle,
    html_to_article,
    read_html_bytes,
    suggest_article_id,
    write_article,
)
from quizapp.db import db
from quizapp.models import UsedArticlePreview, utcnow

EXTENSIONS = ("html", "htm")
_SALT = "quizapp.teacher.article-preview"
PREVIEW_MAX_AGE = 24 * 60 * 60  # seconds: a preview left open overnight has to be uploaded again
# The preview travels in a form field, and form fields are limited (Flask's MAX_FORM_MEMORY_SIZE,
# 500 kB); a news article's text is a few tens of kilobytes, so this refuses only what is no article.
MAX_TEXT_BYTES = 250_000
PREVIEW_PARAGRAPHS = 5  # shown whole at the top of the preview; the last paragraph is shown too


@dataclass(frozen=True)
class ArticlePreview:
    """An uploaded page as the importer read it, with the id it suggests and the signed ``token``."""

    imported: ImportedArticle
    filename: str
    suggested_id: str
    token: str
    teacher_id: int

    @property
    def token_id(self) -> str:
        """How the database remembers that this preview was confirmed (the token's SHA-256, in hex)."""
        return hashlib.sha256(self.token.encode("utf-8")).hexdigest()

    @property
    def first_paragraphs(self) -> list[str]:
        """The opening paragraphs (the headline first, when the page shows one)."""
        return self.imported.paragraphs[:PREVIEW_PARAGRAPHS]

    @property
    def last_paragraph(self) -> str | None:
        """The closing paragraph, when it is not already among :attr:`first_paragraphs`."""
        paragraphs = self.imported.paragraphs
        return paragraphs[-1] if len(paragraphs) > PREVIEW_PARAGRAPHS else None

    @property
    def paragraph_count(self) -> int:
        """How many paragraphs the article will have."""
        return len(self.imported.paragraphs)


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def upload_name(filename: str | None) -> str:
    """The uploaded file's name as messages show it (no folders), or refuse a name that is not .html/.htm."""
    name = secure_filename(filename or "") or "page.html"
    if name.rsplit(".", 1)[-1].lower() not in EXTENSIONS or "." not in name:
        raise HtmlImportError(f"{name}: upload a web page saved as .html or .htm")
    return name


def preview_upload(
    data: bytes, filename: str | None, corpus: Corpus, secret_key: str, teacher_id: int
) -> ArticlePreview:
    """Read an uploaded page and what it holds, for the teacher to check before anything is written.

    Raises :class:`HtmlImportError` with the reason (size, not HTML, undecodable, no article text),
    prefixed with the file's name. Nothing is written anywhere.
    """
    name = upload_name(filename)
    if len(data) > MAX_BYTES:
        raise HtmlImportError(f"{name}: the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        imported = html_to_article(read_html_bytes(data))
    except HtmlImportError as exc:
        raise HtmlImportError(f"{name}: {exc}") from None
    if len(imported.text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise HtmlImportError(
            f"{name}: the text found is over {MAX_TEXT_BYTES:,} bytes, far longer than a news article; "
            "save only the article's page, or import it with the quizapp articles import command"
        )
    payload = {
        "preview": secrets.token_urlsafe(16),  # the same page uploaded twice in a second is two previews
        "teacher": teacher_id,
        "file": name,
        "headline": imported.headline,
        "text": imported.text,
        "outlet": imported.outlet,
        "date": imported.date,
        "author": imported.author,
    }
    token = _serializer(secret_key).dumps(payload)
    return ArticlePreview(imported, name, suggest_article_id(imported, corpus.keys()), token, teacher_id)


def open_preview(token: str | None, corpus: Corpus, secret_key: str, teacher_id: int) -> ArticlePreview:
    """The preview a confirm form carries back, if it is intact, recent and the teacher's own."""
    try:
        payload = _serializer(secret_key).loads(token or "", max_age=PREVIEW_MAX_AGE)
    except SignatureExpired:
        raise HtmlImportError("this preview is more than a day old; upload the page again") from None
    except BadSignature:
        raise HtmlImportError("this preview was changed or is incomplete; upload the page again") from None
    if not isinstance(payload, dict) or payload.get("teacher") != teacher_id:
        raise HtmlImportError("this preview is not yours; upload the page again")
    imported = ImportedArticle(
        headline=payload["headline"],
        text=payload["text"],
        outlet=payload["outlet"],
        date=payload["date"],
        author=payload["author"],
    )
    preview = ArticlePreview(
        imported, payload["file"], suggest_article_id(imported, corpus.keys()), token or "", teacher_id
    )
    used = db.session.get(UsedArticlePreview, preview.token_id)
    if used is not None:
        raise HtmlImportError(_already_used(used))
    return preview


def _already_used(used: UsedArticlePreview) -> str:
    return (
        f"this preview was already confirmed: it added the article {used.article_id}. "
        "A preview adds one article, once; to add the page again, upload it again"
    )


def save_preview(
    preview: ArticlePreview,
    folder: str | Path,
    article_id: str,
    *,
    outlet: str | None,
    headline: str | None,
    date: str | None,
    author: str | None,
    event: str | None = None,
) -> Article:
    """Add the previewed article to ``folder`` under ``article_id``, with the teacher's corrections.

    The form shows the page's own values, so a field the teacher empties means "not known": the
    outlet becomes "Unknown outlet", the headline a bracketed description, and no date or author
    is stored. An existing article is never overwritten.

    The preview is marked used in the database session first: a second confirmation, in any worker,
    waits for this one and is then refused. The caller commits after this returns, and rolls back
    after :class:`HtmlImportError`, when nothing was written.
    """
    _mark_used(preview, article_id)
    corrected = replace(
        preview.imported, outlet=_given(outlet), headline=_given(headline), author=_given(author), date=None
    )
    return write_article(
        folder,
        article_id,
        corrected,
        date=_given(date),
        notes=f"Imported from the saved page {preview.filename}.",
        event=_given(event),
    )


def _mark_used(preview: ArticlePreview, article_id: str) -> None:
    """Record the preview as confirmed, or raise :class:`HtmlImportError` if another request did first."""
    # Records older than any preview that could still be confirmed are of no more use.
    db.session.execute(
        delete(UsedArticlePreview).where(UsedArticlePreview.used_at < utcnow() - timedelta(seconds=PREVIEW_MAX_AGE))
    )
    db.session.add(UsedArticlePreview(id=preview.token_id, teacher_id=preview.teacher_id, article_id=article_id))
    try:
        db.session.flush()  # waits for a confirmation of the same preview in progress, then fails
    except IntegrityError:
        db.session.rollback()
        used = db.session.get(UsedArticlePreview, preview.token_id)
        raise HtmlImportError(_already_used(used) if used else "this preview was already confirmed") from None


def _given(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None
