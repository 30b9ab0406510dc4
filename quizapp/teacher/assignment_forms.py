"""Forms of setting an assignment (its questions and rules) and of regrading it after a question changes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from quizapp.models import ShowAnswers, ShowScore
from quizapp.single_line import SingleLine
from quizapp.teacher.forms import MultiCheckboxField

DATETIME_LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
MAX_ATTEMPTS = 50
MAX_TIME_LIMIT = 600  # minutes: a school day


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
