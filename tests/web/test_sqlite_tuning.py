"""SQLite as the server runs it: WAL, a busy timeout, and writers from several processes and threads
that wait their turn instead of failing with "database is locked" (the exam's autosaves, bench/load)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest
from sqlalchemy import func, select, text

from quizapp import db as db_module
from quizapp.db import db
from quizapp.models import RateLimitCount
from tests.conftest import ROOT

# One worker process of the test: THREADS threads, each committing TRANSACTIONS rows, every transaction
# holding the write lock for a moment (a read, an insert, a pause, a commit) so that the writers collide.
WRITER = textwrap.dedent(
    """
    import sys, threading, time
    from quizapp import create_app
    from quizapp.db import db
    from quizapp.models import RateLimitCount

    url, name, threads, transactions = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-secret-key-not-for-production"})
    failures = []

    def write(thread):
        with app.app_context():
            for i in range(transactions):
                try:
                    db.session.scalar(db.select(db.func.count()).select_from(RateLimitCount))
                    db.session.add(RateLimitCount(key=f"{name}-{thread}-{i}"))
                    db.session.flush()
                    time.sleep(0.002)
                    db.session.commit()
                except Exception as exc:
                    db.session.rollback()
                    failures.append(repr(exc))

    workers = [threading.Thread(target=write, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print("\\n".join(failures), file=sys.stderr)
    sys.exit(1 if failures else 0)
    """
)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(app):
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == db_module.BUSY_TIMEOUT_MS >= 5000
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_writers_in_two_processes_never_see_database_is_locked(app, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    threads, transactions = 4, 15
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", WRITER, url, name, str(threads), str(transactions)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name in ("first", "second")
    ]
    outcomes = [process.communicate(timeout=120) for process in processes]
    for process, (_, errors) in zip(processes, outcomes, strict=True):
        assert "database is locked" not in errors
        assert process.returncode == 0, errors[-2000:]
    with app.app_context():
        keys = set(db.session.scalars(select(RateLimitCount.key)))
    expected = {f"{name}-{t}-{i}" for name in ("first", "second") for t in range(threads) for i in range(transactions)}
    assert keys == expected  # every committed write is there, once


def test_the_write_turn_is_given_back_after_commit_rollback_and_a_connection_returned_mid_write(app):
    with app.app_context():
        db.session.add(RateLimitCount(key="committed"))
        db.session.commit()
        assert not db_module._write_turn.locked()

        db.session.add(RateLimitCount(key="rolled-back"))
        db.session.flush()
        assert db_module._write_turn.locked()  # held from the first write of the transaction
        db.session.rollback()
        assert not db_module._write_turn.locked()

        db.session.add(RateLimitCount(key="abandoned"))
        db.session.flush()
        db.session.close()  # the request ends without a commit: the pool's reset gives the turn back
        assert not db_module._write_turn.locked()
        assert db.session.scalar(select(func.count()).select_from(RateLimitCount)) == 1


def test_threads_of_one_worker_take_turns_and_every_write_lands(app):
    failures: list[str] = []

    def write(thread: int) -> None:
        with app.app_context():
            for i in range(20):
                try:
                    db.session.add(RateLimitCount(key=f"thread-{thread}-{i}"))
                    db.session.commit()
                except Exception as exc:  # noqa: BLE001 - collected and asserted below
                    db.session.rollback()
                    failures.append(repr(exc))

    workers = [threading.Thread(target=write, args=(t,)) for t in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RateLimitCount)) == 6 * 20
    assert not db_module._write_turn.locked()


HOLDS_HOST_TURN = textwrap.dedent(
    """
    import fcntl, os, sys
    descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("held")
    else:
        print("free")
    """
)


def _host_turn(lock_file) -> str:
    """Whether another process could take the host's write turn now: "held" or "free"."""
    return subprocess.run(  # noqa: S603 - this Python, a fixed script
        [sys.executable, "-c", HOLDS_HOST_TURN, str(lock_file)], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_worker_processes_take_turns_on_the_lock_file_beside_the_database(app):
    pytest.importorskip("fcntl", reason="advisory file locks are POSIX only")
    with app.app_context():
        lock_file = db.engine.url.database + "-writer.lock"
        db.session.add(RateLimitCount(key="first write"))
        db.session.flush()
        assert _host_turn(lock_file) == "held"  # another worker waits in the kernel, not in SQLite's naps
        db.session.commit()
        assert _host_turn(lock_file) == "free"
        db.session.add(RateLimitCount(key="abandoned"))
        db.session.flush()
        db.session.close()
        assert _host_turn(lock_file) == "free"
