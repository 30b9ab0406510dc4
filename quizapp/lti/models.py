"""The LTI 1.3 tables: platforms, the tool's keys, launches in flight, who is who, and grades to send.

Everything an LTI launch or a grade send needs between requests lives here, not in process memory,
so any number of workers and hosts serve LTI together. Existing tables get no new columns: LMS
courses, users and links point at classes, students, teachers and assignments from tables of their own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.db import db
from quizapp.models import UTCDateTime, utcnow


class LtiPlatform(db.Model):
    """An LMS registered by the school (``quizapp lti add-platform``): who it is and where to reach it."""

    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    jwks_url: Mapped[str] = mapped_column(String(500))
    auth_url: Mapped[str] = mapped_column(String(500))  # OIDC authorisation endpoint
    token_url: Mapped[str] = mapped_column(String(500))  # OAuth 2 token endpoint (grades)
    # The platform's public keys as last fetched (JSON), so every worker checks launches without a fetch.
    jwks_json: Mapped[str | None] = mapped_column(Text)
    jwks_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    deployments: Mapped[list[LtiDeployment]] = relationship(cascade="all, delete-orphan")


class LtiDeployment(db.Model):
    """A deployment id the platform may launch with (one platform may deploy the tool several times)."""

    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), index=True)
    deployment_id: Mapped[str] = mapped_column(String(255))


class LtiKey(db.Model):
    """The tool's RSA key pair (PEM), made on first use; every one is published at /lti/jwks.json."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LtiLoginState(db.Model):
    """An OIDC login in flight: the ``state`` sent to the platform and the ``nonce`` the token must carry.

    Deleted when the launch uses it (one launch per login), refused once older than a few minutes.
    """

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64))
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class LtiSignIn(db.Model):
    """A launch that passed, waiting for the browser to come back with its ticket and be signed in.

    The launch is a cross-site POST, which does not carry the session cookie (SameSite=Lax): a session
    set in its answer would replace the browser's own (the classes it joined, a teacher's login). So
    the launch answers with a redirect to ``/lti/enter?ticket=...``, a top-level GET that does carry
    the cookie, and the sign-in happens there, once, within a minute.
    """

    ticket: Mapped[str] = mapped_column(String(64), primary_key=True)
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"))
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(String(300))
    # What the signed-in session carries on: deep linking's settings, a message to show.
    carried: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class LtiUsedNonce(db.Model):
    """A nonce a launch has used: the primary key refuses the same signed token a second time."""

    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(255), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class LtiContext(db.Model):
    """An LMS course, and the quizapp class made for it at its first launch."""

    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), index=True)
    context_id: Mapped[str] = mapped_column(String(255))
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    # Names and Role Provisioning Services: where the course's members are listed, if the LMS offers it.
    memberships_url: Mapped[str | None] = mapped_column(String(500))


class LtiInstructor(db.Model):
    """An LMS user who launched as an instructor, and the teacher account linked to them."""

    __table_args__ = (UniqueConstraint("platform_id", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), index=True)
    sub: Mapped[str] = mapped_column(String(255))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)


class LtiLearner(db.Model):
    """An LMS user who launched as a learner in one course: the student record, found by ``sub`` alone."""

    __table_args__ = (UniqueConstraint("platform_id", "sub", "classroom_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), index=True)
    sub: Mapped[str] = mapped_column(String(255))
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), unique=True)


class LtiResourceLink(db.Model):
    """An activity placed in an LMS course, the assignment it opens, and where its grades go (AGS)."""

    __table_args__ = (UniqueConstraint("context_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("lti_context.id", ondelete="CASCADE"), index=True)
    resource_link_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(200), default="")
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"), index=True)
    lineitem_url: Mapped[str | None] = mapped_column(String(500))
    scopes: Mapped[str] = mapped_column(Text, default="")  # the AGS scopes the platform granted, space-separated

    context: Mapped[LtiContext] = relationship()


class LtiGradeSend(db.Model):
    """A student's score for an LTI-linked assignment that the LMS must hear about.

    One row per link and student. Submitting or regrading marks it ``waiting``; a send reads the
    student's counted (best) score at that moment, so a retry never sends a stale score, and only a
    send the platform acknowledged marks it ``sent``. Failures wait ``next_try_at`` (backing off).
    """

    __table_args__ = (UniqueConstraint("resource_link_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_link_id: Mapped[int] = mapped_column(ForeignKey("lti_resource_link.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    sub: Mapped[str] = mapped_column(String(255))  # the LMS's user id the score is for
    status: Mapped[str] = mapped_column(String(10), default="waiting")  # waiting or sent
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(String(300))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_earned: Mapped[float | None] = mapped_column(Float)
    sent_possible: Mapped[float | None] = mapped_column(Float)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    resource_link: Mapped[LtiResourceLink] = relationship()
