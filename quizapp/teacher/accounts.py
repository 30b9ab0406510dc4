"""Teacher accounts: creating them, checking passwords, and who is logged in."""

from __future__ import annotations

import time
from functools import wraps

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from quizapp.db import db
from quizapp.models import Teacher
from quizapp.student.identity import SESSION_KEY as STUDENT_SESSION_KEY

# argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): memory-hard, so a
# stolen table costs an attacker memory per guess, not just time.
PASSWORD_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16,
                                 type=Type.ID)
# Hashes made before argon2 (Werkzeug's "scrypt:..." and "pbkdf2:..."): still accepted, replaced at login.
_LEGACY_PREFIXES = ("scrypt:", "pbkdf2:")
MIN_PASSWORD_LENGTH = 10
# A hash to compare against when the email is unknown, so a login takes as long either way.
_DUMMY_HASH = PASSWORD_HASHER.hash("not a real password")


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why."""


class EmailTaken(AccountError):
    """The email already belongs to an account (said to an administrator, never to a sign-up form)."""


def normalise_email(email: str) -> str:
    """Emails compare without case or surrounding spaces."""
    return email.strip().lower()


def create_teacher(email: str, password: str, name: str = "") -> Teacher:
    """Add a teacher; raises :class:`AccountError` for a taken email or a short password. Caller commits."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError("Enter a valid email address.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    # Hashed before the email is looked up, so a taken email takes as long as a new one (see sign_up).
    password_hash = hash_password(password)
    if db.session.scalar(select(Teacher).where(func.lower(Teacher.email) == email)):
        raise EmailTaken("There is already an account with that email.")
    teacher = Teacher(email=email, name=name.strip(), password_hash=password_hash)
    db.session.add(teacher)
    db.session.flush()
    return teacher


def sign_up(email: str, password: str, name: str = "") -> Teacher | None:
    """Create the account a teacher asked for on the sign-up form; None when the email is taken. Caller commits.

    The form's answer must not tell whether an email has an account (OWASP ASVS: no account
    enumeration), and without sending mail the only answer that is the same for both is one that
    logs nobody in: the caller says "log in with your password" either way. That is also the least
    surprising answer for the teacher: a new teacher logs in with the password just chosen; one who
    already had an account keeps it unchanged (nobody can take it over by signing up again) and logs
    in with its old password, or asks for ``quizapp set-password``. Both cases hash the password, so
    the time taken does not tell them apart either. Raises :class:`AccountError` for an invalid email
    or a short password, which says nothing about other accounts.
    """
    try:
        return create_teacher(email, password, name)
    except EmailTaken:
        return None
    except IntegrityError:  # the same email signed up by another request a moment ago
        db.session.rollback()
        return None


def hash_password(password: str) -> str:
    """A salted argon2id hash of ``password`` (its parameters are written into the hash)."""
    return PASSWORD_HASHER.hash(password)


def password_matches(stored: str, password: str) -> bool:
    """True when ``password`` is the one ``stored`` was made from (argon2id, or an older Werkzeug hash)."""
    if stored.startswith(_LEGACY_PREFIXES):
        return check_password_hash(stored, password)
    try:
        return PASSWORD_HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True for a hash that is not argon2id with the current parameters."""
    if stored.startswith(_LEGACY_PREFIXES):
        return True
    try:
        return PASSWORD_HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def authenticate(email: str, password: str) -> Teacher | None:
    """The teacher with this email and password, or None (in constant-ish time).

    A right password under an older hash (Werkzeug's scrypt or pbkdf2, weaker argon2 parameters) is
    hashed again with the current ones; the caller commits.
    """
    teacher = db.session.scalar(select(Teacher).where(Teacher.email == normalise_email(email)))
    if teacher is None:
        password_matches(_DUMMY_HASH, password)
        return None
    if not password_matches(teacher.password_hash, password):
        return None
    if needs_rehash(teacher.password_hash):
        teacher.password_hash = hash_password(password)
    return teacher


def log_in(teacher: Teacher) -> None:
    """Start a teacher session in a fresh session: everything the cookie held before is dropped.

    The cookie is the whole session (Flask signs it, nothing is kept on the server), so rotating it
    means clearing it: a cookie planted before login, with its CSRF token and flashed messages,
    carries nothing into the teacher's session. Only the classes a student joined on this browser
    survive (each entry is checked against the database on every request), so a student signed in
    here stays signed in.
    """
    students = session.get(STUDENT_SESSION_KEY)
    session.clear()
    if isinstance(students, list):
        session[STUDENT_SESSION_KEY] = students
    session.permanent = True
    session["teacher_id"] = teacher.id
    session["teacher_version"] = teacher.session_version
    session["teacher_since"] = int(time.time())


def log_out() -> None:
    """End the teacher's session."""
    for key in ("teacher_id", "teacher_version", "teacher_since"):
        session.pop(key, None)


def load_teacher() -> Teacher | None:
    """The logged-in teacher, if the session is still valid (a password change ends old sessions)."""
    teacher_id = session.get("teacher_id")
    if not isinstance(teacher_id, int):
        return None
    since = session.get("teacher_since")
    lifetime = current_app.config["TEACHER_SESSION_LIFETIME"].total_seconds()
    if not isinstance(since, int) or time.time() - since > lifetime:
        log_out()
        return None
    teacher = db.session.get(Teacher, teacher_id)
    if teacher is None or session.get("teacher_version") != teacher.session_version:
        log_out()
        return None
    return teacher


def login_required(view):
    """Send anyone who is not a logged-in teacher to the login page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("teacher") is None:
            if request.method != "GET":
                abort(403)
            # full_path ends in "?" even with no query string; the page to come back to does not.
            return redirect(url_for("teacher.login", next=request.full_path.removesuffix("?")))
        return view(*args, **kwargs)

    return wrapped


def change_password(teacher: Teacher, current: str, new: str) -> None:
    """Set a new password after checking the current one; every other session of ``teacher`` ends.

    Raises :class:`AccountError` when the current password is wrong or the new one is too short or
    the same as the old. The session that made the change stays logged in. Caller commits.
    """
    if not password_matches(teacher.password_hash, current):
        raise AccountError("That is not your current password.")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The new password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if new == current:
        raise AccountError("The new password is the same as the current one.")
    teacher.password_hash = hash_password(new)
    teacher.session_version = (teacher.session_version or 1) + 1
    if session.get("teacher_id") == teacher.id:
        session["teacher_version"] = teacher.session_version
