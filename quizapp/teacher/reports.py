"""Results pages built on :mod:`quizapp.analysis`: item analysis, response distributions, skills, charts.

Everything here takes the :class:`~quizapp.teacher.gradebook.Results` already read from the database
and only arranges numbers for the templates; the statistics themselves live in quizapp.analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from quizapp.analysis import (
    MIN_FLAGGED_ATTEMPTS,
    ItemStats,
    TestStats,
    facility_band,
    item_analysis,
    response_distribution,
    skill_results,
)
from quizapp.banks.model import SKILL_DEFINITIONS
from quizapp.charts import bar_chart_svg, histogram_svg
from quizapp.corpus import Corpus
from quizapp.questions import kind_of
from quizapp.student.answers import article_label
from quizapp.student.scores import PENDING
from quizapp.teacher.gradebook import Column, Results, Row

HISTOGRAM_EDGES = [float(edge) for edge in range(0, 101, 10)]  # percent of the points

STRONG = 0.7  # a skill the class does well at: at least this share of the points
WEAK = 0.5  # a skill the class struggles with: under this share


@dataclass(frozen=True)
class Distractor:
    """One distinct response to a question: how many gave it, and where its wording came from."""

    value: str
    count: int
    share: float | None
    correct: bool
    source_text: str | None


@dataclass(frozen=True)
class ItemReport:
    """One question's line of the item analysis."""

    column: Column
    stats: ItemStats
    band: str
    distribution: list[Distractor]

    @property
    def top_wrong(self) -> Distractor | None:
        """The wrong answer most students gave, if any wrong answer was given."""
        wrong = [d for d in self.distribution if not d.correct and d.count]
        return max(wrong, key=lambda d: d.count) if wrong else None


@dataclass(frozen=True)
class AnalysisReport:
    """The item analysis of an assignment: per question, for the whole test, and its charts."""

    items: list[ItemReport]
    test: TestStats
    histogram: Markup
    facility_chart: Markup
    percents: list[float]

    @property
    def histogram_rows(self) -> list[tuple[str, int]]:
        """The histogram as a table: each 10-point range of percentages and how many students fell in it."""
        counts = [0] * (len(HISTOGRAM_EDGES) - 1)
        for value in self.percents:
            index = min(int(value // 10), len(counts) - 1) if value >= 0 else 0
            counts[index] += 1
        labels = [
            f"{low:g}–{high:g} %" if index < len(counts) - 1 else f"{low:g}–{high:g} % (inclusive)"
            for index, (low, high) in enumerate(zip(HISTOGRAM_EDGES, HISTOGRAM_EDGES[1:], strict=False))
        ]
        return list(zip(labels, counts, strict=True))

    @property
    def doubtful(self) -> list[ItemReport]:
        """The questions flagged as doubtful (discriminative efficiency under 15 %, on enough attempts)."""
        return [item for item in self.items if item.stats.flagged]

    @property
    def small_sample(self) -> bool:
        """True when some question had too few attempts to be flagged either way."""
        return any(item.stats.small_sample for item in self.items)

    @property
    def min_flagged_attempts(self) -> int:
        """How many attempts a question needs before it can be flagged."""
        return MIN_FLAGGED_ATTEMPTS


def score_matrix(results: Results) -> tuple[list[str], list[float], list[list[float | None]]]:
    """Question keys, maximum points and one row of points per counted attempt (for item_analysis).

    A question the attempt was not given (added to the assignment after it was started, or left out
    of its subset) has no response row at all and is None, so that item_analysis leaves the attempt
    out of that question's statistics. A question given but left unanswered has a response row
    (its answer None), scored 0 on submit: a real wrong answer, so it counts as 0, even should its
    score be missing.
    """
    keys = [c.key for c in results.columns]
    maxima = [c.max_points for c in results.columns]
    scores = [[_points(row, key) for key in keys] for row in results.submitted_rows]
    return keys, maxima, scores


def _points(row: Row, key: str) -> float | None:
    cell = row.cells.get(key)
    if cell is None or cell.outcome == PENDING:
        return None  # not given, or a written answer not yet marked: no score to analyse
    return cell.earned if cell.earned is not None else 0.0  # given: unanswered earns nothing


def analysis_report(results: Results, corpus: Corpus) -> AnalysisReport:
    """Item statistics, the whole test's statistics, response distributions and the two charts."""
    keys, maxima, scores = score_matrix(results)
    items, test = item_analysis(keys, maxima, scores)
    counted = results.submitted_rows
    labels = {article_id: article_label(corpus, article_id) for article_id in corpus}
    reports = []
    for column, stats in zip(results.columns, items, strict=True):
        answers = [row.cells[column.key].answer for row in counted if column.key in row.cells]
        question = column.question  # built from the stored version once per column, not once per row
        rows = response_distribution(question, answers, labels=labels, top=10) if answers else []
        total = len(answers)
        kind = kind_of(question)
        distribution = [
            Distractor(
                # As a teacher reads it: an evidence span becomes the sentence it picks.
                kind.tally_words(question, r.value, corpus),
                r.count,
                r.count / total if total else None,
                r.correct,
                r.source_text,
            )
            for r in rows
        ]
        reports.append(ItemReport(column, stats, facility_band(stats.facility), distribution))
    percents = [100.0 * row.fraction for row in counted if row.fraction is not None]
    histogram = histogram_svg(
        percents,
        bins=HISTOGRAM_EDGES,
        title="Score distribution",
        x_label="Score (% of the points)",
        y_label="Students",
        id="score-histogram",
    )
    facility_chart = bar_chart_svg(
        [f"Q{r.column.number}. {r.column.prompt}" for r in reports],
        [r.stats.facility for r in reports],
        maximum=1.0,
        title="Facility per question",
        value_format="{:.0%}",
        id="facility-chart",
        description="The share of the marks the class earned on each question.",
    )
    return AnalysisReport(reports, test, histogram, facility_chart, percents)


@dataclass(frozen=True)
class SkillLine:
    """One student's (or the class's) share of the points per skill."""

    name: str
    fractions: dict[str, float | None]
    student_id: int | None = None


@dataclass(frozen=True)
class SkillReport:
    """Per skill: the class's share of the points and each student's, and the chart."""

    skills: list[str]
    questions: dict[str, list[Column]]
    whole_class: SkillLine
    students: list[SkillLine]
    chart: Markup
    strongest: list[str]
    weakest: list[str]

    @staticmethod
    def description(skill: str) -> str:
        """What a skill means, in a teacher's words."""
        return SKILL_DEFINITIONS.get(skill, skill.capitalize())

    @property
    def summary(self) -> str:
        """One sentence: what the class does well and what it misses."""
        shares = self.whole_class.fractions

        def listed(skills: list[str]) -> str:
            return " and ".join(f"{skill} ({100 * (shares[skill] or 0):.0f}\u00a0%)" for skill in skills)

        if self.strongest and self.weakest:
            return f"The class does well at {listed(self.strongest)} but struggles with {listed(self.weakest)}."
        if self.strongest:
            return f"The class does well at {listed(self.strongest)}, and no skill is below {100 * WEAK:.0f}\u00a0%."
        if self.weakest:
            return f"The class struggles with {listed(self.weakest)}; no skill reaches {100 * STRONG:.0f}\u00a0%."
        return (
            f"No skill stands out: the class earns between {100 * WEAK:.0f}\u00a0% and {100 * STRONG:.0f}\u00a0% "
            "on each."
        )


def skill_report(results: Results) -> SkillReport:
    """Per-skill results over the counted attempts of the assignment."""
    return skill_report_of([results])


def skill_report_of(all_results: Sequence[Results]) -> SkillReport:
    """Per-skill results over several assignments of one class (each student's counted attempts)."""
    class_rows: list[tuple[Sequence[str], float, float]] = []
    per_student: dict[int, list[tuple[Sequence[str], float, float]]] = {}
    names: dict[int, Row] = {}
    questions: dict[str, list[Column]] = {}
    for results in all_results:
        for column in results.columns:
            for skill in column.skills:
                questions.setdefault(skill, []).append(column)
        for row in results.rows:
            names.setdefault(row.student_id, row)
            if row.counted is None:
                continue
            for column in results.columns:
                cell = row.cells.get(column.key)
                if cell is None or cell.outcome == PENDING:  # not given, or not yet marked
                    continue
                possible = cell.possible if cell.possible is not None else column.max_points
                line = (column.skills, cell.earned or 0.0, possible)
                class_rows.append(line)
                per_student.setdefault(row.student_id, []).append(line)
    overall = skill_results(class_rows)
    skills = list(overall)
    whole_class = SkillLine("Whole class", {s: overall[s].fraction for s in skills})
    students = []
    for student_id, row in sorted(names.items(), key=lambda item: (item[1].name_key, item[0])):
        mine = skill_results(per_student.get(student_id, []))
        students.append(
            SkillLine(row.name, {s: mine[s].fraction if s in mine else None for s in skills}, student_id)
        )
    chart = bar_chart_svg(
        [s.capitalize() for s in skills],
        [overall[s].fraction for s in skills],
        maximum=1.0,
        title="Class results per skill",
        value_format="{:.0%}",
        id="skills-chart",
        description="The share of the points the class earned on the questions practising each skill.",
    )
    ranked = sorted((s for s in skills if overall[s].fraction is not None), key=lambda s: overall[s].fraction)
    weakest = [s for s in ranked if overall[s].fraction < WEAK][:2]
    strongest = [s for s in reversed(ranked) if overall[s].fraction >= STRONG][:2]
    return SkillReport(skills, questions, whole_class, students, chart, strongest, weakest)
