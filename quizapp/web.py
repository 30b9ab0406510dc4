"""Wiring the web app: extensions, blueprints, security headers, error pages and template helpers."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from quizapp.corpus import Corpus, CorpusError, load_corpus

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    """Register extensions, blueprints and handlers on ``app``."""
    csrf.init_app(app)
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

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.get("/healthz")
    def healthz():
        """Liveness for a load balancer, and the load benchmark's baseline: no database, no template."""
        return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template(
            "error.html",
            title="This form has expired",
            message="Reload the page and try again; nothing you saved before was lost.",
        ), 400

    for code, title in (
        (403, "Not allowed"),
        (404, "Page not found"),
        (413, "That file is too large"),
        (429, "Too many tries"),
    ):
        app.register_error_handler(code, _error_page(code, title))


def _error_page(code: int, title: str):
    def handler(error):
        message = getattr(error, "description", None) or title
        return render_template("error.html", title=title, message=message), code

    return handler


class _CorpusCache:
    """The articles, read again when a file in the seeds folder changes.

    Every worker keeps its own parsed copy, but the folder on disk is the truth: an article added
    with ``quizapp import-article`` reaches every running worker without a restart.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.signature = self._signature()
        self.corpus = load_corpus(folder)

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


def corpus_of(app: Flask) -> Corpus:
    """The articles the app serves (read again after the seeds folder changes)."""
    return app.extensions["quizapp.corpus"].get()
