"""Adding articles to the folder: ids, the lock, line endings and comments of articles.yaml, undoing."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from quizapp.corpus import load_corpus
from quizapp.corpus.article_store import (
    MAX_ID_LENGTH,
    check_article_id,
    check_date,
    suggest_article_id,
    write_article,
)
from quizapp.corpus.articles import METADATA_FILE
from quizapp.corpus.imported_article import HtmlImportError, ImportedArticle

STORY = ImportedArticle(
    headline="Bridge reopens", text="Bridge reopens\n\nThe bridge reopened.", outlet="Daily", date="2021-06-08"
)
CRLF_METADATA = b"# Articles of the bridge unit\r\nold:\r\n  outlet: Weekly  # checked\r\n  headline: Old story\r\n\r\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of one article whose articles.yaml has Windows line endings and comments."""
    (tmp_path / "old.txt").write_bytes(b"An old story.")
    (tmp_path / METADATA_FILE).write_bytes(CRLF_METADATA)
    return tmp_path


def test_an_added_entry_follows_the_files_line_endings_and_leaves_the_rest_byte_for_byte(folder):
    article = write_article(folder, "bridge", STORY, notes="Checked against the print edition.")
    data = (folder / METADATA_FILE).read_bytes()
    assert data.startswith(CRLF_METADATA)
    assert data[len(CRLF_METADATA) :] == (
        b"bridge:\r\n  outlet: Daily\r\n  headline: Bridge reopens\r\n  date: '2021-06-08'\r\n"
        b"  notes: Checked against the print edition.\r\n"
    )
    assert (folder / "bridge.txt").read_bytes() == STORY.text.encode()
    assert (article.outlet, article.headline, article.date, article.notes) == (
        "Daily",
        "Bridge reopens",
        "2021-06-08",
        "Checked against the print edition.",
    )


def test_a_metadata_file_without_a_final_newline_gets_one_before_the_new_entry(tmp_path):
    (tmp_path / "old.txt").write_text("Old.", encoding="utf-8")
    (tmp_path / METADATA_FILE).write_text("old:\n  outlet: Weekly", encoding="utf-8")
    write_article(tmp_path, "bridge", STORY)
    assert (tmp_path / METADATA_FILE).read_text(encoding="utf-8").startswith("old:\n  outlet: Weekly\nbridge:\n")
    assert set(load_corpus(tmp_path)) == {"old", "bridge"}


def test_replacing_rewrites_only_that_entry_where_it_stands(folder):
    with (folder / METADATA_FILE).open("ab") as handle:
        handle.write(b"# the next unit\r\nlast:\r\n  outlet: Other\r\n")
    (folder / "last.txt").write_bytes(b"Last.")
    write_article(folder, "old", STORY, replace=True)
    assert (folder / METADATA_FILE).read_bytes() == (
        b"# Articles of the bridge unit\r\nold:\r\n  outlet: Daily\r\n  headline: Bridge reopens\r\n"
        b"  date: '2021-06-08'\r\n\r\n# the next unit\r\nlast:\r\n  outlet: Other\r\n"
    )
    assert (folder / "old.txt").read_text(encoding="utf-8") == STORY.text


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_replacing_keeps_who_may_write_the_files(folder):
    (folder / "old.txt").chmod(0o664)
    (folder / METADATA_FILE).chmod(0o660)
    write_article(folder, "old", STORY, replace=True)
    assert stat.S_IMODE((folder / "old.txt").stat().st_mode) == 0o664
    assert stat.S_IMODE((folder / METADATA_FILE).stat().st_mode) == 0o660
    assert not [path.name for path in folder.iterdir() if path.name.endswith(".tmp")]


def test_an_entry_not_written_as_a_plain_block_is_not_rewritten_by_guesswork(tmp_path):
    (tmp_path / "old.txt").write_text("Old.", encoding="utf-8")
    (tmp_path / METADATA_FILE).write_text("{old: {outlet: Weekly}}\n", encoding="utf-8")
    with pytest.raises(HtmlImportError, match="the entry for old in articles.yaml is not written as a plain block"):
        write_article(tmp_path, "old", STORY, replace=True)
    assert (tmp_path / "old.txt").read_text(encoding="utf-8") == "Old."


def test_ids_differing_only_in_case_are_refused(folder):
    with pytest.raises(HtmlImportError, match="article 'old' differs from 'OLD' only in case"):
        write_article(folder, "OLD", STORY)
    assert sorted(path.name for path in folder.iterdir()) == ["articles.yaml", "old.txt"]


@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_a_write_waits_for_the_folder_lock(folder):
    import fcntl

    holder = os.open(folder, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    done = threading.Event()
    writer = threading.Thread(target=lambda: (write_article(folder, "bridge", STORY), done.set()))
    try:
        writer.start()
        assert not done.wait(0.5)  # another import holds the folder
        assert not (folder / "bridge.txt").exists()
    finally:
        os.close(holder)  # releases the lock
        writer.join(10)
    assert done.is_set()
    assert "bridge" in load_corpus(folder)


@pytest.mark.parametrize("bad", ["", "a b", "id\n", "../up", "caf\u00e9", "x" * (MAX_ID_LENGTH + 1)])
def test_ids_that_cannot_name_a_file_are_refused(bad):
    with pytest.raises(HtmlImportError, match="bad article id"):
        check_article_id(bad)


@pytest.mark.parametrize(("value", "reason"), [("2021-6-8", "YYYY-MM-DD"), ("2021-02-30", "no such day"), ("", "")])
def test_dates_must_be_real_days(value, reason):
    with pytest.raises(HtmlImportError, match=f"bad date.*{reason}"):
        check_date(value)
    assert check_date("2024-02-29") == "2024-02-29"


def test_a_suggested_id_is_short_ascii_and_never_taken_in_any_case():
    imported = ImportedArticle(
        headline="Caf\u00e9 owners fear \u201cparking chaos\u201d on Quay Street this winter",
        text="x",
        outlet="The Riverside Weekly Gazette",
        date="2019-11-21",
    )
    base = "2019-11-21_the-riverside-weekly_cafe-owners-fear-parking-chaos-on"
    assert suggest_article_id(imported) == base
    assert suggest_article_id(imported, taken=[base.upper(), f"{base}-2"]) == f"{base}-3"
    long = ImportedArticle(headline=" ".join(["w" * 30] * 6), text="x", outlet=None, date=None)
    assert len(suggest_article_id(long, taken=[suggest_article_id(long)])) <= MAX_ID_LENGTH
