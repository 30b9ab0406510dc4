"""Assignment and Grade Services: scores back to the LMS's gradebook, through a queue that loses nothing.

Submitting an attempt (and regrading an assignment) marks the student's row in ``lti_grade_send``
``waiting``, in the same transaction as the score itself, so a score the database holds is always
either sent or waiting. :func:`send_waiting` then sends what is due: a token from the platform's
token endpoint (OAuth 2 client credentials with a JWT signed by the tool's key), and the student's
counted (best) score, read at that moment, posted to the activity's line item. Only a reply of
success marks the row ``sent``; a failure is tried again later, waiting twice as long each time
(30 seconds up to 6 hours). Who sends: the student's own submit (once, at once), the teacher's
gradebook (opportunistically), and ``quizapp lti send-grades`` (from cron, every few minutes).

Scores a student may not see yet (answers and score withheld until the assignment closes) are held
until they may: the LMS would show them otherwise.
"""

from __future__ import annotations

import secrets
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult

from quizapp.db import db
from quizapp.lti import keys
from quizapp.lti.http import PlatformError, post_form, post_json
from quizapp.lti.models import LtiContext, LtiGradeSend, LtiLearner, LtiPlatform, LtiResourceLink
from quizapp.models import Assignment, Attempt, ShowAnswers, utcnow

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json"
WAITING, SENT = "waiting", "sent"
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=6)
LEASE = timedelta(minutes=2)  # a sender's claim on a row, so two senders do not post the same score at once
HELD_RETRY = timedelta(hours=1)  # a withheld score with no closing time is looked at again after this


def can_send_scores(link: LtiResourceLink) -> bool:
    """Whether the platform lets quizapp post scores to this activity's line item."""
    return bool(link.lineitem_url) and SCORE_SCOPE in (link.scopes or "").split()


def queue_scores(assignment_id: int, student_ids: Iterable[int] | None = None) -> int:
    """Mark the scores of ``student_ids`` (all LTI learners when None) on this assignment as waiting.

    Call inside the transaction that changed the scores; it does not commit. Costs one query when
    the assignment is on no LMS. Returns how many rows are now waiting.
    """
    links = db.session.scalars(select(LtiResourceLink).where(LtiResourceLink.assignment_id == assignment_id)).all()
    links = [link for link in links if can_send_scores(link)]
    if not links:
        return 0
    wanted = None if student_ids is None else set(student_ids)
    now, queued = utcnow(), 0
    for link in links:
        context = db.session.get_one(LtiContext, link.context_id)
        learners = db.session.execute(
            select(LtiLearner.student_id, LtiLearner.sub).where(
                LtiLearner.classroom_id == context.classroom_id, LtiLearner.platform_id == context.platform_id
            )
        ).all()
        for student_id, sub in learners:
            if wanted is not None and student_id not in wanted:
                continue
            row = db.session.scalar(
                select(LtiGradeSend).where(
                    LtiGradeSend.resource_link_id == link.id, LtiGradeSend.student_id == student_id
                )
            )
            if row is None:
                row = LtiGradeSend(resource_link_id=link.id, student_id=student_id, sub=sub)
                db.session.add(row)
            row.status, row.tries, row.next_try_at, row.changed_at, row.last_error = WAITING, 0, now, now, None
            queued += 1
    db.session.flush()
    return queued


def counted_score(assignment_id: int, student_id: int) -> tuple[float, float] | None:
    """The student's counted score (best submitted attempt, the earlier on a tie), as the gradebook counts it.

    An attempt with written answers still to mark has no score yet: marking the last one queues it again.
    """
    attempts = db.session.execute(
        select(Attempt.earned, Attempt.possible, Attempt.number).where(
            Attempt.assignment_id == assignment_id, Attempt.student_id == student_id,
            Attempt.submitted_at.is_not(None), func.coalesce(Attempt.marks_pending, 0) == 0,
        )
    ).all()
    if not attempts:
        return None
    earned, possible, _ = max(attempts, key=lambda a: (a.earned or 0.0, -a.number))
    return float(earned or 0.0), float(possible or 0.0)


def held_until(assignment: Assignment, now: datetime) -> datetime | None:
    """When a score withheld from the students may go to the LMS; None when it may go now."""
    if assignment.score_visible(now):
        return None
    if assignment.show_answers == ShowAnswers.AFTER_CLOSE and assignment.closes_at is not None:
        return assignment.closes_at
    return now + HELD_RETRY


def _backoff(tries: int) -> timedelta:
    return min(FIRST_RETRY * (2 ** min(tries, 20)), LONGEST_WAIT)


def scores_url(lineitem_url: str) -> str:
    """The line item's scores endpoint: ``/scores`` added to its path, its query kept (AGS 2.0, 3.4)."""
    parts = urllib.parse.urlsplit(lineitem_url)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def access_token(platform: LtiPlatform, scope: str = SCORE_SCOPE) -> str:
    """A bearer token for ``scope`` (posting scores, by default) from the platform's token endpoint."""
    now = int(time.time())
    assertion = keys.sign({
        "iss": platform.client_id, "sub": platform.client_id, "aud": platform.token_url,
        "iat": now, "exp": now + 300, "jti": secrets.token_urlsafe(16),
    })
    reply = post_form(platform.token_url, {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
        "scope": scope,
    })
    token = reply.get("access_token") if isinstance(reply, dict) else None
    if not isinstance(token, str) or not token:
        raise PlatformError(f"{platform.token_url} gave no access token")
    return token


@dataclass
class SendReport:
    """What a send run did: scores acknowledged, still waiting (to be tried again), held back."""

    sent: int = 0
    failed: int = 0
    held: int = 0
    errors: list[str] = field(default_factory=list)


def _claim(row_id: int, now: datetime) -> bool:
    claimed = cast(CursorResult, db.session.execute(
        update(LtiGradeSend)
        .where(LtiGradeSend.id == row_id, LtiGradeSend.status == WAITING, LtiGradeSend.next_try_at <= now)
        .values(next_try_at=now + LEASE)
        .execution_options(synchronize_session=False)
    ))
    db.session.commit()
    return claimed.rowcount == 1


def _send_one(row: LtiGradeSend, token: str, now: datetime) -> tuple[float, float] | None:
    """Post the row's current score; the score sent, or None when the student has none (nothing to send)."""
    link = row.resource_link
    score = counted_score(link.assignment_id or 0, row.student_id)
    if score is None or not link.lineitem_url:
        return None
    earned, possible = score
    post_json(scores_url(link.lineitem_url), {
        "userId": row.sub,
        "scoreGiven": earned,
        "scoreMaximum": possible if possible > 0 else 1.0,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": now.isoformat(timespec="microseconds"),
    }, content_type=SCORE_MEDIA_TYPE, token=token)
    return score


def _record(row_id: int, changed_at: datetime, values: dict) -> None:
    """Store a send's outcome unless the score changed meanwhile (then the newer one is still waiting)."""
    db.session.execute(
        update(LtiGradeSend)
        .where(LtiGradeSend.id == row_id, LtiGradeSend.changed_at == changed_at)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def send_waiting(*, assignment_id: int | None = None, student_id: int | None = None, limit: int = 500,
                 now: datetime | None = None) -> SendReport:
    """Send the waiting scores that are due (of one assignment or student, when given); commits each.

    A platform that fails once is left alone for the rest of the run (its other rows wait their
    turn), so a page that sends opportunistically waits for one timeout at most per platform.
    """
    now = now or utcnow()
    query = (
        select(LtiGradeSend)
        .join(LtiResourceLink, LtiResourceLink.id == LtiGradeSend.resource_link_id)
        .where(LtiGradeSend.status == WAITING, LtiGradeSend.next_try_at <= now)
        .order_by(LtiGradeSend.next_try_at, LtiGradeSend.id)
        .limit(limit)
    )
    if assignment_id is not None:
        query = query.where(LtiResourceLink.assignment_id == assignment_id)
    if student_id is not None:
        query = query.where(LtiGradeSend.student_id == student_id)
    report, tokens, down = SendReport(), dict[int, str](), set[int]()
    for row_id in [row.id for row in db.session.scalars(query)]:
        row = db.session.get(LtiGradeSend, row_id)
        if row is None:
            continue
        link = row.resource_link
        context = db.session.get_one(LtiContext, link.context_id)
        assignment = db.session.get(Assignment, link.assignment_id) if link.assignment_id else None
        if context.platform_id in down:
            continue
        changed_at, tries = row.changed_at, row.tries
        if assignment is not None and (until := held_until(assignment, now)) is not None:
            _record(row_id, changed_at, {"next_try_at": until, "last_error": "held until students may see scores"})
            report.held += 1
            continue
        if not _claim(row_id, now):
            continue  # another sender has it
        platform = db.session.get_one(LtiPlatform, context.platform_id)
        try:
            token = tokens.get(platform.id) or access_token(platform)
            tokens[platform.id] = token
            score = _send_one(db.session.get_one(LtiGradeSend, row_id), token, now)
        except PlatformError as error:
            down.add(platform.id)
            message = str(error)[:300]
            _record(row_id, changed_at, {"tries": tries + 1, "next_try_at": now + _backoff(tries),
                                         "last_error": message})
            report.failed += 1
            report.errors.append(message)
            continue
        earned, possible = score if score is not None else (None, None)
        _record(row_id, changed_at, {"status": SENT, "tries": tries + 1, "sent_at": now, "last_error": None,
                                     "sent_earned": earned, "sent_possible": possible})
        report.sent += 1
    return report


def send_statuses(assignment_id: int) -> dict[int, LtiGradeSend]:
    """Each LTI student's send row for the assignment (the teacher's gradebook shows sent or waiting)."""
    rows = db.session.scalars(
        select(LtiGradeSend)
        .join(LtiResourceLink, LtiResourceLink.id == LtiGradeSend.resource_link_id)
        .where(LtiResourceLink.assignment_id == assignment_id)
        .order_by(LtiGradeSend.id)
    )
    statuses: dict[int, LtiGradeSend] = {}
    for row in rows:
        kept = statuses.get(row.student_id)
        if kept is None or row.status == WAITING:  # linked twice: waiting anywhere shows
            statuses[row.student_id] = row
    return statuses


def waiting_count() -> int:
    """How many scores are waiting to be sent, over every platform."""
    return db.session.scalar(select(func.count(LtiGradeSend.id)).where(LtiGradeSend.status == WAITING)) or 0
