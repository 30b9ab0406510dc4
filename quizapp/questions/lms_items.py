"""The LMS's own vocabulary: the interactions GIFT, Moodle XML and QTI all know, as plain data.

A kind says how an LMS holds its questions (``kind.lms_item``) in these words, and what an LMS
file loses of them (``kind.lms_notes``); the writers in :mod:`quizapp.exports` switch on these
interactions, never on question kinds. An interaction holds only the answering part of a question:
its id, prompt, points and feedback are the question's own and the same for every kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from quizapp.banks.model import Question


@dataclass(frozen=True)
class SingleChoice:
    """Pick one option; each option in ``right`` (0-based indexes) earns full credit.

    ``numbered``: the options are the sentences of one text, so they keep its order and carry its
    numbers 1, 2, 3 rather than being shuffled and lettered; any of several sentences may be right.
    """

    options: tuple[str, ...]
    right: tuple[int, ...]
    numbered: bool = False


@dataclass(frozen=True)
class MultipleChoice:
    """Pick any number of options; each pick adds its share (negative for a wrong one), the sum floored at 0."""

    options: tuple[str, ...]
    shares: tuple[float, ...]  # one per option

    @property
    def right(self) -> tuple[int, ...]:
        """The options that earn credit: the key."""
        return tuple(index for index, share in enumerate(self.shares) if share > 0)


@dataclass(frozen=True)
class TrueFalse:
    """True or false."""

    answer: bool


@dataclass(frozen=True)
class ShortText:
    """A typed text, right when it equals one of ``accepted`` ignoring case (all an LMS can fold)."""

    accepted: tuple[str, ...]


@dataclass(frozen=True)
class Numerical:
    """A typed number, right within ``tolerance`` (in the answer's own units) of ``answer``."""

    answer: float
    tolerance: float


@dataclass(frozen=True)
class Matching:
    """Match each left item to its right item; ``distractors`` are right items that match nothing.

    Each pair matched right earns an equal share.
    """

    pairs: tuple[tuple[str, str], ...]
    distractors: tuple[str, ...] = ()

    @property
    def rights(self) -> tuple[str, ...]:
        """Every right-hand option, distinct, in the order of the pairs, distractors last."""
        return tuple(dict.fromkeys([*(right for _, right in self.pairs), *self.distractors]))


@dataclass(frozen=True)
class Essay:
    """A written answer a teacher marks by hand; ``rubric`` (one line per level) is the marker's guide."""

    rubric: tuple[str, ...]
    max_words: int | None = None


LmsItem = SingleChoice | MultipleChoice | TrueFalse | ShortText | Numerical | Matching | Essay
"""Every interaction a kind may become in an LMS file."""


def partial_credit(options: tuple[str, ...], choices: tuple[str, ...], answers: frozenset[str]) -> MultipleChoice:
    """Multiple answers as an LMS scores them: +1/n for each of the n right ``choices``, -1/n for each wrong one.

    Summed over the picks and floored at zero, as Moodle and QTI's ``map_response`` do, this is
    quizapp's own rule: (right picks - wrong picks) / n. ``options`` are the words shown for ``choices``.
    """
    share = 1 / len(answers)
    return MultipleChoice(options, tuple(share if choice in answers else -share for choice in choices))


class Loss(IntEnum):
    """What an LMS file loses of a kind; notes are listed in this order, then kind by kind."""

    TYPE = 1
    """The LMS has no such type: the questions became another type."""
    SCORING = 2
    """The LMS has the type but scores it differently."""


class LmsNote(NamedTuple):
    """One line telling a teacher what an LMS file does not hold as quizapp does (without the format's name)."""

    loss: Loss
    text: str


def listed_ids(questions: Iterable[Question]) -> str:
    """Question ids as a note lists them: ``a, b, c``."""
    return ", ".join(question.id for question in questions)
