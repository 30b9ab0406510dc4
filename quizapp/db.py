"""The database handle and session handling (Flask-SQLAlchemy over SQLAlchemy 2.0)."""

from __future__ import annotations

import os
import threading
import time

try:
    import fcntl
except ImportError:  # Windows: SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
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
# handler, up to 100 ms a nap), which under an exam's autosaves left the lock idle while writers napped
# and let late arrivals overtake (bench/load). Writers therefore take turns, woken as soon as the writer
# before them commits: the threads of a worker on a lock of their own, then the workers of a host on an
# advisory file lock beside the database (flock; the kernel wakes the next waiter at once). SQLite's
# busy handler is left to settle only what those miss (another program writing the file).
_WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_write_turn = threading.Lock()
_TURN = "quizapp.write_turn"
_FILE_TURN = "quizapp.write_file_turn"
_turn_files: dict[tuple[int, str], int] = {}  # (process id, lock file) -> descriptor, opened after any fork


def _turn_file(database: str | None) -> int | None:
    """This process's descriptor of the lock file beside a SQLite database file; None for memory databases."""
    if fcntl is None or not database or database == ":memory:" or database.startswith("file:"):
        return None
    key = (os.getpid(), database + "-writer.lock")
    if key not in _turn_files:
        try:
            _turn_files[key] = os.open(key[1], os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return None  # a read-only folder: SQLite's own lock still decides
    return _turn_files[key]


@event.listens_for(Engine, "before_cursor_execute")
def _take_write_turn(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ARG001
    """Before a SQLite transaction's first write: wait for this process's, then this host's, write turn."""
    if conn.dialect.name != "sqlite" or _TURN in conn.info:
        return
    if statement.lstrip()[:7].upper().startswith(_WRITE_STATEMENTS):
        # After the busy timeout without a turn, go on and let SQLite's own lock decide, as before.
        conn.info[_TURN] = _write_turn.acquire(timeout=BUSY_TIMEOUT_MS / 1000)
        descriptor = _turn_file(conn.engine.url.database) if conn.info[_TURN] else None
        if descriptor is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # released with the thread's turn, or by the kernel on exit
            conn.info[_FILE_TURN] = descriptor


def _end_write_turn(info: dict) -> None:
    descriptor = info.pop(_FILE_TURN, None)
    if descriptor is not None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
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


@event.listens_for(Engine, "do_connect")
def _owner_only_sqlite_file(dialect, connection_record, cargs, cparams) -> None:  # noqa: ARG001
    """A new SQLite file is created readable by its owner only (SQLite would make it 0644); its WAL and
    shared-memory files take the database file's permissions, and the write-turn lock is made 0600."""
    if dialect.name != "sqlite" or cparams.get("uri"):
        return
    database = cargs[0] if cargs else cparams.get("database")
    if not isinstance(database, str) or not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        return  # it exists (its permissions are the administrator's), or SQLite will report the folder
    os.chmod(database, 0o600)  # whatever the umask


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


# A pooled connection left unused this long is checked with a round trip before a request gets it: the
# database may have restarted, or a firewall dropped the idle link, and the pool then replaces it.
# One used a moment ago is handed out as it is. (pool_pre_ping checked on every checkout: a round trip
# per request, on a busy server 0.1-0.2 ms of CPU on each side for connections seconds old.) The price: if
# the database restarts, a request on a connection used in the last seconds fails once, and SQLAlchemy then
# replaces the pool's connections; autosave sends its answers again, keeping its copy until then.
IDLE_BEFORE_PING_SECONDS = 10.0
_IDLE_SINCE = "quizapp.idle_since"


def ping_idle_connections(engine: Engine) -> None:
    """Check ``engine``'s pooled connections before use only after they have been idle a while
    (:data:`IDLE_BEFORE_PING_SECONDS`); a dead one is replaced before any statement of the request.
    Nothing for SQLite, a file that nothing can disconnect."""
    if engine.dialect.name == "sqlite":
        return

    @event.listens_for(engine, "checkin")
    def _idle_from(dbapi_connection, connection_record) -> None:  # noqa: ARG001
        if connection_record is not None:
            connection_record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, connection_record, connection_proxy) -> None:  # noqa: ARG001
        # A connection's info starts empty: one just opened is not pinged either.
        idle_since = connection_record.info.get(_IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool invalidates this connection and checks out a new one (SQLAlchemy's disconnect handling).
            raise DisconnectionError(f"an idle database connection had gone: {error}") from error
