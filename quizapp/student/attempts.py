"""Attempts: starting one, saving answers as the student goes, submitting and scoring, time limits.

Every function here takes ``now`` so that time limits and opening times are testable, and leaves
the web out: views parse the request, call one of these and render what comes back.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from quizapp.corpus import Corpus
from quizapp.db import db
from quizapp.lti.grades import queue_scores
from quizapp.models import Assignment, Attempt, QuestionVersion, Response, Student, question_parsed
from quizapp.questions import kind_of
from quizapp.student.answers import FormData, is_answered, parse_answer
from quizapp.student.formatting import as_utc, format_moment
from quizapp.student.growth_forms import versions_for_student
from quizapp.student.saving import (
    SaveLimit,
    changed_answers,
    claim_for_save,
    claim_scored,
    read_posted,
    store_answers,
    store_changed,
    stored_answers,
)
from quizapp.student.scores import attempt_score, score_attempt

# A save that left the browser just before the deadline may arrive a moment after it.
DEADLINE_GRACE = timedelta(seconds=10)


class AttemptError(Exception):
    """An attempt cannot be started or changed; the message tells the student why."""


class AttemptClosed(AttemptError):
    """The attempt is already submitted (or its time ran out and it was submitted now)."""


class SavingTooFast(AttemptError):
    """More saves of one attempt than its limit allows in a moment; nothing was stored. ``wait`` says how long."""

    def __init__(self, wait: timedelta):
        super().__init__("Too many saves at once: your answers are saved again in a moment.")
        self.wait = wait


def opens_later(assignment: Assignment, now: datetime) -> bool:
    """True when the assignment has an opening time still to come."""
    return assignment.opens_at is not None and now < assignment.opens_at


def attempts_of(assignment: Assignment, student: Student) -> list[Attempt]:
    """The student's attempts at the assignment, first to last."""
    return list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.assignment_id == assignment.id, Attempt.student_id == student.id)
            .order_by(Attempt.number)
        )
    )


def responses_of(attempt: Attempt, versions: Iterable[QuestionVersion] | None = None) -> list[Response]:
    """The attempt's responses in order, kept as its ``responses``, each with its question version.

    The versions are ``versions`` where given (the bank's, which the page read already), else the
    attempt's own, read in one statement; without their content either way: a version's question is
    parsed once per process (see :attr:`QuestionVersion.question`), and reading 20 questions' JSON
    for it on every submit and results page was much of their work. A version not among them (a
    question changed since the attempt) is read on its own.
    """
    if versions is None:
        given = select(Response.question_version_id).where(Response.attempt_id == attempt.id)
        versions = db.session.scalars(
            select(QuestionVersion).where(QuestionVersion.id.in_(given)).options(defer(QuestionVersion.data))
        )
    by_id = {version.id: version for version in versions}
    unparsed = [vid for vid, version in by_id.items() if not question_parsed(version.content_hash)]
    if unparsed:  # the first time in this process: their content in one statement, not one each
        contents = select(QuestionVersion.id, QuestionVersion.data).where(QuestionVersion.id.in_(unparsed))
        for version_id, data in db.session.execute(contents):
            set_committed_value(by_id[version_id], "data", data)
    responses = list(
        db.session.scalars(
            select(Response)
            .where(Response.attempt_id == attempt.id)
            .order_by(Response.position)
            .options(lazyload(Response.question_version))
        )
    )
    for response in responses:
        version = by_id.get(response.question_version_id)
        if version is not None:
            set_committed_value(response, "question_version", version)
    set_committed_value(attempt, "responses", responses)
    return responses


def in_progress(attempts: Sequence[Attempt]) -> Attempt | None:
    """The attempt in progress among the student's ``attempts`` (first to last): the latest not submitted."""
    return next((a for a in reversed(attempts) if not a.submitted), None)


def unsubmitted_attempt(assignment: Assignment, student: Student) -> Attempt | None:
    """The attempt the student is in the middle of, if any."""
    return db.session.scalar(
        select(Attempt)
        .where(
            Attempt.assignment_id == assignment.id,
            Attempt.student_id == student.id,
            Attempt.submitted_at.is_(None),
        )
        .order_by(Attempt.number.desc())
    )


def questions_for(assignment: Assignment, *, content: bool = True) -> list[QuestionVersion]:
    """The question versions a new attempt gets: the bank's current ones, or the assignment's chosen keys.

    Chosen keys keep the teacher's order; a key whose question has since left the bank still gets
    its last version, so that an assignment never silently loses a question. Without ``content``
    the questions themselves are not read (each version's is read if asked for): Start needs only
    the ids, the assignment page only the points.
    """
    query = (
        select(QuestionVersion)
        .where(QuestionVersion.bank_id == assignment.bank_id)
        .order_by(QuestionVersion.position, QuestionVersion.id)
    )
    if not content:
        query = query.options(defer(QuestionVersion.data))
    versions = list(db.session.scalars(query))
    current = [v for v in versions if v.is_current]
    if assignment.question_keys is None:
        return current
    by_key = {v.question_key: v for v in current}
    chosen = []
    for key in dict.fromkeys(assignment.question_keys):  # each key once
        version = by_key.get(key) or max(
            (v for v in versions if v.question_key == key), key=lambda v: (v.created_at, v.id), default=None
        )
        if version is not None:
            chosen.append(version)
    return chosen


def why_not_startable(assignment: Assignment, student: Student, now: datetime, used: int | None = None) -> str | None:
    """Why the student cannot start a new attempt now, or None when they can; ``used``, the student's
    attempts at it, when the caller has counted them already."""
    if assignment.classroom.archived:
        return "This class has been archived, so no new attempts can be started."
    if opens_later(assignment, now):
        return f"This assignment opens at {format_moment(assignment.opens_at)}."
    if not assignment.is_open(now):
        return "This assignment is closed."
    if used is None:
        used = len(attempts_of(assignment, student))
    if used >= assignment.attempts_allowed:
        allowed = assignment.attempts_allowed
        return f"You have used all {allowed} of your attempts." if allowed > 1 else "You have already had your attempt."
    return None


def start_attempt(assignment: Assignment, student: Student, now: datetime) -> int:
    """The id of the student's attempt in progress, starting a new one if there is none; commits.

    Idempotent: a reload or a double click returns the attempt already started. Two requests racing
    both try attempt number n + 1; the unique constraint lets one win and the other returns its attempt.
    Raises :class:`AttemptError` when no attempt may be started.
    """
    # One read of the student's attempts answers all three questions: one in progress? any left? which number next?
    attempts = attempts_of(assignment, student)
    existing = in_progress(attempts)
    if existing is not None and not finalise_if_due(existing, now):
        return existing.id
    reason = why_not_startable(assignment, student, now, used=len(attempts))
    if reason:
        raise AttemptError(reason)
    versions = versions_for_student(assignment, student, questions_for(assignment, content=False))
    if not versions:
        raise AttemptError("This assignment has no questions yet. Ask your teacher.")
    number = max((a.number for a in attempts), default=0) + 1
    deadline = now + timedelta(minutes=assignment.time_limit_minutes) if assignment.time_limit_minutes else None
    try:
        # Core INSERTs, not ORM objects: a class presses Start at the same moment, and the ORM's flush of
        # one new Attempt was a fifth of a Start's CPU on PostgreSQL. The attempt's row (its id by
        # RETURNING on PostgreSQL, the cursor's last row id on SQLite), its responses in one INSERT.
        attempt_id = db.session.execute(
            insert(Attempt.__table__).values(
                assignment_id=assignment.id, student_id=student.id, number=number, started_at=now, deadline=deadline
            )
        ).inserted_primary_key[0]
        if assignment.shuffle:
            # Seeded by the attempt, so the order is fixed for this attempt and differs for the next.
            random.Random(f"{attempt_id}").shuffle(versions)  # noqa: S311 - an order, not a secret
        db.session.execute(
            insert(Response.__table__),
            [{"attempt_id": attempt_id, "question_version_id": v.id, "position": p} for p, v in enumerate(versions)],
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raced = unsubmitted_attempt(assignment, student)
        if raced is None:
            raise AttemptError("Starting the attempt failed. Reload the page and try again.") from None
        return raced.id
    return attempt_id


def earliest(time_limit: datetime | None, closes_at: datetime | None) -> datetime | None:
    """When an attempt stops taking answers: its time limit or its assignment's closing, whichever is first."""
    moments = [as_utc(m) for m in (time_limit, closes_at) if m is not None]
    return min(moments) if moments else None


def effective_deadline(attempt: Attempt) -> datetime | None:
    """When the attempt stops taking answers: its time limit or the assignment's closing, whichever is first."""
    return earliest(attempt.deadline, attempt.assignment.closes_at)


def time_is_up(deadline: datetime | None, now: datetime) -> bool:
    """True when ``deadline`` has passed, allowing the grace for saves in flight."""
    return deadline is not None and now > deadline + DEADLINE_GRACE


def is_overdue(attempt: Attempt, now: datetime) -> bool:
    """True when an unsubmitted attempt's time is up (allowing the grace for saves in flight)."""
    return not attempt.submitted and time_is_up(effective_deadline(attempt), now)


def finalise_if_due(attempt: Attempt, now: datetime) -> bool:
    """Submit an attempt whose time is up, with the answers saved so far. True when it is (now) submitted."""
    if attempt.submitted:
        return True
    if is_overdue(attempt, now):
        submit_attempt(attempt, now)
        return True
    return False


def finalise_overdue(attempts: Collection[Attempt], now: datetime) -> None:
    """Submit every attempt in ``attempts`` whose time is up (pages listing attempts call this first)."""
    for attempt in attempts:
        finalise_if_due(attempt, now)


def save_answers(
    attempt: Attempt,
    form: FormData,
    response_ids: Collection[int],
    corpus: Corpus,
    now: datetime,
    saves: SaveLimit | None = None,
) -> datetime:
    """Save the answers on the page; commits and returns when. Raises :class:`AttemptClosed` once submitted.

    When the time is up the answers are refused and the attempt is submitted with what was saved before.
    A save that changes nothing writes nothing: no claim, no lock, no commit. One that does counts
    against ``saves`` (the attempt's autosave limit), and past it raises :class:`SavingTooFast`.
    The answers changed from those read before the claim are stored: a save racing another from the
    same page stores its own changes, and the last to claim the attempt has the last word.
    """
    if finalise_if_due(attempt, now):
        raise AttemptClosed("Time is up: your saved answers have been submitted.")
    return save_posted(attempt.id, form, response_ids, corpus, now, saves)


def save_posted(
    attempt_id: int,
    form: FormData,
    response_ids: Collection[int],
    corpus: Corpus,
    now: datetime,
    saves: SaveLimit | None = None,
) -> datetime:
    """:func:`save_answers` for an attempt known to be unsubmitted and in time a moment ago (the claim
    still decides); by id, without the attempt's object: an autosave needs nothing else of it."""
    posted, stored = read_posted(attempt_id, form, response_ids, corpus)
    changed = changed_answers(posted, stored)
    if not changed:
        return now  # already stored as posted: a repeated autosave, a page turned without an edit
    claim = claim_for_save(attempt_id, now, saves)
    if not claim.claimed:
        db.session.rollback()
        if claim.submitted:
            raise AttemptClosed("These answers have already been submitted.")
        raise SavingTooFast(claim.wait)
    store_answers(changed, now)
    db.session.commit()
    return now


def submit_attempt(
    attempt: Attempt,
    now: datetime,
    form: FormData | None = None,
    response_ids: Collection[int] = (),
    corpus: Corpus | None = None,
) -> bool:
    """Submit and score the attempt, saving ``form``'s final answers in the same transaction; commits.

    True only for the request that submitted it: a double click or a resent form finds the attempt
    already submitted and changes nothing. An overdue attempt is submitted without the final answers.
    """
    late = is_overdue(attempt, now)
    attempt_id = attempt.id
    posted: dict[int, object] = {}
    if form is not None and corpus is not None and not late:
        posted = read_posted(attempt_id, form, response_ids, corpus)[0]
    responses = responses_of(attempt)
    # Scored before the claim, from the answers as they will stand: the first write takes SQLite's one
    # write lock, which every other student's save and submit then waits for, and scoring is the slow
    # part of a submit. The claim below still decides; if it fails, the rollback undoes all of this.
    with db.session.no_autoflush:
        for response in responses:
            if response.id in posted and response.answer != posted[response.id]:
                response.answer, response.saved_at = posted[response.id], now
        score_attempt(attempt, responses)
        scored = {response.id: response.answer for response in responses}
        if not claim_scored(attempt, now):
            db.session.rollback()
            return False
    db.session.flush()  # the answers and scores, now that the attempt is this request's to submit
    if stored_answers(attempt_id) != scored:
        # A save landed between the read and the claim: the posted answers still win over it, and the
        # attempt is scored again from the answers stored now.
        store_changed(attempt_id, posted, now)
        db.session.expire_all()
        score_attempt(attempt, attempt.responses)
    queue_scores(attempt.assignment_id, [attempt.student_id])  # in this transaction: no score goes unsent
    db.session.commit()
    return True


def _answers_after(
    attempt: Attempt, form: FormData, response_ids: Collection[int], corpus: Corpus
) -> list[tuple[int, Response, object]]:
    """(1-based number, response, answer) for each question as it would stand once ``form`` is saved."""
    wanted = set(response_ids)
    answers = []
    for number, response in enumerate(attempt.responses, 1):
        answer = response.answer
        if response.id in wanted:
            answer = parse_answer(response.question_version.question, form, response.id, corpus)
        answers.append((number, response, answer))
    return answers


def unanswered_after(attempt: Attempt, form: FormData, response_ids: Collection[int], corpus: Corpus) -> list[int]:
    """The 1-based numbers of the questions that would be unanswered once ``form`` is saved (nothing is saved)."""
    after = _answers_after(attempt, form, response_ids, corpus)
    return [number for number, _, answer in after if not is_answered(answer)]


def warnings_after(
    attempt: Attempt, form: FormData, response_ids: Collection[int], corpus: Corpus
) -> list[tuple[int, str]]:
    """(number, what to check) for each answer its kind warns about once ``form`` is saved (nothing is saved)."""
    found = []
    for number, response, answer in _answers_after(attempt, form, response_ids, corpus):
        question = response.question_version.question
        warning = kind_of(question).answer_warning(question, answer)
        if warning:
            found.append((number, warning))
    return found


def answer_warnings(attempt: Attempt) -> list[tuple[int, str]]:
    """(number, what to check) for each stored answer its kind warns about (a written answer too long)."""
    found = []
    for number, response in enumerate(attempt.responses, 1):
        question = response.question_version.question
        warning = kind_of(question).answer_warning(question, response.answer)
        if warning:
            found.append((number, warning))
    return found


def unanswered_numbers(attempt: Attempt) -> list[int]:
    """The 1-based numbers of the questions the attempt has no answer to."""
    return [number for number, response in enumerate(attempt.responses, 1) if not is_answered(response.answer)]


@dataclass(frozen=True)
class AssignmentStatus:
    """Where a student stands with an assignment, for the list of assignments."""

    label: str  # Not started, In progress, Submitted, Closed, Opens at ...
    kind: str  # not-started, in-progress, submitted, closed, upcoming: a CSS hook
    detail: str | None = None
    score: str | None = None
    latest: Attempt | None = None


def assignment_status(assignment: Assignment, student: Student, now: datetime) -> AssignmentStatus:
    """The student's status for one assignment; finalises an attempt whose time ran out first."""
    attempts = attempts_of(assignment, student)
    finalise_overdue(attempts, now)
    in_progress = next((a for a in attempts if not a.submitted), None)
    submitted = [a for a in attempts if a.submitted]
    if in_progress is not None:
        deadline = effective_deadline(in_progress)
        detail = f"Submit by {format_moment(deadline)}." if deadline else None
        return AssignmentStatus("In progress", "in-progress", detail, latest=in_progress)
    if submitted:
        # The best attempt is the one that counts (as in the teacher's gradebook); the earlier on a tie.
        best = max(submitted, key=lambda a: (a.earned or 0.0, -a.number))
        detail = None
        if assignment.attempts_allowed > 1:
            used, allowed = len(attempts), assignment.attempts_allowed
            # "Best of" only once there are several to choose among.
            detail = f"{used} of {allowed} attempts used."
            if used > 1:
                detail = f"Your best of {used} attempts ({used} of {allowed} used)."
        score = attempt_score(best) if assignment.score_visible(now) else None
        return AssignmentStatus("Submitted", "submitted", detail, score=score, latest=submitted[-1])
    if opens_later(assignment, now):
        return AssignmentStatus(f"Opens at {format_moment(assignment.opens_at)}", "upcoming")
    if not assignment.is_open(now) or assignment.classroom.archived:
        return AssignmentStatus("Closed", "closed", "You did not submit this assignment.")
    closes = assignment.closes_at
    return AssignmentStatus("Not started", "not-started", f"Closes at {format_moment(closes)}." if closes else None)
