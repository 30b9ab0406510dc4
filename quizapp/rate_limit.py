"""Counting guesses (joins, logins) in the database, so limits hold across workers and hosts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from quizapp.db import db
from quizapp.models import RateLimitHit, utcnow


def hit(key: str, limit: int, window: timedelta) -> bool:
    """Count one try under ``key``; False when there were already ``limit`` tries in ``window``."""
    now = utcnow()
    since = now - window
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.at < now - timedelta(days=1)))
    count = db.session.scalar(select(func.count()).where(RateLimitHit.key == key, RateLimitHit.at >= since))
    if count >= limit:
        db.session.commit()
        return False
    db.session.add(RateLimitHit(key=key, at=now))
    db.session.commit()
    return True


def clear(key: str) -> None:
    """Forget the tries under ``key`` (after a successful login, say)."""
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.key == key))
    db.session.commit()
