"""Counting guesses (failed joins, logins) in the database, so limits hold across workers and hosts."""

from __future__ import annotations

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
