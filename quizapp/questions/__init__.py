"""Question kinds: one module per kind, one registry, :data:`KINDS`.

Each module holds a kind's frozen dataclass (the plain data a bank holds) and its :class:`Kind`
subclass (everything that differs between kinds; see :mod:`quizapp.questions.base`). Code outside
this package never branches on a concrete kind; it asks :func:`kind_of` and calls the method.

Adding a kind touches one new module here, its line in :data:`KINDS`, and its test
(``tests/questions/test_<kind>.py``); ``tests/questions/test_registry.py`` checks that it
implements the whole interface and that nothing outside this package names it.
"""

from __future__ import annotations

from typing import Any

from quizapp.banks.model import Question
from quizapp.questions.base import EARNED_DECIMALS, Credit, Kind, Outcome, Score
from quizapp.questions.choice import ChoiceKind, ChoiceQuestion
from quizapp.questions.evidence import EvidenceKind, EvidenceQuestion
from quizapp.questions.grid import GridKind, GridQuestion
from quizapp.questions.judge import JudgeKind, JudgeQuestion
from quizapp.questions.match import MatchKind, MatchQuestion
from quizapp.questions.multi import MultiKind, MultiQuestion
from quizapp.questions.numeric import NumericKind, NumericQuestion, Tolerance
from quizapp.questions.short import ShortKind, ShortQuestion
from quizapp.questions.source import SourceKind, SourceQuestion
from quizapp.questions.truefalse import TrueFalseKind, TrueFalseQuestion
from quizapp.questions.written import WrittenKind, WrittenQuestion

KINDS: dict[str, Kind[Any]] = {
    kind.name: kind
    for kind in (
        ChoiceKind(),
        MultiKind(),
        TrueFalseKind(),
        ShortKind(),
        NumericKind(),
        MatchKind(),
        SourceKind(),
        EvidenceKind(),
        GridKind(),
        WrittenKind(),
        JudgeKind(),
    )
}
"""Every question kind by its ``type:`` name, in the order the bank format documents them."""


def kind_of(question: Question) -> Kind[Any]:
    """The kind of ``question``; ValueError for a type no kind has (a programming error, not bad input)."""
    try:
        return KINDS[question.type]
    except KeyError:
        raise ValueError(f"No question kind {question.type!r} (question {question.id}).") from None


__all__ = [
    "EARNED_DECIMALS",
    "KINDS",
    "ChoiceKind",
    "EvidenceKind",
    "GridKind",
    "JudgeKind",
    "MatchKind",
    "MultiKind",
    "NumericKind",
    "ShortKind",
    "SourceKind",
    "TrueFalseKind",
    "WrittenKind",
    "ChoiceQuestion",
    "Credit",
    "EvidenceQuestion",
    "GridQuestion",
    "JudgeQuestion",
    "Kind",
    "MatchQuestion",
    "MultiQuestion",
    "NumericQuestion",
    "Outcome",
    "Score",
    "ShortQuestion",
    "SourceQuestion",
    "Tolerance",
    "TrueFalseQuestion",
    "WrittenQuestion",
    "kind_of",
]
