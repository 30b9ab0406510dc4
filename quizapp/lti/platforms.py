"""The registry of platforms (LMSs) the school trusts, and their public keys.

A platform is registered once by the teacher or IT person (``quizapp lti add-platform``) with what
its LTI 1.3 registration page shows: issuer, client id, deployment id, keyset URL, authorisation
and token endpoints. Its keys are fetched when a launch names a key not yet seen (a platform
rotating its keys) and kept in the database, so that every worker checks launches against them.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import select

from quizapp.db import db
from quizapp.lti.http import PlatformError, checked_url, request_json
from quizapp.lti.models import LtiDeployment, LtiPlatform
from quizapp.models import utcnow

# A launch naming an unknown key fetches the keys again, but no more often than this, so a stream
# of forged tokens with made-up key ids cannot make quizapp hammer the platform.
REFETCH_AFTER = timedelta(minutes=1)
FIELD_MAX_LENGTH = 255


class RegistrationError(ValueError):
    """A platform cannot be registered as given; the message says which value is wrong."""


def _text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > FIELD_MAX_LENGTH or any(ord(ch) < 32 for ch in value):
        raise RegistrationError(f"the {what} must be one line of at most {FIELD_MAX_LENGTH} characters")
    return value


def add_platform(
    *, issuer: str, client_id: str, deployment_id: str, jwks_url: str, auth_url: str, token_url: str, name: str = ""
) -> LtiPlatform:
    """Register a platform, or add a deployment to one registered before (same issuer and client id).

    Raises :class:`RegistrationError` for a value that is empty, not one line, or not an https URL
    (plain http is allowed to 127.0.0.1 only). The caller commits.
    """
    issuer, client_id = _text(issuer, "issuer"), _text(client_id, "client id")
    deployment_id = _text(deployment_id, "deployment id")
    urls = {}
    for what, url in (("keyset URL", jwks_url), ("authorisation URL", auth_url), ("token URL", token_url)):
        try:
            urls[what] = checked_url(_text(url, what))
        except ValueError:
            raise RegistrationError(f"the {what} must be an https:// address") from None
    platform = find_platform(issuer, client_id)
    if platform is None:
        platform = LtiPlatform(issuer=issuer, client_id=client_id, name=(name or issuer).strip()[:120])
        db.session.add(platform)
    platform.jwks_url = urls["keyset URL"]
    platform.auth_url = urls["authorisation URL"]
    platform.token_url = urls["token URL"]
    if deployment_id not in {d.deployment_id for d in platform.deployments}:
        platform.deployments.append(LtiDeployment(deployment_id=deployment_id))
    db.session.flush()
    return platform


def find_platform(issuer: str, client_id: str | None = None) -> LtiPlatform | None:
    """The platform registered with this issuer (and client id, when given; else the only one)."""
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        return db.session.scalar(query.where(LtiPlatform.client_id == client_id))
    found = db.session.scalars(query.limit(2)).all()
    return found[0] if len(found) == 1 else None


def knows_deployment(platform: LtiPlatform, deployment_id: object) -> bool:
    """Whether the platform registered this deployment id."""
    return isinstance(deployment_id, str) and any(d.deployment_id == deployment_id for d in platform.deployments)


def _fetch_keys(platform: LtiPlatform) -> None:
    document = request_json(platform.jwks_url)
    try:
        KeySet.import_key_set(document)
    except (JoseError, TypeError, ValueError, KeyError):
        raise PlatformError(f"{platform.jwks_url} is not a JSON Web Key Set") from None
    platform.jwks_json = json.dumps(document)
    platform.jwks_fetched_at = utcnow()
    db.session.commit()


def _key_ids(document: dict[str, Any]) -> set[Any]:
    return {key.get("kid") for key in document.get("keys", []) if isinstance(key, dict)}


def platform_keys(platform: LtiPlatform, kid: object) -> KeySet:
    """The platform's keys, fetched again first when ``kid`` is not among those kept (rate-limited).

    Raises :class:`PlatformError` when the platform's keyset cannot be had.
    """
    kept = json.loads(platform.jwks_json) if platform.jwks_json else None
    if kept is None or kid not in _key_ids(kept):
        fetched = platform.jwks_fetched_at
        if kept is None or fetched is None or utcnow() - fetched > REFETCH_AFTER:
            _fetch_keys(platform)
            kept = json.loads(platform.jwks_json or "{}")
    return KeySet.import_key_set(kept)
