"""The tool's own keys: made on first use, kept in the database, published at /lti/jwks.json.

Platforms check the tool's signed messages (the client assertion that asks for a grade token, deep
linking replies) against the published keys. The keys are in the database so that every worker and
host signs with the same one; two workers making the first key at the same moment both publish
theirs, and everyone signs with the older, so nothing disagrees.
"""

from __future__ import annotations

import secrets
from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from sqlalchemy import select

from quizapp.db import db
from quizapp.lti.models import LtiKey

ALGORITHM = "RS256"  # the one algorithm LTI 1.3 requires of every platform and tool
KEY_SIZE = 2048


def _stored_keys() -> list[LtiKey]:
    return list(db.session.scalars(select(LtiKey).order_by(LtiKey.created_at, LtiKey.id)))


def ensure_key() -> LtiKey:
    """The key the tool signs with, made and committed if there is none yet."""
    keys = _stored_keys()
    if keys:
        return keys[0]
    key = RSAKey.generate_key(KEY_SIZE)
    stored = LtiKey(kid=secrets.token_urlsafe(16), private_pem=key.as_pem(private=True).decode("ascii"))
    db.session.add(stored)
    db.session.commit()
    return _stored_keys()[0]


def _rsa_key(stored: LtiKey) -> RSAKey:
    return RSAKey.import_key(stored.private_pem, {"kid": stored.kid, "use": "sig", "alg": ALGORITHM})


def public_key_set() -> dict[str, Any]:
    """Every key of the tool, public halves only, as a JWKS document."""
    ensure_key()
    keys = [_rsa_key(stored).as_dict(private=False) for stored in _stored_keys()]
    return dict(KeySet.import_key_set({"keys": keys}).as_dict(private=False))


def sign(claims: dict[str, Any]) -> str:
    """``claims`` as a JWT signed with the tool's key (its ``kid`` in the header)."""
    stored = ensure_key()
    return jwt.encode({"alg": ALGORITHM, "kid": stored.kid, "typ": "JWT"}, claims, _rsa_key(stored),
                      algorithms=[ALGORITHM])
