"""Putting validated banks into the database, one version per distinct content of each question."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from quizapp.banks.model import Bank
from quizapp.banks.serialise import content_hash, question_to_dict
from quizapp.db import db
from quizapp.models import Bank as BankRecord
from quizapp.models import QuestionVersion


class BankConflict(ValueError):
    """The bank id is taken by a bank of another owner (a teacher's upload, or the bundled banks)."""


@dataclass
class StoreResult:
    """What storing a bank changed, by question id."""

    bank: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"{len(self.added)} new", f"{len(self.changed)} changed", f"{len(self.unchanged)} unchanged"]
        if self.retired:
            parts.append(f"{len(self.retired)} removed")
        return f"{self.bank}: " + ", ".join(parts)


def store_bank(bank: Bank, owner_id: int | None = None) -> StoreResult:
    """Add or update ``bank``: an edited question gets a new version; old versions stay for past attempts.

    The caller commits, so a batch of banks is stored all or nothing.
    """
    record = db.session.get(BankRecord, bank.id)
    if record is not None and record.owner_id != owner_id:
        whose = "a teacher's uploaded bank" if record.owner_id is not None else "a bundled bank"
        raise BankConflict(f"{bank.path}: bank id '{bank.id}' is already used by {whose}; give this bank another id")
    if record is None:
        record = BankRecord(id=bank.id, title=bank.title, owner_id=owner_id)
        db.session.add(record)
    record.title = bank.title
    record.description = bank.description
    record.source_path = bank.path
    versions = db.session.scalars(select(QuestionVersion).where(QuestionVersion.bank_id == bank.id)).all()
    by_key_hash = {(v.question_key, v.content_hash): v for v in versions}
    current_before = {v.question_key for v in versions if v.is_current}
    result = StoreResult(bank.id)
    seen: set[int] = set()
    for position, question in enumerate(bank.questions):
        digest = content_hash(question)
        version = by_key_hash.get((question.id, digest))
        if version is None:
            version = QuestionVersion(
                bank_id=bank.id,
                question_key=question.id,
                content_hash=digest,
                type=question.type,
                points=question.points,
                data=question_to_dict(question),
            )
            db.session.add(version)
            (result.changed if question.id in current_before else result.added).append(question.id)
        elif version.is_current:
            result.unchanged.append(question.id)
        else:
            result.changed.append(question.id)  # reverted to an earlier version
        version.position = position
        version.is_current = True
        version.data = question_to_dict(question)  # the line may have moved; content is the same
        db.session.flush()
        seen.add(version.id)
    present = {q.id for q in bank.questions}
    for version in versions:
        if version.id not in seen and version.is_current:
            version.is_current = False
            if version.question_key not in present:
                result.retired.append(version.question_key)
    return result
