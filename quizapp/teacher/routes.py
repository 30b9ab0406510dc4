"""Teacher views: thin, each parses a form, calls a function, renders or redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for

from quizapp import rate_limit
from quizapp.db import db
from quizapp.teacher import bp
from quizapp.teacher.accounts import (
    AccountError,
    authenticate,
    create_teacher,
    load_teacher,
    log_in,
    log_out,
    login_required,
)
from quizapp.teacher.forms import LoginForm, SignupForm


@bp.before_app_request
def load_logged_in_teacher() -> None:
    """Make the logged-in teacher (or None) available as ``g.teacher`` on every page."""
    g.teacher = load_teacher() if "teacher_id" in session else None


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login, never another host."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("teacher.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with email and password; tries are limited per address and per account."""
    form = LoginForm()
    if form.validate_on_submit():
        limit, window = current_app.config["LOGIN_LIMIT"]
        email_key = f"login:{form.email.data.strip().lower()}"
        ip_key = f"login-ip:{request.remote_addr}"
        if not (rate_limit.hit(email_key, limit, window) and rate_limit.hit(ip_key, limit * 5, window)):
            abort(429, description="Too many login attempts. Wait 15 minutes and try again.")
        teacher = authenticate(form.email.data, form.password.data)
        if teacher is not None:
            rate_limit.clear(email_key)
            log_in(teacher)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That email and password do not match an account.")
    return render_template("teacher/login.html", form=form, signup=current_app.config["QUIZAPP_SIGNUP"])


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Create a teacher account, unless the school has switched sign-up off."""
    if not current_app.config["QUIZAPP_SIGNUP"]:
        abort(404, description="Sign-up is switched off here; ask your school's administrator for an account.")
    form = SignupForm()
    if form.validate_on_submit():
        try:
            teacher = create_teacher(form.email.data, form.password.data, form.name.data or "")
        except AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            log_in(teacher)
            flash("Welcome! Create your first class to get a join code.", "success")
            return redirect(url_for("teacher.dashboard"))
    return render_template("teacher/signup.html", form=form)


@bp.post("/logout")
def logout():
    """End the session."""
    log_out()
    flash("You are logged out.", "success")
    return redirect(url_for("teacher.login"))


@bp.get("/")
@login_required
def dashboard():
    """The teacher's classes and their assignments."""
    return render_template("teacher/dashboard.html", classrooms=g.teacher.classrooms)
