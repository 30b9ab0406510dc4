"""Wiring the web app: extensions, blueprints, security headers, error pages and template helpers."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import Flask, abort, has_request_context, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from quizapp.corpus import Corpus, CorpusError, load_corpus
from quizapp.corpus.align import Alignments, align_articles

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class SchemeAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, marked ``Secure`` whenever the request came over HTTPS.

    ``SESSION_COOKIE_SECURE`` (``QUIZAPP_SECURE_COOKIES``) forces the flag everywhere; without it a
    school serving plain HTTP on its own network still works, and one behind an HTTPS proxy
    (``--behind-proxy``: the proxy's X-Forwarded-Proto is trusted) gets the flag without a setting.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        """True when the configuration says so or this request arrived over HTTPS."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)


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
    app.extensions["quizapp.corpus"] = _CorpusCache(Path(app.config["QUIZAPP_SEEDS"]))

    from quizapp.articles import bp as articles_bp
    from quizapp.student import bp as student_bp
    from quizapp.teacher import bp as teacher_bp

    app.register_blueprint(student_bp)
    app.register_blueprint(teacher_bp)
    app.register_blueprint(articles_bp)

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

    app.register_error_handler(CSRFError, expired_form_page)

    @app.get("/healthz")
    def healthz():
        """Liveness for a load balancer, and the load benchmark's baseline: no database, no template."""
        return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}

    for code, title in (
        (400, "That request could not be read"),
        (403, "Not allowed"),
        (404, "Page not found"),
        (405, "Not allowed here"),
        (413, "That file is too large"),
        (429, "Too many tries"),
        (500, "Something went wrong"),
    ):
        app.register_error_handler(code, _error_page(code, title))


def expired_form_page(error: CSRFError | None = None):
    """The answer to a form whose CSRF token is missing or no longer valid (the student pages keep answers)."""
    return render_template(
        "error.html",
        title="This form has expired",
        message="Reload the page and try again; nothing you saved before was lost.",
    ), 400


def _error_page(code: int, title: str):
    def handler(error):
        message = getattr(error, "description", None) or title
        return render_template("error.html", title=title, message=message), code

    return handler


class _CorpusCache:
    """The articles, read again when a file in the seeds folder changes.

    Every worker keeps its own parsed copy, but the folder on disk is the truth: an article added
    with ``quizapp articles import`` or the dashboard reaches every running worker without a restart.
    """

    # Alignments of this many different sets of articles are kept; each costs a fraction of a second.
    ALIGNMENTS_KEPT = 16

    def __init__(self, folder: Path):
        self.folder = folder
        self.signature = self._signature()
        self.corpus = load_corpus(folder)
        self._aligned_corpus: Corpus | None = None
        self._alignments: dict[tuple[str, ...], Alignments] = {}
        self._aligning = threading.Lock()  # threads of one worker share the cache

    def _signature(self) -> tuple:
        with os.scandir(self.folder) as entries:
            return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in entries))

    def get(self) -> Corpus:
        signature = self._signature()
        if signature != self.signature:
            try:
                self.corpus = load_corpus(self.folder)
            except CorpusError:
                # A half-written import: keep serving the articles that loaded, and look again next time.
                return self.corpus
            self.signature = signature
        return self.corpus

    def alignments(self, article_ids: tuple[str, ...] | None) -> Alignments:
        """The alignment of these articles (all when None), computed once per loaded corpus."""
        corpus = self.get()
        # Ids checked against an older load may have gone since: align those still there.
        key = tuple(corpus) if article_ids is None else tuple(i for i in article_ids if i in corpus)
        with self._aligning:
            if self._aligned_corpus is not corpus:
                # A reloaded corpus may have changed any text: start afresh rather than serve stale rows.
                self._aligned_corpus, self._alignments = corpus, {}
            found = self._alignments.get(key)
            if found is None:
                if len(self._alignments) >= self.ALIGNMENTS_KEPT:
                    self._alignments.pop(next(iter(self._alignments)))
                found = self._alignments[key] = align_articles([corpus[i] for i in key])
            return found


def corpus_of(app: Flask) -> Corpus:
    """The articles the app serves (read again after the seeds folder changes)."""
    return app.extensions["quizapp.corpus"].get()


def alignments_of(app: Flask, article_ids: tuple[str, ...] | None = None) -> Alignments:
    """What the served articles (or those of ``article_ids``, ids the corpus holds) have in common."""
    return app.extensions["quizapp.corpus"].alignments(article_ids)
