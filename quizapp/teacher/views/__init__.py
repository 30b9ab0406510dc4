"""The teacher's pages: one module of views per area, all on the one ``teacher`` blueprint.

Views are thin: each parses a form, calls the logic in :mod:`quizapp.teacher` (accounts.py,
classes.py, banks.py, ... beside this package), commits once, and renders or redirects. Every view
that takes an id fetches it with :func:`quizapp.teacher.access.get_owned`, which answers 404 for
anything that is not the logged-in teacher's.
"""

from flask import Blueprint, g, session

from quizapp.config import school_timezone
from quizapp.student.formatting import format_points
from quizapp.teacher.accounts import load_teacher

bp = Blueprint("teacher", __name__, url_prefix="/teacher")


@bp.before_app_request
def load_logged_in_teacher() -> None:
    """Make the logged-in teacher (or None) available as ``g.teacher`` on every page."""
    g.teacher = load_teacher() if "teacher_id" in session else None


@bp.app_context_processor
def teacher_helpers() -> dict:
    """Names every teacher template may use."""
    return {"school_timezone": school_timezone().key, "format_points": format_points}


# Imported for their @bp routes, once bp exists.
from quizapp.teacher.views import (  # noqa: E402,F401
    accounts,
    articles,
    assignments,
    banks,
    classes,
    exports,
    growth,
    marking,
    paper,
    results,
    roster,
)
