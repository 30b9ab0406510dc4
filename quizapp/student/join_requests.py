"""Asking the teacher to let a device in as a student the class already has, and the teacher's answer.

The device that asks keeps a random secret in its session; the request keeps only its SHA-256, so
the database alone lets nobody in and another device cannot use the approval. Using an approval and
answering a request are conditional UPDATEs: two pages at once, or an approval racing a refusal,
settle on one outcome.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import session
from sqlalchemy import update

from quizapp.db import db
from quizapp.models import JoinRequest, JoinStatus, Student, utcnow
from quizapp.names import name_key
from quizapp.student.identity import JoinError, clean_name, mark_joined, open_classroom, remember, students_named

REQUESTS_KEY = "join_requests"
# Requests this device waits on at once, and how long a teacher has to answer one.
MAX_REQUESTS = 4
REQUEST_LIFETIME = timedelta(hours=12)
# An approval is for the student in front of the teacher now: unused after this long, it lapses.
APPROVAL_LIFETIME = timedelta(minutes=30)


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def ask_to_join(code: str, name: str, pin: str | None) -> JoinRequest:
    """Ask the teacher to let this device in as the student called ``name``; the device keeps the secret.

    Asking twice for the same student gives the same waiting request. Raises :class:`JoinError` like
    :func:`join_class` (and for a name nobody has: that student simply joins). The caller commits.
    """
    classroom = open_classroom(code, pin)
    if classroom.roster_locked:
        raise JoinError(
            "student_code", "This class needs your student code: it is on the card from your teacher.", guess=False
        )
    named = students_named(classroom, name_key(clean_name(name)))
    if not named:
        raise JoinError("name", "Nobody in this class has that name yet: press Join to join as a new student.")
    student = named[0]
    for request in _remembered_requests():
        if request.student_id == student.id and request.status is JoinStatus.WAITING:
            return request
    secret = secrets.token_urlsafe(24)
    request = JoinRequest(student=student, secret_hash=_secret_hash(secret))
    db.session.add(request)
    db.session.flush()
    entries = [e for e in _request_entries() if e["id"] != request.id]
    session[REQUESTS_KEY] = [*entries, {"id": request.id, "secret": secret}][-MAX_REQUESTS:]
    session.permanent = True
    return request


def _request_entries() -> list[dict[str, Any]]:
    entries = session.get(REQUESTS_KEY)
    if not isinstance(entries, list):
        return []
    return [
        e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), int) and isinstance(e.get("secret"), str)
    ]


def _remembered_requests() -> list[JoinRequest]:
    """This device's requests that exist and that its secrets prove it made."""
    found = []
    for entry in _request_entries():
        request = db.session.get(JoinRequest, entry["id"])
        if request is not None and secrets.compare_digest(request.secret_hash, _secret_hash(entry["secret"])):
            found.append(request)
    return found


def request_expired(request: JoinRequest, now: datetime | None = None) -> bool:
    """Whether a waiting request is too old for the teacher to answer."""
    return request.created_at + REQUEST_LIFETIME <= (now or utcnow())


@dataclass(frozen=True)
class RequestState:
    """One of this device's requests, as its waiting page shows it."""

    request: JoinRequest
    status: JoinStatus
    expired: bool


def settle_requests(now: datetime | None = None) -> list[RequestState]:
    """This device's requests: approved ones sign it in (once), answered and expired ones are forgotten.

    Returns what each request was when looked at. Using an approval is one conditional UPDATE, so
    two pages opened at once with a copied cookie sign in once. The caller commits.
    """
    now = now or utcnow()
    states, still_waiting = [], []
    for request in _remembered_requests():
        status = request.status
        expired = status is JoinStatus.WAITING and request_expired(request, now)
        if status is JoinStatus.APPROVED:
            lapsed = request.decided_at is None or request.decided_at + APPROVAL_LIFETIME <= now
            if lapsed or not _move(request, JoinStatus.APPROVED, JoinStatus.USED):
                status, expired = JoinStatus.WAITING, True  # shown as "did not answer in time": ask again
            else:
                remember(mark_joined(request.student))
        elif status is JoinStatus.WAITING and not expired:
            still_waiting.append(request.id)
        states.append(RequestState(request, status, expired))
    session[REQUESTS_KEY] = [e for e in _request_entries() if e["id"] in still_waiting]
    return states


def forget_requests() -> None:
    """Drop this device's requests (signing out: the next person at a shared computer must not inherit them)."""
    session.pop(REQUESTS_KEY, None)


def _move(request: JoinRequest, before: JoinStatus, after: JoinStatus, now: datetime | None = None) -> bool:
    """Change the request's status only if it is still ``before`` (one UPDATE): True if this call changed it."""
    values: dict[str, Any] = {"status": after}
    if now is not None:
        values["decided_at"] = now
    result = db.session.execute(
        update(JoinRequest).where(JoinRequest.id == request.id, JoinRequest.status == before).values(**values)
    )
    db.session.refresh(request)
    return getattr(result, "rowcount", 0) == 1


def decide_request(request: JoinRequest, approve: bool, now: datetime | None = None) -> bool:
    """The teacher's answer to a waiting request; False for one expired or answered already. Caller commits."""
    now = now or utcnow()
    if request_expired(request, now):
        return False
    return _move(request, JoinStatus.WAITING, JoinStatus.APPROVED if approve else JoinStatus.REJECTED, now)


def withdraw_requests(student: Student) -> None:
    """Refuse every waiting or approved, unused request to join as ``student`` (a new code was given).

    The caller commits.
    """
    db.session.execute(
        update(JoinRequest)
        .where(
            JoinRequest.student_id == student.id,
            JoinRequest.status.in_((JoinStatus.WAITING, JoinStatus.APPROVED)),
        )
        .values(status=JoinStatus.REJECTED)
    )
