"""A small LTI 1.3 platform for the tests: an LMS as the specification describes one, on 127.0.0.1.

It has its own RSA key and serves its keyset (``/jwks``), an OIDC authorisation endpoint (``/auth``)
that answers a login with a signed ``id_token`` in an auto-posting form (``response_mode=form_post``),
an OAuth 2 token endpoint (``/token``) that checks the tool's client assertion against the tool's
published keyset, and AGS line items whose ``/scores`` take scores with a bearer token. It is built
on joserfc, as the tool is. Knobs let a test misbehave as an attacker or a broken platform would:
``tamper`` edits the claims before signing, ``signing_key`` signs with another key, ``down`` answers
503 to everything.
"""

from __future__ import annotations

import functools
import html
import json
import re
import secrets
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, abort, jsonify, request
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
DEEP_LINKING_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


@dataclass
class User:
    """A person in the LMS: their id (``sub``), name, and role in the course."""

    sub: str
    name: str
    instructor: bool = False
    email: str | None = None


@dataclass
class Link:
    """An activity placed in a course (a resource link), with its line item id."""

    id: str
    title: str = "Harris trip quiz"
    context_id: str = "course-101"
    context_title: str = "Civics 101"
    lineitem: int = 1
    custom: dict[str, str] = field(default_factory=dict)


@functools.cache
def platform_key() -> RSAKey:
    """The platforms' key, made once per test process (an RSA key takes a while on a busy machine)."""
    return RSAKey.generate_key(2048, parameters={"kid": "platform-key-1", "use": "sig", "alg": "RS256"})


class Platform:
    """The LMS, served in a thread; ``tool_jwks_url`` is where it reads the tool's keys."""

    issuer_path = ""

    def __init__(self, tool_jwks_url: str, client_id: str = "quizapp-client", deployment_id: str = "deployment-1",
                 host: str = "127.0.0.1"):
        self.key = platform_key()
        self.signing_key: RSAKey = self.key
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.tool_jwks_url = tool_jwks_url
        self.tamper: Callable[[dict[str, Any]], None] | None = None
        self.down = False
        self.scores: list[dict[str, Any]] = []
        self.tokens: dict[str, str] = {}
        self.token_requests = 0
        self.messages: dict[str, tuple[User, Link | None, str]] = {}
        self.deep_link_replies: list[dict[str, Any]] = []
        self.members: list[dict[str, Any]] = []  # the course's class list, served two to a page
        self.server = make_server("127.0.0.1", 0, self._app(), threaded=True)
        # ``host`` "localhost" makes the platform another site than a tool on 127.0.0.1 (for browsers).
        self.url = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    # The addresses the tool is registered with.
    @property
    def issuer(self) -> str:
        return self.url

    @property
    def registration(self) -> dict[str, str]:
        """What ``quizapp lti add-platform`` is given."""
        return {"issuer": self.issuer, "client_id": self.client_id, "deployment_id": self.deployment_id,
                "jwks_url": f"{self.url}/jwks", "auth_url": f"{self.url}/auth", "token_url": f"{self.url}/token",
                "name": "Test LMS"}

    def lineitem_url(self, number: int) -> str:
        return f"{self.url}/lineitems/{number}/lineitem"

    def __enter__(self) -> Platform:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        self.server.server_close()

    # The LMS side of a launch.
    def login_form(self, user: User, link: Link | None, message_type: str = "LtiResourceLinkRequest") -> dict:
        """What the LMS posts to the tool's login URL when ``user`` opens ``link`` (or adds an activity)."""
        hint = secrets.token_urlsafe(8)
        self.messages[hint] = (user, link, message_type)
        return {"iss": self.issuer, "login_hint": user.sub, "lti_message_hint": hint, "client_id": self.client_id,
                "target_link_uri": "http://localhost/lti/launch", "lti_deployment_id": self.deployment_id}

    def claims(self, user: User, link: Link | None, message_type: str, nonce: str) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer, "aud": self.client_id, "sub": user.sub, "iat": now, "exp": now + 300,
            "nonce": nonce, "name": user.name,
            CLAIM + "message_type": message_type,
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": self.deployment_id,
            CLAIM + "target_link_uri": "http://localhost/lti/launch",
            CLAIM + "roles": [INSTRUCTOR if user.instructor else LEARNER],
        }
        if user.email:
            claims["email"] = user.email
        course = link or Link("none")
        claims[CLAIM + "context"] = {"id": course.context_id, "title": course.context_title}
        claims["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"] = {
            "context_memberships_url": f"{self.url}/memberships/{course.context_id}", "service_versions": ["2.0"],
        }
        if message_type == "LtiResourceLinkRequest" and link is not None:
            claims[CLAIM + "resource_link"] = {"id": link.id, "title": link.title}
            claims[CLAIM + "custom"] = dict(link.custom)
            claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = {
                "scope": [SCORE_SCOPE, LINEITEM_SCOPE],
                "lineitems": f"{self.url}/lineitems",
                "lineitem": self.lineitem_url(link.lineitem),
            }
        else:
            claims[DEEP_LINKING_CLAIM] = {
                "deep_link_return_url": f"{self.url}/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["window"],
                "data": "opaque-platform-data",
            }
        return claims

    def _sign(self, claims: dict[str, Any]) -> str:
        header = {"alg": "RS256", "kid": self.key.kid, "typ": "JWT"}
        return jwt.encode(header, claims, self.signing_key, algorithms=["RS256"])

    # The platform's web endpoints.
    def _app(self) -> Flask:
        app = Flask("test-lms")

        @app.before_request
        def maybe_down():
            if self.down:
                abort(503)

        @app.get("/jwks")
        def jwks():
            return jsonify(KeySet([self.key]).as_dict(private=False))

        @app.get("/auth")
        def auth():
            args = request.args
            if args.get("client_id") != self.client_id or args.get("response_type") != "id_token":
                abort(400)
            if args.get("scope") != "openid" or args.get("response_mode") != "form_post":
                abort(400)
            message = self.messages.get(args.get("lti_message_hint", ""))
            if message is None or message[0].sub != args.get("login_hint"):
                abort(403)
            user, link, message_type = message
            claims = self.claims(user, link, message_type, args["nonce"])
            if self.tamper is not None:
                self.tamper(claims)
            token = self._sign(claims)
            return (f'<form method="post" action="{html.escape(args["redirect_uri"])}">'
                    f'<input type="hidden" name="id_token" value="{token}">'
                    f'<input type="hidden" name="state" value="{html.escape(args["state"])}">'
                    "<button>Continue to the tool</button></form>")

        @app.post("/token")
        def token():
            form = request.form
            if form.get("grant_type") != "client_credentials":
                return jsonify(error="unsupported_grant_type"), 400
            if form.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
                return jsonify(error="invalid_client"), 401
            try:
                assertion = jwt.decode(form.get("client_assertion", ""), _tool_keys(self.tool_jwks_url),
                                       algorithms=["RS256"])
                jwt.JWTClaimsRegistry(
                    iss={"essential": True, "value": self.client_id}, sub={"essential": True, "value": self.client_id},
                    aud={"essential": True, "value": f"{self.url}/token"}, exp={"essential": True},
                    jti={"essential": True},
                ).validate(assertion.claims)
            except Exception:  # noqa: BLE001 - any failure is the client's
                return jsonify(error="invalid_client"), 401
            self.token_requests += 1
            access = secrets.token_urlsafe(16)
            self.tokens[access] = form.get("scope", "")
            return jsonify(access_token=access, token_type="Bearer", expires_in=3600, scope=form.get("scope", ""))

        @app.post("/lineitems/<int:number>/lineitem/scores")
        def scores(number: int):
            bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if SCORE_SCOPE not in self.tokens.get(bearer, "").split():
                abort(401)
            if request.mimetype != "application/vnd.ims.lis.v1.score+json":
                abort(415)
            score = request.get_json(force=True)
            self.scores.append({"lineitem": number, **score})
            return "", 204

        @app.get("/memberships/<context_id>")
        def memberships(context_id: str):
            bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if NRPS_SCOPE not in self.tokens.get(bearer, "").split():
                abort(401)
            page = request.args.get("page", 0, type=int)
            body = {"id": request.url, "context": {"id": context_id}, "members": self.members[page * 2 : page * 2 + 2]}
            headers = {"Content-Type": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"}
            if (page + 1) * 2 < len(self.members):
                headers["Link"] = f'<{self.url}/memberships/{context_id}?page={page + 1}>; rel="next"'
            return jsonify(body), 200, headers

        @app.post("/deep-link-return")
        def deep_link_return():
            reply = jwt.decode(request.form["JWT"], _tool_keys(self.tool_jwks_url), algorithms=["RS256"])
            jwt.JWTClaimsRegistry(iss={"essential": True, "value": self.client_id},
                                  aud={"essential": True, "value": self.issuer}).validate(reply.claims)
            self.deep_link_replies.append(reply.claims)
            return "placed"

        return app


def _tool_keys(url: str) -> KeySet:
    with urllib.request.urlopen(url, timeout=5) as reply:  # noqa: S310 - the test tool
        return KeySet.import_key_set(json.loads(reply.read()))


def form_fields(page: str, action_prefix: str = "") -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the (first, or first to ``action_prefix``) form a page posts onward."""
    for action, body in re.findall(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S):
        action = html.unescape(action)
        if action.startswith(action_prefix):
            fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body)
            return action, {name: html.unescape(value) for name, value in fields}
    raise AssertionError(f"no form posting to {action_prefix!r} in {page[:500]}")


def follow_to_platform(url: str) -> str:
    """What a browser sent to ``url`` (the platform's authorisation endpoint) gets back."""
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname in ("127.0.0.1", "localhost")
    with urllib.request.urlopen(url, timeout=5) as reply:  # noqa: S310 - the test platform
        return reply.read().decode()
