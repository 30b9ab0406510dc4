"""Versions of a quiz: which question stands where, and in which order its choices are shown.

Paper answers are read back through these functions later (a letter circled on version B becomes
the choice text it stood for), so the layout depends only on the bank, the seed, the version letter
and the question selection: never on the clock, the process or the output format. What a question
letters and numbers is its kind's to say (:meth:`quizapp.questions.base.Kind.paper_values`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from quizapp.banks.model import Bank, Question
from quizapp.exports.options import MAX_VERSIONS, ExportError, ExportOptions
from quizapp.questions import kind_of
from quizapp.questions.slot import Slot, letter


def version_labels(count: int) -> tuple[str, ...]:
    """The labels of ``count`` versions: ("A", "B", ...)."""
    if not 1 <= count <= MAX_VERSIONS:
        raise ExportError(f"versions must be between 1 and {MAX_VERSIONS}, not {count}")
    return tuple(letter(i) for i in range(count))


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
        return [Slot(n, q, *kind_of(q).paper_values(q)) for n, q in enumerate(questions, 1)]
    seed = bank.id if seed is None else seed
    _rng(seed, version, "order").shuffle(questions)
    slots: list[Slot] = []
    for number, question in enumerate(questions, 1):
        choices, lefts = (list(values) for values in kind_of(question).paper_values(question))
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
