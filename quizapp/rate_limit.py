"""Limiting guesses (failed logins, joins, sign-ups), counted in the database so limits hold across workers and hosts.

A view names its :class:`Limit` s and calls :func:`throttle` before the guarded work, which answers
429 once any of them is reached; afterwards it counts the try where it should (every sign-up, only
failed logins and joins) and commits, once, with the rest of the request's work::

    guesses = Limit(f"join-failed:{request.remote_addr}", *current_app.config["JOIN_LIMIT"])
    throttle(guesses, refusal="Too many tries. Wait {wait} and try again.")
    ...
    guesses.count()
    db.session.commit()
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from flask import abort
from sqlalchemy import delete, func, select

from quizapp.db import db
from quizapp.models import RateLimitHit, utcnow
from quizapp.wording import counted

# Counts older than this are never needed: every window is shorter.
_KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    """At most ``tries`` counted tries under ``key`` within ``window``."""

    key: str
    tries: int
    window: timedelta

    def reached(self) -> bool:
        """True when ``key`` already has ``tries`` counted tries within ``window``."""
        since = utcnow() - self.window
        count = db.session.scalar(
            select(func.count()).where(RateLimitHit.key == self.key, RateLimitHit.at >= since)
        )
        return count >= self.tries

    def count(self) -> None:
        """Count one try (and forget tries too old to matter); the caller commits."""
        now = utcnow()
        db.session.execute(delete(RateLimitHit).where(RateLimitHit.at < now - _KEEP))
        db.session.add(RateLimitHit(key=self.key, at=now))

    def forget(self) -> None:
        """Forget the tries counted so far (an account's failed logins, after a successful one); the caller commits."""
        db.session.execute(delete(RateLimitHit).where(RateLimitHit.key == self.key))


def throttle(*limits: Limit, refusal: str) -> None:
    """Answer 429 with ``refusal`` when any of ``limits`` is reached; ``{wait}`` in it says how long to wait."""
    reached = [limit for limit in limits if limit.reached()]
    if reached:
        wait = window_in_words(max(limit.window for limit in reached))
        abort(429, description=refusal.format(wait=wait))


def window_in_words(window: timedelta) -> str:
    """How long to wait, as a 429 message says it: "1 minute", "15 minutes", "2 hours".

    Rounded up to whole minutes, so nobody is told to wait less than the limit needs.
    """
    minutes = max(1, math.ceil(window.total_seconds() / 60))
    if minutes % 60 == 0:
        return counted(minutes // 60, "hour")
    return counted(minutes, "minute")
