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

from quizapp.serve import THREADS

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES_ADMIN_URL = os.environ.get("QUIZAPP_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def server_cpu_seconds(pids: list[int]) -> float:
    """CPU time used so far by these gunicorn arbiters and their live workers."""
    total = 0.0
    for pid in pids:
        try:
            parent = psutil.Process(pid)
            for proc in [parent, *parent.children(recursive=True)]:
                times = proc.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            continue
    return total


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
    workers: int  # per host
    profile: Path | None = None  # a folder for per-worker cProfile stats (bench.load.served)
    hosts: int = 1  # app hosts on one database, each its own gunicorn on a port of its own
    worker_class: str = "gthread"
    threads: int = THREADS
    plan: dict = field(default_factory=dict)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="quizapp-load-")))
    processes: list[subprocess.Popen] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    _database: str | None = None

    @property
    def url(self) -> str:
        """The first host's address (the one the students' requests go to when there is one host)."""
        return self.urls[0]

    @property
    def log_paths(self) -> list[Path]:
        return [self.folder / f"server-{host}.log" for host in range(self.hosts)]

    @property
    def pids(self) -> list[int]:
        """Each host's gunicorn arbiter."""
        return [process.pid for process in self.processes]

    def describe(self) -> str:
        """How the server is set up, for the report."""
        per_worker = f"{self.threads} threads" if self.worker_class == "gthread" else "gevent, "
        per_worker += f"{self.threads} connections" if self.worker_class == "gevent" else ""
        hosts = f"{self.hosts} hosts × " if self.hosts > 1 else ""
        return f"{hosts}{self.workers} gunicorn workers × {per_worker}"

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
        for log_path in self.log_paths:
            port = free_port()
            with open(log_path, "wb") as log:
                self.processes.append(subprocess.Popen(  # noqa: S603 - the project's own command
                    self._command(quizapp, port), env=env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True,
                ))
            self.urls.append(f"http://127.0.0.1:{port}")
        for process, url in zip(self.processes, self.urls, strict=True):
            self._wait_until_up(process, url)
        self.plan["urls"] = self.urls
        self.plan["server_pids"] = self.pids

    def _command(self, quizapp: str, port: int) -> list[str]:
        """quizapp serve itself, unless the run changes what it cannot (worker class, threads, profiling)."""
        if self.profile is None and self.worker_class == "gthread" and self.threads == THREADS:
            return [quizapp, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(self.workers)]
        command = [sys.executable, "-m", "bench.load.served", str(port), str(self.workers)]
        command += ["--worker-class", self.worker_class, "--threads", str(self.threads)]
        return command + (["--profile", str(self.profile)] if self.profile else [])

    def _wait_until_up(self, process: subprocess.Popen, url: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited ({process.returncode}):\n{self.log()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:  # noqa: S310 - loopback
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not answer /healthz within 60 s:\n{self.log()[-2000:]}")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server: every host's gunicorn arbiter and its live workers."""
        return server_cpu_seconds(self.pids)

    def log_sizes(self) -> list[int]:
        """How much each host has logged so far (for :meth:`log` ``since``)."""
        return [len(text) for text in self._logs()]

    def log(self, since: list[int] | None = None) -> str:
        """What the server wrote (every host's gunicorn access and error log, one after the other), all of
        it or what each host wrote after ``since`` (from :meth:`log_sizes`)."""
        texts = self._logs()
        return "".join(text[start:] for text, start in zip(texts, since or [0] * len(texts), strict=True))

    def _logs(self) -> list[str]:
        return [
            path.read_text(encoding="utf-8", errors="replace") if path.exists() else "" for path in self.log_paths
        ]

    def __exit__(self, *exc_info) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop, workers included
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self._database:
            _drop_postgres_database(self._database)
        shutil.rmtree(self.folder, ignore_errors=True)
