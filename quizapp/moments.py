"""How moments in time read on every page: one wording, in the school's time zone.

Times are stored in UTC; people read them in the zone teachers type times in (``QUIZAPP_TIMEZONE``,
see :func:`quizapp.config.school_timezone`).
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from quizapp.config import school_timezone


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime; a naive one is taken to be UTC already (SQLite returns them so)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def format_moment(moment: datetime, *, zone_name: bool = True) -> str:
    """A date and time in the school's time zone, spelled out so that it cannot be misread.

    ``Tue 8 Jun 2021, 14:05 UTC``; without ``zone_name`` (a page that says its zone once),
    ``Tue 8 Jun 2021, 14:05``.
    """
    local = as_utc(moment).astimezone(school_timezone())
    spelled = f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"
    return f"{spelled} {local:%Z}" if zone_name else spelled


def iso_moment(moment: datetime | None, zone: tzinfo = UTC) -> str:
    """A machine-readable timestamp for ``<time datetime>``, JSON and CSV: ISO 8601 in ``zone`` with
    its offset, to the second; empty for None."""
    if moment is None:
        return ""
    return as_utc(moment).astimezone(zone).isoformat(timespec="seconds")
