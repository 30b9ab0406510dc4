"""What the LMS formats share: each question's LMS item, and the notes on what a file loses.

quizapp has four question types no LMS has (source, evidence, grid, judge) and folds short answers more
loosely than any LMS does; the kinds say so (``kind.lms_notes``), and these notes add what depends
on the format, so that a teacher is not surprised after importing.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.banks.model import Question
from quizapp.corpus.articles import Corpus
from quizapp.questions import KINDS, kind_of
from quizapp.questions.lms_items import LmsItem, LmsNote, MultipleChoice, listed_ids
from quizapp.questions.wording import points_label

# The grades Moodle's editing form offers; an imported fraction outside this list is kept, but the
# form refuses to save the question until the teacher picks one of these.
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


def _off_moodle_form(item: LmsItem) -> bool:
    """Whether a share of ``item`` is a grade Moodle's editing form does not list."""
    return isinstance(item, MultipleChoice) and not all(
        any(abs(abs(share) - fraction) < 1e-6 for fraction in MOODLE_FRACTIONS) for share in item.shares
    )


def conversion_notes(
    questions: Sequence[Question], corpus: Corpus, format_name: str, *, carries_points: bool, moodle: bool = True
) -> tuple[str, ...]:
    """Where ``format_name`` cannot hold the questions exactly, one line each, for standard error.

    First what each kind loses (types no LMS has, then scoring an LMS does differently; kind by
    kind, each kind's questions together), then the points a format cannot store and the Moodle
    grades its form does not list.
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
        odd = [q for q in questions if _off_moodle_form(lms_item(q, corpus))]
        if odd:
            notes.append(
                f"{format_name}: {listed_ids(odd)} give each right answer a share Moodle's form does not list; "
                "the import keeps it, but editing the question will ask for another grade."
            )
    return tuple(notes)
