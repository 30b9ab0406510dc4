"""How numbers of points read on the student's pages (and the teacher's, which reuse them)."""

from __future__ import annotations

# Dates and times read the same on every page (quizapp.moments); these names stay importable from here.
from quizapp.moments import as_utc, format_moment, iso_moment
from quizapp.questions.wording import format_number

__all__ = ["as_utc", "format_moment", "format_number", "format_points", "format_worth", "iso_moment"]


def format_points(earned: float | None, possible: float | None) -> str:
    """``N / M points``, the way a score is shown everywhere (``1 / 1 point`` for a single point)."""
    unit = "point" if possible == 1 else "points"
    return f"{format_number(earned)} / {format_number(possible)} {unit}"


def format_worth(points: float) -> str:
    """What a question is worth: ``1 point``, ``2 points``, ``0.5 points``."""
    return f"{format_number(points)} {'point' if points == 1 else 'points'}"
