"""Configuration: the secret key kept in the instance folder."""

import pytest

from quizapp.config import instance_secret_key


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
