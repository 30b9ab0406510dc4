"""What the LMS formats share: each question's LMS item, and the notes on what a file loses.

quizapp has four question types no LMS has (source, evidence, grid, judge) and folds short answers more
loosely than any LMS does; the kinds say so (``kind.lms_notes``), and these notes add what depends
on the format, so that a teacher is not surprised after importing.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from quizapp.banks.model import Question
from quizapp.corpus.articles import Corpus
from quizapp.questions import KINDS, kind_of
from quizapp.questions.lms_items import LmsItem, LmsNote, MultipleChoice
from quizapp.questions.wording import machine_number, points_label

# The grades Moodle accepts for an answer (question_bank::fraction_options_full, and their negatives):
# its GIFT and XML imports refuse the whole file when one answer's fraction is not among them.
MOODLE_FRACTIONS = (
    1.0,
    0.9,
    5 / 6,
    0.8,
    0.75,
    0.7,
    2 / 3,
    0.6,
    0.5,
    0.4,
    1 / 3,
    0.3,
    0.25,
    0.2,
    1 / 6,
    1 / 7,
    0.125,
    1 / 9,
    0.1,
    0.05,
    0.0,
)


def lms_item(question: Question, corpus: Corpus) -> LmsItem:
    """How an LMS file holds ``question``'s answers (a grid as matching, one item per box, and so on)."""
    return kind_of(question).lms_item(question, corpus)


def moodle_grade(share: float) -> float:
    """The grade Moodle accepts nearest to ``share`` (a fraction of the points, negative for a penalty)."""
    nearest = min(MOODLE_FRACTIONS, key=lambda fraction: abs(abs(share) - fraction))
    return nearest if share >= 0 else -nearest


def _off_moodle_grades(item: LmsItem) -> bool:
    """Whether a share of ``item`` is not a grade Moodle accepts (1/11 of the points, for instance)."""
    return isinstance(item, MultipleChoice) and any(abs(moodle_grade(s) - s) > 1e-7 for s in item.shares)


def moodle_short_answer(answer: str) -> str:
    """An accepted short answer as Moodle stores it: ``*`` is its wildcard, so a literal one is ``\\*``."""
    return answer.replace("*", "\\*")


def moodle_item(item: LmsItem) -> LmsItem:
    """``item`` as a Moodle file may hold it: each share rounded to the nearest grade Moodle accepts.

    Moodle refuses the whole import over one answer worth 9.09091 % (one of 11 right answers); the
    conversion notes name the questions this changes and what the rounding does to their scoring.
    """
    if isinstance(item, MultipleChoice) and _off_moodle_grades(item):
        return dataclasses.replace(item, shares=tuple(moodle_grade(share) for share in item.shares))
    return item


def _percent(share: float) -> str:
    return machine_number(round(abs(share) * 100, 2)) + " %"


def conversion_notes(
    questions: Sequence[Question], corpus: Corpus, format_name: str, *, carries_points: bool, moodle: bool = True
) -> tuple[str, ...]:
    """Where ``format_name`` cannot hold the questions exactly, one line each, for standard error.

    First what each kind loses (types no LMS has, then scoring an LMS does differently; kind by
    kind, each kind's questions together), then the points a format cannot store, then the shares
    a Moodle file rounds to Moodle's grades (see :func:`moodle_item`).
    """
    kind_notes: list[LmsNote] = []
    for kind in KINDS.values():
        own = [question for question in questions if kind_of(question) is kind]
        if own:
            kind_notes += kind.lms_notes(own, corpus)
    # sorted() is stable: within a loss, the kinds keep the registry's order.
    notes = [f"{format_name}: {note.text}" for note in sorted(kind_notes, key=lambda note: note.loss)]
    if not carries_points:
        weighted = [q for q in questions if q.points != 1]
        if weighted:
            listed = ", ".join(f"{q.id} ({points_label(q.points)})" for q in weighted)
            notes.append(f"{format_name} cannot store points; after importing, set the marks of {listed}.")
    if moodle:
        items = [(question, lms_item(question, corpus)) for question in questions]
        notes += [
            _rounding_note(format_name, question, item)
            for question, item in items
            if isinstance(item, MultipleChoice) and _off_moodle_grades(item)
        ]
    return tuple(notes)


def _rounding_note(format_name: str, question: Question, item: MultipleChoice) -> str:
    """What rounding ``question``'s shares to Moodle's grades does to its scoring."""
    right = len(item.right)
    share = item.shares[item.right[0]]  # partial credit: every right answer has the same share
    rounded = moodle_grade(share)
    enough = math.ceil(1 / rounded - 1e-9)
    if enough < right:
        effect = f"so {enough} of the {right} right answers already earn full marks"
    else:
        effect = f"so all {right} right answers together earn {_percent(rounded * right)}"
    return (
        f"{format_name}: {question.id} has {right} right answers worth {_percent(share)} each (and a wrong pick "
        f"costs as much), a grade Moodle refuses to import; the file rounds each to {_percent(rounded)}, "
        f"{effect}. Use QTI to keep quizapp's scoring."
    )
