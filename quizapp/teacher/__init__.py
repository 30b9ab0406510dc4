"""The teacher's side: accounts, classes, assignments and results."""

from flask import Blueprint

bp = Blueprint("teacher", __name__, url_prefix="/teacher")

from quizapp.teacher import routes  # noqa: E402,F401 - registers the views on bp
