"""The database handle and session handling (Flask-SQLAlchemy over SQLAlchemy 2.0)."""

from __future__ import annotations

import threading

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

# Named constraints so that Alembic migrations are stable on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)


BUSY_TIMEOUT_MS = 10000

# SQLite has one writer at a time. Python's sqlite3 begins the transaction at its first INSERT, UPDATE or
# DELETE, so reads never hold it up, and a writer waiting for the lock sleeps and polls (SQLite's busy
# handler, up to 100 ms a nap), which under an exam's autosaves left the lock idle while threads napped
# and let late arrivals overtake (bench/load). Within a worker process the threads therefore take turns
# on a lock of their own, woken as soon as the writer before them commits; only one thread per process
# meets SQLite's busy handler.
_WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_write_turn = threading.Lock()
_TURN = "quizapp.write_turn"


@event.listens_for(Engine, "before_cursor_execute")
def _take_write_turn(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ARG001
    """Before a SQLite transaction's first write: wait for this process's write turn."""
    if conn.dialect.name != "sqlite" or _TURN in conn.info:
        return
    if statement.lstrip()[:7].upper().startswith(_WRITE_STATEMENTS):
        # After the busy timeout without a turn, go on and let SQLite's own lock decide, as before.
        conn.info[_TURN] = _write_turn.acquire(timeout=BUSY_TIMEOUT_MS / 1000)


def _end_write_turn(info: dict) -> None:
    if info.pop(_TURN, False):
        _write_turn.release()


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _transaction_ended(conn) -> None:
    _end_write_turn(conn.info)


# A connection returned, broken or closed mid-transaction never keeps the turn. (Each event has its own
# signature; SQLAlchemy reads a listener's arguments to tell its current signature from a legacy one.)
@event.listens_for(Pool, "reset")
def _connection_reset(dbapi_connection, connection_record, reset_state) -> None:  # noqa: ARG001
    if connection_record is not None:
        _end_write_turn(connection_record.info)


@event.listens_for(Pool, "invalidate")
def _connection_invalidated(dbapi_connection, connection_record, exception) -> None:  # noqa: ARG001
    if connection_record is not None:
        _end_write_turn(connection_record.info)


@event.listens_for(Pool, "close")
def _connection_closed(dbapi_connection, connection_record) -> None:  # noqa: ARG001
    if connection_record is not None:
        _end_write_turn(connection_record.info)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:  # noqa: ARG001
    """WAL lets students read while one writes; the busy timeout waits for a lock instead of failing."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
