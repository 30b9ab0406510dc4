"""The set-up commands `make run` uses, against a temporary database: they build a usable server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from quizapp.cli import main
from tests.conftest import AP, QUESTIONS, ROOT, SEEDS


@pytest.fixture
def env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    values = {
        "DATABASE_URL": url,
        "SECRET_KEY": "cli-test-key",
        "QUIZAPP_QUESTIONS": str(QUESTIONS),
        "QUIZAPP_SEEDS": str(SEEDS),
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def _rows(url: str, sql: str):
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    engine.dispose()
    return rows


def test_upgrade_load_and_demo(env):
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    loaded = runner.invoke(main, ["banks", "load"])
    assert loaded.exit_code == 0, loaded.output
    assert "harris-trip-2021:" in loaded.output and "new" in loaded.output
    demo = runner.invoke(main, ["demo"])
    assert demo.exit_code == 0
    code = demo.output.split("Demo class code:")[1].split()[0]
    assert len(code) == 6
    assert "Password:" in demo.output and "shown once" in demo.output
    again = runner.invoke(main, ["demo"])
    assert f"Demo class code: {code}" in again.output and "shown once" not in again.output
    assert _rows(env["DATABASE_URL"], "select count(*) from assignment")[0][0] == 1


def test_a_bad_bank_folder_loads_nothing(env, tmp_path):
    runner = CliRunner()
    runner.invoke(main, ["db", "upgrade"])
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "good.yaml").write_text((QUESTIONS / "harris-trip-2021.yaml").read_text(encoding="utf-8"))
    (folder / "bad.yaml").write_text(
        f"bank: bad\ntitle: B\nquestions:\n  - id: q\n    type: truefalse\n    prompt: P\n    answer: true\n"
        f"    sources: [{{article: {AP}, quote: then blame them}}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["banks", "load", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / 'bad.yaml'}:8: question q: quote not found" in result.output
    assert _rows(env["DATABASE_URL"], "select count(*) from bank")[0][0] == 0


def test_create_teacher_reads_the_password_from_stdin(env):
    runner = CliRunner()
    runner.invoke(main, ["db", "upgrade"])
    made = runner.invoke(main, ["create-teacher", "Ms.Rivera@School.example"], input="a long passphrase\n")
    assert made.exit_code == 0, made.output
    hashes = _rows(env["DATABASE_URL"], "select email, password_hash from teacher")
    assert hashes[0][0] == "ms.rivera@school.example"
    assert hashes[0][1].startswith("$argon2id$v=19$m=19456,t=2,p=1$") and "a long passphrase" not in hashes[0][1]
    short = runner.invoke(main, ["create-teacher", "other@school.example"], input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    dup = runner.invoke(main, ["create-teacher", "ms.rivera@school.example"], input="another passphrase\n")
    assert dup.exit_code == 1 and "already an account" in dup.output
    changed = runner.invoke(main, ["set-password", "ms.rivera@school.example"], input="a newer passphrase\n")
    assert changed.exit_code == 0
    assert _rows(env["DATABASE_URL"], "select session_version from teacher")[0][0] == 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_runs_gunicorn_workers(env):
    CliRunner().invoke(main, ["db", "upgrade"])
    port = _free_port()
    command = [sys.executable, "-m", "quizapp.cli", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/articles/", timeout=2) as response:  # noqa: S310
                    body = response.read().decode()
                    headers = response.headers
                break
            except OSError:
                time.sleep(0.1)
        assert body is not None, "the server did not answer"
        assert "Migration Crisis: Kamala Harris Met Virtually with Mexican President" in body
        assert "script-src 'self'" in headers["Content-Security-Policy"]
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert "Booting worker" in output
