"""Forms of the student's pages. The quiz form is built from the attempt itself (see quiz.py), not here."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional

from quizapp.single_line import SingleLine
from quizapp.student.identity import NAME_MAX_LENGTH


class JoinForm(FlaskForm):
    """Class code, name, and where needed the class PIN and the student's own code."""

    code = StringField(
        "Class code",
        validators=[
            DataRequired("Type the class code your teacher gave you."),
            SingleLine(),
            Length(max=40, message="That is too long for a class code."),
        ],
        description="6 letters and numbers, from your teacher. Capitals and spaces do not matter.",
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    name = StringField(
        "Your name",
        # The real limit and the characters (the single-line rule, in words for students) are checked after
        # trimming spaces (identity.clean_name); this only stops floods.
        validators=[
            DataRequired("Type your name."),
            Length(max=NAME_MAX_LENGTH * 4, message=f"Your name can be at most {NAME_MAX_LENGTH} characters."),
        ],
        description="Use the same name every time, so that your work stays together.",
        render_kw={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH},
    )
    pin = StringField(
        "Class PIN",
        validators=[Optional(), SingleLine(), Length(max=40)],
        description="Only if your teacher gave you one. Leave it empty otherwise.",
        render_kw={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"},
    )
    student_code = StringField(
        "Your student code",
        validators=[Optional(), SingleLine(), Length(max=40, message="That is too long for a student code.")],
        description=(
            "On the card from your teacher, or on your class page on a device you used before. "
            "Leave it empty the first time you join an open class."
        ),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
