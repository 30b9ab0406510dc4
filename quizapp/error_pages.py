"""The pages answering an error: a plain title and what to do, for every status the app gives."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

_TITLES = {
    400: "That request could not be read",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed here",
    413: "That file is too large",
    429: "Too many tries",
    500: "Something went wrong",
}


def init_app(app: Flask) -> None:
    """Answer CSRF failures and the statuses above with the error page."""
    app.register_error_handler(CSRFError, expired_form_page)
    for code, title in _TITLES.items():
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
        # A 429 says when to try again (quizapp.rate_limit sets it); the page keeps that header.
        retry = [(name, value) for name, value in getattr(error, "get_headers", list)() if name == "Retry-After"]
        return render_template("error.html", title=title, message=message), code, retry

    return handler
