"""A real ``quizapp serve`` (gunicorn, several worker processes) and students that talk HTTP to it.

For tests that must see what a crash does: the server runs as its own process group, its workers
can be killed with SIGKILL, and the whole server can be stopped and started again on the same
database. Students are plain urllib clients with their own cookies and the CSRF tokens of the
pages they load, as a browser without JavaScript would have.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

from tests.conftest import QUESTIONS, SEEDS

# What a dropped connection looks like to a client: a worker killed mid-request, a server restarting.
NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> dict[int, str]:
    """The processes whose parent is ``pid`` (read from /proc): their ids and states (R: running)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended meanwhile
        # The command name is in parentheses and may hold spaces; the state and the parent id follow.
        state, parent = stat[stat.rindex(")") + 2 :].split()[:2]
        if int(parent) == pid:
            found[int(entry.name)] = state
    return found


class Server:
    """``quizapp serve`` on a free port with ``workers`` gunicorn workers and ``database_url``."""

    def __init__(self, database_url: str, log_path: Path, workers: int = 3):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "no-loss-test-key-shared-by-every-worker",
            "QUIZAPP_QUESTIONS": str(QUESTIONS),
            "QUIZAPP_SEEDS": str(SEEDS),
        }
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        """Start the server and wait until every worker is up and a page loads."""
        command = [sys.executable, "-c", "from quizapp.cli import main; main()", "serve", "--port", str(self.port),
                   "--workers", str(self.workers)]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"quizapp serve exited with {self.process.returncode}:\n{self.log()}")
            if len(self.worker_pids()) >= self.workers and self._answers():
                return
            time.sleep(0.2)
        raise AssertionError(f"quizapp serve did not come up in {timeout} s:\n{self.log()}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/join", timeout=5) as response:  # noqa: S310 - our server
                return response.status == 200
        except NETWORK_ERRORS:
            return False

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's child processes."""
        return list(children_of(self.process.pid)) if self.process else []

    def kill_worker(self) -> int:
        """SIGKILL one worker, a busy one if any (no cleanup, no finishing its requests); returns its id."""
        workers = children_of(self.process.pid)
        pid = next((pid for pid, state in workers.items() if state == "R"), next(iter(workers)))
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self, timeout: float = 30) -> None:
        """Stop the whole server as an administrator would (SIGTERM), killing it if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None  # the test looks at each redirect itself


@dataclass
class Reply:
    """An HTTP answer: status, the Location header if any, the body as text."""

    status: int
    location: str | None
    body: str

    def json(self):
        return json.loads(self.body)


class HttpStudent:
    """A browser without JavaScript: its own cookies, following no redirects, talking to ``base``."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())

    def request(self, path: str, fields: list[tuple[str, str]] | None = None, json_reply: bool = False) -> Reply:
        """GET ``path``, or POST ``fields`` to it; raises one of NETWORK_ERRORS when no answer came."""
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        headers = {"Accept": "application/json"} if json_reply else {}
        request = urllib.request.Request(f"{self.base}{path}", data=data, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return Reply(response.status, response.headers.get("Location"), response.read().decode())
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx: an answer all the same
            with error:
                return Reply(error.code, error.headers.get("Location"), error.read().decode(errors="replace"))

    def page(self, path: str) -> str:
        reply = self.request(path)
        assert reply.status == 200, (path, reply.status, reply.body[:500])
        return reply.body

    def join(self, code: str, name: str) -> None:
        token = csrf_of(self.page("/join"))
        reply = self.request("/join", [("csrf_token", token), ("code", code), ("name", name)])
        assert reply.status == 302, reply.body[:500]

    def start(self, assignment_id: int) -> str:
        """Press Start; returns the quiz page."""
        token = csrf_of(self.page(f"/assignments/{assignment_id}"))
        reply = self.request(f"/assignments/{assignment_id}/start", [("csrf_token", token)])
        assert reply.status == 302, reply.body[:500]
        return self.page(f"/assignments/{assignment_id}")


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def attempt_of(html: str) -> int:
    return int(re.search(r'action="/attempts/(\d+)/answers"', html).group(1))
