"""Discernment as signal detection: can a student tell a distorted rendering from an accurate one?

A discernment item (``type: judge``) shows a statement about the articles that is either an accurate
rendering of a passage or a distorted one; the student says which, and how sure they are. A
distortion is the *signal*: saying "distorted" to a distortion is a hit, saying it to an accurate
rendering a false alarm. From the two rates come

* d′ (sensitivity), ``z(H) - z(F)``: how well the student tells the two apart, whatever their lean;
* c (criterion), ``-(z(H) + z(F)) / 2``: the lean. Negative c is a readiness to say "distorted"
  to anything, which raw scores of "spotting fakes" reward and this measure does not.

Rates of 0 and 1 have no z, so every rate is corrected by the log-linear rule (Hautus, 1995): half a
response is added to each count and one trial to each total, ``(count + 0.5) / (trials + 1)``.

Confidence (50-100 %, the probability the student gives that their answer is right) is scored by
the Brier score and drawn as a calibration chart. The class's change from pre to post is a paired
mean with its t interval and Cohen's d for paired samples (d_z, the mean change over the standard
deviation of the changes). Everything here is a pure function of plain numbers: no database, no web;
the normal quantile is :class:`statistics.NormalDist`, Student's t is computed below.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist, fmean, stdev

_NORMAL = NormalDist()
CONFIDENCE_LEVELS: tuple[int, ...] = (50, 60, 70, 80, 90, 100)
"""The confidences a student may give, in per cent: 50 is a guess, 100 certain."""

# Thresholds for the words a teacher reads. d' of 1 is about 69 % right with no lean; 2 about 84 %.
CLEAR_SENSITIVITY = 1.5
SOME_SENSITIVITY = 0.5
STRONG_LEAN = 0.5


@dataclass(frozen=True)
class Judgement:
    """One answered discernment item: was it distorted, did the student say so, and how sure were they.

    ``confidence`` is a probability from 0.5 to 1, or None when the student gave none.
    """

    distorted: bool
    said_distorted: bool
    confidence: float | None = None

    @property
    def correct(self) -> bool:
        """The student's verdict matches the item."""
        return self.distorted == self.said_distorted


def corrected_rate(count: int, trials: int) -> float:
    """The log-linear corrected rate ``(count + 0.5) / (trials + 1)``: never 0 or 1, so it has a z."""
    if trials < 0 or not 0 <= count <= trials:
        raise ValueError(f"count {count} of {trials} trials")
    return (count + 0.5) / (trials + 1)


def z_score(rate: float) -> float:
    """The standard normal quantile of ``rate`` (0 < rate < 1)."""
    return _NORMAL.inv_cdf(rate)


@dataclass(frozen=True)
class Discernment:
    """Hits, misses, false alarms and correct rejections, and what they say about the student."""

    hits: int = 0
    misses: int = 0
    false_alarms: int = 0
    correct_rejections: int = 0

    @property
    def distorted_items(self) -> int:
        """Signal trials: the distorted items answered."""
        return self.hits + self.misses

    @property
    def accurate_items(self) -> int:
        """Noise trials: the accurate items answered."""
        return self.false_alarms + self.correct_rejections

    @property
    def measurable(self) -> bool:
        """Whether d′ and c mean anything: at least one item of each sort was answered."""
        return self.distorted_items > 0 and self.accurate_items > 0

    @property
    def hit_rate(self) -> float | None:
        """The share of distortions called distorted (uncorrected); None without any."""
        return self.hits / self.distorted_items if self.distorted_items else None

    @property
    def false_alarm_rate(self) -> float | None:
        """The share of accurate renderings called distorted (uncorrected); None without any."""
        return self.false_alarms / self.accurate_items if self.accurate_items else None

    @property
    def raw_score(self) -> float | None:
        """The share of items answered right; None without any."""
        total = self.distorted_items + self.accurate_items
        return (self.hits + self.correct_rejections) / total if total else None

    def _z_pair(self) -> tuple[float, float] | None:
        if not self.measurable:
            return None
        hit = z_score(corrected_rate(self.hits, self.distorted_items))
        false_alarm = z_score(corrected_rate(self.false_alarms, self.accurate_items))
        return hit, false_alarm

    @property
    def d_prime(self) -> float | None:
        """Sensitivity ``z(H) - z(F)`` on the corrected rates; None unless :attr:`measurable`."""
        pair = self._z_pair()
        return None if pair is None else pair[0] - pair[1]

    @property
    def criterion(self) -> float | None:
        """The lean ``-(z(H) + z(F)) / 2`` on the corrected rates: negative leans to "distorted"."""
        pair = self._z_pair()
        return None if pair is None else -(pair[0] + pair[1]) / 2


def tally(judgements: Iterable[Judgement]) -> Discernment:
    """Count ``judgements`` into hits, misses, false alarms and correct rejections."""
    hits = misses = false_alarms = correct_rejections = 0
    for judgement in judgements:
        if judgement.distorted and judgement.said_distorted:
            hits += 1
        elif judgement.distorted:
            misses += 1
        elif judgement.said_distorted:
            false_alarms += 1
        else:
            correct_rejections += 1
    return Discernment(hits, misses, false_alarms, correct_rejections)


def describe(discernment: Discernment) -> str:
    """What d′ and c say, in the words a teacher reads (one sentence)."""
    d_prime, criterion = discernment.d_prime, discernment.criterion
    if d_prime is None or criterion is None:
        return "Not measured yet: needs answers to both accurate and distorted statements."
    if d_prime >= CLEAR_SENSITIVITY:
        telling = "Tells accurate from distorted renderings well"
    elif d_prime >= SOME_SENSITIVITY:
        telling = "Tells accurate from distorted renderings apart somewhat"
    elif d_prime > -SOME_SENSITIVITY:
        telling = "Does not yet tell accurate from distorted renderings apart"
    else:
        telling = "Takes accurate renderings for distorted ones and the other way round"
    if criterion <= -STRONG_LEAN:
        lean = "spots distortions but also distrusts accurate reports"
    elif criterion >= STRONG_LEAN:
        lean = "trusts accurate reports but also accepts distorted ones"
    else:
        lean = "no strong lean either way"
    return f"{telling}; {lean}."


# --------------------------------------------------------------------------------------------------
# Confidence: Brier score and calibration
# --------------------------------------------------------------------------------------------------


def brier_score(judgements: Iterable[Judgement]) -> float | None:
    """The mean of ``(confidence - correct)²`` over the judgements with a confidence; None if none.

    0 is perfect; always saying 50 % scores 0.25 whatever the answers; sure and wrong scores 1.
    """
    scores = [(j.confidence - (1.0 if j.correct else 0.0)) ** 2 for j in judgements if j.confidence is not None]
    return fmean(scores) if scores else None


@dataclass(frozen=True)
class CalibrationBin:
    """The answers given at one confidence level, and how many of them were right."""

    level: int  # per cent
    answers: int
    right: int

    @property
    def accuracy(self) -> float | None:
        """The share right; None for a level never used."""
        return self.right / self.answers if self.answers else None


def calibration(judgements: Iterable[Judgement]) -> list[CalibrationBin]:
    """Accuracy at each level of :data:`CONFIDENCE_LEVELS` (a confidence goes to the nearest level)."""
    answers = dict.fromkeys(CONFIDENCE_LEVELS, 0)
    right = dict.fromkeys(CONFIDENCE_LEVELS, 0)
    for judgement in judgements:
        if judgement.confidence is None:
            continue
        level = min(CONFIDENCE_LEVELS, key=lambda lv: abs(lv - judgement.confidence * 100))  # type: ignore[operator]
        answers[level] += 1
        right[level] += judgement.correct
    return [CalibrationBin(level, answers[level], right[level]) for level in CONFIDENCE_LEVELS]


# --------------------------------------------------------------------------------------------------
# The class: means with intervals, and change from pre to post
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """A mean with its confidence interval (None bounds when fewer than two values)."""

    mean: float
    low: float | None
    high: float | None
    n: int


def mean_interval(values: Sequence[float], level: float = 0.95) -> Estimate | None:
    """The mean of ``values`` with its t interval at ``level``; None for no values."""
    if not values:
        return None
    mean = fmean(values)
    if len(values) < 2:
        return Estimate(mean, None, None, len(values))
    half = t_quantile(0.5 + level / 2, len(values) - 1) * stdev(values) / math.sqrt(len(values))
    return Estimate(mean, mean - half, mean + half, len(values))


@dataclass(frozen=True)
class PairedChange:
    """The class's change from pre to post: the mean change with its interval, and the effect size."""

    change: Estimate
    cohens_d: float | None  # d_z: mean change / standard deviation of the changes; None when they all agree


def paired_change(pre: Sequence[float], post: Sequence[float], level: float = 0.95) -> PairedChange | None:
    """The change ``post - pre`` of paired values (one pair per student); None for no pairs."""
    if len(pre) != len(post):
        raise ValueError(f"{len(pre)} pre values but {len(post)} post values")
    changes = [after - before for before, after in zip(pre, post, strict=True)]
    estimate = mean_interval(changes, level)
    if estimate is None:
        return None
    spread = stdev(changes) if len(changes) > 1 else 0.0
    return PairedChange(estimate, estimate.mean / spread if spread > 0 else None)


# --------------------------------------------------------------------------------------------------
# Student's t, so that no statistics package is needed at run time
# --------------------------------------------------------------------------------------------------


def t_cdf(t: float, df: float) -> float:
    """The cumulative distribution function of Student's t with ``df`` degrees of freedom."""
    if df <= 0:
        raise ValueError(f"degrees of freedom must be positive, not {df}")
    tail = 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (bisection on :func:`t_cdf`)."""
    if not 0 < p < 1:
        raise ValueError(f"p must be between 0 and 1, not {p}")
    if p == 0.5:
        return 0.0
    low, high = -1.0, 1.0
    while t_cdf(low, df) > p:
        low *= 2
    while t_cdf(high, df) < p:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12 * max(1.0, abs(middle)):
            break
    return (low + high) / 2


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b) (continued fraction, as Numerical Recipes)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    fraction = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            fraction *= c * d
        if abs(c * d - 1) < 1e-15:
            break
    return fraction
