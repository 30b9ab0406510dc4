"""The same database code on PostgreSQL, where one is reachable (CI has one on 127.0.0.1:5432).

Each run works in a schema of its own, so it never touches other data in the database.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, select, text

from quizapp import create_app, migrate, rate_limit
from quizapp.db import db
from quizapp.models import QuestionVersion
from quizapp.setup import ensure_demo, load_bank_folder
from quizapp.web import corpus_of
from tests.conftest import QUESTIONS, SEEDS

PG_URL = os.environ.get("QUIZAPP_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="module")
def pg_schema():
    engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            pass
    except Exception as exc:  # noqa: BLE001 - any failure to connect means: skip, and say why
        engine.dispose()
        pytest.skip(f"no PostgreSQL at {PG_URL}: {type(exc).__name__}")
    schema = f"quizapp_test_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield schema
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def pg_app(schema: str):
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": PG_URL,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}},
            "SECRET_KEY": "test",
            "QUIZAPP_QUESTIONS": str(QUESTIONS),
            "QUIZAPP_SEEDS": str(SEEDS),
        }
    )


@pytest.fixture(scope="module")
def app(pg_schema):
    """An app on a PostgreSQL schema built by the real migrations, with the bundled banks loaded."""
    app = pg_app(pg_schema)
    migrate.upgrade(app)
    with app.app_context():
        load_bank_folder(QUESTIONS, corpus_of(app))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_migrations_and_bank_loading_work_on_postgres(app):
    with app.app_context():
        count = len(db.session.scalars(select(QuestionVersion)).all())
        assert count >= 40
        again = load_bank_folder(QUESTIONS, corpus_of(app))
        assert all(not r.added and not r.changed for r in again)


def test_demo_setup_is_idempotent_on_postgres(app):
    with app.app_context():
        first = ensure_demo()
        second = ensure_demo()
        assert first.password and second.password is None
        assert first.classroom.join_code == second.classroom.join_code


def test_rate_limit_is_shared_between_workers(app, pg_schema):
    """Two app instances (two workers) see one count, because it lives in the database."""
    other = pg_app(pg_schema)
    key = f"join:test-{uuid.uuid4().hex}"
    window = app.config["JOIN_LIMIT"][1]
    with app.app_context():
        assert rate_limit.hit(key, 2, window)
    with other.app_context():
        assert rate_limit.hit(key, 2, window)
        assert not rate_limit.hit(key, 2, window)
        db.session.remove()
        db.engine.dispose()
