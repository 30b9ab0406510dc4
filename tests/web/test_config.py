"""Configuration: the secret key kept in the instance folder."""

import os
import sqlite3
import stat
from datetime import timedelta

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.config import Config, instance_secret_key


def test_the_secret_key_is_made_once_and_kept(tmp_path):
    first = instance_secret_key(tmp_path)
    assert len(first) == 64
    assert instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left behind


def test_an_empty_key_file_is_refused(tmp_path):
    (tmp_path / "secret_key").write_text("", encoding="utf-8")
    with pytest.raises(RuntimeError, match="is empty"):
        instance_secret_key(tmp_path)


def test_a_new_instance_folder_and_database_are_readable_by_their_owner_only(tmp_path, monkeypatch):
    """``quizapp db upgrade`` into a new instance folder: folder 0700, key and database files 0600."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    previous = os.umask(0o022)  # the usual umask, under which SQLite makes a world-readable file
    try:
        instance = tmp_path / "instance"
        settings = Config(instance)
        monkeypatch.setenv("DATABASE_URL", settings.SQLALCHEMY_DATABASE_URI)
        monkeypatch.setenv("SECRET_KEY", settings.SECRET_KEY)
        result = CliRunner().invoke(main, ["db", "upgrade"])
        assert result.exit_code == 0, result.output
        database = instance / "quizapp.sqlite"
        assert mode_of(instance) == 0o700
        assert mode_of(instance / "secret_key") == 0o600
        assert mode_of(database) == 0o600
        assert mode_of(instance / "quizapp.sqlite-writer.lock") == 0o600
        # While a connection writes, SQLite's WAL and shared-memory files exist beside the database.
        connection = sqlite3.connect(database)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE probe (x)")
            connection.commit()
            assert mode_of(instance / "quizapp.sqlite-wal") == 0o600
            assert mode_of(instance / "quizapp.sqlite-shm") == 0o600
        finally:
            connection.close()
    finally:
        os.umask(previous)


def mode_of(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    ("setting", "saves"),
    [(None, 5), ("12", 12), (" 40 ", 40), ("0", 5), ("-3", 5), ("lots", 5), ("1e9", 5), ("٣", 5), ("9" * 30, 5)],
)
def test_the_autosave_limit_can_be_raised_and_a_bad_setting_keeps_the_default(tmp_path, monkeypatch, setting, saves):
    if setting is None:
        monkeypatch.delenv("QUIZAPP_SAVE_LIMIT", raising=False)
    else:
        monkeypatch.setenv("QUIZAPP_SAVE_LIMIT", setting)
    assert Config(str(tmp_path / "instance")).SAVE_LIMIT == (saves, timedelta(seconds=1))
