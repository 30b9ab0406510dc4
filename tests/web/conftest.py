"""Fixtures for web tests: a fresh app on a temporary SQLite database, with the bundled banks loaded."""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import ProgrammingError

from quizapp import create_app, migrate
from quizapp.corpus_cache import corpus_of
from quizapp.db import db as database
from quizapp.models import Assignment, Classroom, Teacher
from quizapp.setup import load_bank_folder
from quizapp.teacher.accounts import hash_password
from tests.conftest import QUESTIONS, SEEDS

PASSWORD = "correct horse battery"
# Hashing once per session keeps each test fast; argon2id is deliberately slow.
_HASH = hash_password(PASSWORD)


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory for every app of this pytest process.

    Each test's app has a Jinja environment of its own and would compile every template it renders
    again (~20 ms a page); with this, each is compiled once. A changed template has another
    checksum, so it is compiled afresh.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


def _with_compiled_templates(app: Flask) -> Flask:
    app.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
    return app


def _test_app(url: str, **config) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "QUIZAPP_QUESTIONS": str(QUESTIONS),
            "QUIZAPP_SEEDS": str(SEEDS),
            **config,
        }
    )
    return _with_compiled_templates(app)


def _build_tables_and_banks(app: Flask) -> None:
    with app.app_context():
        database.drop_all()
        database.create_all()
        load_bank_folder(QUESTIONS, corpus_of(app))


@functools.cache
def _database_template(folder: Path) -> Path:
    """A SQLite file with the tables and the bundled banks, built once per pytest process.

    ``folder`` is pytest's base temporary folder, which each xdist worker has to itself, so
    workers never share the file. Building takes ~80 ms; a copy takes under 1 ms.
    """
    path = folder / "database-template.sqlite"
    app = _test_app(f"sqlite:///{path}")
    _build_tables_and_banks(app)
    with app.app_context():
        database.session.remove()
        database.engine.dispose()  # the last connection closes: the WAL is folded into the file
    return path


def _restore_template(template: Path, target: Path) -> None:
    """Make ``target`` a copy of the template through SQLite's backup API.

    Unlike a file copy it is safe while another app still has the target open (a test's second
    "worker" app on the same file): the copy happens in one transaction, and that app sees it.
    """
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
        copy.execute("PRAGMA synchronous=OFF")  # a test's database need not survive a power cut: no fsync
        source.backup(copy)


def make_app(tmp_path, url: str | None = None, **config):
    """An app on ``url`` (a SQLite file in ``tmp_path`` by default) holding only the bundled banks.

    A SQLite file starts as a copy of the per-process template (the same tables and rows a fresh
    build gives), kept in pytest's base temporary folder (``tmp_path``'s parent); any other
    database is built the slow way.
    """
    url = url or f"sqlite:///{tmp_path / 'test.sqlite'}"
    app = _test_app(url, **config)
    target = make_url(url)
    if target.get_backend_name() == "sqlite" and target.database not in (None, "", ":memory:"):
        _restore_template(_database_template(Path(tmp_path).parent), Path(target.database))
    else:
        _build_tables_and_banks(app)
    return app


@pytest.fixture
def app(tmp_path):
    """A fresh app with an empty database but for the bundled banks."""
    app = make_app(tmp_path)
    yield app
    with app.app_context():
        database.session.remove()
        database.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def add_teacher(email: str = "teacher@school.example", name: str = "Ms Rivera") -> int:
    """A teacher whose password is PASSWORD; returns the id. Call inside an app context."""
    teacher = Teacher(email=email, name=name, password_hash=_HASH)
    database.session.add(teacher)
    database.session.commit()
    return teacher.id


@pytest.fixture
def teacher_id(app) -> int:
    with app.app_context():
        return add_teacher()


@pytest.fixture
def classroom(app, teacher_id):
    """A class with an open assignment of the harris-trip-2021 bank: (join code, assignment id)."""
    with app.app_context():
        room = Classroom(teacher_id=teacher_id, name="Period 3 Civics")
        database.session.add(room)
        assignment = Assignment(classroom=room, bank_id="harris-trip-2021", title="Do not come")
        database.session.add(assignment)
        database.session.commit()
        return room.join_code, assignment.id


def csrf_token(html: str) -> str:
    """The CSRF token from a rendered form."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client, email: str = "teacher@school.example", password: str = PASSWORD):
    page = client.get("/teacher/login")
    return client.post(
        "/teacher/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(page.get_data(as_text=True))},
    )


SIGNUP_PASSWORD = "long enough password"


def signup(client, email: str, password: str = SIGNUP_PASSWORD, name: str = "Mr Okafor"):
    """Post the sign-up form as a new teacher would (the app must have QUIZAPP_SIGNUP on)."""
    page = client.get("/teacher/signup")
    return client.post(
        "/teacher/signup",
        data={"name": name, "email": email, "password": password,
              "csrf_token": csrf_token(page.get_data(as_text=True))},
    )


_SHARED_PG_URL = os.environ.get("QUIZAPP_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# Under xdist each worker works in a database of its own (test_gw0, test_gw1, ...), made on first use.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
_SHARED = make_url(_SHARED_PG_URL)
PG_URL = (
    _SHARED.set(database=f"{_SHARED.database}_{_WORKER}").render_as_string(hide_password=False)
    if _WORKER
    else _SHARED_PG_URL
)


def _create_worker_database() -> None:
    """Create this xdist worker's database beside the shared one, unless it exists."""
    name = make_url(PG_URL).database
    engine = create_engine(_SHARED_PG_URL, connect_args={"connect_timeout": 3}, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
                try:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                except ProgrammingError:  # another test run's worker of the same name made it meanwhile
                    pass
    finally:
        engine.dispose()


def pg_app(schema: str):
    """An app on PostgreSQL whose connections work in ``schema``."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": PG_URL,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}},
            "SECRET_KEY": "test",
            "QUIZAPP_QUESTIONS": str(QUESTIONS),
            "QUIZAPP_SEEDS": str(SEEDS),
        }
    )
    return _with_compiled_templates(app)


@contextmanager
def postgres_app(prefix: str) -> Iterator[tuple]:
    """(app, schema): a schema of its own built by the real migrations, bundled banks loaded.

    Skips, saying why, where no PostgreSQL is reachable; the schema is dropped afterwards.
    """
    engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
    try:
        if PG_URL != _SHARED_PG_URL:
            _create_worker_database()
        with engine.connect():
            pass
    except Exception as exc:  # noqa: BLE001 - any failure to connect means: skip, and say why
        engine.dispose()
        pytest.skip(f"no PostgreSQL at {PG_URL}: {type(exc).__name__}")
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    app = pg_app(schema)
    try:
        migrate.upgrade(app)
        with app.app_context():
            load_bank_folder(QUESTIONS, corpus_of(app))
        yield app, schema
    finally:
        with app.app_context():
            database.session.remove()
            database.engine.dispose()
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


class Clock:
    """The server's clock, frozen at ``now`` and moved on by hand; every quizapp module reads it."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Freeze ``utcnow`` wherever quizapp imported it, so that deadlines pass when a test says so."""
    import sys

    from quizapp import models

    real = models.utcnow
    frozen = Clock(real())
    for name, module in list(sys.modules.items()):
        if name.startswith("quizapp") and getattr(module, "utcnow", None) is real:
            monkeypatch.setattr(module, "utcnow", frozen)
    return frozen
