"""Deep Linking 2.0: the teacher picks an assignment inside the LMS, and quizapp answers with a signed link.

The deep linking launch's settings (where to send the answer, the platform's opaque ``data``) are
kept in the teacher's signed session between the launch and the teacher's choice; the answer is a
JWT signed with the tool's key, which the browser posts back to the LMS.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from quizapp.lti import keys
from quizapp.lti.http import checked_url
from quizapp.lti.launch import CLAIM, DEEP_LINKING_CLAIM, Launch, LaunchError
from quizapp.lti.models import LtiPlatform
from quizapp.lti.provisioning import CUSTOM_ASSIGNMENT
from quizapp.models import Assignment

SESSION_KEY = "lti_deep_link"
RESOURCE_LINK_TYPE = "ltiResourceLink"


def settings_of(launch: Launch, classroom_id: int) -> dict[str, Any]:
    """What the reply to this deep linking launch needs later, small enough for the session cookie."""
    settings = launch.claims[DEEP_LINKING_CLAIM]
    try:
        return_url = checked_url(str(settings.get("deep_link_return_url") or ""))
    except ValueError:
        raise LaunchError("The LMS gave no https:// address to return the chosen activity to.") from None
    if RESOURCE_LINK_TYPE not in (settings.get("accept_types") or []):
        raise LaunchError("This LMS does not accept links to activities here.")
    return {
        "platform_id": launch.platform.id,
        "deployment_id": launch.claim("deployment_id"),
        "return_url": return_url,
        "data": settings.get("data"),
        "classroom_id": classroom_id,
    }


def response_token(platform: LtiPlatform, saved: dict[str, Any], assignment: Assignment, launch_url: str,
                   points: float) -> str:
    """The signed LtiDeepLinkingResponse placing ``assignment`` as a gradable activity in the course."""
    now = int(time.time())
    item = {
        "type": RESOURCE_LINK_TYPE,
        "title": assignment.title,
        "url": launch_url,
        "custom": {CUSTOM_ASSIGNMENT: str(assignment.id)},
        "lineItem": {"scoreMaximum": points if points > 0 else 1, "label": assignment.title},
    }
    claims = {
        "iss": platform.client_id,
        "aud": [platform.issuer],
        "iat": now,
        "exp": now + 600,
        "nonce": secrets.token_urlsafe(16),
        CLAIM + "message_type": "LtiDeepLinkingResponse",
        CLAIM + "version": "1.3.0",
        CLAIM + "deployment_id": saved["deployment_id"],
        "https://purl.imsglobal.org/spec/lti-dl/claim/content_items": [item],
    }
    if saved.get("data") is not None:
        claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] = saved["data"]
    return keys.sign(claims)
