"""The filters every template may use: times, points, shares, statistics and counted nouns.

Registered on the app by :func:`init_app`, so that a student's page, a teacher's page and an
article page word a time or a count the same way.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from quizapp.config import school_timezone
from quizapp.moments import format_moment, iso_moment
from quizapp.student.formatting import format_number
from quizapp.wording import counted, plural


def local_time(moment: datetime | None) -> str:
    """A stored time in the school's time zone, spelled out: ``Tue 8 Jun 2021, 14:05``; a dash for none.

    Without the zone's name: the pages that show these say which zone their times are in.
    """
    return "—" if moment is None else format_moment(moment, zone_name=False)


def iso_time(moment: datetime | None) -> str:
    """A stored time as ISO 8601 in the school's time zone with its offset, for ``<time datetime>``."""
    return iso_moment(moment, school_timezone())


def points(value: float | None) -> str:
    """Points as people write them: 2, 0.5, 1.33; a dash for none."""
    return "—" if value is None else format_number(value)


def percent(fraction: float | None, digits: int = 0) -> str:
    """A share 0..1 as a percentage; a dash for none."""
    return "—" if fraction is None else f"{100 * fraction:.{digits}f}\u00a0%"  # no line break before %


def fixed(value: float | None, digits: int = 2) -> str:
    """A statistic to ``digits`` decimals; a dash when there was not enough data to compute it."""
    return "—" if value is None else f"{value:.{digits}f}"


FILTERS = {
    "local_time": local_time,
    "iso_time": iso_time,
    "points": points,
    "percent": percent,
    "fixed": fixed,
    # {{ roster|length|counted("student") }} -> "24 students"; {{ worth|plural("point") }} -> "points"
    "counted": counted,
    "plural": plural,
}


def init_app(app: Flask) -> None:
    """Make the filters available to every template of ``app``."""
    app.jinja_env.filters.update(FILTERS)
