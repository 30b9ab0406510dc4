"""Teacher accounts: logging in and out, signing up, changing the password; and the dashboard."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for

from quizapp.db import db
from quizapp.rate_limit import Delay, Limit, longest_wait, refuse, throttle
from quizapp.single_line import control_character
from quizapp.teacher import classes, roster
from quizapp.teacher.accounts import (
    AccountError,
    authenticate,
    change_password,
    log_in,
    log_out,
    login_required,
    normalise_email,
    sign_up,
)
from quizapp.teacher.forms import ChangePasswordForm, LoginForm, SignupForm
from quizapp.teacher.views import bp


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login, never another host, and never a control character."""
    # Browsers read a backslash as a slash, so "/\\evil.example" would leave the site too. A CR or LF
    # cannot go into the Location header (and a tab or other control has no business in a path).
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and control_character(target) is None and not urlsplit(target).netloc:
        return target
    return url_for("teacher.dashboard")


_LOGIN_REFUSAL = "Too many failed logins. Wait {wait} and try again."
# The first wait once an account's free failures from one address are used up; each further failure doubles it.
_FIRST_LOGIN_WAIT = timedelta(seconds=30)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with email and password; failures slow the address that makes them, never the account's owner.

    Per account and address, the first failures are free and each one after waits twice as long as the
    last (up to the login window), so a guesser slows to a crawl while the teacher, from any other address,
    gets in at once. Per address there is also a ceiling on failures across accounts.
    """
    form = LoginForm()
    if form.validate_on_submit():
        tries, window = current_app.config["LOGIN_LIMIT"]
        guesses = Delay(f"login:{normalise_email(form.email.data)}:{request.remote_addr}",
                        tries, _FIRST_LOGIN_WAIT, window)
        address_failures = Limit(f"login-failed-ip:{request.remote_addr}", tries * 5, window)
        throttle(guesses, address_failures, refusal=_LOGIN_REFUSAL)
        teacher = authenticate(form.email.data, form.password.data)
        # Every try takes its turn, right or wrong, so of simultaneous guesses only the allowed ones are answered.
        if not guesses.take() or (teacher is None and not address_failures.take()):
            refuse(longest_wait(guesses, address_failures), _LOGIN_REFUSAL)
        if teacher is None:
            db.session.commit()
            form.password.errors.append("That email and password do not match an account.")
        else:
            guesses.forget()
            db.session.commit()  # with a password hash upgraded by authenticate
            log_in(teacher)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("teacher/login.html", form=form, signup=current_app.config["QUIZAPP_SIGNUP"])


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Create a teacher account, unless the school has switched sign-up off."""
    if not current_app.config["QUIZAPP_SIGNUP"]:
        abort(404, description="Sign-up is switched off here; ask your school's administrator for an account.")
    form = SignupForm()
    if form.validate_on_submit():
        # Every checked sign-up counts, made or not: creating accounts and probing emails are both limited.
        signups = Limit(f"signup:{request.remote_addr}", *current_app.config["SIGNUP_LIMIT"])
        refusal = ("Too many sign-ups from this network. Wait {wait} and try again, "
                   "or ask your school's administrator for an account.")
        throttle(signups, refusal=refusal)
        try:
            sign_up(form.email.data, form.password.data, form.name.data or "")
        except AccountError as exc:
            form.email.errors.append(str(exc))
        # Counted after sign_up, which rolls the session back when another request took the email meanwhile;
        # over the limit, the account just made is rolled back with the refusal.
        if not signups.take():
            refuse(signups.wait(), refusal)
        db.session.commit()
        if not form.email.errors:
            # The same answer whether the email was new or taken (see sign_up): nobody is logged in here.
            flash("Done: log in below with your email and the password you just chose. If that email already "
                  "had an account, that account is unchanged: log in with its own password, or ask your school's "
                  "administrator to reset it.", "success")
            return redirect(url_for("teacher.login"))
    return render_template("teacher/signup.html", form=form)


@bp.post("/logout")
def logout():
    """End the session on the server too: a copy of the cookie (taken from this browser) stops working.

    The cookie holds the whole session, so forgetting it here is not enough; bumping the teacher's
    session version, which every teacher request checks, ends every session of the account, this one
    and any copy alike (as a password change ends the others).
    """
    teacher = g.get("teacher")
    if teacher is not None:
        teacher.session_version = (teacher.session_version or 1) + 1
        db.session.commit()
    log_out()
    flash("You are logged out.", "success")
    return redirect(url_for("teacher.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change the password; every other session of this account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(g.teacher, form.current.data, form.new.data)
        except AccountError as exc:
            form.current.errors.append(str(exc))
        else:
            db.session.commit()
            flash("Password changed. Every other device logged in to your account has been logged out.", "success")
            return redirect(url_for("teacher.dashboard"))
    return render_template("teacher/account.html", form=form)


@bp.get("/")
@login_required
def dashboard():
    """The teacher's classes and their assignments."""
    summaries = classes.dashboard(g.teacher.id)
    return render_template(
        "teacher/dashboard.html",
        active=[s for s in summaries if not s.classroom.archived],
        archived=[s for s in summaries if s.classroom.archived],
        waiting=roster.waiting_requests(g.teacher.id),
    )
