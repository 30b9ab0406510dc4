"""Forms of adding an article: the saved web page, then its id and details as the teacher corrects them."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    HiddenField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    ValidationError,
)

from quizapp.corpus.html_import import MAX_BYTES as ARTICLE_MAX_BYTES
from quizapp.corpus.html_import import HtmlImportError, check_article_id, check_date
from quizapp.single_line import SingleLine
from quizapp.teacher.articles import EXTENSIONS as ARTICLE_EXTENSIONS


def _one_line(value: object) -> object:
    # A headline or a name is one line: a newline or tab pasted with it becomes a space (the page's own
    # text often wraps); SingleLine then refuses any other control character.
    return " ".join(value.split()) if isinstance(value, str) else value


class ArticleUploadForm(FlaskForm):
    """A news page saved from a browser, to preview as an article."""

    file = FileField(
        "Saved web page (.html)",
        validators=[
            FileRequired("Choose a saved web page (.html or .htm) to upload."),
            FileAllowed(list(ARTICLE_EXTENSIONS), "Upload a web page saved as .html or .htm."),
            FileSize(
                ARTICLE_MAX_BYTES, message=f"The file is over the limit of {ARTICLE_MAX_BYTES // (1024 * 1024)} MB."
            ),
        ],
        description=(
            "In the browser, open the article and use \u201cSave page as\u2026\u201d with "
            "\u201cWeb page, HTML only\u201d. At most 5 MB. Nothing is added until you check what was found "
            "and confirm."
        ),
    )


class ArticleConfirmForm(FlaskForm):
    """The previewed article's id and metadata, as the teacher corrects them, and the signed preview."""

    page = HiddenField(validators=[DataRequired("The preview is missing; upload the page again.")])
    article_id = StringField(
        "Article id",
        filters=[_one_line],
        validators=[DataRequired("Give the article an id."), SingleLine()],
        description="Letters, digits, - and _ only. Banks cite the article by this id; it is also the file name.",
    )
    headline = StringField("Headline", filters=[_one_line], validators=[SingleLine(), Length(max=300)])
    outlet = StringField(
        "Outlet",
        filters=[_one_line],
        validators=[SingleLine(), Length(max=200)],
        description="Empty: \u201cUnknown outlet\u201d.",
    )
    author = StringField(
        "Author", filters=[_one_line], validators=[SingleLine(), Length(max=300)], description="Empty: no author."
    )
    date = StringField(
        "Publication date",
        filters=[_one_line],
        validators=[SingleLine()],
        description="As YYYY-MM-DD, for example 2021-06-08. Empty: no date (a date is never guessed).",
    )
    event = StringField(
        "Event",
        filters=[_one_line],
        validators=[SingleLine(), Length(max=200)],
        description=(
            "The story it reports on, named as its other reports name it (the list offers the events so far): "
            "reports of one event are compared with each other. Empty: compared with no other report by default."
        ),
    )

    def validate_article_id(self, field: StringField) -> None:
        """The id must be able to name a file; the same rule as the command line."""
        try:
            check_article_id(field.data or "")
        except HtmlImportError as exc:
            raise ValidationError(str(exc)) from None

    def validate_date(self, field: StringField) -> None:
        """A real day, written YYYY-MM-DD, or nothing."""
        if field.data:
            try:
                check_date(field.data)
            except HtmlImportError as exc:
                raise ValidationError(str(exc)) from None
