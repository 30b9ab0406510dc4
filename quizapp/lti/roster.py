"""Names and Role Provisioning Services: the course's learners from the LMS, before they have launched.

With the class list fetched, the gradebook lists every learner of the course (those who have not
opened the quiz yet as "Not started"), each as the student record their first launch will find:
learners are matched by their LMS user id, exactly as launches match them.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.db import db
from quizapp.lti.grades import access_token
from quizapp.lti.http import PlatformError, get_pages
from quizapp.lti.launch import LEARNER_ROLE
from quizapp.lti.models import LtiContext, LtiPlatform
from quizapp.lti.provisioning import student_for
from quizapp.models import Classroom

NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEMBERSHIP_MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


@dataclass(frozen=True)
class RosterReport:
    """Learners listed by the LMS, and how many of them quizapp had no record of."""

    learners: int
    added: int


def _learners(document: object) -> list[tuple[str, str]]:
    """(user id, name) of each active learner on one page of the membership container."""
    members = document.get("members") if isinstance(document, dict) else None
    found = []
    for member in members if isinstance(members, list) else []:
        if not isinstance(member, dict) or member.get("status", "Active") != "Active":
            continue
        roles = member.get("roles")
        roles = roles if isinstance(roles, list) else []
        if LEARNER_ROLE not in roles and "Learner" not in roles:
            continue
        user_id = member.get("user_id")
        if isinstance(user_id, str) and 0 < len(user_id) <= 255:
            name = member.get("name") or f"{member.get('given_name') or ''} {member.get('family_name') or ''}"
            found.append((user_id, " ".join(str(name).split())))
    return found


def sync_roster(context: LtiContext) -> RosterReport:
    """Fetch the course's members and make a student record for each learner not known yet; commits.

    Raises :class:`PlatformError` when the LMS cannot be asked (nothing is changed then).
    """
    if not context.memberships_url:
        raise PlatformError("this course's LMS offers no class list (Names and Role Provisioning Services)")
    platform = db.session.get_one(LtiPlatform, context.platform_id)
    token = access_token(platform, NRPS_SCOPE)
    pages = get_pages(context.memberships_url, accept=MEMBERSHIP_MEDIA_TYPE, token=token)
    classroom = db.session.get_one(Classroom, context.classroom_id)
    before = len(classroom.students)
    learners = dict(pair for page in pages for pair in _learners(page))
    for user_id, name in learners.items():
        student_for(platform.id, user_id, name, classroom)
    db.session.commit()
    db.session.refresh(classroom)
    return RosterReport(len(learners), len(classroom.students) - before)
