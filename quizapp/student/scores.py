"""Scores of stored attempts: each response by the scoring engine or, for an answer its kind leaves to a
teacher (a written answer), by the teacher's latest mark; the totals; and the total in a student's words.

Online submission, imported paper answers and marking all score through here, so they can never differ.
"""

from __future__ import annotations

from collections.abc import Iterable

from quizapp.models import Attempt, Mark, Response, latest_marks
from quizapp.questions import KINDS, kind_of
from quizapp.scoring import Score, score_response
from quizapp.student.formatting import format_points

MESSAGE_MAX_LENGTH = 300  # Response.message
PENDING = "pending"
"""The outcome of a written answer that waits for the teacher's mark (it has no points yet)."""
WAITING_FOR_MARK = "Waiting for your teacher to mark"


def attempt_score(attempt: Attempt) -> str:
    """A submitted attempt's total as a student reads it; while written answers wait, that they wait."""
    if attempt.awaiting_marks:
        return f"{WAITING_FOR_MARK}."
    return format_points(attempt.earned, attempt.possible)


def marks_of(responses: Iterable[Response]) -> dict[int, Mark]:
    """The teacher's latest mark of each response whose kind a teacher marks (a written answer), by id.

    Reads nothing when no question of the responses is marked by a teacher, as in most quizzes: the
    submit and the results page of a whole class then spare a query each.
    """
    return latest_marks([r.id for r in responses if KINDS[r.question_version.type].needs_marking])


def response_score(response: Response, mark: Mark | None) -> Score | None:
    """The score of one stored response: by the scoring engine, or by the teacher's latest ``mark`` for an
    answer its kind leaves to a teacher; None while such an answer has no mark."""
    question = response.question_version.question
    kind = kind_of(question)
    if kind.awaits_mark(question, response.answer):
        return kind.grade_mark(question, mark.points) if mark is not None else None
    return score_response(question, response.answer)


def score_attempt(attempt: Attempt, responses: Iterable[Response]) -> None:
    """Score each response with the scoring engine (or the teacher's latest mark) and put the totals on the
    attempt; does not commit.

    Online submission, imported paper answers and marking all score through here, so they can never
    differ. A written answer without a mark is pending: it counts towards the possible points, earns
    nothing yet, and ``marks_pending`` says how many the attempt still waits for.
    """
    responses = list(responses)
    marks = marks_of(responses)
    earned_total = possible_total = 0.0
    pending = 0
    for response in responses:
        score = response_score(response, marks.get(response.id))
        if score is None:
            pending += 1
            response.earned = None
            response.possible = float(response.question_version.points)
            response.outcome = PENDING
            response.message = None
            possible_total += response.possible
            continue
        response.earned = score.earned
        response.possible = score.possible
        response.outcome = score.outcome
        response.message = score.message[:MESSAGE_MAX_LENGTH] if score.message else None
        earned_total += score.earned
        possible_total += score.possible
    attempt.earned = round(earned_total, 6)
    attempt.possible = round(possible_total, 6)
    attempt.marks_pending = pending


def score_marked(response: Response, mark: Mark) -> None:
    """Score one response by the teacher's new ``mark`` and total its attempt again; does not commit.

    Only this response is rescored: the others keep their stored scores (a regrade may have changed
    them), and the attempt's totals and ``marks_pending`` are summed from what is stored.
    """
    question = response.question_version.question
    score = kind_of(question).grade_mark(question, mark.points)
    response.earned, response.possible, response.outcome = score.earned, score.possible, score.outcome
    response.message = None
    attempt = response.attempt
    responses = attempt.responses
    attempt.earned = round(sum(r.earned or 0.0 for r in responses), 6)
    attempt.possible = round(sum(r.possible or 0.0 for r in responses), 6)
    attempt.marks_pending = sum(1 for r in responses if r.outcome == PENDING)
