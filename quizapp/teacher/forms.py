"""Forms of the teacher's pages; each owns its validation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from quizapp.banks.yaml_source import MAX_BYTES
from quizapp.corpus.html_import import MAX_BYTES as ARTICLE_MAX_BYTES
from quizapp.corpus.html_import import HtmlImportError, check_article_id, check_date
from quizapp.models import ShowAnswers, ShowScore
from quizapp.single_line import SingleLine
from quizapp.teacher.accounts import MIN_PASSWORD_LENGTH
from quizapp.teacher.articles import EXTENSIONS as ARTICLE_EXTENSIONS
from quizapp.teacher.roster import ROSTER_MAX_BYTES, ROSTER_MAX_CHARACTERS

PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD_LENGTH, max=200, message=f"The password must be at least {MIN_PASSWORD_LENGTH} characters."
)
DATETIME_LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
MAX_ATTEMPTS = 50
MAX_TIME_LIMIT = 600  # minutes: a school day


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired(), SingleLine(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class SignupForm(FlaskForm):
    """A new teacher account."""

    name = StringField("Your name", validators=[SingleLine(), Length(max=120)])
    email = EmailField(
        "Email", validators=[DataRequired(), SingleLine(), Email(check_deliverability=False), Length(max=254)]
    )
    password = PasswordField(
        "Password", validators=[DataRequired(), PASSWORD_LENGTH],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
    )


class ChangePasswordForm(FlaskForm):
    """The current password and a new one, typed twice."""

    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    new = PasswordField(
        "New password",
        validators=[DataRequired(), PASSWORD_LENGTH],
        description=f"At least {MIN_PASSWORD_LENGTH} characters. Your other sessions will be logged out.",
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new", message="The two new passwords differ.")],
    )


class ConfirmForm(FlaskForm):
    """A button that changes something: the form carries only the CSRF token."""


class ClassForm(FlaskForm):
    """A class's name."""

    name = StringField(
        "Class name",
        validators=[DataRequired(), SingleLine(), Length(max=120)],
        description="As your students know it, e.g. “Period 3 Civics”.",
    )


class PinForm(FlaskForm):
    """The PIN students must type, besides the join code."""

    pin = StringField(
        "PIN",
        validators=[DataRequired(), SingleLine(), Regexp(r"^\s*[0-9]{4,8}\s*$", message="Use 4 to 8 digits.")],
        description="4 to 8 digits. Students type it after the join code; give it out in class.",
    )


class JoiningForm(FlaskForm):
    """Who may join a class: anyone with the code, or only the students on its list."""

    mode = RadioField(
        "Who can join",
        choices=[
            SelectChoice(
                "open",
                "Anyone with the class code. A new name joins at once; a name already in the class needs "
                "that student's code or your approval.",
            ),
            SelectChoice(
                "roster",
                "Only the students on the class list, each with their own student code (print their login cards).",
            ),
        ],
        validators=[InputRequired("Choose who can join.")],
    )


class RosterForm(FlaskForm):
    """Names to add to a class's list: typed or pasted, or a CSV file."""

    names = TextAreaField(
        "Names, one a line",
        validators=[Optional(), Length(max=ROSTER_MAX_CHARACTERS, message="That is more names than a class holds.")],
        description="Paste a column from a spreadsheet, or type them. Names already on the list are left as they are.",
    )
    file = FileField(
        "Or a CSV file",
        validators=[
            FileAllowed(["csv", "txt"], "Upload a .csv or .txt file (save the spreadsheet as CSV UTF-8)."),
            FileSize(ROSTER_MAX_BYTES, message="The file is over the limit of 1 MB."),
        ],
        description="A column headed “Name” (or “First name” and “Last name”), or names in the first column.",
    )


class StudentNameForm(FlaskForm):
    """A student's name, corrected."""

    name = StringField("Student's name", validators=[DataRequired(), SingleLine(), Length(max=80)])


class MergeForm(FlaskForm):
    """Which other record of the same student to merge into this one."""

    other = SelectField("The other record of the same student", coerce=int, validators=[InputRequired()])


class BankUploadForm(FlaskForm):
    """A question bank file in quizapp's YAML format."""

    file = FileField(
        "Question bank file (YAML)",
        validators=[
            FileRequired("Choose a .yaml file to upload."),
            FileAllowed(["yaml", "yml"], "Upload a .yaml or .yml file."),
            FileSize(MAX_BYTES, message=f"The file is over the limit of {MAX_BYTES // (1024 * 1024)} MB."),
        ],
        description="A .yaml file of at most 5 MB, checked against the articles like the quizapp validate command.",
    )


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes, any number of which may be ticked."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ChooseBankForm(FlaskForm):
    """Step one of setting an assignment: which bank (a GET form: it changes nothing)."""

    class Meta:
        csrf = False

    bank = SelectField("Question bank", validators=[InputRequired()])


class GrowthPairForm(FlaskForm):
    """A pre-test and a post-test set as a pair: parallel forms of one bank, counterbalanced."""

    title = StringField(
        "Title",
        validators=[DataRequired(), SingleLine(), Length(max=180)],
        description="The two tests are called “Title (pre)” and “Title (post)”.",
    )
    bank = SelectField("Question bank", validators=[InputRequired()])


SHOW_ANSWER_CHOICES = [
    SelectChoice(ShowAnswers.IMMEDIATELY.value, "As soon as they submit"),
    SelectChoice(ShowAnswers.AFTER_CLOSE.value, "After the assignment closes"),
    SelectChoice(ShowAnswers.NEVER.value, "Never"),
]
SHOW_SCORE_CHOICES = [
    SelectChoice(ShowScore.WITH_ANSWERS.value, "With the answers"),
    SelectChoice(ShowScore.TOTAL_ONLY.value, "The total right away (never which questions earned it)"),
]
LAYOUT_CHOICES = [SelectChoice("one", "All questions on one page"), SelectChoice("paged", "One question per page")]


class AssignmentForm(FlaskForm):
    """An assignment's questions and rules. Times are in the school's time zone."""

    title = StringField("Title", validators=[DataRequired(), SingleLine(), Length(max=200)])
    questions = MultiCheckboxField("Questions", validators=[InputRequired("Choose at least one question.")])
    opens_at = DateTimeLocalField(
        "Opens", format=DATETIME_LOCAL_FORMATS, validators=[Optional()], description="Empty: open now."
    )
    closes_at = DateTimeLocalField(
        "Closes", format=DATETIME_LOCAL_FORMATS, validators=[Optional()], description="Empty: never closes."
    )
    attempts_allowed = IntegerField(
        "Attempts allowed", default=1, validators=[InputRequired(), NumberRange(min=1, max=MAX_ATTEMPTS)]
    )
    time_limit_minutes = IntegerField(
        "Time limit in minutes",
        validators=[Optional(), NumberRange(min=1, max=MAX_TIME_LIMIT)],
        description="Empty: no time limit.",
    )
    shuffle = BooleanField("Shuffle the questions for each student", default=True)
    layout = RadioField("Layout", choices=LAYOUT_CHOICES, default="one")
    # After closing by default: answers shown on submitting are a key for a second attempt or a second name.
    show_answers = RadioField(
        "Students see the correct answers", choices=SHOW_ANSWER_CHOICES, default=ShowAnswers.AFTER_CLOSE.value
    )
    show_score = RadioField(
        "Students see their score",
        choices=SHOW_SCORE_CHOICES,
        default=ShowScore.WITH_ANSWERS.value,
        description="While the answers are withheld, a score per attempt would tell which answers were right.",
    )
    show_answers_anyway = BooleanField("Show the answers as soon as they submit all the same")
    hide_comparison = BooleanField(
        "Hide the report comparison from the class while this assignment is open",
        description="For questions that compare reports: students can't open Compare reports, "
        "and articles don't list which other reports carry a passage.",
    )

    class_open = True
    """Set by the view: whether anyone with the class code can join under a new name (not roster-locked)."""

    def reveal_risks(self) -> list[str]:
        """Why showing the answers as soon as a student submits gives the key away here; empty if it doesn't."""
        if self.show_answers.data != ShowAnswers.IMMEDIATELY.value:
            return []
        risks = []
        attempts = self.attempts_allowed.data
        if isinstance(attempts, int) and attempts > 1:
            risks.append(
                f"Each student may make {attempts} attempts: the answers shown after one are a key to the next."
            )
        if self.class_open:
            risks.append(
                "The class is open: anyone with its code can join under a new name, submit, and read the answers "
                "before answering for real. Lock the class to its list of students to prevent this."
            )
        return risks

    def validate_show_answers_anyway(self, field: BooleanField) -> None:
        """Answers shown on submitting, where that gives the key away, only if the teacher says so knowingly."""
        if self.reveal_risks() and not field.data:
            raise ValidationError(
                "Tick this to show the answers as soon as they submit all the same, "
                "or choose “After the assignment closes”."
            )

    def validate_questions(self, field: MultiCheckboxField) -> None:
        """At least one question, none twice."""
        if not field.data:
            raise ValidationError("Choose at least one question.")

    def validate_closes_at(self, field: DateTimeLocalField) -> None:
        """The close time comes after the open time."""
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError("The assignment must close after it opens.")


REGRADE_CHOICES = [
    SelectChoice("full", "Award full credit to everyone who answered the earlier version"),
    SelectChoice("both", "Credit the old and the new correct answer (keep the better score)"),
    SelectChoice("new", "Credit only the new correct answer (rescore everyone)"),
    SelectChoice("none", "Don't regrade: keep the scores as they are"),
]


class RegradePreviewForm(FlaskForm):
    """The regrade policy to try out (a GET form: a dry run changes nothing)."""

    class Meta:
        csrf = False

    policy = RadioField(
        "How should the old answers be scored?",
        choices=REGRADE_CHOICES,
        invalid_choice_message="Choose one of the four ways below, then preview the regrade.",
    )


class RegradeApplyForm(FlaskForm):
    """Apply the policy the teacher has just previewed."""

    policy = HiddenField(validators=[AnyOf([choice.value for choice in REGRADE_CHOICES])])


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
