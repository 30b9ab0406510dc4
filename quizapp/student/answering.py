"""What a posted quiz page does: save its answers, submit them, ask first, or refuse a closed attempt.

The decisions are here, in one function; the view maps the :class:`Posted` outcome to a redirect,
a JSON reply for autosave, or a flashed message.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from quizapp.corpus import Corpus
from quizapp.models import Attempt
from quizapp.student.answers import FormData
from quizapp.student.attempts import (
    AttemptClosed,
    SavingTooFast,
    earliest,
    is_overdue,
    save_answers,
    save_posted,
    submit_attempt,
    time_is_up,
    unanswered_after,
    warnings_after,
)
from quizapp.student.saving import AutosaveState, SaveLimit


def _asks_first(attempt: Attempt, form: FormData, shown: Collection[int], corpus: Corpus) -> bool:
    """Whether Submit asks first: a question would be left unanswered, or an answer is one to check (too long)."""
    return bool(unanswered_after(attempt, form, shown, corpus) or warnings_after(attempt, form, shown, corpus))


class Outcome(Enum):
    """How a posted quiz page ended."""

    SAVED = "saved"  # the answers are stored: stay on the page, or go to the one the button asked for
    CONFIRM = "confirm"  # stored, but Submit left questions unanswered: ask before submitting
    SUBMITTED = "submitted"  # submitted by this press, or by an earlier one (a double click, a resent form)
    CLOSED = "closed"  # nothing stored: the attempt was submitted already, or its time ran out
    WAIT = "wait"  # nothing stored: more autosaves than the attempt's limit; send them again after ``wait``


@dataclass(frozen=True)
class Posted:
    """The outcome of a posted quiz page; ``saved_at`` when answers were stored, ``message`` says why CLOSED,
    ``wait`` how long a WAIT lasts."""

    outcome: Outcome
    saved_at: datetime | None = None
    message: str | None = None
    wait: timedelta | None = None


def post_answers(
    attempt: Attempt,
    form: FormData,
    shown: Collection[int],
    corpus: Corpus,
    now: datetime,
    *,
    submit: bool,
    confirmed: bool,
    saves: SaveLimit | None = None,
) -> Posted:
    """Store the answers ``form`` gives for the ``shown`` responses, and submit when asked; commits.

    ``submit`` is the Submit button; ``confirmed`` that the student already said yes to submitting
    with questions unanswered. A save after the deadline is refused and the attempt is submitted
    with the answers saved before it. A save (never a submit) past ``saves``, the attempt's limit on
    saves, stores nothing and asks to be sent again (WAIT).
    """
    if attempt.submitted:
        if submit:
            return Posted(Outcome.SUBMITTED)
        return Posted(Outcome.CLOSED, message="These answers have already been submitted.")
    if is_overdue(attempt, now):
        submit_attempt(attempt, now)
        return Posted(
            Outcome.CLOSED, message="Time is up: the answers you saved before the deadline have been submitted."
        )
    if submit and (confirmed or not _asks_first(attempt, form, shown, corpus)):
        submit_attempt(attempt, now, form, shown, corpus)
        return Posted(Outcome.SUBMITTED)
    return _stored(
        lambda: save_answers(attempt, form, shown, corpus, now, saves), Outcome.CONFIRM if submit else Outcome.SAVED
    )


def _stored(save: Callable[[], datetime], done: Outcome) -> Posted:
    """The outcome of ``save``: ``done`` with when it saved, CLOSED if the attempt was submitted, WAIT if
    over its save limit."""
    try:
        saved_at = save()
    except AttemptClosed as closed:
        return Posted(Outcome.CLOSED, message=str(closed))
    except SavingTooFast as too_fast:
        return Posted(Outcome.WAIT, message=str(too_fast), wait=too_fast.wait)
    return Posted(done, saved_at=saved_at)


def autosave(
    state: AutosaveState, form: FormData, shown: Collection[int], corpus: Corpus, now: datetime, saves: SaveLimit
) -> Posted | None:
    """:func:`post_answers` for an autosave of an attempt read as ``state`` (not its ORM object), in the usual
    case: unsubmitted and in time. None otherwise, for :func:`post_answers` to decide with the whole attempt
    (a submitted attempt, or one whose time is up and is submitted now). The signed-in check is the caller's.
    """
    if state.submitted_at is not None or time_is_up(earliest(state.deadline, state.closes_at), now):
        return None
    return _stored(lambda: save_posted(state.id, form, shown, corpus, now, saves), Outcome.SAVED)
