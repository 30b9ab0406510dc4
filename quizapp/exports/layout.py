"""Versions of a quiz: which question stands where, and in which order its choices are shown.

Paper answers are read back through these functions later (a letter circled on version B becomes
the choice text it stood for), so the layout depends only on the bank, the seed, the version letter
and the question selection: never on the clock, the process or the output format.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.banks.model import Bank, Question
from quizapp.exports.options import MAX_VERSIONS, ExportError, ExportOptions
from quizapp.questions import ChoiceQuestion, GridQuestion, MatchQuestion, MultiQuestion, SourceQuestion

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def letter(index: int) -> str:
    """The letter for a 0-based position: 0 -> "A", 25 -> "Z", 26 -> "AA" (as spreadsheets count)."""
    if index < 0:
        raise ValueError(f"no letter for position {index}")
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = _ALPHABET[rest] + out
    return out


def letter_index(mark: str) -> int:
    """The 0-based position of a letter as :func:`letter` writes it ("b" and "B" are both 1)."""
    mark = mark.strip().upper()
    if not mark or any(c not in _ALPHABET for c in mark):
        raise ValueError(f"not a letter: {mark!r}")
    value = 0
    for char in mark:
        value = value * 26 + _ALPHABET.index(char) + 1
    return value - 1


def version_labels(count: int) -> tuple[str, ...]:
    """The labels of ``count`` versions: ("A", "B", ...)."""
    if not 1 <= count <= MAX_VERSIONS:
        raise ExportError(f"versions must be between 1 and {MAX_VERSIONS}, not {count}")
    return tuple(letter(i) for i in range(count))


@dataclass(frozen=True)
class Slot:
    """A question as one version of a quiz shows it.

    ``choices`` are the values a response is made of, in the order they are lettered A, B, C...:
    choice texts (choice, multi), article ids (source, and a grid's columns) or right-hand items
    (match). ``lefts`` are a match question's left items, or a grid's claims, in the order they are
    numbered 1, 2, 3... Other types show no lettered choices: true/false is circled as words and
    evidence sentences keep the article's order.
    """

    number: int
    question: Question
    choices: tuple[str, ...] = ()
    lefts: tuple[str, ...] = ()

    def choice_for(self, mark: str) -> str:
        """The value behind a letter on this version's paper; ValueError for a letter it does not show."""
        index = letter_index(mark)
        if index >= len(self.choices):
            raise ValueError(f"question {self.number} has no choice {mark.strip().upper()}")
        return self.choices[index]

    def letter_for(self, value: str) -> str:
        """The letter this version shows for a value (a choice text, an article id, a right item)."""
        return letter(self.choices.index(value))

    def left_for(self, number: int) -> str:
        """The left item a 1-based number stands for in this version's matching question."""
        if not 1 <= number <= len(self.lefts):
            raise ValueError(f"question {self.number} has no item {number}")
        return self.lefts[number - 1]


def select_questions(bank: Bank, question_ids: Sequence[str] = ()) -> tuple[Question, ...]:
    """The questions asked for, in the order given; every question in bank order when none are given."""
    if not question_ids:
        return bank.questions
    seen: set[str] = set()
    chosen: list[Question] = []
    for question_id in question_ids:
        question = bank.question(question_id)
        if question is None:
            known = ", ".join(q.id for q in bank.questions)
            raise ExportError(f"bank {bank.id} has no question {question_id!r} (it has: {known})")
        if question_id in seen:
            raise ExportError(f"question {question_id!r} is asked for twice")
        seen.add(question_id)
        chosen.append(question)
    return tuple(chosen)


def _shown_values(question: Question) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(choices, lefts) in authored order: what a version may shuffle."""
    if isinstance(question, ChoiceQuestion | MultiQuestion | SourceQuestion):
        return question.choices, ()
    if isinstance(question, MatchQuestion):
        return question.rights, tuple(left for left, _ in question.pairs)
    if isinstance(question, GridQuestion):
        return question.articles, question.claims
    return (), ()


def _rng(seed: str, version: str, part: str) -> random.Random:
    # A string seed is hashed with SHA-512 by random.Random, so the order is the same on every run and
    # machine (unlike hash()). Shuffling a quiz is not cryptography: S311 does not apply.
    return random.Random(f"{seed}:{version}:{part}")  # noqa: S311


def version_layout(bank: Bank, seed: str | None, version: str | None, question_ids: Sequence[str] = ()) -> list[Slot]:
    """Where each question stands in ``version`` and in which order its choices are lettered.

    ``version`` None is the bank's own order, nothing shuffled. Otherwise the question order is
    drawn from ``f"{seed}:{version}:order"`` and each question's choices from
    ``f"{seed}:{version}:{question id}"``, so a question's letters do not move when the selection
    changes. A missing seed is the bank id, so versions printed without one can be reprinted.
    """
    questions = list(select_questions(bank, question_ids))
    if version is None:
        return [Slot(n, q, *_shown_values(q)) for n, q in enumerate(questions, 1)]
    seed = bank.id if seed is None else seed
    _rng(seed, version, "order").shuffle(questions)
    slots: list[Slot] = []
    for number, question in enumerate(questions, 1):
        choices, lefts = (list(values) for values in _shown_values(question))
        rng = _rng(seed, version, question.id)
        rng.shuffle(choices)
        rng.shuffle(lefts)
        slots.append(Slot(number, question, tuple(choices), tuple(lefts)))
    return slots


def layouts(bank: Bank, options: ExportOptions) -> list[tuple[str | None, list[Slot]]]:
    """Every version the options ask for, as (version letter or None, slots)."""
    if not options.shuffled:
        return [(None, version_layout(bank, None, None, options.questions))]
    return [
        (label, version_layout(bank, options.seed, label, options.questions))
        for label in version_labels(options.versions)
    ]
