"""Talking to a platform: small JSON requests with a short timeout, and one error for every failure.

The standard library's urllib is enough for the four kinds of request LTI makes (the platform's keys,
a grade token, a score, a line item); every failure, from a refused connection to a page that is not
JSON, becomes :class:`PlatformError`, which callers turn into a refusal or a queued retry, never a 500.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from typing import Any

TIMEOUT_SECONDS = 5
MAX_REPLY_BYTES = 1024 * 1024
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class PlatformError(Exception):
    """The platform could not be reached, or answered with an error or with something unreadable."""


def checked_url(url: str) -> str:
    """``url`` if it is HTTPS (or plain HTTP to this machine, for trying things out); else ValueError."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return url.strip()
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return url.strip()
    raise ValueError(f"{url!r} is not an https:// address")


def request_json(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
    """GET (or, with ``data``, POST) ``url`` and read its JSON reply; an empty reply is None."""
    return _exchange(url, data, headers)[0]


def _exchange(url: str, data: bytes | None, headers: dict[str, str] | None) -> tuple[Any, Message]:
    request = urllib.request.Request(checked_url(url), data=data, headers=headers or {})  # noqa: S310 - checked
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as reply:  # noqa: S310 - checked scheme
            body = reply.read(MAX_REPLY_BYTES + 1)
            reply_headers = reply.headers
    except urllib.error.HTTPError as error:
        raise PlatformError(f"{url} answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise PlatformError(f"{url} could not be reached: {error}") from None
    if len(body) > MAX_REPLY_BYTES:
        raise PlatformError(f"{url} answered with more than {MAX_REPLY_BYTES} bytes")
    if not body.strip():
        return None, reply_headers
    try:
        return json.loads(body), reply_headers
    except ValueError:
        raise PlatformError(f"{url} did not answer with JSON") from None


def post_form(url: str, fields: dict[str, str]) -> Any:
    """POST ``fields`` form-encoded (an OAuth 2 token request) and read the JSON reply."""
    body = urllib.parse.urlencode(fields).encode("ascii")
    return request_json(url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                 "Accept": "application/json"})


def post_json(url: str, document: Any, *, content_type: str, token: str) -> Any:
    """POST ``document`` as JSON of ``content_type`` with a bearer ``token`` and read the reply."""
    body = json.dumps(document).encode("utf-8")
    headers = {"Content-Type": content_type, "Authorization": f"Bearer {token}", "Accept": "application/json"}
    return request_json(url, data=body, headers=headers)


def get_pages(url: str, *, accept: str, token: str, max_pages: int = 50) -> list[Any]:
    """GET ``url`` and every page after it (``Link: <...>; rel="next"``), each page's JSON in order."""
    pages: list[Any] = []
    next_url: str | None = url
    while next_url and len(pages) < max_pages:
        document, headers = _exchange(next_url, None, {"Accept": accept, "Authorization": f"Bearer {token}"})
        pages.append(document)
        next_url = _next_link(headers.get_all("Link") or [])
    return pages


def _next_link(values: list[str]) -> str | None:
    for value in values:
        for part in value.split(","):
            target, _, params = part.partition(";")
            if 'rel="next"' in params.replace(" ", "") or "rel=next" in params.replace(" ", ""):
                return target.strip().strip("<>")
    return None
