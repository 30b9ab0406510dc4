"""Pre and post: setting a pair of parallel forms for a class, and the growth page that compares them.

Setting a pair assembles form A and form B from one bank (:mod:`quizapp.parallel_forms`), matched on
skill, kind, stratum and difficulty (item analysis's facility where enough answers exist, else the
author's ``difficulty``), creates the pre-test and the post-test (each holding both forms) and
places every student of the class, half A then B and half B then A
(:mod:`quizapp.student.growth_forms`). The growth page compares each student's pre and post d′, c
and raw score, and gives the class's mean change with its 95 % interval and Cohen's d for paired
samples (:mod:`quizapp.discernment`).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import func, select

from quizapp.banks.model import SKILLS
from quizapp.db import db
from quizapp.discernment import Discernment, PairedChange, paired_change, tally
from quizapp.growth_charts import paired_slope_svg
from quizapp.models import (
    Assignment,
    Attempt,
    Bank,
    Classroom,
    GrowthPair,
    QuestionVersion,
    Response,
    ShowAnswers,
)
from quizapp.parallel_forms import UNKNOWN_FACILITY, FormItem, ParallelForms, assemble
from quizapp.questions import kind_of
from quizapp.student.growth_forms import place_students
from quizapp.teacher.discernment import StudentJudgements, student_judgements
from quizapp.teacher.gradebook import Results, load_results

MIN_ANSWERS_FOR_FACILITY = 10  # fewer submitted answers than this: the author's difficulty is the better guess


class PairError(Exception):
    """A pair cannot be set from this bank; the message says why."""


def observed_facilities(bank_id: str) -> dict[str, float]:
    """Item analysis's facility (share of the points earned) per question key, where enough answers exist."""
    rows = db.session.execute(
        select(QuestionVersion.question_key, func.count(), func.sum(Response.earned), func.sum(Response.possible))
        .join(Response, Response.question_version_id == QuestionVersion.id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(QuestionVersion.bank_id == bank_id, Attempt.submitted_at.is_not(None), Response.possible > 0)
        .group_by(QuestionVersion.question_key)
    )
    return {
        key: float(earned) / float(possible)
        for key, count, earned, possible in rows
        if count >= MIN_ANSWERS_FOR_FACILITY and possible
    }


def form_items(versions: Sequence[QuestionVersion], facilities: dict[str, float]) -> list[FormItem]:
    """The bank's questions as the assembly sees them: skill, kind, stratum and expected facility."""
    items = []
    for version in versions:
        question = version.question
        kind = kind_of(question)
        facility = facilities.get(version.question_key)
        if facility is None:
            facility = kind.authored_difficulty(question)
        items.append(
            FormItem(
                version.question_key,
                question.skills[0] if question.skills else "",
                question.type,
                kind.stratum(question),
                UNKNOWN_FACILITY if facility is None else facility,
            )
        )
    return items


def create_pair(room: Classroom, bank: Bank, title: str) -> tuple[GrowthPair, ParallelForms]:
    """Assemble the forms, set the pre-test and post-test for ``room`` and place its students (not committed)."""
    versions = [v for v in bank.versions if v.is_current]
    seed = secrets.token_hex(8)
    forms = assemble(form_items(versions, observed_facilities(bank.id)), seed)
    if len(forms.form_a) < 2:
        raise PairError(f"“{bank.title}” has too few questions for two forms: choose a bank with at least four.")
    keys = [*forms.form_a, *forms.form_b]
    pre = Assignment(
        classroom=room, bank=bank, title=f"{title} (pre)", question_keys=keys, show_answers=ShowAnswers.NEVER
    )
    post = Assignment(classroom=room, bank=bank, title=f"{title} (post)", question_keys=keys)
    db.session.add_all([pre, post])
    db.session.flush()
    pair = GrowthPair(
        classroom_id=room.id,
        title=title,
        pre_assignment_id=pre.id,
        post_assignment_id=post.id,
        form_a=list(forms.form_a),
        form_b=list(forms.form_b),
        seed=seed,
    )
    db.session.add(pair)
    db.session.flush()
    place_students(pair, list(room.students))
    return pair, forms


def pairs_of(room: Classroom) -> list[GrowthPair]:
    """The class's pre/post pairs, newest first."""
    return list(
        db.session.scalars(
            select(GrowthPair).where(GrowthPair.classroom_id == room.id).order_by(GrowthPair.created_at.desc())
        )
    )


# --------------------------------------------------------------------------------------------------
# The growth page
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudentGrowth:
    """One student's pre and post: order, overall and per-skill discernment, raw scores."""

    name: str
    order: str  # "A then B" or "B then A"
    pre: Discernment
    post: Discernment
    pre_score: float | None  # share of the points, 0..1
    post_score: float | None
    pre_skills: dict[str, Discernment]
    post_skills: dict[str, Discernment]

    @property
    def complete(self) -> bool:
        """Both tests submitted."""
        return self.pre_score is not None and self.post_score is not None


@dataclass(frozen=True)
class SkillChange:
    """The class's change in d′ on one skill."""

    skill: str
    change: PairedChange | None


@dataclass(frozen=True)
class GrowthReport:
    """The growth page: each student, the class's changes, and the paired-slope chart."""

    students: list[StudentGrowth]
    skills: list[str]
    d_prime: PairedChange | None
    criterion: PairedChange | None
    score: PairedChange | None
    per_skill: list[SkillChange]
    chart: Markup
    orders: dict[str, int]


def _counted_scores(results: Results) -> dict[int, float | None]:
    return {row.student_id: row.fraction for row in results.rows}


def _by_student(judged: list[StudentJudgements]) -> dict[int, StudentJudgements]:
    return {s.student_id: s for s in judged}


def _pairs(values: list[tuple[float | None, float | None]]) -> tuple[list[float], list[float]]:
    kept = [(a, b) for a, b in values if a is not None and b is not None]
    return [a for a, _ in kept], [b for _, b in kept]


def growth_report(pair: GrowthPair) -> GrowthReport:
    """Compare each placed student's pre-test with their post-test."""
    pre_results = load_results(pair.pre_assignment, with_answers=True)
    post_results = load_results(pair.post_assignment, with_answers=True)
    pre_judged = _by_student(student_judgements([pre_results]))
    post_judged = _by_student(student_judgements([post_results]))
    pre_scores, post_scores = _counted_scores(pre_results), _counted_scores(post_results)
    placements = {p.student_id: p for p in pair.placements}
    rows = sorted(pre_results.rows, key=lambda r: (r.name_key, r.student_id))
    found = {
        skill
        for judged in (*pre_judged.values(), *post_judged.values())
        for skills, _ in judged.items
        for skill in skills
    }
    skills = [skill for skill in SKILLS if skill in found]
    students = []
    for row in rows:
        placement = placements.get(row.student_id)
        if placement is None:
            continue
        before, after = pre_judged.get(row.student_id), post_judged.get(row.student_id)
        students.append(
            StudentGrowth(
                row.name,
                " then ".join(placement.order.value),
                tally(before.judgements() if before else []),
                tally(after.judgements() if after else []),
                pre_scores.get(row.student_id),
                post_scores.get(row.student_id),
                {s: tally(before.judgements(s) if before else []) for s in skills},
                {s: tally(after.judgements(s) if after else []) for s in skills},
            )
        )
    complete = [s for s in students if s.complete]
    d_pre, d_post = _pairs([(s.pre.d_prime, s.post.d_prime) for s in complete])
    measured = [s for s in complete if s.pre.d_prime is not None and s.post.d_prime is not None]
    orders = {"A then B": 0, "B then A": 0}
    for s in students:
        orders[s.order] += 1
    return GrowthReport(
        students,
        skills,
        paired_change(d_pre, d_post),
        paired_change(*_pairs([(s.pre.criterion, s.post.criterion) for s in complete])),
        paired_change(*_pairs([(s.pre_score, s.post_score) for s in complete])),
        [
            SkillChange(
                skill,
                paired_change(*_pairs([(s.pre_skills[skill].d_prime, s.post_skills[skill].d_prime) for s in complete])),
            )
            for skill in skills
        ],
        paired_slope_svg(
            [s.name for s in measured], d_pre, d_post, title="d′ before and after", measure="d′", id="growth-chart"
        ),
        orders,
    )


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def growth_table(report: GrowthReport) -> tuple[list[str], list[list[str]]]:
    """The growth page as CSV: one row per student, pre and post side by side; then per skill d′, c and the
    share right on that skill's discernment items."""
    header = ["Student", "Order", "Pre score", "Post score", "Pre d'", "Post d'", "Pre c", "Post c"]
    for skill in report.skills:
        header += [f"{phase} {what} {skill}" for what in ("d'", "c", "score") for phase in ("Pre", "Post")]
    rows = []
    for s in report.students:
        line = [s.name, s.order, _number(s.pre_score), _number(s.post_score)]
        line += [_number(s.pre.d_prime), _number(s.post.d_prime), _number(s.pre.criterion), _number(s.post.criterion)]
        for skill in report.skills:
            before, after = s.pre_skills[skill], s.post_skills[skill]
            line += [_number(before.d_prime), _number(after.d_prime), _number(before.criterion)]
            line += [_number(after.criterion), _number(before.raw_score), _number(after.raw_score)]
        rows.append(line)
    return header, rows
