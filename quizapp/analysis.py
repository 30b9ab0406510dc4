"""Statistics for the teacher's dashboard: item analysis, distractor analysis and results per skill.

Pure functions over plain numbers and the bank dataclasses: no web framework, no database, no numpy.

Item analysis follows Moodle's quiz statistics, so that a teacher who has met those numbers there
reads them the same way here:

* **Facility** ``F = mean(x) / max_points``: the share of the marks the class earned (0..1).
* **Discrimination index** ``DI = 100 * corr(x, R)``, the Pearson correlation between the item
  score ``x`` and the *rest* of the test ``R = total - x``. Leaving the item out of the total keeps
  an item from correlating with itself, which matters on the short quizzes of a classroom.
* **Discriminative efficiency** ``DE = 100 * cov(x, R) / cov_max``, where ``cov_max`` is the
  covariance the same values would have if they were paired in the same order (sorted ``x`` with
  sorted ``R``): the best discrimination the item could possibly show with its scores. A negative
  covariance is divided by the size of the worst one instead (sorted ``x`` with ``R`` sorted the
  other way), so DE runs from -100 (the weakest did best, as far as these scores allow) to 100;
  dividing it by ``cov_max`` too would let an item read -300. An item whose DE is below 15 % is
  flagged as *doubtful*: it barely separates stronger from weaker students. With fewer than
  :data:`MIN_FLAGGED_ATTEMPTS` attempts one student more swings DI and DE by tens of points, so
  :attr:`ItemStats.flagged` holds the flag back until then (:attr:`ItemStats.small_sample`).
* **Cronbach's alpha** ``k/(k-1) * (1 - sum(var(x_i)) / var(total))`` and the standard error of
  measurement ``SEM = sd(total) * sqrt(1 - alpha)``.

Not every attempt need have had every question (a question added after some students submitted, a
subset that changed): as in Moodle, each question's statistics are computed over the attempts that
included it, and alpha over the attempts that had them all. See :func:`item_analysis`.

Every variance and covariance divides by ``n - 1``. A statistic that cannot be computed (fewer than
two attempts, or a spread of zero to divide by) is ``None`` rather than 0 or NaN, so that a page
can say "not enough data" instead of showing a misleading number.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from quizapp.banks.model import SKILLS, Question
from quizapp.questions import kind_of
from quizapp.questions.tally import ARROW, GRID_DASH, NO_ANSWER, NO_NUMBER, UNREADABLE, ResponseCount

__all__ = [
    "ARROW",
    "GRID_DASH",
    "NO_ANSWER",
    "NO_NUMBER",
    "UNREADABLE",
    "ResponseCount",
    "SkillResult",
    "facility_band",
    "item_analysis",
    "response_distribution",
    "skill_results",
]

# --------------------------------------------------------------------------------------------------
# Item analysis
# --------------------------------------------------------------------------------------------------

DOUBTFUL_EFFICIENCY = 15.0
"""Discriminative efficiency (in %) below which an item is flagged as doubtful."""

MIN_FLAGGED_ATTEMPTS = 10
"""Attempts an item needs before it is flagged: with fewer, DI and DE say more about chance than the item."""


@dataclass(frozen=True)
class ItemStats:
    """How one question behaved across the submitted attempts.

    ``mean`` and ``sd`` are in points (divide by ``max_points`` for a share); ``facility`` is a share
    0..1; ``discrimination`` and ``efficiency`` are percentages, -100..100.
    """

    key: str  # question key
    max_points: float
    n: int  # attempts counted
    mean: float | None
    facility: float | None  # F = mean(x)/max_points, 0..1
    sd: float | None  # item standard deviation (divide by n-1)
    discrimination: float | None  # DI = 100*corr(x, R), R = total minus this item (Pearson, as Moodle)
    efficiency: float | None  # DE = 100*cov(x,R)/cov_max; cov_max pairs sorted x with sorted R
    doubtful: bool  # DE below 15 %  (None DE is not doubtful)

    @property
    def small_sample(self) -> bool:
        """True when too few attempts had the item for its DI and DE to be read as the item's own."""
        return self.n < MIN_FLAGGED_ATTEMPTS

    @property
    def flagged(self) -> bool:
        """Doubtful, on enough attempts to say so: what a teacher is asked to look at again."""
        return self.doubtful and not self.small_sample


@dataclass(frozen=True)
class TestStats:
    """How the whole test behaved: the totals of the submitted attempts and its reliability."""

    __test__ = False  # a name starting with "Test" is not a pytest test class

    n: int
    max_total: float
    mean: float | None
    median: float | None
    sd: float | None
    alpha: float | None  # Cronbach's alpha
    sem: float | None  # standard error of measurement = sd*sqrt(1-alpha)


def item_analysis(
    keys: Sequence[str], max_points: Sequence[float], scores: Sequence[Sequence[float | None]]
) -> tuple[list[ItemStats], TestStats]:
    """Item statistics for each column of ``scores`` and test statistics for the row totals.

    ``scores`` holds one row per submitted attempt and one column per item, in the order of ``keys``
    and ``max_points``: the points earned. ``None`` means the attempt was **not given** that item
    (it was added to the assignment later, or the attempt had another subset of the questions); a
    question the student was given but left unanswered earned 0 and must be passed as 0, not None.

    * Each item's ``n``, mean, facility, sd, DI and DE are computed over the attempts that were given
      it, with ``R`` = that attempt's total over the items it was given, minus the item's score.
    * The whole test's ``n``, mean, median and sd are over every attempt, each attempt's total being
      the sum over the items it was given (so 0 for an attempt given none).
    * Cronbach's alpha and the SEM are over the *complete* attempts only, those given every item
      (the SEM with the sd of their totals); with fewer than two complete attempts both are None.

    With no attempts every statistic is None; with one attempt (of an item) the means, the median
    and the facilities are given but nothing that needs a spread (sd, DI, DE, alpha, SEM). Raises
    ValueError when the rows, keys and maxima disagree in length or a score is not a finite number.
    """
    k = len(keys)
    if len(max_points) != k:
        raise ValueError(f"{k} keys but {len(max_points)} maximum points")
    matrix = [_row(row, k, number) for number, row in enumerate(scores, start=1)]
    n = len(matrix)
    maxima = [float(m) for m in max_points]
    totals = [math.fsum(value for value in row if value is not None) for row in matrix]

    items = []
    for j in range(k):
        x: list[float] = []  # the item's scores in the attempts given it
        rest: list[float] = []  # and the rest of each of those attempts
        for row in matrix:
            value = row[j]
            if value is not None:
                x.append(value)
                rest.append(_rest(row, j))
        items.append(_item_stats(keys[j], maxima[j], x, rest))

    # Reliability needs every item's score from the same students: the attempts given every item.
    complete = [[value for value in row if value is not None] for row in matrix if None not in row]
    complete_variance = _variance([math.fsum(row) for row in complete])
    alpha: float | None = None
    if k >= 2 and complete_variance:  # None and 0 alike: no spread in the totals, no reliability
        item_variance = math.fsum(_variance([row[j] for row in complete]) or 0.0 for j in range(k))
        alpha = k / (k - 1) * (1.0 - item_variance / complete_variance)
    sem = _sem(complete) if complete_variance is not None and alpha is not None else None
    total_variance = _variance(totals)
    test = TestStats(
        n=n,
        max_total=math.fsum(maxima),
        mean=_mean(totals),
        median=statistics.median(totals) if totals else None,
        sd=math.sqrt(total_variance) if total_variance is not None else None,
        alpha=alpha,
        sem=sem,
    )
    return items, test


def _row(row: Sequence[float | None], k: int, number: int) -> list[float | None]:
    if len(row) != k:
        raise ValueError(f"attempt {number} has {len(row)} scores, expected {k}")
    values = [None if value is None else float(value) for value in row]
    if not all(value is None or math.isfinite(value) for value in values):
        raise ValueError(f"attempt {number} has a score that is not a finite number")
    return values


def _rest(row: list[float | None], j: int) -> float:
    # The attempt's total over the other items it was given. Summed afresh rather than total - x:
    # fsum is correctly rounded, so two attempts with the same rest scores get bit-identical R, and
    # a constant R is recognised as having no spread at all.
    # Slices, not a generator over the row: this runs items x attempts times, each over every item.
    others = row[:j] + row[j + 1 :]
    if None in others:
        return math.fsum(value for value in others if value is not None)
    return math.fsum(cast(list[float], others))


def _item_stats(key: str, max_points: float, x: list[float], rest: list[float]) -> ItemStats:
    mean = _mean(x)
    variance = _variance(x)
    discrimination = efficiency = None
    covariance = _covariance(x, rest)
    if covariance is not None:
        rest_variance = _variance(rest)
        if variance and rest_variance:  # a constant item or a constant rest correlates with nothing
            correlation = covariance / (math.sqrt(variance) * math.sqrt(rest_variance))
            discrimination = 100.0 * _clamp(correlation)
            # Sorting both pairs the largest x with the largest R: by the rearrangement inequality
            # no pairing of these values has a larger covariance, and pairing R sorted the other way
            # none a smaller one. Both are nonzero here, because neither x nor R is constant.
            pairing = sorted(rest) if covariance >= 0 else sorted(rest, reverse=True)
            bound = abs(_covariance(sorted(x), pairing) or 0.0)
            if bound:
                # Clamped for float noise only: by the inequality the ratio is within -1..1.
                efficiency = 100.0 * _clamp(covariance / bound)
    return ItemStats(
        key=key,
        max_points=max_points,
        n=len(x),
        mean=mean,
        facility=mean / max_points if mean is not None and max_points > 0 else None,
        sd=math.sqrt(variance) if variance is not None else None,
        discrimination=discrimination,
        efficiency=efficiency,
        doubtful=efficiency is not None and efficiency < DOUBTFUL_EFFICIENCY,
    )


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _deviations(values: Sequence[float]) -> list[float]:
    # A column of equal values has no spread; say so exactly, since fsum(values)/n can differ from
    # the value in the last bit (three times 0.1 over three is not 0.1) and leave noise to divide by.
    if max(values) == min(values):
        return [0.0] * len(values)
    mean = math.fsum(values) / len(values)
    return [value - mean for value in values]


def _covariance(x: Sequence[float], y: Sequence[float]) -> float | None:
    if len(x) < 2:
        return None
    return math.fsum(a * b for a, b in zip(_deviations(x), _deviations(y), strict=True)) / (len(x) - 1)


def _variance(values: Sequence[float]) -> float | None:
    return _covariance(values, values)


def _sem(complete: Sequence[Sequence[float]]) -> float:
    """The standard error of measurement, ``sd(total) * sqrt(1 - alpha)``, over the complete attempts
    (at least two, of at least two items).

    Computed as ``sqrt(sum over item pairs of var(x_j - x_l) / (k - 1))``, the same in exact arithmetic
    (``k * sum var(x_j) - var(total)`` is that sum over pairs), from raw sums that are exact for scores in
    whole, half and quarter points. Where alpha is 1 (every attempt's items differ by the same amounts)
    the SEM is then 0, not the square root of the float noise in ``1 - alpha`` (1e-16 becomes 1e-8).
    """
    n, k = len(complete), len(complete[0])

    def spread(values: Sequence[float]) -> float:
        # k * sum(v^2) - (sum v)^2: the sum over pairs of (v_j - v_l)^2, never negative but for noise.
        return k * math.fsum(v * v for v in values) - math.fsum(values) ** 2

    columns = [math.fsum(column) for column in zip(*complete, strict=True)]
    pairs = math.fsum([n * math.fsum(spread(row) for row in complete), -spread(columns)])
    return math.sqrt(max(0.0, pairs / (n * (n - 1) * (k - 1))))


def _clamp(ratio: float) -> float:
    """``ratio`` limited to [-1, 1]: a correlation can overshoot by float noise, never by more."""
    return max(-1.0, min(1.0, ratio))


# Moodle's facility bands, merged into six plain-language ones: (lowest facility, band).
FACILITY_BANDS: tuple[tuple[float, str], ...] = (
    (0.90, "Very easy"),
    (0.80, "Easy"),
    (0.65, "Fairly easy"),
    (0.35, "About right"),
    (0.20, "Fairly hard"),
    (0.0, "Very hard"),
)
NO_DATA = "No data"


def facility_band(f: float | None) -> str:
    """A teacher's word for a facility: "Very easy" (0.9 or more) down to "Very hard" (under 0.2).

    The bands are :data:`FACILITY_BANDS`; None (no attempts) reads "No data".
    """
    if f is None or f != f:
        return NO_DATA
    for lowest, band in FACILITY_BANDS:
        if f >= lowest:
            return band
    return FACILITY_BANDS[-1][1]  # below zero cannot happen with earned points, but reads sensibly


# --------------------------------------------------------------------------------------------------
# Distractor analysis
# --------------------------------------------------------------------------------------------------


def response_distribution(
    question: Question,
    answers: Iterable[object],
    *,
    labels: Mapping[str, str] | None = None,
    top: int = 10,
) -> list[ResponseCount]:
    """Count the responses to ``question``: which wrong answers drew the class, and how many.

    ``answers`` are the raw responses as stored, in the shapes :func:`quizapp.scoring.score_response`
    reads; a response that shape cannot be read is counted as "(unreadable)", a blank one as
    "(no answer)" (these two appear only when some attempt gave them). What a row is depends on
    the kind (each kind's ``distribution`` says): a choice, an option, a "left → right" pair, a
    typed answer grouped with the ones that fold alike (only the ``top`` most frequent of those), a
    sentence's span, a grid's "claim — report" box. ``labels`` maps an article id to how the teacher
    knows it ("Outlet: headline"); unlabelled ids show as they are.

    A wrong choice, multi option or match right whose words stand in one of the question's source
    quotes carries that quote as ``source_text``: the distractor was lifted from the article, and
    the teacher can see from where. The list is ordered correct first, then by count (most first),
    then in authored order.
    """
    kind = kind_of(question)
    rows = kind.distribution(question, list(answers), labels or {})
    # Stable sort: equal counts keep the authored (or first-seen) order the counters built.
    rows.sort(key=lambda row: (not row.correct, -row.count))
    if kind.typed:  # typed answers can be as many as the students: only the most frequent are shown
        rows = rows[: max(0, top)]
    return rows


# --------------------------------------------------------------------------------------------------
# Results per skill
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillResult:
    """Points earned and possible on the questions that practise one skill."""

    skill: str
    earned: float
    possible: float

    @property
    def fraction(self) -> float | None:
        """Earned over possible, 0..1 (what the bar charts take); None when nothing was possible."""
        return self.earned / self.possible if self.possible > 0 else None

    @property
    def percent(self) -> float | None:
        """Earned over possible as a percentage, 0..100; None when nothing was possible."""
        fraction = self.fraction
        return None if fraction is None else 100.0 * fraction


def skill_results(rows: Iterable[tuple[Sequence[str], float, float]]) -> dict[str, SkillResult]:
    """Total the scored responses per skill.

    ``rows`` hold, for each scored response, the skills of its question, the points earned and the
    points possible. A question with several skills counts in full toward each (a skill listed twice
    on one question counts once). The result has every skill with any possible points, in
    :data:`~quizapp.banks.model.SKILLS` order; a skill the bank schema no longer knows (from an old
    question version) follows, in the order first met, rather than vanishing from the teacher's view.
    """
    earned: dict[str, list[float]] = {}
    possible: dict[str, list[float]] = {}
    for skills, got, out_of in rows:
        for skill in dict.fromkeys(skills):
            earned.setdefault(skill, []).append(float(got))
            possible.setdefault(skill, []).append(float(out_of))
    order = [skill for skill in SKILLS if skill in possible]
    order += [skill for skill in possible if skill not in SKILLS]
    results = {}
    for skill in order:
        total = math.fsum(possible[skill])
        if total > 0:
            results[skill] = SkillResult(skill, math.fsum(earned[skill]), total)
    return results
