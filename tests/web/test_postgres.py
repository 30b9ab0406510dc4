"""The same database code on PostgreSQL, where one is reachable (CI has one on 127.0.0.1:5432).

Each run works in a schema of its own, so it never touches other data in the database.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp import rate_limit
from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import QuestionVersion
from quizapp.setup import ensure_demo, load_bank_folder
from tests.conftest import QUESTIONS
from tests.web.conftest import pg_app, postgres_app


@pytest.fixture(scope="module")
def world():
    """(app, schema) on PostgreSQL, shared by this module's tests."""
    with postgres_app("quizapp_test") as made:
        yield made


@pytest.fixture(scope="module")
def app(world):
    return world[0]


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


def test_rate_limit_is_shared_between_workers(app, world):
    """Two app instances (two workers) see one count, because it lives in the database."""
    other = pg_app(world[1])
    limit = rate_limit.Limit(f"join:test-{uuid.uuid4().hex}", 2, app.config["JOIN_LIMIT"][1])
    with app.app_context():
        assert limit.take()
        db.session.commit()
    with other.app_context():
        assert limit.take()
        db.session.commit()
        assert not limit.take()
        assert limit.wait() > timedelta(0)
        db.session.remove()
        db.engine.dispose()
