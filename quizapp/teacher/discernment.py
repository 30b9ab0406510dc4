"""The discernment page: each student's d′, c, hit and false-alarm rates and calibration, per skill and overall.

Reads the counted attempts through :func:`quizapp.teacher.gradebook.load_results` and asks each
question's kind for a :class:`~quizapp.discernment.Judgement` (only discernment items give one);
the statistics are :mod:`quizapp.discernment`'s, the charts :mod:`quizapp.charts`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import select

from quizapp.banks.model import SKILLS, Question
from quizapp.charts import bar_chart_svg, histogram_svg
from quizapp.db import db
from quizapp.discernment import (
    CONFIDENCE_LEVELS,
    Discernment,
    Estimate,
    Judgement,
    brier_score,
    calibration,
    describe,
    mean_interval,
    tally,
)
from quizapp.models import QuestionVersion
from quizapp.questions import kind_of
from quizapp.teacher.gradebook import Results

D_PRIME_EDGES = [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0]
CRITERION_EDGES = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]


@dataclass
class StudentJudgements:
    """One student's answered discernment items: (the item's skills, the judgement), in no order."""

    student_id: int
    name: str
    name_key: str
    items: list[tuple[tuple[str, ...], Judgement]] = field(default_factory=list)

    def judgements(self, skill: str | None = None) -> list[Judgement]:
        """Every judgement, or those on items practising ``skill``."""
        return [j for skills, j in self.items if skill is None or skill in skills]


def student_judgements(all_results: Iterable[Results]) -> list[StudentJudgements]:
    """Each student's judgements over the counted attempts of ``all_results``, ordered by name.

    A response is read against the question version it answered (an edited question keeps the
    verdict its students saw), loaded in one query for versions no column holds.
    """
    results_list = list(all_results)
    questions: dict[int, Question] = {}
    wanted: set[int] = set()
    for results in results_list:
        for column in results.columns:
            questions.setdefault(column.version.id, column.question)
        for row in results.submitted_rows:
            wanted.update(c.version_id for c in row.cells.values() if c.version_id is not None)
    missing = wanted - set(questions)
    if missing:
        for version in db.session.scalars(select(QuestionVersion).where(QuestionVersion.id.in_(missing))):
            questions[version.id] = version.question
    students: dict[int, StudentJudgements] = {}
    for results in results_list:
        for row in results.rows:
            mine = students.setdefault(row.student_id, StudentJudgements(row.student_id, row.name, row.name_key))
            if row.counted is None:
                continue
            for cell in row.cells.values():
                question = questions.get(cell.version_id or -1)
                if question is None:
                    continue
                judgement = kind_of(question).judgement(question, cell.answer)
                if judgement is not None:
                    mine.items.append((question.skills, judgement))
    return sorted(students.values(), key=lambda s: (s.name_key, s.student_id))


@dataclass(frozen=True)
class StudentLine:
    """One student's row of the discernment table."""

    student_id: int
    name: str
    overall: Discernment
    brier: float | None
    skills: dict[str, Discernment]
    words: str


@dataclass(frozen=True)
class SkillSummary:
    """The class on one skill: mean d′ and mean c with their 95 % intervals, over the students measured."""

    skill: str
    d_prime: Estimate | None
    criterion: Estimate | None


@dataclass(frozen=True)
class DiscernmentReport:
    """The page: a line per student who answered discernment items, the class per skill, and charts."""

    students: list[StudentLine]
    skills: list[str]
    per_skill: list[SkillSummary]
    d_prime_chart: Markup
    criterion_chart: Markup
    calibration_chart: Markup
    class_d_prime: Estimate | None
    class_criterion: Estimate | None

    @property
    def measured(self) -> list[StudentLine]:
        """The students with a d′ (answers to both accurate and distorted items)."""
        return [line for line in self.students if line.overall.measurable]


def discernment_report(students: Sequence[StudentJudgements]) -> DiscernmentReport:
    """Arrange the students' judgements into the page's numbers, words and charts."""
    answered = [s for s in students if s.items]
    skills = [skill for skill in SKILLS if any(skill in skills for s in answered for skills, _ in s.items)]
    lines = [
        StudentLine(
            s.student_id,
            s.name,
            tally(s.judgements()),
            brier_score(s.judgements()),
            {skill: tally(s.judgements(skill)) for skill in skills},
            describe(tally(s.judgements())),
        )
        for s in answered
    ]
    per_skill = [
        SkillSummary(
            skill,
            mean_interval([v for line in lines if (v := line.skills[skill].d_prime) is not None]),
            mean_interval([v for line in lines if (v := line.skills[skill].criterion) is not None]),
        )
        for skill in skills
    ]
    d_primes = [v for line in lines if (v := line.overall.d_prime) is not None]
    criteria = [v for line in lines if (v := line.overall.criterion) is not None]
    return DiscernmentReport(
        lines,
        skills,
        per_skill,
        histogram_svg(d_primes, bins=D_PRIME_EDGES, title="Distribution of d′", x_label="d′", id="d-prime-chart"),
        histogram_svg(
            criteria, bins=CRITERION_EDGES, title="Distribution of c", x_label="c (criterion)", id="criterion-chart"
        ),
        calibration_chart([j for s in answered for j in s.judgements()], "The class's calibration"),
        mean_interval(d_primes),
        mean_interval(criteria),
    )


def calibration_chart(judgements: Sequence[Judgement], title: str, id: str = "calibration-chart") -> Markup:
    """How often the answers given at each confidence were right; calibrated is right as often as sure."""
    bins = calibration(judgements)
    return bar_chart_svg(
        [f"{b.level} % sure ({b.answers} answers)" for b in bins],
        [b.accuracy for b in bins],
        maximum=1.0,
        title=title,
        id=id,
        description=(
            "The share right among the answers given at each confidence. A well-calibrated student is right "
            f"as often as they say: {', '.join(f'{level} %' for level in CONFIDENCE_LEVELS)} of the time."
        ),
    )
