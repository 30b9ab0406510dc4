"""OIDC login initiation and the signed launch: every check a launch must pass before anyone is signed in.

The flow (LTI 1.3 core, section 5.1, over OpenID Connect's implicit flow):

1. The LMS sends the browser to ``/lti/login`` with its issuer and a login hint. quizapp stores a
   fresh ``state`` and ``nonce`` in the database and sends the browser to the LMS's authorisation
   endpoint with them; it also sets a cookie holding the state on this browser.
2. The LMS posts a signed ``id_token`` and the ``state`` to ``/lti/launch``. :func:`verify_launch`
   takes the state from the database (once: it is deleted), checks the browser's state cookie, the
   token's RS256 signature against the platform's published keys, issuer, audience (and ``azp``),
   expiry and issue time, the nonce (the one stored with the state, never used before), the
   deployment id and the LTI claims. Anything wrong raises :class:`LaunchError` with what to tell
   the user; nothing is created.
3. The launch answers with a redirect to ``/lti/enter`` and a one-time ticket
   (:func:`take_sign_in`): the browser's own session cookie comes with that GET, so the sign-in is
   added to its session instead of replacing it.
"""

from __future__ import annotations

import base64
import json
import secrets
import urllib.parse
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from joserfc import jwt
from joserfc.errors import JoseError
from sqlalchemy import delete
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError

from quizapp.db import db
from quizapp.lti.http import PlatformError
from quizapp.lti.keys import ALGORITHM
from quizapp.lti.models import LtiLoginState, LtiPlatform, LtiSignIn, LtiUsedNonce
from quizapp.lti.platforms import find_platform, knows_deployment, platform_keys
from quizapp.models import utcnow

LOGIN_LIFETIME = timedelta(minutes=10)  # from /lti/login to /lti/launch: the LMS answers in seconds
NONCES_KEPT = timedelta(days=2)  # far longer than any launch token lives (the platforms give minutes)
CLOCK_LEEWAY_SECONDS = 60
MAX_TOKEN_LENGTH = 64 * 1024
STATE_COOKIE = "lti_state"

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DEEP_LINKING_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
INSTRUCTOR_ROLES = frozenset({
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator",
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
    "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
})
LEARNER_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


class LaunchError(Exception):
    """A login or launch refused; the message is for the person in front of the LMS."""


@dataclass(frozen=True)
class Launch:
    """A launch that passed every check: the platform and the token's claims."""

    platform: LtiPlatform
    claims: dict[str, Any]

    def claim(self, name: str) -> Any:
        """An LTI claim by its short name (``context``, ``roles``, ``resource_link``...)."""
        return self.claims.get(CLAIM + name)

    @property
    def message_type(self) -> str:
        """LtiResourceLinkRequest or LtiDeepLinkingRequest."""
        return str(self.claim("message_type"))

    @property
    def sub(self) -> str:
        """The LMS's id of the user (never their typed name)."""
        return str(self.claims["sub"])

    @property
    def is_instructor(self) -> bool:
        """Whether the user launched as a teacher (instructor, content developer or administrator)."""
        roles = self.claim("roles") or []
        return any(role in INSTRUCTOR_ROLES for role in roles)

    @property
    def display_name(self) -> str:
        """The user's name as the LMS gives it (for lists; identity is :attr:`sub`)."""
        name = self.claims.get("name") or " ".join(
            str(self.claims.get(part) or "") for part in ("given_name", "family_name")
        )
        return " ".join(str(name).split())

    @property
    def context(self) -> dict[str, Any]:
        """The course: ``id`` and, usually, ``title`` and ``label``."""
        return self.claim("context") or {}


def start_login(params: dict[str, str], launch_url: str) -> tuple[str, str]:
    """Begin an OIDC login from the platform's parameters: the URL to send the browser to, and the state.

    Raises :class:`LaunchError` for an issuer (and client id) nobody registered. Commits the state.
    """
    issuer, hint = params.get("iss", ""), params.get("login_hint", "")
    if not issuer or not hint:
        raise LaunchError("This LTI login lacks the platform's issuer or login hint.")
    platform = find_platform(issuer, params.get("client_id") or None)
    if platform is None:
        raise LaunchError("This LMS is not registered with quizapp. Ask whoever runs quizapp to add it.")
    _forget_old_logins()
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    db.session.add(LtiLoginState(state=state, nonce=nonce, platform_id=platform.id))
    db.session.commit()
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": launch_url,
        "login_hint": hint,
        "state": state,
        "nonce": nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if urllib.parse.urlsplit(platform.auth_url).query else "?"
    return f"{platform.auth_url}{separator}{urllib.parse.urlencode(query)}", state


def _forget_old_logins() -> None:
    """Drop logins never completed and nonces too old to matter (their tokens expired long ago)."""
    now = utcnow()
    db.session.execute(delete(LtiLoginState).where(LtiLoginState.created_at < now - LOGIN_LIFETIME))
    db.session.execute(delete(LtiUsedNonce).where(LtiUsedNonce.used_at < now - NONCES_KEPT))


def _take_state(state: str) -> LtiLoginState:
    """The stored login for ``state``, deleted in the same step so that it serves one launch only."""
    stored = db.session.get(LtiLoginState, state) if state and len(state) <= 64 else None
    if stored is None:
        raise LaunchError("This launch has expired or was used already. Open the activity again from your course.")
    platform_id, nonce, created = stored.platform_id, stored.nonce, stored.created_at
    taken = cast(CursorResult, db.session.execute(delete(LtiLoginState).where(LtiLoginState.state == state)))
    db.session.commit()
    if taken.rowcount != 1:  # another request took it a moment ago
        raise LaunchError("This launch has expired or was used already. Open the activity again from your course.")
    if utcnow() - created > LOGIN_LIFETIME:
        raise LaunchError("This launch took too long. Open the activity again from your course.")
    return LtiLoginState(state=state, nonce=nonce, platform_id=platform_id, created_at=created)


def _header(token: str) -> dict[str, Any]:
    try:
        header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    except (ValueError, IndexError):
        header = None
    if not isinstance(header, dict):
        raise LaunchError("The LMS's launch message is not a signed token.")
    return header


def _check_claims(claims: dict[str, Any], platform: LtiPlatform, nonce: str) -> None:
    registry = jwt.JWTClaimsRegistry(
        leeway=CLOCK_LEEWAY_SECONDS,
        iss={"essential": True, "value": platform.issuer},
        aud={"essential": True, "value": platform.client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as error:
        raise LaunchError(f"The launch was refused: {error.description or error.error}.") from None
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != platform.client_id:
        raise LaunchError("The launch was refused: it is meant for another tool (azp).")
    if not isinstance(claims["sub"], str) or not claims["sub"] or len(claims["sub"]) > 255:
        raise LaunchError("The launch was refused: it names no user.")


def _check_lti_claims(launch: Launch) -> None:
    if launch.claim("version") != "1.3.0":
        raise LaunchError("The launch was refused: quizapp speaks LTI 1.3.0 only.")
    if not knows_deployment(launch.platform, launch.claim("deployment_id")):
        raise LaunchError("The launch was refused: this deployment of quizapp is not registered.")
    if launch.message_type not in {RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST}:
        raise LaunchError("The launch was refused: quizapp does not handle this kind of LTI message.")
    if not isinstance(launch.claim("roles"), list):
        raise LaunchError("The launch was refused: it gives no roles.")
    context_id = launch.context.get("id") if isinstance(launch.context, dict) else None
    if not isinstance(context_id, str) or not context_id or len(context_id) > 255:
        raise LaunchError("Open quizapp from inside a course: this launch names no course.")
    if launch.message_type == RESOURCE_LINK_REQUEST:
        link = launch.claim("resource_link")
        if not isinstance(link, dict) or not isinstance(link.get("id"), str) or not 0 < len(link["id"]) <= 255:
            raise LaunchError("The launch was refused: it names no activity (resource link).")
    elif not isinstance(launch.claims.get(DEEP_LINKING_CLAIM), dict):
        raise LaunchError("The launch was refused: it gives no deep linking settings.")


def verify_launch(id_token: str, state: str, state_cookie: str | None, *, secure: bool) -> Launch:
    """Check a posted launch completely; the :class:`Launch`, or :class:`LaunchError` saying why not.

    ``state_cookie`` is the state this browser was given at login. Over HTTPS it must be there and
    match: a launch started in another browser (someone else's login pushed at this one) is refused.
    Over plain HTTP browsers drop a cross-site cookie, so the single-use state in the database is
    the check there (see the README: LTI wants HTTPS).
    """
    stored = _take_state(state)
    if state_cookie is not None and not secrets.compare_digest(state_cookie.encode(), state.encode()):
        raise LaunchError("This launch was started in another browser window. Open the activity again.")
    if state_cookie is None and secure:
        raise LaunchError("This browser did not keep quizapp's login cookie. Open the activity again, in a new window.")
    if not id_token or len(id_token) > MAX_TOKEN_LENGTH:
        raise LaunchError("The LMS's launch message is missing or too long.")
    platform = db.session.get(LtiPlatform, stored.platform_id)
    if platform is None:
        raise LaunchError("This LMS is no longer registered with quizapp.")
    header = _header(id_token)
    if header.get("alg") != ALGORITHM:
        raise LaunchError("The launch was refused: it is not signed with RS256.")
    try:
        keys = platform_keys(platform, header.get("kid"))
    except PlatformError:
        raise LaunchError("quizapp could not read the LMS's public keys, so it cannot check this launch.") from None
    try:
        token = jwt.decode(id_token, keys, algorithms=[ALGORITHM])
    except (JoseError, ValueError, TypeError):
        raise LaunchError("The launch was refused: its signature does not check out.") from None
    _check_claims(token.claims, platform, stored.nonce)
    try:
        db.session.add(LtiUsedNonce(platform_id=platform.id, nonce=stored.nonce))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise LaunchError("The launch was refused: this launch message was used already.") from None
    launch = Launch(platform, token.claims)
    _check_lti_claims(launch)
    return launch


SIGN_IN_LIFETIME = timedelta(minutes=1)  # from the launch's redirect to the browser's next request


def take_sign_in(ticket: str) -> LtiSignIn | None:
    """The sign-in waiting under ``ticket``, deleted as it is read (once only); None if unknown or stale."""
    stored = db.session.get(LtiSignIn, ticket) if ticket and len(ticket) <= 64 else None
    if stored is None:
        return None
    found = LtiSignIn(ticket=stored.ticket, teacher_id=stored.teacher_id, student_id=stored.student_id,
                      target=stored.target, carried=stored.carried, created_at=stored.created_at)
    taken = cast(CursorResult, db.session.execute(delete(LtiSignIn).where(LtiSignIn.ticket == ticket)))
    db.session.execute(delete(LtiSignIn).where(LtiSignIn.created_at < utcnow() - SIGN_IN_LIFETIME))
    db.session.commit()
    if taken.rowcount != 1 or utcnow() - found.created_at > SIGN_IN_LIFETIME:
        return None
    return found
