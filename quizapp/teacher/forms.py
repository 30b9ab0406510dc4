"""Forms of the teacher's pages, and the pieces they share; each owns its validation.

The forms of assignments (assignment_forms.py), of paper quizzes (paper_forms.py) and of articles (article_forms.py)
have modules of their own."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    EmailField,
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
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    Regexp,
)

from quizapp.banks.yaml_source import MAX_BYTES
from quizapp.single_line import SingleLine
from quizapp.teacher.accounts import MIN_PASSWORD_LENGTH
from quizapp.teacher.roster import ROSTER_MAX_BYTES, ROSTER_MAX_CHARACTERS

PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD_LENGTH, max=200, message=f"The password must be at least {MIN_PASSWORD_LENGTH} characters."
)


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
