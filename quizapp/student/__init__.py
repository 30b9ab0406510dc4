"""The student's side: joining a class, taking quizzes, seeing results against the sources."""

from flask import Blueprint

bp = Blueprint("student", __name__)

from quizapp.student import joining, routes  # noqa: E402,F401 - registers the views on bp
