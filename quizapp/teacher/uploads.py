"""Uploading a question bank from the browser: validated exactly as ``quizapp validate`` does.

A bank with any problem is refused whole, with the same located messages the command prints; a
clean bank is stored with the uploader as its owner. Nothing is ever half-loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.utils import secure_filename

from quizapp.bank_store import StoreResult, store_bank
from quizapp.banks import Problem, parse_bank
from quizapp.banks.yaml_source import MAX_BYTES
from quizapp.corpus import Corpus
from quizapp.db import db
from quizapp.models import Bank

DEFAULT_NAME = "bank.yaml"
MAX_TITLE = 300  # the bank table's title column


@dataclass
class UploadOutcome:
    """What an upload did: the problems that refused it, or what storing the bank changed."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    stored: StoreResult | None = None

    @property
    def ok(self) -> bool:
        """True when the bank was stored (the caller commits)."""
        return self.stored is not None


def upload_path(filename: str | None) -> str:
    """The uploaded file's name as messages show it: no folders, no odd characters."""
    name = secure_filename(filename or "")
    return name if name else DEFAULT_NAME


def upload_bank(data: bytes, filename: str | None, corpus: Corpus, teacher_id: int) -> UploadOutcome:
    """Validate ``data`` as a bank file and store it as ``teacher_id``'s, or report every problem.

    Refused, besides anything ``quizapp validate`` reports: files over 5 MB, and a bank id that a
    bundled bank or another teacher's bank already has. On success the caller commits; on any
    error while storing, the session is rolled back so nothing of the bank remains.
    """
    outcome = UploadOutcome(upload_path(filename))
    if len(data) > MAX_BYTES:
        outcome.problems.append(Problem(outcome.path, 1, f"file is over the limit of {MAX_BYTES:,} bytes"))
        return outcome
    bank, problems = parse_bank(data, outcome.path, corpus)
    if problems or bank is None:
        outcome.problems = problems
        return outcome
    if len(bank.title) > MAX_TITLE:
        outcome.problems.append(Problem(outcome.path, bank.line, f"title is longer than {MAX_TITLE} characters"))
        return outcome
    existing = db.session.get(Bank, bank.id)
    if existing is not None and existing.owner_id != teacher_id:
        whose = "a bundled bank" if existing.owner_id is None else "another teacher's bank"
        outcome.problems.append(
            Problem(outcome.path, bank.line, f"bank id '{bank.id}' is already used by {whose}; choose another id")
        )
        return outcome
    try:
        outcome.stored = store_bank(bank, owner_id=teacher_id)
    except Exception:
        db.session.rollback()
        raise
    return outcome
