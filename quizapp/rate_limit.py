"""Limiting guesses and floods, counted in the database so limits hold across workers and hosts.

Two kinds of count, one row per key (:class:`~quizapp.models.RateLimitCount`):

* a :class:`Limit`: at most ``tries`` counted tries in a window (failed joins per address, sign-ups;
  an attempt's autosaves are counted the same way on the attempt's own row, see
  :mod:`quizapp.student.saving`);
* a :class:`Delay`: after ``free`` counted tries each further one must wait, twice as long each time
  (failed logins per account and address: the guesser slows down, nobody else is locked out).

Checking and counting are one atomic step, :meth:`Limit.take` / :meth:`Delay.take`: a conditional
UPDATE that counts the try only while the limit allows it, and says by the rows it changed whether it
did. Concurrent requests are serialised by the database (SQLite's one writer; PostgreSQL's row lock,
under which READ COMMITTED re-reads the row before applying the condition), so exactly ``tries`` of
any number of simultaneous tries are counted. A view answers the others 429 with :func:`refuse`.

A view first calls :func:`throttle` (a plain read, so a try already over the limit costs no work),
does the guarded work, then takes what it counts and commits, once, with the rest of its work::

    guesses = Limit(f"join-code:{request.remote_addr}", *current_app.config["JOIN_LIMIT"])
    throttle(guesses, refusal="Too many tries. Wait {wait} and try again.")
    ...  # the join fails
    if not guesses.take():
        refuse(guesses.wait(), "Too many tries. Wait {wait} and try again.")
    db.session.commit()
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy import bindparam, case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.exceptions import TooManyRequests

from quizapp.db import db
from quizapp.models import RateLimitCount, UTCDateTime, utcnow
from quizapp.wording import counted

# Counts older than this are never needed: every window and every delay is shorter.
_KEEP = timedelta(days=1)
_NO_WAIT = timedelta(0)


def _row_for(key: str, now: datetime) -> None:
    """Make sure ``key`` has a row (count 0), without a race: a concurrent insert of the same key is ignored.

    A key seen for the first time also clears rows too old to matter, now and then rather than on every try.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    added = db.session.execute(
        insert(RateLimitCount)
        .values(key=key, count=0, started=now)
        .on_conflict_do_nothing(index_elements=["key"])
    ).rowcount
    if added == 1:
        db.session.execute(
            delete(RateLimitCount)
            .where(RateLimitCount.started < now - _KEEP, RateLimitCount.key != key)
            .execution_options(synchronize_session=False)
        )


def _stored(key: str) -> tuple[int, datetime] | None:
    row = db.session.execute(
        select(RateLimitCount.count, RateLimitCount.started).where(RateLimitCount.key == key)
    ).first()
    return (row.count, row.started) if row is not None else None


def _forget(key: str) -> None:
    db.session.execute(
        delete(RateLimitCount).where(RateLimitCount.key == key).execution_options(synchronize_session=False)
    )


_EXPIRED = RateLimitCount.started <= bindparam("window_start", type_=UTCDateTime())
# Both values are computed from the row as it was: a window past its end starts again at 1.
_COUNT_TRY = (
    update(RateLimitCount)
    .where(RateLimitCount.key == bindparam("limit_key"), or_(_EXPIRED, RateLimitCount.count < bindparam("tries")))
    .values(
        count=case((_EXPIRED, 1), else_=RateLimitCount.count + 1),
        started=case((_EXPIRED, bindparam("now", type_=UTCDateTime())), else_=RateLimitCount.started),
    )
    .execution_options(synchronize_session=False)
)


@dataclass(frozen=True)
class Limit:
    """At most ``tries`` counted tries under ``key`` in a window of ``window`` from the first of them."""

    key: str
    tries: int
    window: timedelta

    def wait(self) -> timedelta:
        """How long until the next try is allowed: zero while the window has tries left."""
        now = utcnow()
        stored = _stored(self.key)
        if stored is None:
            return _NO_WAIT
        count, started = stored
        if count < self.tries or started <= now - self.window:
            return _NO_WAIT
        return started + self.window - now

    def take(self) -> bool:
        """Count one try if the window has one left, in one atomic step; False (nothing counted) if not.

        The caller commits; a refused try leaves nothing to commit. The key's row is made only when the
        count finds none: autosave takes a try on every save, and most keys have their row already.
        """
        now = utcnow()
        if self._count(now):
            return True
        _row_for(self.key, now)  # the key's first try (or its window is full: then this adds nothing)
        return self._count(now)

    def _count(self, now: datetime) -> bool:
        values = {"limit_key": self.key, "tries": self.tries, "now": now, "window_start": now - self.window}
        return db.session.execute(_COUNT_TRY, values).rowcount == 1

    def forget(self) -> None:
        """Forget the tries counted so far; the caller commits."""
        _forget(self.key)


@dataclass(frozen=True)
class Delay:
    """After ``free`` counted tries under ``key``, each further try waits ``first``, then twice that, and so on,
    never more than ``longest``, counted from the try before."""

    key: str
    free: int
    first: timedelta
    longest: timedelta

    def after(self, count: int) -> timedelta:
        """The wait after ``count`` counted tries."""
        if count < self.free:
            return _NO_WAIT
        doublings = min(count - self.free, 32)  # 2**32 seconds is past any ``longest``
        return min(self.first * 2**doublings, self.longest)

    def wait(self) -> timedelta:
        """How long until the next try is allowed (zero when it is allowed now)."""
        stored = _stored(self.key)
        if stored is None:
            return _NO_WAIT
        count, last = stored
        return max(last + self.after(count) - utcnow(), _NO_WAIT)

    def take(self) -> bool:
        """Count one try if it is allowed now, in one atomic step; False (nothing counted) if not.

        Past the free tries the UPDATE only applies to the count it was computed from, so of
        simultaneous tries one is counted and the others are refused. The caller commits.
        """
        now = utcnow()
        _row_for(self.key, now)
        count, last = _stored(self.key) or (0, now)
        if count >= self.free and now < last + self.after(count):
            return False
        at_now = bindparam("now", now, type_=UTCDateTime())
        changed = db.session.execute(
            update(RateLimitCount)
            .where(
                RateLimitCount.key == self.key,
                or_(RateLimitCount.count < self.free, RateLimitCount.count == count),
            )
            .values(count=RateLimitCount.count + 1, started=at_now)
            .execution_options(synchronize_session=False)
        ).rowcount
        return changed == 1

    def forget(self) -> None:
        """Forget the tries counted so far (after a successful login); the caller commits."""
        _forget(self.key)


def longest_wait(*limits: Limit | Delay) -> timedelta:
    """The longest wait any of ``limits`` asks for now; zero when all of them allow a try."""
    return max((limit.wait() for limit in limits), default=_NO_WAIT)


def throttle(*limits: Limit | Delay, refusal: str) -> None:
    """Answer 429 with ``refusal`` when any of ``limits`` allows no try now (a read: nothing is counted)."""
    wait = longest_wait(*limits)
    if wait > _NO_WAIT:
        refuse(wait, refusal)


def refuse(wait: timedelta, refusal: str) -> NoReturn:
    """Answer 429: ``refusal`` with ``{wait}`` said in words, and a Retry-After header in seconds.

    Whatever the request counted so far is rolled back: a refused try counts against nothing.
    """
    db.session.rollback()
    raise TooManyRequests(refusal.format(wait=window_in_words(wait)), retry_after=retry_after(wait))


def retry_after(wait: timedelta) -> int:
    """A wait as a Retry-After header gives it: whole seconds, rounded up, at least one."""
    return max(1, math.ceil(wait.total_seconds()))


def window_in_words(window: timedelta) -> str:
    """How long to wait, as a 429 message says it: "1 minute", "15 minutes", "2 hours".

    Rounded up to whole minutes, so nobody is told to wait less than the limit needs.
    """
    minutes = max(1, math.ceil(window.total_seconds() / 60))
    if minutes % 60 == 0:
        return counted(minutes // 60, "hour")
    return counted(minutes, "minute")
