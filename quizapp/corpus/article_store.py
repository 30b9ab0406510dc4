"""Adding an imported article to the articles folder: its id, then its text file and its entry in
``articles.yaml``, written under a lock on the folder and undone if the folder would not load.

The folder is the one format the corpus reads (:mod:`quizapp.corpus.articles`); this module only
ever adds to it, or replaces one article on purpose, and never leaves it half-written.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path

import yaml

from quizapp.corpus.articles import ARTICLE_ID, METADATA_FILE, UNKNOWN_OUTLET, Article, CorpusError, load_corpus
from quizapp.corpus.imported_article import HtmlImportError, ImportedArticle

try:
    import fcntl
except ImportError:  # not on Windows; imports there run without the folder lock
    fcntl = None  # type: ignore[assignment]

MAX_ID_LENGTH = 100  # ids become file names; keep well inside every file system's limit


def check_article_id(article_id: str) -> str:
    """Return ``article_id`` if it can name an article file, else raise :class:`HtmlImportError`."""
    if not ARTICLE_ID.fullmatch(article_id or ""):  # fullmatch: "$" alone would let "id\n" through
        raise HtmlImportError(f"bad article id {article_id!r}: use only letters, digits, '_' and '-'")
    if len(article_id) > MAX_ID_LENGTH:
        raise HtmlImportError(f"bad article id: longer than {MAX_ID_LENGTH} characters")
    return article_id


def check_date(value: str) -> str:
    """Return ``value`` if it is a real YYYY-MM-DD date, else raise :class:`HtmlImportError`."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        raise HtmlImportError(f"bad date {value!r}: write it as YYYY-MM-DD")
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise HtmlImportError(f"bad date {value!r}: no such day") from None
    return value


def _given(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


_SLUG_GAPS = re.compile(r"[^a-z0-9]+")
_SLUG_WORDS = 6  # of the headline: enough to tell two reports apart in a file listing
_SLUG_OUTLET_WORDS = 3


def _slug(text: str | None, words: int) -> str:
    # ASCII only, so every file system and every teacher's keyboard can name the file.
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(_SLUG_GAPS.sub(" ", ascii_text).split()[:words])


def suggest_article_id(imported: ImportedArticle, taken: Iterable[str] = ()) -> str:
    """An id for ``imported`` from what the page says: ``DATE_OUTLET_HEADLINE`` as a short ASCII slug.

    Parts the page does not give are left out (``imported-article`` when none is given). An id in
    ``taken`` gets ``-2``, ``-3``... so a suggestion never names an existing article. The result
    passes :func:`check_article_id`.
    """
    outlet = _slug(imported.outlet, _SLUG_OUTLET_WORDS)
    headline = _slug(imported.headline, _SLUG_WORDS)
    parts = [part for part in (imported.date, outlet, headline) if part]
    base = "_".join(parts)[: MAX_ID_LENGTH - 4].strip("_-") or "imported-article"
    taken = {name.lower() for name in taken}  # case-insensitive file systems hold one of "A" and "a"
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{base}-{number}"
    return check_article_id(candidate)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder while an article is added, so two imports never interleave.

    The lock is on the folder itself (no lock file to leave behind); where ``flock`` does not exist
    imports simply run unlocked.
    """
    if fcntl is None:
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def write_article(
    folder: str | Path,
    article_id: str,
    imported: ImportedArticle,
    *,
    outlet: str | None = None,
    headline: str | None = None,
    date: str | None = None,
    notes: str | None = None,
    author: str | None = None,
    event: str | None = None,
    replace: bool = False,
) -> Article:
    """Add ``imported`` to the articles ``folder`` as ``<article_id>.txt`` plus an ``articles.yaml`` entry.

    The text is written byte for byte (UTF-8, no newline translation). The metadata entry is appended
    to ``articles.yaml`` so existing comments and entries stay exactly as they were. Outlet, headline,
    date and author given here win over what the page said; the outlet falls back to "Unknown
    outlet", the headline to a bracketed neutral description, and a date or author is never made
    up. ``event`` names the story the article reports on (the reports of one event are compared
    with each other); none is stored when it is not given. The folder is then loaded again to prove
    it still loads; if it does not, every write is undone. An existing article is overwritten only
    with ``replace`` (its text, and its entry in place); without it, never. Returns the article as
    :func:`load_corpus` now reads it.
    """
    folder = Path(folder)
    check_article_id(article_id)
    date = check_date(date) if date is not None else imported.date
    if not imported.text.strip():
        raise HtmlImportError("the article has no text")
    if not folder.is_dir():
        raise HtmlImportError(f"{folder}: no such folder of articles")
    with _folder_lock(folder):
        return _write_locked(folder, article_id, imported, date, outlet, headline, notes, author, event, replace)


def _write_locked(
    folder: Path,
    article_id: str,
    imported: ImportedArticle,
    date: str | None,
    outlet: str | None,
    headline: str | None,
    notes: str | None,
    author: str | None,
    event: str | None,
    replace: bool,
) -> Article:
    try:
        corpus = load_corpus(folder)
    except CorpusError as exc:
        # Appending to a folder that is already broken could not be checked, or undone safely.
        raise HtmlImportError(f"the articles folder does not load, so nothing was added: {exc}") from None
    text_path = folder / f"{article_id}.txt"
    # Case-insensitive file systems (macOS, Windows shares) would make "Story" overwrite "story".
    clash = next((other for other in corpus if other.lower() == article_id.lower() and other != article_id), None)
    if clash is not None:
        raise HtmlImportError(f"article {clash!r} differs from {article_id!r} only in case; choose another id")
    # load_corpus refuses metadata without a text file, so an id missing from the corpus has no entry.
    exists = article_id in corpus or text_path.exists()
    if exists and not replace:
        raise HtmlImportError(
            f"{text_path} already exists: articles are never overwritten; choose another id, or replace it on purpose"
        )

    block = _entry_block(article_id, imported, date, outlet, headline, notes, author, event)
    meta_path = folder / METADATA_FILE
    original = meta_path.read_bytes() if meta_path.exists() else None
    old_text = text_path.read_bytes() if exists and text_path.exists() else None
    metadata = _metadata_with(original, article_id, block) if exists else None
    try:
        # "x": never replace a file by accident; a replacement is written in full and renamed into place.
        if old_text is None:
            with text_path.open("x", encoding="utf-8", newline="") as handle:
                handle.write(imported.text)
        else:
            _replace_file(text_path, imported.text.encode("utf-8"))
    except FileExistsError:
        raise HtmlImportError(f"{text_path} already exists: articles are never overwritten") from None
    except OSError as exc:
        raise HtmlImportError(f"{text_path}: cannot write it: {exc.strerror or exc}") from None
    try:
        if metadata is None:
            _append_metadata(meta_path, original, block)
        else:
            _replace_file(meta_path, metadata)
        article = load_corpus(folder).get(article_id)
        if article is None or article.text != imported.text:
            raise HtmlImportError(f"{article_id} did not load back exactly as written")
    except BaseException as exc:
        _roll_back(text_path, meta_path, original, old_text)
        if isinstance(exc, HtmlImportError) or not isinstance(exc, Exception):
            raise
        raise HtmlImportError(
            f"the articles folder would not load with {article_id} ({exc}); nothing was added"
        ) from exc
    return article


def _entry_block(
    article_id: str,
    imported: ImportedArticle,
    date: str | None,
    outlet: str | None,
    headline: str | None,
    notes: str | None,
    author: str | None,
    event: str | None,
) -> str:
    """The article's ``articles.yaml`` entry as YAML: what the teacher gave wins over what the page said."""
    entry: dict[str, str] = {}
    if event := " ".join((event or "").split()):
        entry["event"] = event
    entry |= {
        "outlet": _given(outlet) or imported.outlet or UNKNOWN_OUTLET,
        "headline": _given(headline) or imported.headline or f"[Imported article {article_id}]",
    }
    if date:
        entry["date"] = date
    if author := _given(author) or imported.author:
        entry["author"] = author
    if notes := _given(notes):
        entry["notes"] = notes
    block: str = yaml.safe_dump({article_id: entry}, allow_unicode=True, sort_keys=False, width=100)
    return block


def _metadata_with(original: bytes | None, article_id: str, block: str) -> bytes:
    """``articles.yaml`` with ``article_id``'s entry replaced by ``block`` (or appended, if it has none).

    Only that entry's lines change: the comments and the other entries stay as they were. An entry
    not written as a plain top-level key (flow style, anchors) is not rewritten by guesswork.
    """
    if original is None:
        return block.encode("utf-8")
    text = original.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    key = re.compile(rf"""^(['"]?){re.escape(article_id)}\1\s*:(\s*(#.*)?)$""")
    starts = [number for number, line in enumerate(lines) if key.match(line.rstrip("\r\n"))]
    if not starts:
        try:
            existing = yaml.safe_load(text) or {}
        except yaml.YAMLError:
            existing = {}
        if isinstance(existing, dict) and article_id in existing:
            raise HtmlImportError(
                f"the entry for {article_id} in {METADATA_FILE} is not written as a plain block; "
                "edit it by hand, or import under another id"
            )
        data = original + (b"" if text.endswith("\n") or not text else newline.encode())
        return data + block.replace("\n", newline).encode("utf-8")
    start = starts[0]
    end = start + 1
    # The entry runs to the next line at the left margin (the next id, or a comment introducing it).
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines before the next entry stay with it
    replaced = "".join(lines[:start]) + block.replace("\n", newline) + "".join(lines[end:])
    return replaced.encode("utf-8")


def _replace_file(path: Path, data: bytes) -> None:
    # Written beside the target and renamed over it: a reader sees the old file or the new, never half.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        if path.exists():
            shutil.copymode(path, temporary)  # keep who may write the file (a shared school server)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _append_metadata(path: Path, original: bytes | None, block: str) -> None:
    data = block
    if original:
        newline = "\r\n" if b"\r\n" in original else "\n"  # match the file's own line endings
        data = block.replace("\n", newline)
        if not original.endswith(b"\n"):
            data = newline + data
    with path.open("ab") as handle:
        handle.write(data.encode("utf-8"))


def _roll_back(text_path: Path, meta_path: Path, original: bytes | None, old_text: bytes | None = None) -> None:
    if old_text is None:
        text_path.unlink(missing_ok=True)
    else:
        _replace_file(text_path, old_text)
    if original is None:
        meta_path.unlink(missing_ok=True)
    else:
        meta_path.write_bytes(original)
