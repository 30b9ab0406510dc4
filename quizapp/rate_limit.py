"""Counting guesses (failed joins, logins, sign-ups) in the database, so limits hold across workers and hosts."""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import delete, func, select

from quizapp.db import db
from quizapp.models import RateLimitHit, utcnow

# Counts older than this are never needed: every window is shorter.
_KEEP = timedelta(days=1)


def exceeded(key: str, limit: int, window: timedelta) -> bool:
    """True when ``key`` already has ``limit`` counted tries within ``window``."""
    since = utcnow() - window
    count = db.session.scalar(select(func.count()).where(RateLimitHit.key == key, RateLimitHit.at >= since))
    return count >= limit


def record(key: str) -> None:
    """Count one try under ``key`` (and forget tries too old to matter)."""
    now = utcnow()
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.at < now - _KEEP))
    db.session.add(RateLimitHit(key=key, at=now))
    db.session.commit()


def hit(key: str, limit: int, window: timedelta) -> bool:
    """Count one try under ``key``; False (and nothing counted) when the limit was already reached."""
    if exceeded(key, limit, window):
        return False
    record(key)
    return True


def clear(key: str) -> None:
    """Forget the tries under ``key`` (after a successful login, say)."""
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.key == key))
    db.session.commit()


def window_in_words(window: timedelta) -> str:
    """How long to wait, as a 429 message says it: "1 minute", "15 minutes", "2 hours".

    Rounded up to whole minutes, so nobody is told to wait less than the limit needs.
    """
    minutes = max(1, math.ceil(window.total_seconds() / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
