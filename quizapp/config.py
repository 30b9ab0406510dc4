"""Configuration from the environment, with defaults that work on a single school server."""

from __future__ import annotations

import functools
import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from quizapp.paths import PROJECT_ROOT


def _whole_number(text: str | None, default: int) -> int:
    """``text`` as a whole number of at least 1, else ``default`` (a setting never stops the app from starting)."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= 1_000_000 else default


class Config:
    """Settings read from the environment when the app is created; tests pass overrides instead."""

    def __init__(self, instance_path: str | Path):
        instance = Path(instance_path)
        if not os.environ.get("DATABASE_URL"):
            make_instance_folder(instance)  # the SQLite file goes there
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'quizapp.sqlite'}"
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or instance_secret_key(instance)
        self.QUIZAPP_QUESTIONS = os.environ.get("QUIZAPP_QUESTIONS") or str(PROJECT_ROOT / "questions")
        self.QUIZAPP_SEEDS = os.environ.get("QUIZAPP_SEEDS") or str(PROJECT_ROOT / "seeds")
        # Teachers type open and close times in the school's time zone; they are stored in UTC.
        self.QUIZAPP_TIMEZONE = os.environ.get("QUIZAPP_TIMEZONE") or "UTC"
        # Off unless the school turns it on: any account can read the bundled banks' answer keys.
        self.QUIZAPP_SIGNUP = os.environ.get("QUIZAPP_SIGNUP", "off").lower() in {"1", "on", "true", "yes"}
        # How many reverse proxies (nginx, a load balancer) stand in front; their X-Forwarded-For is trusted.
        self.QUIZAPP_PROXIES = int(os.environ.get("QUIZAPP_PROXIES") or 0)
        self.SESSION_COOKIE_SECURE = os.environ.get("QUIZAPP_SECURE_COOKIES", "").lower() in {"1", "on", "true"}
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        # The cookie lasts a school year so a student stays recognised on their device; a teacher's
        # login inside it ends after TEACHER_SESSION_LIFETIME (checked in quizapp.teacher.accounts).
        self.PERMANENT_SESSION_LIFETIME = timedelta(days=200)
        self.TEACHER_SESSION_LIFETIME = timedelta(hours=12)
        self.MAX_CONTENT_LENGTH = 6 * 1024 * 1024  # a bank upload is at most 5 MB
        self.WTF_CSRF_TIME_LIMIT = None  # a quiz page may stay open for a whole lesson
        self.SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # idle connections are checked by quizapp.db.ping_idle_connections
        # Limits on guessing, counted in the database (shared by workers): unknown join codes per address
        # and wrong PINs per class; failed logins per account and address (that many free, then waits that
        # double up to the window) and five times as many per address; sign-up attempts per address.
        # Join codes have 25**6 values, so 60 failures per address per 10 minutes stops guessing, and a
        # right code is never refused.
        self.JOIN_LIMIT = (60, timedelta(minutes=10))
        self.LOGIN_LIMIT = (10, timedelta(minutes=15))
        # Sign-up attempts per address (when sign-up is on): twenty teachers behind one school address
        # sign up in an hour; a script creating accounts or probing emails gets no more.
        self.SIGNUP_LIMIT = (20, timedelta(hours=1))
        # Autosaves that change answers, per attempt: a student types in bursts; a script posting in a loop
        # must not take the database's writes from everyone else. Refused saves are sent again by autosave.js.
        # QUIZAPP_SAVE_LIMIT sets the saves a second (a whole number from 1); anything else keeps 5.
        self.SAVE_LIMIT = (_whole_number(os.environ.get("QUIZAPP_SAVE_LIMIT"), 5), timedelta(seconds=1))

    def as_dict(self) -> dict:
        """The settings as a mapping for ``app.config.update``."""
        return {k: v for k, v in vars(self).items() if k.isupper()}


def make_instance_folder(instance: Path) -> None:
    """Create the instance folder, readable by its owner only: it holds the secret key and the database.

    A folder that already exists is left as the administrator set it up.
    """
    if not instance.is_dir():
        instance.parent.mkdir(parents=True, exist_ok=True)
        try:
            instance.mkdir(mode=0o700)
        except FileExistsError:
            return  # another worker made it at the same moment
        os.chmod(instance, 0o700)  # whatever the umask


def instance_secret_key(instance: Path) -> str:
    """The key kept in the instance folder, created on first use (never a hard-coded key).

    Written to a temporary file and renamed into place, so a worker starting at the same moment
    reads either no file or the whole key, never an empty one; the first key to land wins.
    """
    make_instance_folder(instance)
    path = instance / "secret_key"
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=instance, prefix=".secret_key.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)  # fails if another worker's key landed first
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise RuntimeError(f"{path} is empty; delete it (a new key is made) or set SECRET_KEY")
    return key


def school_timezone() -> ZoneInfo:
    """The zone teachers type and read times in: ``QUIZAPP_TIMEZONE``, else UTC (an unknown name is logged)."""
    # Imported here so that reading the settings (Config, instance_secret_key) does not load Flask.
    from flask import current_app

    return _zone(current_app.config.get("QUIZAPP_TIMEZONE") or "UTC")


@functools.lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    # Once per name: a gradebook asks for every time it shows (hundreds a page), and an unknown name is
    # logged once rather than on each of them.
    from flask import current_app

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        current_app.logger.warning("QUIZAPP_TIMEZONE %r is not a known time zone; using UTC", name)
        return ZoneInfo("UTC")
