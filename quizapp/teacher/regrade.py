"""Regrading: when a bank reload changes a question, rescoring the answers given to the old version.

The teacher chooses, as in Canvas, for each changed question:

* ``full``: award full credit to everyone who answered the old version;
* ``both``: credit the old and the new correct answer (score with both, keep the higher);
* ``new``: credit only the new correct answer (rescore with the new version);
* ``none``: don't regrade.

:func:`regrade_score` is the pure scoring part. :func:`plan_regrade` is a dry run, student by
student; :func:`apply_regrade` makes exactly those changes (the caller commits, once).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from quizapp.banks.model import Question
from quizapp.corpus import Corpus
from quizapp.db import db
from quizapp.models import Assignment, Attempt, QuestionVersion, RegradeDecision, Response, Student
from quizapp.questions import kind_of
from quizapp.scoring import EARNED_DECIMALS, Score, score_response
from quizapp.student.answers import describe_key
from quizapp.student.scores import PENDING
from quizapp.teacher.assignments import aware_utc
from quizapp.teacher.gradebook import answer_text

POLICIES = ("full", "both", "new", "none")
POLICY_LABELS = {
    "full": "Full credit to everyone",
    "both": "Old and new answers both credited",
    "new": "Only the new answer credited",
    "none": "Not regraded",
}
MESSAGE_MAX_LENGTH = 300


def regrade_score(old: Question, new: Question, answer: object, policy: str, stored: Score) -> Score:
    """The score of ``answer`` (given to ``old``) once regraded to ``new`` under ``policy``.

    Points are the new version's, so an edited point value applies to everyone. ``stored`` is the
    score as it stands, which ``none`` keeps. Raises ValueError for an unknown policy.
    """
    if policy == "none":
        return stored
    if policy == "full":
        return Score(float(new.points), float(new.points), "correct")
    if kind_of(new).awaits_mark(new, answer):
        return stored  # a written answer keeps its teacher's mark; the teacher marks it again on the queue
    rescored = score_response(new, answer)
    if policy == "new":
        return rescored
    if policy == "both":
        # The old key at the new points, so that the two scores compare like for like.
        under_old = score_response(dataclasses.replace(old, points=new.points), answer)
        return under_old if under_old.earned > rescored.earned else rescored
    raise ValueError(f"unknown regrade policy {policy!r}")


@dataclass
class ChangedQuestion:
    """A question of the assignment that changed after some students had answered it."""

    key: str
    current: QuestionVersion
    old_versions: list[QuestionVersion]
    responses: int  # submitted responses on an old version
    last_submitted: datetime | None
    decision: RegradeDecision | None  # the latest decision about the current version

    @property
    def pending(self) -> bool:
        """True until the teacher has decided, and again if old-version answers were submitted since."""
        if self.decision is None:
            return True
        return self.last_submitted is not None and self.last_submitted > self.decision.created_at


def changed_questions(assignment: Assignment) -> list[ChangedQuestion]:
    """The assignment's questions with submitted answers on a version that is no longer current."""
    counts = db.session.execute(
        select(Response.question_version_id, func.count(Response.id), func.max(Attempt.submitted_at))
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == Response.question_version_id)
        .where(
            Attempt.assignment_id == assignment.id,
            Attempt.submitted_at.is_not(None),
            QuestionVersion.is_current.is_(False),
        )
        .group_by(Response.question_version_id)
    ).all()
    if not counts:
        return []
    old_ids = [version_id for version_id, _, _ in counts]
    old = {v.id: v for v in db.session.scalars(select(QuestionVersion).where(QuestionVersion.id.in_(old_ids)))}
    keys = sorted({v.question_key for v in old.values()})
    current = {
        v.question_key: v
        for v in db.session.scalars(
            select(QuestionVersion).where(
                QuestionVersion.bank_id == assignment.bank_id,
                QuestionVersion.question_key.in_(keys),
                QuestionVersion.is_current.is_(True),
            )
        )
    }
    decisions: dict[tuple[str, int], RegradeDecision] = {}
    for decision in db.session.scalars(
        select(RegradeDecision)
        .where(RegradeDecision.assignment_id == assignment.id)
        .order_by(RegradeDecision.created_at, RegradeDecision.id)
    ):
        decisions[decision.question_key, decision.version_id] = decision  # the latest wins
    by_key: dict[str, ChangedQuestion] = {}
    for version_id, count, last in counts:
        version = old[version_id]
        now_version = current.get(version.question_key)
        if now_version is None:
            continue  # the question left the bank: there is nothing to regrade against
        last = aware_utc(last)
        changed = by_key.get(version.question_key)
        if changed is None:
            changed = ChangedQuestion(
                version.question_key, now_version, [], 0, None,
                decisions.get((version.question_key, now_version.id)),
            )
            by_key[version.question_key] = changed
        changed.old_versions.append(version)
        changed.responses += count
        if last is not None and (changed.last_submitted is None or last > changed.last_submitted):
            changed.last_submitted = last
    return sorted(by_key.values(), key=lambda c: (c.current.position, c.key))


@dataclass(frozen=True)
class VersionShown:
    """One version of a changed question, as the regrade page sets it beside the others."""

    loaded: datetime
    prompt: str
    key: list[str]  # the key in words, as the students' results word it
    points: float
    current: bool


@dataclass(frozen=True)
class VersionComparison:
    """The earlier versions and the new one side by side, and which of their parts differ."""

    versions: list[VersionShown]

    def differs(self, part: str) -> bool:
        """True when ``part`` ("prompt", "key" or "points") is not the same in every version."""
        return len({repr(getattr(version, part)) for version in self.versions}) > 1


def version_comparison(changed: ChangedQuestion, corpus: Corpus) -> VersionComparison:
    """The old versions (oldest first, with when each was loaded) and then the new one: prompt, key, points."""
    versions = [*sorted(changed.old_versions, key=lambda v: (v.created_at, v.id)), changed.current]
    return VersionComparison(
        [
            VersionShown(
                version.created_at,
                version.question.prompt,
                describe_key(version.question, corpus),
                float(version.question.points),
                version is changed.current,
            )
            for version in versions
        ]
    )


def changed_question(assignment: Assignment, key: str) -> ChangedQuestion | None:
    """The changed question with this key, or None."""
    return next((c for c in changed_questions(assignment) if c.key == key), None)


@dataclass
class PlannedResponse:
    """One response before and after the regrade."""

    response: Response
    answer: str
    before: Score
    after: Score

    @property
    def changes(self) -> bool:
        """True when the regrade changes this response's score."""
        b, a = self.before, self.after
        return (b.earned, b.possible, b.outcome) != (a.earned, a.possible, a.outcome)


@dataclass
class PlannedAttempt:
    """One student's attempt before and after the regrade."""

    student: str
    attempt: Attempt
    responses: list[PlannedResponse]
    earned_before: float
    possible_before: float
    earned_after: float
    possible_after: float

    @property
    def delta(self) -> float:
        """Points gained (or lost, when negative)."""
        return round(self.earned_after - self.earned_before, EARNED_DECIMALS)


@dataclass
class RegradePlan:
    """What a policy would do to every attempt that answered an old version of the question."""

    question: ChangedQuestion
    policy: str
    attempts: list[PlannedAttempt]

    @property
    def responses_changed(self) -> int:
        """How many responses the regrade changes."""
        return sum(1 for a in self.attempts for r in a.responses if r.changes)

    @property
    def attempts_changed(self) -> int:
        """How many attempts' totals the regrade changes."""
        return sum(
            1 for a in self.attempts if (a.earned_before, a.possible_before) != (a.earned_after, a.possible_after)
        )


def plan_regrade(assignment: Assignment, changed: ChangedQuestion, policy: str, corpus: Corpus) -> RegradePlan:
    """A dry run: every affected attempt's score before and after, changing nothing."""
    if policy not in POLICIES:
        raise ValueError(f"unknown regrade policy {policy!r}")
    old_ids = [v.id for v in changed.old_versions]
    old_questions = {v.id: v.question for v in changed.old_versions}
    new_question = changed.current.question
    records = db.session.execute(
        select(Response, Attempt, Student.name)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(Student, Student.id == Attempt.student_id)
        .where(
            Attempt.assignment_id == assignment.id,
            Attempt.submitted_at.is_not(None),
            Response.question_version_id.in_(old_ids),
        )
        .order_by(Student.name_key, Student.id, Attempt.number)
    ).all()
    by_attempt: dict[int, PlannedAttempt] = {}
    planned_by_attempt: dict[int, list[PlannedResponse]] = defaultdict(list)
    for response, attempt, name in records:
        old_question = old_questions[response.question_version_id]
        before = Score(
            response.earned or 0.0,
            response.possible if response.possible is not None else float(old_question.points),
            response.outcome or "wrong",  # type: ignore[arg-type]
            response.message,
        )
        after = regrade_score(old_question, new_question, response.answer, policy, before)
        planned = PlannedResponse(response, answer_text(old_question, response.answer, corpus), before, after)
        planned_by_attempt[attempt.id].append(planned)
        if attempt.id not in by_attempt:
            by_attempt[attempt.id] = PlannedAttempt(
                name, attempt, planned_by_attempt[attempt.id],
                attempt.earned or 0.0, attempt.possible or 0.0, 0.0, 0.0,
            )
    for planned_attempt in by_attempt.values():
        gained = sum(r.after.earned - r.before.earned for r in planned_attempt.responses)
        widened = sum(r.after.possible - r.before.possible for r in planned_attempt.responses)
        planned_attempt.earned_after = round(planned_attempt.earned_before + gained, EARNED_DECIMALS)
        planned_attempt.possible_after = round(planned_attempt.possible_before + widened, EARNED_DECIMALS)
    return RegradePlan(changed, policy, list(by_attempt.values()))


def apply_regrade(assignment: Assignment, plan: RegradePlan) -> RegradeDecision:
    """Make the planned changes to responses and attempt totals and record the decision. Caller commits.

    Attempt totals are summed afresh from their responses, so they always agree with the questions.
    """
    touched: set[int] = set()
    for planned_attempt in plan.attempts:
        for planned in planned_attempt.responses:
            if not planned.changes:
                continue
            response, after = planned.response, planned.after
            response.earned = after.earned
            response.possible = after.possible
            response.outcome = after.outcome
            response.message = after.message[:MESSAGE_MAX_LENGTH] if after.message else None
            touched.add(planned_attempt.attempt.id)
    db.session.flush()
    if touched:
        pending = func.sum(case((Response.outcome == PENDING, 1), else_=0))  # written answers still to mark
        totals = db.session.execute(
            select(Response.attempt_id, func.sum(Response.earned), func.sum(Response.possible), pending)
            .where(Response.attempt_id.in_(touched))
            .group_by(Response.attempt_id)
        )
        attempts = {a.attempt.id: a.attempt for a in plan.attempts}
        for attempt_id, earned, possible, waiting in totals:
            attempts[attempt_id].earned = round(earned or 0.0, EARNED_DECIMALS)
            attempts[attempt_id].possible = round(possible or 0.0, EARNED_DECIMALS)
            attempts[attempt_id].marks_pending = waiting or 0
    decision = RegradeDecision(
        assignment_id=assignment.id,
        question_key=plan.question.key,
        version_id=plan.question.current.id,
        policy=plan.policy,
        responses_changed=plan.responses_changed,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def decisions_for(assignment: Assignment, responses: list[Response]) -> dict[int, RegradeDecision]:
    """For each response on an earlier version that a regrade rescored: the decision, by response id.

    Lets the attempt page say why a score differs from the key the student was shown.
    """
    old_keys = {r.question_version.question_key for r in responses if not r.question_version.is_current}
    if not old_keys:
        return {}
    latest: dict[str, RegradeDecision] = {}
    for decision in db.session.scalars(
        select(RegradeDecision)
        .where(RegradeDecision.assignment_id == assignment.id, RegradeDecision.question_key.in_(old_keys))
        .order_by(RegradeDecision.created_at, RegradeDecision.id)
    ):
        if decision.policy != "none":
            latest[decision.question_key] = decision
    return {
        r.id: latest[r.question_version.question_key]
        for r in responses
        if not r.question_version.is_current and r.question_version.question_key in latest
    }
