"""Serving with several workers and hosts: one secret key for all of them, settled before any worker
starts; behind an HTTPS proxy the scheme is believed and cookies are Secure; no version in headers."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.db import db
from quizapp.serve import MIN_SECRET_KEY_LENGTH, THREADS, gunicorn_options, prepare, settle_secret_key
from tests.conftest import QUESTIONS, ROOT, SEEDS
from tests.web.conftest import make_app

LONG_KEY = "k" * MIN_SECRET_KEY_LENGTH


def test_a_key_from_the_environment_is_used_as_is(tmp_path):
    key, warnings = settle_secret_key(tmp_path / "instance", {"SECRET_KEY": LONG_KEY})
    assert key == LONG_KEY and warnings == []
    assert not (tmp_path / "instance").exists()  # nothing written when the key is given


def test_a_short_key_is_warned_about(tmp_path):
    key, warnings = settle_secret_key(tmp_path, {"SECRET_KEY": "short"})
    assert key == "short"
    assert len(warnings) == 1 and f"at least {MIN_SECRET_KEY_LENGTH}" in warnings[0]


def test_without_a_key_every_worker_gets_the_one_kept_in_the_instance_folder(tmp_path):
    first, warnings = settle_secret_key(tmp_path, {})
    assert warnings == []
    assert (tmp_path / "secret_key").read_text(encoding="utf-8") == first
    again, _ = settle_secret_key(tmp_path, {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    assert again == first


def test_a_database_server_without_secret_key_warns_that_hosts_must_share_one(tmp_path):
    _, warnings = settle_secret_key(tmp_path, {"DATABASE_URL": "postgresql+psycopg://db.school.example/quiz"})
    assert len(warnings) == 1
    assert "several hosts" in warnings[0] and "same SECRET_KEY" in warnings[0]
    _, warnings = settle_secret_key(tmp_path, {"DATABASE_URL": "postgresql+psycopg://db/quiz", "SECRET_KEY": LONG_KEY})
    assert warnings == []


def test_no_key_and_nowhere_to_keep_one_refuses_to_start(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    with pytest.raises(RuntimeError, match="Set SECRET_KEY"):
        settle_secret_key(blocked / "instance", {})


def test_serve_refuses_with_a_clear_message(monkeypatch):
    def refuse(environ, behind_proxy):
        raise RuntimeError("no SECRET_KEY is set and none can be kept in /x; Set SECRET_KEY.")

    monkeypatch.setattr("quizapp.serve.prepare", refuse)
    started = []
    monkeypatch.setattr("quizapp.serve.run", lambda *args: started.append(args))
    result = CliRunner().invoke(main, ["serve", "--workers", "4"])
    assert result.exit_code == 1 and "Set SECRET_KEY" in result.output
    assert started == []


def test_behind_proxy_trusts_one_proxy_at_least():
    config, _ = prepare({"SECRET_KEY": LONG_KEY}, behind_proxy=True)
    assert (config["SECRET_KEY"], config["QUIZAPP_PROXIES"]) == (LONG_KEY, 1)
    config, _ = prepare({"SECRET_KEY": LONG_KEY, "QUIZAPP_PROXIES": "2"}, behind_proxy=True)
    assert config["QUIZAPP_PROXIES"] == 2
    config, _ = prepare({"SECRET_KEY": LONG_KEY}, behind_proxy=False)
    assert config["QUIZAPP_PROXIES"] == 0


def test_a_served_worker_opens_one_database_connection_per_thread(tmp_path):
    """Workers x threads bounds what a host opens: two hosts of several workers stay within PostgreSQL's 100."""
    config, _ = prepare({"SECRET_KEY": LONG_KEY})
    app = make_app(tmp_path, **config)
    with app.app_context():
        pool = db.engine.pool
        assert pool.size() == THREADS == gunicorn_options("127.0.0.1", 8000, 2, config)["threads"]
        assert pool._max_overflow == 0  # no connection beyond the pool (QueuePool shows it nowhere public)


def test_without_behind_proxy_no_proxy_setting_is_trusted():
    """QUIZAPP_PROXIES in the environment does not switch ProxyFix on behind the operator's back."""
    config, warnings = prepare({"SECRET_KEY": LONG_KEY, "QUIZAPP_PROXIES": "1"}, behind_proxy=False)
    assert config["QUIZAPP_PROXIES"] == 0
    assert any("QUIZAPP_PROXIES is ignored without --behind-proxy" in warning for warning in warnings)


# --------------------------------------------------------------------------------------------------
# A real server: gunicorn, two workers, behind an HTTPS proxy
# --------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Browser:
    """Requests as a browser behind the school's HTTPS proxy would make them, keeping the cookie."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {
            "Host": "quiz.school.example",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.9",
            "Referer": "https://quiz.school.example/join",
        }
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()  # also when the server is not up yet
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("session="):
                self.cookie = header.split(";", 1)[0]
        return response, text


def test_two_workers_behind_an_https_proxy_share_the_key_and_set_secure_cookies(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite'}",
        "SECRET_KEY": "s" * 64,
        "QUIZAPP_QUESTIONS": str(QUESTIONS),
        "QUIZAPP_SEEDS": str(SEEDS),
    }
    cli = [sys.executable, "-m", "quizapp.cli"]
    for command in (["db", "upgrade"], ["banks", "load"]):
        subprocess.run([*cli, *command], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    demo = subprocess.run([*cli, "demo"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    code = demo.stdout.split("Demo class code:")[1].split()[0]
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [*cli, "serve", "--port", str(port), "--workers", "2", "--behind-proxy"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        browser = _Browser(port)
        for _ in range(100):
            try:
                response, page = browser.request("GET", "/join")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
        assert response.status == 200
        assert response.headers["Server"] == "gunicorn"  # no version number to look up exploits for
        session_cookie = [c for c in response.headers.get_all("Set-Cookie") if c.startswith("session=")][0]
        assert "Secure" in session_cookie and "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        joined, _ = browser.request("POST", "/join", {"csrf_token": token, "code": code, "name": "Ana Diaz"})
        assert joined.status == 302, "joining over the proxy failed"
        assert joined.headers["Location"] in ("/", "https://quiz.school.example/")
        # Requests land on either worker; each one reads the cookie the other signed.
        for _ in range(12):
            home, text = browser.request("GET", "/")
            assert home.status == 200 and "Ana Diaz" in text
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert output.count("Booting worker") >= 2
    assert "warning:" not in output


def test_without_behind_proxy_forwarded_https_from_this_host_is_not_believed(tmp_path):
    """A local request claiming HTTPS (X-Forwarded-Proto, X-Forwarded-Ssl) gets no HSTS, no Secure cookie."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite'}",
        "SECRET_KEY": "s" * 64,
        "QUIZAPP_QUESTIONS": str(QUESTIONS),
        "QUIZAPP_SEEDS": str(SEEDS),
    }
    env.pop("QUIZAPP_PROXIES", None)
    env.pop("FORWARDED_ALLOW_IPS", None)
    cli = [sys.executable, "-m", "quizapp.cli"]
    subprocess.run([*cli, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [*cli, "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        replies = []
        for claim in ({"X-Forwarded-Proto": "https"}, {"X-Forwarded-Ssl": "on"}, {"X-Forwarded-Protocol": "ssl"}):
            for _ in range(100):
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    connection.request("GET", "/join", headers=claim)
                    response = connection.getresponse()
                    response.read()
                    connection.close()
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail("the server did not answer")
            replies.append(response)
    finally:
        server.terminate()
        server.communicate(timeout=10)
    for response in replies:
        assert response.status == 200
        assert "Strict-Transport-Security" not in response.headers
        cookies = response.headers.get_all("Set-Cookie") or []
        assert cookies and not any("Secure" in cookie for cookie in cookies)
