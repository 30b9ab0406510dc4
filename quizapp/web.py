"""Wiring the web app: extensions, blueprints, security headers, error pages and template helpers."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, abort, has_request_context, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask.wrappers import Request
from flask_wtf.csrf import CSRFProtect
from itsdangerous import BadSignature
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from quizapp import corpus_cache, error_pages, rendered_sources, templating
from quizapp.articles import bp as articles_bp
from quizapp.lti import views as lti_views
from quizapp.models import utcnow
from quizapp.student import bp as student_bp
from quizapp.teacher.views import bp as teacher_bp

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class SignedSession(SecureCookieSession):
    """A session read from its cookie, knowing when the cookie was signed (None for a new session)."""

    signed_at: datetime | None = None


class SchemeAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, marked ``Secure`` whenever the request came over HTTPS, and
    re-sent to refresh a permanent session at most once per ``REFRESH_AFTER``.

    ``SESSION_COOKIE_SECURE`` (``QUIZAPP_SECURE_COOKIES``) forces the flag everywhere; without it a
    school serving plain HTTP on its own network still works, and one behind an HTTPS proxy
    (``--behind-proxy``: the proxy's X-Forwarded-Proto is trusted) gets the flag without a setting.

    Flask re-signs and re-sends a permanent session on every response; a student's device autosaves
    every few seconds, and signing the cookie again each time cost a tenth of a save's CPU (and its
    bytes on a slow network) for a lifetime of months that a day's precision serves as well.
    """

    session_class = SignedSession
    REFRESH_AFTER = timedelta(days=1)

    def get_cookie_secure(self, app: Flask) -> bool:
        """True when the configuration says so or this request arrived over HTTPS."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)

    def open_session(self, app: Flask, request: Request) -> SignedSession | None:
        """The session in the request's cookie, with when it was signed; an empty one if none or forged."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return SignedSession()
        try:
            data, signed_at = serializer.loads(
                value, max_age=int(app.permanent_session_lifetime.total_seconds()), return_timestamp=True
            )
        except BadSignature:
            return SignedSession()
        session = SignedSession(data)
        session.signed_at = signed_at
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        """Send the cookie when the session changed, or to refresh a permanent one signed over a day ago."""
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or utcnow() - signed_at >= self.REFRESH_AFTER


# Views that clean control characters (NUL among them) out of what they store themselves.
NUL_CLEANED_ENDPOINTS = frozenset({"student.answers"})

# The largest id a database integer column holds (PostgreSQL's integer is 32-bit).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` in URLs, but only numbers a database id can be: a larger one is a plain 404
    instead of an overflow error from the database."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Register extensions, blueprints and handlers on ``app``."""
    csrf.init_app(app)
    app.session_interface = SchemeAwareSessionInterface()
    app.url_map.converters["int"] = IdConverter  # before the blueprints add their rules
    if app.config.get("QUIZAPP_PROXIES"):
        # Behind a reverse proxy every request comes from it; trust its X-Forwarded-* headers so rate
        # limits see each school's address and HTTPS is recognised.
        n = app.config["QUIZAPP_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    corpus_cache.init_app(app)
    templating.init_app(app)
    rendered_sources.init_app(app)

    app.register_blueprint(student_bp)
    app.register_blueprint(teacher_bp)
    app.register_blueprint(articles_bp)
    app.register_blueprint(lti_views.bp)
    # The LMS posts these from its own site, with no CSRF token of ours to send: they are checked
    # instead by the single-use state (in the database and in a cookie), the nonce and the platform's
    # signature on the launch (quizapp.lti.launch). Nothing else is exempt.
    csrf.exempt(lti_views.login)
    csrf.exempt(lti_views.launch)

    @app.before_request
    def refuse_nul_characters():
        # Nobody types NUL, and PostgreSQL cannot store it in text: refuse it before any query sees it.
        # Quiz answers are the exception: saving them drops control characters and keeps the rest of
        # the save, rather than losing a student's answers to one stray character.
        if request.endpoint in NUL_CLEANED_ENDPOINTS:
            return
        fields = [*request.args.lists(), *request.form.lists()]
        if "\x00" in request.path or any("\x00" in name or any("\x00" in v for v in values) for name, values in fields):
            abort(400, description="The request held a NUL character, which no field accepts. Remove it and try again.")

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.endpoint != "static":
            # Pages carry a student's answers or a class's results: on a shared classroom laptop the
            # Back button after "Sign out" must not show them from the cache.
            response.headers.setdefault("Cache-Control", "no-store")
        if request.is_secure:
            # Served over HTTPS (directly or behind a proxy): browsers keep to HTTPS for a year.
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @app.get("/healthz")
    def healthz():
        """Liveness for a load balancer, and the load benchmark's baseline: no database, no template."""
        return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}

    error_pages.init_app(app)
