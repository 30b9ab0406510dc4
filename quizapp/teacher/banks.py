"""The banks a teacher can see: the bundled ones and their own uploads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import delete, func, or_, select

from quizapp.db import db
from quizapp.models import Assignment, Bank, QuestionVersion


@dataclass
class BankSummary:
    """A bank as the banks page lists it."""

    bank: Bank
    questions: int = 0
    types: Counter[str] = field(default_factory=Counter)
    skills: Counter[str] = field(default_factory=Counter)

    @property
    def uploaded(self) -> bool:
        """True for a teacher's upload, False for a bundled bank."""
        return self.bank.owner_id is not None


def bank_summaries(teacher_id: int) -> list[BankSummary]:
    """The bundled banks and the teacher's own, by title, with question counts by type and skill."""
    banks = db.session.scalars(
        select(Bank).where(or_(Bank.owner_id.is_(None), Bank.owner_id == teacher_id)).order_by(Bank.title, Bank.id)
    ).all()
    summaries = {b.id: BankSummary(b) for b in banks}
    if not summaries:
        return []
    rows = db.session.execute(
        select(QuestionVersion.bank_id, QuestionVersion.type, QuestionVersion.data).where(
            QuestionVersion.bank_id.in_(summaries), QuestionVersion.is_current.is_(True)
        )
    )
    for bank_id, kind, data in rows:
        summary = summaries[bank_id]
        summary.questions += 1
        summary.types[kind] += 1
        summary.skills.update(data.get("skills") or ())
    return list(summaries.values())


def bank_versions(bank: Bank) -> list[QuestionVersion]:
    """The bank's current questions in authored order."""
    return list(
        db.session.scalars(
            select(QuestionVersion)
            .where(QuestionVersion.bank_id == bank.id, QuestionVersion.is_current.is_(True))
            .order_by(QuestionVersion.position)
        )
    )


def deletable(bank: Bank, teacher_id: int) -> bool:
    """True for the teacher's own upload when no assignment (of anyone's) uses it."""
    if bank.owner_id != teacher_id:
        return False
    used = db.session.scalar(select(func.count(Assignment.id)).where(Assignment.bank_id == bank.id))
    return not used


def delete_bank(bank: Bank) -> None:
    """Delete an unused bank with all its question versions. Caller commits."""
    db.session.execute(delete(QuestionVersion).where(QuestionVersion.bank_id == bank.id))
    db.session.execute(delete(Bank).where(Bank.id == bank.id))
    db.session.expunge(bank)
