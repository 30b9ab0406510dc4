"""From a verified launch to quizapp's own things: the course's class, the user's account, the link's assignment.

* The LMS course (``context``) maps to one class, created at the first instructor launch and owned
  by that instructor's teacher account. A learner launching into a course no instructor has opened
  yet is asked to wait: a class needs its teacher.
* An instructor maps to a teacher account (made at their first launch) by the LMS's user id,
  ``sub``; a learner to a student record of that class by ``sub`` alone, never by the typed name, so
  two learners called "Sam Lee" are two students and a renamed learner stays the same one.
* The activity (``resource_link``) maps to an assignment of the class: chosen by the teacher at
  the link's first launch, or given by deep linking. Its AGS line item is kept up to date from
  every launch.

Concurrent first launches (a whole class clicking at once) race on unique keys: the loser reads the
winner's row.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.db import db
from quizapp.lti.launch import AGS_CLAIM, Launch, LaunchError
from quizapp.lti.models import LtiContext, LtiInstructor, LtiLearner, LtiResourceLink
from quizapp.models import Assignment, Classroom, Student, Teacher, utcnow
from quizapp.names import name_key
from quizapp.posted import posted_id
from quizapp.student.identity import JoinError, clean_name
from quizapp.teacher.accounts import hash_password
from quizapp.teacher.classes import create_classroom

T = TypeVar("T")
CUSTOM_ASSIGNMENT = "quizapp_assignment"  # the custom parameter deep linking puts on the links it makes
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"


def _once(find: Callable[[], T | None], make: Callable[[], T]) -> T:
    """The row ``find`` returns, else the one ``make`` adds (in a savepoint); a racing insert's row wins."""
    found = find()
    if found is not None:
        return found
    try:
        with db.session.begin_nested():
            made = make()
            db.session.flush()
        return made
    except IntegrityError:
        raced = find()
        if raced is None:
            raise
        return raced


def _clean(name: str, fallback: str) -> str:
    try:
        return clean_name(name)
    except JoinError:
        return fallback


def instructor_account(launch: Launch) -> Teacher:
    """The teacher account linked to the launching instructor, made (with an unusable password) if new.

    The account's email is the one the LMS gives, unless another account has it (that account is
    never taken over: the LMS's word is not proof of owning it); then ``lti-<hash>@lti.invalid``, an
    address in a reserved domain that no mail reaches. Either way the teacher gets in through the LMS;
    ``quizapp set-password`` gives the account a password.
    """
    platform = launch.platform

    def find() -> Teacher | None:
        link = db.session.scalar(
            select(LtiInstructor).where(LtiInstructor.platform_id == platform.id, LtiInstructor.sub == launch.sub)
        )
        return db.session.get(Teacher, link.teacher_id) if link is not None else None

    def make() -> Teacher:
        email = str(launch.claims.get("email") or "").strip().lower()
        taken = db.session.scalar(select(Teacher.id).where(func.lower(Teacher.email) == email)) if email else None
        if not email or "@" not in email or len(email) > 254 or taken is not None:
            digest = hashlib.sha256(f"{platform.id}:{launch.sub}".encode()).hexdigest()[:20]
            email = f"lti-{digest}@lti.invalid"
        teacher = Teacher(email=email, name=_clean(launch.display_name, "LMS teacher")[:120],
                          password_hash=hash_password(secrets.token_urlsafe(32)))
        db.session.add(teacher)
        db.session.flush()
        db.session.add(LtiInstructor(platform_id=platform.id, sub=launch.sub, teacher_id=teacher.id))
        return teacher

    return _once(find, make)


def course_class(launch: Launch, teacher: Teacher | None) -> Classroom:
    """The class of the launch's course; made for ``teacher`` at the course's first instructor launch.

    Raises :class:`LaunchError` when a learner arrives before any instructor has opened the course.
    """
    platform, context_id = launch.platform, str(launch.context["id"])

    def find() -> LtiContext | None:
        return db.session.scalar(
            select(LtiContext).where(LtiContext.platform_id == platform.id, LtiContext.context_id == context_id)
        )

    def make() -> LtiContext:
        if teacher is None:
            raise LaunchError("Your teacher has not opened quizapp in this course yet. Try again after they have.")
        title = " ".join(str(launch.context.get("title") or launch.context.get("label") or "LMS course").split())
        classroom = create_classroom(teacher.id, title[:120] or "LMS course")
        context = LtiContext(platform_id=platform.id, context_id=context_id, classroom_id=classroom.id)
        db.session.add(context)
        return context

    context = _once(find, make)
    service = launch.claims.get(NRPS_CLAIM)
    url = service.get("context_memberships_url") if isinstance(service, dict) else None
    if isinstance(url, str) and 0 < len(url) <= 500:
        context.memberships_url = url
    return db.session.get_one(Classroom, context.classroom_id)


def learner_student(launch: Launch, classroom: Classroom) -> Student:
    """The student record of the launching learner in ``classroom``, found by the LMS's ``sub``."""
    return student_for(launch.platform.id, launch.sub, launch.display_name, classroom)


def student_for(platform_id: int, sub: str, display_name: str, classroom: Classroom) -> Student:
    """The student record of LMS user ``sub`` in ``classroom``, made (named ``display_name``) if new."""

    def find() -> Student | None:
        link = db.session.scalar(
            select(LtiLearner).where(
                LtiLearner.platform_id == platform_id, LtiLearner.sub == sub, LtiLearner.classroom_id == classroom.id,
            )
        )
        return db.session.get(Student, link.student_id) if link is not None else None

    def make() -> Student:
        name = _clean(display_name, "LMS student")
        student = Student(
            classroom_id=classroom.id,
            name=name,
            name_key=name_key(name),
            joined_at=utcnow(),  # its student code is the model's random default: no read before this write
        )
        db.session.add(student)
        db.session.flush()
        db.session.add(LtiLearner(platform_id=platform_id, sub=sub, classroom_id=classroom.id, student_id=student.id))
        return student

    return _once(find, make)


def resource_link(launch: Launch, classroom: Classroom) -> LtiResourceLink:
    """The launch's activity, its line item and title refreshed from the launch's claims."""
    platform, context_id = launch.platform, str(launch.context["id"])
    context = db.session.scalar(
        select(LtiContext).where(LtiContext.platform_id == platform.id, LtiContext.context_id == context_id)
    )
    if context is None:  # course_class made it first
        raise LaunchError("This course has no class in quizapp yet.")
    claim = launch.claim("resource_link") or {}
    link_id = str(claim["id"])

    def find() -> LtiResourceLink | None:
        return db.session.scalar(
            select(LtiResourceLink).where(
                LtiResourceLink.context_id == context.id, LtiResourceLink.resource_link_id == link_id
            )
        )

    def make() -> LtiResourceLink:
        link = LtiResourceLink(context_id=context.id, resource_link_id=link_id)
        db.session.add(link)
        return link

    link = _once(find, make)
    link.title = " ".join(str(claim.get("title") or "").split())[:200]
    ags = launch.claims.get(AGS_CLAIM)
    if isinstance(ags, dict):
        scopes = [s for s in ags.get("scope") or [] if isinstance(s, str)]
        link.scopes = " ".join(scopes)[:2000]
        if isinstance(ags.get("lineitem"), str) and len(ags["lineitem"]) <= 500:
            link.lineitem_url = ags["lineitem"]
    if link.assignment_id is None:
        link.assignment_id = _deep_linked_assignment(launch, classroom)
    return link


def _deep_linked_assignment(launch: Launch, classroom: Classroom) -> int | None:
    """The assignment a deep-linked activity names in its custom parameters, if it is this class's."""
    custom = launch.claim("custom")
    wanted = custom.get(CUSTOM_ASSIGNMENT) if isinstance(custom, dict) else None
    number = posted_id(wanted)
    if number is None:
        return None
    assignment = db.session.get(Assignment, number)
    return assignment.id if assignment is not None and assignment.classroom_id == classroom.id else None


def link_assignment(link: LtiResourceLink, assignment: Assignment) -> None:
    """Make ``link`` open ``assignment`` (which must be of the link's class). Caller commits."""
    if assignment.classroom_id != link.context.classroom_id:
        raise ValueError("the assignment is not of this course's class")
    link.assignment_id = assignment.id

