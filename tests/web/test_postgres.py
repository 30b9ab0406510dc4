"""The same database code on PostgreSQL, where one is reachable (CI has one on 127.0.0.1:5432).

Each run works in a schema of its own, so it never touches other data in the database.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text

from quizapp import db as quizapp_db
from quizapp import rate_limit
from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import QuestionVersion
from quizapp.setup import ensure_demo, load_bank_folder
from tests.conftest import QUESTIONS
from tests.web.conftest import PG_URL, pg_app, postgres_app


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



def _backend_pid(app) -> int:
    """The database process of the connection a request gets now; the connection goes back to the pool."""
    with app.app_context():
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        db.session.remove()
    return pid


def test_a_connection_that_died_while_idle_is_replaced_before_the_request_uses_it(app, monkeypatch):
    """PostgreSQL restarted, or a firewall dropped the idle link: the next request works, on a new connection."""
    pid = _backend_pid(app)
    assert _backend_pid(app) == pid  # the pool hands out the same connection again
    engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
    with engine.begin() as conn:
        assert conn.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}) is True
    engine.dispose()
    monkeypatch.setattr(quizapp_db, "IDLE_BEFORE_PING_SECONDS", 0.0)  # it has been idle long enough
    assert _backend_pid(app) != pid
    assert app.test_client().get("/join").status_code == 200


def test_only_a_connection_idle_for_a_while_is_checked_first(app, monkeypatch):
    with app.app_context():
        dialect = db.engine.dialect
    pings: list[object] = []
    real_ping = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda connection: pings.append(connection) or real_ping(connection))
    _backend_pid(app)
    _backend_pid(app)
    assert pings == []  # used a moment ago: no round trip before the request's own statements
    monkeypatch.setattr(quizapp_db, "IDLE_BEFORE_PING_SECONDS", 0.0)
    _backend_pid(app)
    assert len(pings) == 1
