"""One question's result in words, for ``_result.html``: shared by the student's results page and the
teacher's gradebook, so it takes a question, an answer and a score and knows nothing about who asks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizapp.banks.model import SKILLS, Question
from quizapp.corpus import Corpus, Excerpt, excerpt
from quizapp.corpus.align import Alignments
from quizapp.corpus.comparison import ComparedRow, rows_for_sources
from quizapp.models import Assignment, Mark, QuestionVersion, Response, ShowAnswers
from quizapp.questions import kind_of
from quizapp.questions.answering import GridResult
from quizapp.scoring import Score
from quizapp.student.answers import describe_answer, describe_key, is_answered, key_note
from quizapp.student.formatting import format_moment, format_number, format_points, format_worth
from quizapp.student.scores import PENDING, WAITING_FOR_MARK

# "unanswered" is not a score's outcome (an empty answer scores as wrong, 0 points): the results say
# "Not answered" instead of "Wrong" where the stored answer holds nothing.
OUTCOME_LABELS = {
    "correct": "Correct",
    "partial": "Partially correct",
    "wrong": "Wrong",
    "unanswered": "Not answered",
    PENDING: WAITING_FOR_MARK,
}
# Shapes as well as colours tell the outcomes apart; the icon is decoration beside the words.
OUTCOME_ICONS = {"correct": "✓", "partial": "◐", "wrong": "✗", "unanswered": "○", PENDING: "⧗"}


@dataclass(frozen=True)
class ResultView:
    """Everything ``_result.html`` shows about one answered question."""

    number: int | None
    prompt: str
    question_type: str
    answer_lines: tuple[str, ...]  # empty: not answered
    outcome: str | None  # correct, partial, wrong; None before scoring
    outcome_label: str | None
    outcome_icon: str | None
    points: str | None  # "1 / 2 points"
    message: str | None  # why the answer could not be read
    key_lines: tuple[str, ...]
    key_note: str | None
    explanation: str | None
    excerpts: tuple[Excerpt, ...]
    aligned: tuple[ComparedRow, ...] = ()  # sources from several reports, side by side
    grid: GridResult | None = None  # an answer that is a table of boxes (a grid), box by box
    bank_number: int | None = None  # the question's number in the assignment's (unshuffled) order
    credit_note: str | None = None  # why part of the points: "2 of 3 right choices, 1 wrong: 0.5 of 2 points"
    earned: float | None = None
    possible: float | None = None
    skills: tuple[str, ...] = ()
    mark_level: str | None = None  # the rubric level the teacher marked a written answer with
    mark_comment: str | None = None  # the teacher's comment to the student on that mark
    sources_key: tuple = ()  # the (article id, span) pairs the excerpts cut: the same for every student

    @property
    def pending(self) -> bool:
        """True while the answer waits for the teacher's mark (saying so gives nothing away)."""
        return self.outcome == PENDING

    @property
    def title(self) -> str:
        """``Question 3``, and ``Question 3 (bank Q8)`` where the student's order differs from the bank's,
        so that the student and the teacher's gradebook name the same question."""
        if self.number is None:
            return "Question"
        if self.bank_number is None or self.bank_number == self.number:
            return f"Question {self.number}"
        return f"Question {self.number} (bank Q{self.bank_number})"


def source_excerpts(question: Question, corpus: Corpus) -> tuple[Excerpt, ...]:
    """The passages the question cites, as excerpts (for evidence questions: the supporting passage)."""
    cuts = []
    for article_id, span in kind_of(question).cited(question):
        article = corpus.get(article_id)
        if article is not None:
            cut = excerpt(article, span)
            if cut.paragraphs:
                cuts.append(cut)
    return tuple(cuts)


def aligned_sources(question: Question, corpus: Corpus, alignments: Alignments) -> tuple[ComparedRow, ...]:
    """A question's sources from several reports, aligned with their differences marked (else none)."""
    cited = [(source.article, source.span) for source in getattr(question, "sources", ())]
    if len({article_id for article_id, _ in cited}) < 2:
        return ()
    return rows_for_sources(alignments, [corpus[i] for i in corpus if any(i == a for a, _ in cited)], cited)


def result_view(
    question: Question,
    answer: Any,
    score: Score | None,
    corpus: Corpus,
    number: int | None = None,
    alignments: Alignments | None = None,
    bank_number: int | None = None,
) -> ResultView:
    """Describe one question's result: the answer given, the outcome, the key, the explanation and sources.

    With ``alignments`` (of the corpus), sources from several reports are also set side by side.
    """
    outcome: str | None = score.outcome if score is not None else None
    if outcome == "wrong" and not is_answered(answer):
        outcome = "unanswered"
    pending = outcome == PENDING
    credit_note = None
    if score is not None and outcome == "partial":
        parts = kind_of(question).explain_credit(question, answer)
        if parts:
            credit_note = f"{parts}: {format_number(score.earned)} of {format_worth(score.possible)}"
    return ResultView(
        number=number,
        prompt=question.prompt,
        question_type=question.type,
        answer_lines=tuple(describe_answer(question, answer, corpus)),
        outcome=outcome,
        outcome_label=OUTCOME_LABELS.get(outcome) if outcome else None,
        outcome_icon=OUTCOME_ICONS.get(outcome) if outcome else None,
        points=WAITING_FOR_MARK if pending else format_points(score.earned, score.possible) if score else None,
        message=score.message if score is not None else None,
        key_lines=tuple(describe_key(question, corpus)),
        key_note=key_note(question),
        explanation=question.explanation,
        excerpts=source_excerpts(question, corpus),
        sources_key=tuple(kind_of(question).cited(question)),
        aligned=aligned_sources(question, corpus, alignments) if alignments is not None else (),
        grid=kind_of(question).answer_grid(question, answer, corpus),
        bank_number=bank_number,
        credit_note=credit_note,
        earned=score.earned if score is not None and not pending else None,  # a pending mark counts nowhere yet
        possible=score.possible if score is not None and not pending else None,
        skills=tuple(question.skills),
    )


def response_result(
    response: Response,
    corpus: Corpus,
    number: int | None = None,
    alignments: Alignments | None = None,
    bank_number: int | None = None,
    mark: Mark | None = None,
) -> ResultView:
    """:func:`result_view` for a stored response, scored with what was stored at submission (or marked since);
    ``mark``, the teacher's latest mark of a written answer, adds its level and comment."""
    score = None
    if response.outcome is not None:
        score = Score(
            earned=response.earned or 0.0,
            possible=response.possible if response.possible is not None else response.question_version.points,
            outcome=response.outcome,  # type: ignore[arg-type]
            message=response.message,
        )
    question = response.question_version.question
    view = result_view(question, response.answer, score, corpus, number, alignments, bank_number)
    if mark is not None and not view.pending:
        view = dataclasses.replace(view, mark_level=mark.level, mark_comment=mark.comment or None)
    return view


def bank_numbers(versions: Sequence[QuestionVersion]) -> dict[str, int]:
    """Each question's number in the assignment's own order (the gradebook's and item analysis's), by key."""
    return {version.question_key: number for number, version in enumerate(versions, 1)}


@dataclass(frozen=True)
class SkillShare:
    """The points of one skill's questions: ``3 / 4 points (75%)``."""

    skill: str
    points: str
    percent: str


def percent_of(earned: float | None, possible: float | None) -> str | None:
    """``75%``: a share of the points as a whole number of per cent; None when nothing was possible."""
    if earned is None or not possible:
        return None
    return f"{round(100 * earned / possible)}%"


def skill_shares(results: Sequence[ResultView]) -> tuple[SkillShare, ...]:
    """Per skill (in the bank's list of skills), the points the scored questions practising it earned."""
    earned: dict[str, float] = {}
    possible: dict[str, float] = {}
    for result in results:
        if result.earned is None or result.possible is None:
            continue
        for skill in result.skills:
            earned[skill] = earned.get(skill, 0.0) + result.earned
            possible[skill] = possible.get(skill, 0.0) + result.possible
    order = {skill: index for index, skill in enumerate(SKILLS)}
    return tuple(
        SkillShare(
            skill.capitalize(),
            format_points(earned[skill], possible[skill]),
            percent_of(earned[skill], possible[skill]) or "no points",
        )
        for skill in sorted(earned, key=lambda skill: (order.get(skill, len(order)), skill))
    )


def answers_release_note(assignment: Assignment, now: datetime) -> str | None:
    """When the correct answers (and, unless the total is shown at once, the score) will be shown, if
    they are withheld now; None when they are visible."""
    if assignment.answers_visible(now):
        return None
    withheld = "the answers" if assignment.score_visible(now) else "the answers and scores"
    if assignment.show_answers == ShowAnswers.AFTER_CLOSE:
        if assignment.closes_at is not None:
            closes = format_moment(assignment.closes_at)
            return f"Your teacher will show {withheld} after the assignment closes on {closes}."
        return f"Your teacher will show {withheld} once they close the assignment."
    return f"Your teacher has chosen not to show {withheld} for this assignment. Ask them about your results."
