"""How numbers of points read on the student's pages (and the teacher's, which reuse them)."""

from __future__ import annotations

# Dates and times read the same on every page (quizapp.moments); these names stay importable from here.
from quizapp.moments import as_utc, format_moment, iso_moment  # noqa: F401


def format_number(value: float | int | None) -> str:
    """A number as people write it: ``2`` not ``2.0``, ``0.67`` not ``0.6666666666666666``."""
    if value is None:
        return "0"
    number = round(float(value), 2)
    if number.is_integer():
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")


def format_points(earned: float | None, possible: float | None) -> str:
    """``N / M points``, the way a score is shown everywhere (``1 / 1 point`` for a single point)."""
    unit = "point" if possible == 1 else "points"
    return f"{format_number(earned)} / {format_number(possible)} {unit}"


def format_worth(points: float) -> str:
    """What a question is worth: ``1 point``, ``2 points``, ``0.5 points``."""
    return f"{format_number(points)} {'point' if points == 1 else 'points'}"
