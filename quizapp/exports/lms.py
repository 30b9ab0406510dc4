"""What the LMS formats share: partial-credit weights, sentences as choices, and the notes.

quizapp has three question types no LMS has (source, evidence, grid) and folds short answers more
loosely than any LMS does; the notes say so, so that a teacher is not surprised after importing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from quizapp.banks.model import Question
from quizapp.corpus.articles import Corpus
from quizapp.questions import (
    EvidenceQuestion,
    GridQuestion,
    MatchQuestion,
    MultiQuestion,
    ShortQuestion,
    SourceQuestion,
)
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


def partial_credit_weights(question: MultiQuestion | SourceQuestion) -> dict[str, float]:
    """Each choice's share of the points: +1/n for each of the n right ones, -1/n for each wrong one.

    Summed over the picks and floored at zero, as Moodle and QTI's ``map_response`` do, this is
    quizapp's own rule: (right picks - wrong picks) / n.
    """
    share = 1 / len(question.answers)
    return {choice: share if choice in question.answers else -share for choice in question.choices}


CARRIES = "Carries it"
DOES_NOT_CARRY = "Does not carry it"


def grid_box_label(claim: str, article_id: str, corpus: Corpus) -> str:
    """A grid box as an LMS matching item names it: ``claim — outlet: headline``."""
    return f"{claim} \u2014 {corpus[article_id].label}"


def grid_as_match(question: GridQuestion, corpus: Corpus) -> MatchQuestion:
    """The nearest LMS equivalent of a grid: a matching question with one item per box.

    Each box ("claim — report") is matched to "Carries it" or "Does not carry it". LMS matching
    questions credit each item matched right equally, so a student who answers every item earns
    exactly quizapp's share of boxes right. Both answers are always offered, the unused one as a
    distractor. Id, prompt, points, sources and explanation are the grid's own.
    """
    pairs = tuple(
        (grid_box_label(claim, article, corpus), CARRIES if (claim, article) in question.answers else DOES_NOT_CARRY)
        for claim, article in question.cells
    )
    used = {right for _, right in pairs}
    distractors = tuple(right for right in (CARRIES, DOES_NOT_CARRY) if right not in used)
    common = {f.name: getattr(question, f.name) for f in dataclasses.fields(Question) if f.init}
    return MatchQuestion(**common, pairs=pairs, distractors=distractors)


def lms_question(question: Question, corpus: Corpus) -> Question:
    """The question an LMS file holds: a grid as :func:`grid_as_match`, every other type as it is."""
    return grid_as_match(question, corpus) if isinstance(question, GridQuestion) else question


def _ids(questions: Sequence[Question]) -> str:
    return ", ".join(q.id for q in questions)


def conversion_notes(
    questions: Sequence[Question], corpus: Corpus, format_name: str, *, carries_points: bool, moodle: bool = True
) -> tuple[str, ...]:
    """Where ``format_name`` cannot hold the questions exactly, one line each, for standard error."""
    notes: list[str] = []
    sources = [q for q in questions if isinstance(q, SourceQuestion)]
    if sources:
        notes.append(
            f"{format_name}: source questions have no LMS type; {_ids(sources)} became multiple-answer "
            "questions over each article's outlet and headline."
        )
    for question in questions:
        if isinstance(question, EvidenceQuestion):
            count = len(corpus[question.article].sentences)
            notes.append(
                f"{format_name}: evidence questions have no LMS type; {question.id} became a multiple-choice "
                f"question over the {count} sentences of {corpus[question.article].label}."
            )
    grids = [q for q in questions if isinstance(q, GridQuestion)]
    if grids:
        notes.append(
            f"{format_name}: grid questions have no LMS type; {_ids(grids)} became matching questions with one "
            f"item per box (claim \u2014 report) to match with '{CARRIES}' or '{DOES_NOT_CARRY}'. Scored box by "
            "box as in quizapp, except that a box left unmatched counts as wrong, where quizapp counts an "
            "empty box as 'does not carry'."
        )
    shorts = [q for q in questions if isinstance(q, ShortQuestion)]
    if shorts:
        notes.append(
            f"{format_name}: short answers ({_ids(shorts)}) are compared ignoring case only; quizapp also "
            "ignores accents, quotes, dashes and punctuation, so add the variants students may type."
        )
    if not carries_points:
        weighted = [q for q in questions if q.points != 1]
        if weighted:
            listed = ", ".join(f"{q.id} ({points_label(q.points)})" for q in weighted)
            notes.append(f"{format_name} cannot store points; after importing, set the marks of {listed}.")
    if moodle:
        odd = [
            q
            for q in questions
            if isinstance(q, MultiQuestion | SourceQuestion)
            and not any(abs(1 / len(q.answers) - f) < 1e-6 for f in MOODLE_FRACTIONS)
        ]
        if odd:
            notes.append(
                f"{format_name}: {_ids(odd)} give each right answer a share Moodle's form does not list; "
                "the import keeps it, but editing the question will ask for another grade."
            )
    return tuple(notes)
