"""How numbers of points and moments in time read on the student's pages (and the teacher's, which reuse them)."""

from __future__ import annotations

from datetime import UTC, datetime

from quizapp.config import school_timezone
from quizapp.questions.wording import format_number

__all__ = ["as_utc", "format_moment", "format_number", "format_points", "format_worth", "iso_moment"]


def format_points(earned: float | None, possible: float | None) -> str:
    """``N / M points``, the way a score is shown everywhere (``1 / 1 point`` for a single point)."""
    unit = "point" if possible == 1 else "points"
    return f"{format_number(earned)} / {format_number(possible)} {unit}"


def format_worth(points: float) -> str:
    """What a question is worth: ``1 point``, ``2 points``, ``0.5 points``."""
    return f"{format_number(points)} {'point' if points == 1 else 'points'}"


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime; a naive one is taken to be UTC already (SQLite returns them so)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def format_moment(moment: datetime) -> str:
    """A date and time in the school's time zone, spelled out so that it cannot be misread.

    ``Tue 8 Jun 2021, 14:05 UTC``; the zone is the one teachers type times in (``QUIZAPP_TIMEZONE``).
    """

    local = as_utc(moment).astimezone(school_timezone())
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M} {local:%Z}"


def iso_moment(moment: datetime) -> str:
    """A machine-readable timestamp for ``<time datetime>`` and JSON (UTC, to the second)."""
    return as_utc(moment).isoformat(timespec="seconds")
