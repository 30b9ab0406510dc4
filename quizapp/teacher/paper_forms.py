"""Forms of a quiz on paper: printing it or its answer key (and, beside printing, the file for an LMS),
and entering its answers back."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    widgets,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from quizapp.single_line import SingleLine

# Printing and LMS export: GET forms (a download changes nothing), so no CSRF token.
PRINT_FORMAT_LABELS = {"pdf": "PDF, ready to print", "html": "HTML, to open in a browser and print from there"}
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}
APPENDIX_LABELS = {
    "full": "The full articles, paragraphs numbered",
    "cited": "Only the paragraphs the questions quote",
    "none": "No articles",
}
PRINT_MAX_VERSIONS = 4  # what a teacher hands out in one room; the library allows up to 26


def _exports():
    # The formats, papers and appendices come from the exports library; importing it is cheap
    # (WeasyPrint loads only when a PDF is made).
    import quizapp.exports

    return quizapp.exports


def _either(labels: list[str]) -> str:
    """``A4 or US Letter``; ``Moodle GIFT, Moodle XML or QTI 2.1 package``."""
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


def _format_field(printable: bool, default: str | None = None) -> RadioField:
    """The formats of the registry that are (or are not) printed, the first chosen unless ``default``."""
    choices = [
        SelectChoice(name, PRINT_FORMAT_LABELS.get(name, fmt.label) if printable else fmt.label)
        for name, fmt in _exports().FORMATS.items()
        if fmt.printable == printable
    ]
    names = _either([choice.value.upper() if printable else choice.label for choice in choices])
    return RadioField(
        "Format", choices=choices, default=default or choices[0].value, invalid_choice_message=f"Choose {names}."
    )


def _radio(label: str, labels: dict[str, str], values: tuple[str, ...], message: str) -> RadioField:
    """A radio group over the library's ``values``, the first chosen; ``message`` for any other value."""
    return RadioField(
        label,
        choices=[SelectChoice(value, labels[value]) for value in values],
        default=values[0],
        invalid_choice_message=message,
    )


def _version_label(count: int) -> str:
    """``1 (everyone gets the same paper)``, ``3 (A, B and C)``."""
    if count == 1:
        return "1 (everyone gets the same paper)"
    letters = list(_exports().version_labels(count))
    return f"{count} ({_either(letters).replace(' or ', ' and ')})"


class PrintForm(FlaskForm):
    """How to print a quiz or its answer key: format, shuffled versions, seed, paper and articles."""

    class Meta:
        csrf = False

    format = _format_field(printable=True, default="pdf")
    versions = SelectField(
        "Versions",
        coerce=int,
        choices=[SelectChoice(n, _version_label(n)) for n in range(1, PRINT_MAX_VERSIONS + 1)],
        default=1,
        invalid_value_message=f"Choose 1 to {PRINT_MAX_VERSIONS} versions.",
        invalid_choice_message=f"Choose 1 to {PRINT_MAX_VERSIONS} versions.",
        description="Versions ask the same questions in a different order, with the choices in a different order.",
    )
    seed = StringField(
        "Seed (optional)",
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[Optional(), SingleLine(), Length(max=100, message="Use at most 100 characters for the seed.")],
        description=(
            "Any word. The same seed prints the same versions again, so you can reprint a lost copy. "
            "Empty: the bank's id, as the quizapp export command uses."
        ),
    )
    paper = _radio(
        "Paper size", PAPER_LABELS, _exports().PAPERS, f"Choose {_either(list(PAPER_LABELS.values()))} paper."
    )
    appendix = _radio(
        "Articles after the questions",
        APPENDIX_LABELS,
        _exports().APPENDICES,
        "Choose the full articles, only the paragraphs the questions quote, or no articles.",
    )


class LmsExportForm(FlaskForm):
    """Which file to make for an LMS; the LMS shuffles and keys the questions itself."""

    class Meta:
        csrf = False

    format = _format_field(printable=False)


# Paper answers back in (the assignment's "Enter paper answers" page).
PAPER_MAX_BYTES = 2 * 1024 * 1024  # quizapp.paper.MAX_BYTES: the library refuses a larger file anyway
PAPER_MAX_NEW_ROWS = 40  # empty grid rows for students who are not on the roster yet


def _paper_versions(description: str, name: str | None = None) -> SelectField:
    """How many versions were printed, offered as the print form offers them (1 to 4)."""
    return SelectField(
        "Versions printed",
        name=name,
        coerce=int,
        choices=[SelectChoice(n, _version_label(n)) for n in range(1, PRINT_MAX_VERSIONS + 1)],
        default=1,
        invalid_value_message=f"Choose 1 to {PRINT_MAX_VERSIONS} versions.",
        invalid_choice_message=f"Choose 1 to {PRINT_MAX_VERSIONS} versions.",
        description=description,
    )


def _paper_seed(name: str | None = None) -> StringField:
    """The seed the versions were printed with; empty is printing's default (the bank's id)."""
    return StringField(
        "Seed (optional)",
        name=name,
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[Optional(), SingleLine(), Length(max=100, message="Use at most 100 characters for the seed.")],
        description="The seed you printed the quiz with; leave it empty if you left it empty when printing.",
    )


class PaperTemplateForm(FlaskForm):
    """Which template CSV to download (a GET form: a download changes nothing)."""

    class Meta:
        csrf = False

    versions = _paper_versions("The template hands the versions out in turn down the roster; correct any that differ.")
    seed = _paper_seed()


class PaperUploadForm(FlaskForm):
    """A CSV of paper answers (student,version,question,answer) and how the quiz was printed."""

    file = FileField(
        "CSV file of answers",
        validators=[
            FileRequired("Choose a .csv file to upload."),
            FileAllowed(["csv", "txt"], "Upload a .csv file (save the spreadsheet as CSV UTF-8)."),
            FileSize(
                PAPER_MAX_BYTES,
                message=f"The file is over the limit of {PAPER_MAX_BYTES // (1024 * 1024)} MB.",
            ),
        ],
        description="Columns student, version, question, answer; at most 2 MB. Save a spreadsheet as CSV UTF-8.",
    )
    versions = _paper_versions("As on the print form when you printed the quiz.")
    seed = _paper_seed()
    create_missing = BooleanField("Add students who are not on the roster yet")
    replace = BooleanField("Replace earlier paper answers")


class PaperGridSetupForm(FlaskForm):
    """The grid's shape (a GET form: it only redraws the page)."""

    class Meta:
        csrf = False

    versions = _paper_versions("With more than one, each row gets a version to choose.")
    new_rows = IntegerField(
        "Empty rows for students not on the roster",
        default=3,
        validators=[InputRequired(), NumberRange(min=0, max=PAPER_MAX_NEW_ROWS)],
        description=f"0 to {PAPER_MAX_NEW_ROWS}. Type their names in these rows.",
    )


class PaperGridForm(FlaskForm):
    """The grid's settings; its cells are read by the view, one per student and question.

    Its fields are named ``grid-...`` (not prefixed, so the CSRF token keeps its usual name) because
    the upload form on the same page has fields of the same kind.
    """

    versions = IntegerField(
        name="grid-versions",
        widget=widgets.HiddenInput(),
        validators=[InputRequired(), NumberRange(min=1, max=PRINT_MAX_VERSIONS)],
    )
    new_rows = IntegerField(
        name="grid-new_rows",
        widget=widgets.HiddenInput(),
        validators=[InputRequired(), NumberRange(min=0, max=PAPER_MAX_NEW_ROWS)],
    )
    seed = _paper_seed(name="grid-seed")
    create_missing = BooleanField("Add students who are not on the roster yet", name="grid-create_missing")
    replace = BooleanField("Replace earlier paper answers", name="grid-replace")
