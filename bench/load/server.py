"""The server under test: the real ``quizapp serve`` (gunicorn) on a free loopback port, with its own database.

SQLite: a database file in a temporary folder of its own, default settings otherwise. PostgreSQL: a
database of its own on the server at ``QUIZAPP_BENCH_POSTGRES`` (default 127.0.0.1:5432 as ``postgres``),
dropped afterwards. Seeded through the app's own commands and functions (bench.load.seed).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES_ADMIN_URL = os.environ.get("QUIZAPP_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


class Unavailable(RuntimeError):
    """The backend cannot be benchmarked here (the message says why)."""


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_database() -> tuple[str, str]:
    """Create an empty database; (its SQLAlchemy URL, its name). Raises :class:`Unavailable`."""
    import psycopg

    name = f"quizapp_load_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise Unavailable(f"no PostgreSQL at {POSTGRES_ADMIN_URL}: {str(exc).strip().splitlines()[0]}") from exc
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}", name


def _drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Server:
    """One running ``quizapp serve``; use as a context manager (it is stopped and cleaned up after)."""

    backend: str  # "sqlite" or "postgres"
    workers: int
    profile: Path | None = None  # a folder for per-worker cProfile stats (bench.load.profiled)
    port: int = 0
    plan: dict = field(default_factory=dict)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="quizapp-load-")))
    process: subprocess.Popen | None = None
    _database: str | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.folder / "server.log"

    def __enter__(self) -> Server:
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_") and k != "DATABASE_URL"}
        env["SECRET_KEY"] = secrets.token_hex(32)  # one key shared by every worker, as in production
        env["PYTHONPATH"] = str(ROOT)
        if self.backend == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{self.folder / 'quizapp.sqlite'}"
        else:
            env["DATABASE_URL"], self._database = _postgres_database()
        return env

    def _start(self) -> None:
        env = self._environment()
        quizapp = str(BIN / "quizapp")
        for command in ([quizapp, "db", "upgrade"], [quizapp, "banks", "load"]):
            subprocess.run(  # noqa: S603 - the project's own command
                command, env=env, cwd=self.folder, check=True, capture_output=True, timeout=120
            )
        seeded = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bench.load.seed"], env=env, cwd=ROOT, check=True, capture_output=True,
            text=True, timeout=120,
        )
        self.plan = json.loads(seeded.stdout.strip().splitlines()[-1])
        self.port = free_port()
        if self.profile is not None:
            env["QUIZAPP_BENCH_PROFILE"] = str(self.profile)
            command = [sys.executable, "-m", "bench.load.profiled", str(self.port), str(self.workers)]
        else:
            command = [quizapp, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
            command += ["--workers", str(self.workers)]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - the project's own command
                command, env=env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}):\n{self.log()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:  # noqa: S310 - loopback
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not answer /healthz within 60 s:\n{self.log()[-2000:]}")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server: the gunicorn arbiter and its live workers."""
        try:
            parent = psutil.Process(self.process.pid)
            total = 0.0
            for proc in [parent, *parent.children(recursive=True)]:
                times = proc.cpu_times()
                total += times.user + times.system
            return total
        except psutil.Error:
            return 0.0

    def log(self) -> str:
        """Everything the server wrote (gunicorn's access and error log)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def __exit__(self, *exc_info) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop, workers included
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self._database:
            _drop_postgres_database(self._database)
        shutil.rmtree(self.folder, ignore_errors=True)
