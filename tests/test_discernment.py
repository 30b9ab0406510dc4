"""Signal detection and growth statistics: against hand-computed values, scipy.stats, and simulated classes."""

from __future__ import annotations

import math
import random

import pytest

from quizapp.discernment import (
    Discernment,
    Judgement,
    brier_score,
    calibration,
    corrected_rate,
    describe,
    mean_interval,
    paired_change,
    t_cdf,
    t_quantile,
    tally,
    z_score,
)

stats = pytest.importorskip("scipy.stats")  # a test extra: the app itself computes without scipy


# --------------------------------------------------------------------------------------------------
# Hand-computed values
# --------------------------------------------------------------------------------------------------


def test_the_log_linear_correction_adds_half_a_response_and_one_trial() -> None:
    assert corrected_rate(0, 4) == pytest.approx(0.1)  # 0.5 / 5
    assert corrected_rate(4, 4) == pytest.approx(0.9)  # 4.5 / 5
    assert corrected_rate(2, 4) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        corrected_rate(5, 4)


def test_d_prime_and_c_by_hand() -> None:
    # 4 of 5 distortions caught, 1 of 5 accurate renderings called distorted.
    # H = 4.5/6 = 0.75, F = 1.5/6 = 0.25; z(0.75) = 0.6745 (tables), so d' = 1.349, c = 0.
    result = Discernment(hits=4, misses=1, false_alarms=1, correct_rejections=4)
    assert result.hit_rate == 0.8 and result.false_alarm_rate == 0.2
    assert result.d_prime == pytest.approx(2 * 0.6744898, abs=1e-6)
    assert result.criterion == pytest.approx(0.0, abs=1e-12)
    assert result.raw_score == 0.8


def test_calling_everything_distorted_has_no_sensitivity_and_a_strong_lean() -> None:
    # H = F = 5.5/6 = 0.9167, z = 1.3830: d' = 0, c = -1.383.
    result = tally([Judgement(distorted=i % 2 == 0, said_distorted=True) for i in range(10)])
    assert (result.hits, result.false_alarms) == (5, 5)
    assert result.d_prime == pytest.approx(0.0, abs=1e-12)
    assert result.criterion == pytest.approx(-1.3830, abs=1e-4)
    assert result.raw_score == 0.5
    assert describe(result) == (
        "Does not yet tell accurate from distorted renderings apart; "
        "spots distortions but also distrusts accurate reports."
    )


def test_d_prime_needs_both_sorts_of_item() -> None:
    only_distorted = tally([Judgement(True, True), Judgement(True, False)])
    assert only_distorted.d_prime is None and only_distorted.criterion is None
    assert only_distorted.false_alarm_rate is None
    assert describe(only_distorted).startswith("Not measured yet")
    assert Discernment().raw_score is None


def test_brier_score_by_hand() -> None:
    judgements = [
        Judgement(True, True, 1.0),  # sure and right: 0
        Judgement(True, False, 1.0),  # sure and wrong: 1
        Judgement(False, False, 0.5),  # a guess: 0.25
        Judgement(False, True, 0.8),  # wrong at 80 %: 0.64
        Judgement(False, False, None),  # no confidence: left out
    ]
    assert brier_score(judgements) == pytest.approx((0 + 1 + 0.25 + 0.64) / 4)
    assert brier_score([Judgement(True, True)]) is None


def test_calibration_counts_answers_and_right_ones_per_level() -> None:
    bins = calibration([Judgement(True, True, 0.9), Judgement(True, False, 0.9), Judgement(False, False, 0.52)])
    by_level = {b.level: (b.answers, b.right) for b in bins}
    assert by_level[90] == (2, 1) and by_level[50] == (1, 1) and by_level[100] == (0, 0)
    assert [b.level for b in bins] == [50, 60, 70, 80, 90, 100]
    assert next(b for b in bins if b.level == 90).accuracy == 0.5
    assert next(b for b in bins if b.level == 70).accuracy is None


def test_paired_change_by_hand() -> None:
    # Changes 1, 2, 3: mean 2, sd 1, d_z = 2; t(0.975, 2) = 4.302653 so the half width is 4.3027/sqrt(3).
    result = paired_change([0.0, 0.0, 0.0], [1.0, 2.0, 3.0])
    assert result is not None
    assert result.change.mean == 2 and result.cohens_d == pytest.approx(2.0)
    half = 4.302653 / math.sqrt(3)
    assert result.change.low == pytest.approx(2 - half, abs=1e-5)
    assert result.change.high == pytest.approx(2 + half, abs=1e-5)


def test_paired_change_edge_cases() -> None:
    assert paired_change([], []) is None
    single = paired_change([1.0], [2.0])
    assert single is not None and single.change.low is None and single.cohens_d is None
    same = paired_change([1.0, 2.0], [2.0, 3.0])  # every student gained exactly 1: no spread, no d
    assert same is not None and same.cohens_d is None and same.change.low == same.change.high == 1
    with pytest.raises(ValueError):
        paired_change([1.0], [1.0, 2.0])


# --------------------------------------------------------------------------------------------------
# Against scipy.stats
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.9167, 0.99])
def test_z_is_scipys_normal_quantile(rate: float) -> None:
    assert z_score(rate) == pytest.approx(stats.norm.ppf(rate), abs=1e-9)


@pytest.mark.parametrize("counts", [(0, 6, 0, 6), (6, 0, 6, 0), (3, 2, 1, 7), (10, 0, 0, 10), (1, 9, 8, 2)])
def test_d_prime_and_c_agree_with_scipy(counts: tuple[int, int, int, int]) -> None:
    hits, misses, false_alarms, correct_rejections = counts
    result = Discernment(*counts)
    h = (hits + 0.5) / (hits + misses + 1)
    f = (false_alarms + 0.5) / (false_alarms + correct_rejections + 1)
    assert result.d_prime == pytest.approx(stats.norm.ppf(h) - stats.norm.ppf(f), abs=1e-9)
    assert result.criterion == pytest.approx(-(stats.norm.ppf(h) + stats.norm.ppf(f)) / 2, abs=1e-9)


@pytest.mark.parametrize("df", [1, 2, 3, 5, 9, 29, 120, 1000])
@pytest.mark.parametrize("p", [0.001, 0.025, 0.3, 0.5, 0.975, 0.9995])
def test_t_quantile_and_cdf_agree_with_scipy(df: int, p: float) -> None:
    assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-7, abs=1e-9)
    assert t_cdf(stats.t.ppf(p, df), df) == pytest.approx(p, rel=1e-9)


def test_paired_change_agrees_with_scipy() -> None:
    rng = random.Random(16)
    pre = [rng.gauss(0.5, 0.6) for _ in range(23)]
    post = [value + rng.gauss(0.4, 0.5) for value in pre]
    result = paired_change(pre, post)
    assert result is not None
    changes = [b - a for a, b in zip(pre, post, strict=True)]
    test = stats.ttest_rel(post, pre)
    # d_z is the paired t statistic over sqrt(n).
    assert result.cohens_d == pytest.approx(test.statistic / math.sqrt(len(pre)), rel=1e-9)
    low, high = stats.t.interval(0.95, len(changes) - 1, loc=stats.tmean(changes), scale=stats.sem(changes))
    assert result.change.low == pytest.approx(low, rel=1e-8)
    assert result.change.high == pytest.approx(high, rel=1e-8)


def test_mean_interval_agrees_with_scipy() -> None:
    values = [1.2, 0.4, 2.2, 1.9, -0.3, 0.8]
    estimate = mean_interval(values)
    assert estimate is not None
    low, high = stats.t.interval(0.95, len(values) - 1, loc=stats.tmean(values), scale=stats.sem(values))
    assert estimate.low == pytest.approx(low, rel=1e-8) and estimate.high == pytest.approx(high, rel=1e-8)
    assert mean_interval([]) is None


# --------------------------------------------------------------------------------------------------
# A simulated class
# --------------------------------------------------------------------------------------------------

ITEMS = [i % 2 == 0 for i in range(24)]  # 12 distorted, 12 accurate


def _answers(policy: str, rng: random.Random, skill: float = 0.0) -> Discernment:
    judgements = []
    for distorted in ITEMS:
        if policy == "cynic":
            said = True
        elif policy == "credulous":
            said = False
        elif policy == "random":
            said = rng.random() < 0.5
        elif policy == "perfect":
            said = distorted
        else:  # right with probability ``skill``
            said = distorted if rng.random() < skill else not distorted
        judgements.append(Judgement(distorted, said))
    return tally(judgements)


def test_a_simulated_class_shows_the_expected_patterns() -> None:
    rng = random.Random(2026)
    cynic = _answers("cynic", rng)
    assert cynic.d_prime == pytest.approx(0, abs=1e-9) and cynic.criterion < -1.5  # type: ignore[operator]
    assert "distrusts accurate reports" in describe(cynic)
    credulous = _answers("credulous", rng)
    assert credulous.d_prime == pytest.approx(0, abs=1e-9) and credulous.criterion > 1.5  # type: ignore[operator]
    assert "accepts distorted ones" in describe(credulous)
    perfect = _answers("perfect", rng)
    assert perfect.d_prime > 3 and perfect.criterion == pytest.approx(0, abs=1e-9)  # type: ignore[operator]
    assert describe(perfect).startswith("Tells accurate from distorted renderings well; no strong lean")
    random_d = [_answers("random", rng).d_prime for _ in range(200)]
    assert abs(sum(random_d) / len(random_d)) < 0.15  # type: ignore[arg-type]
    # Improving responders: right 55 % of the time before, 85 % after; the class's d' rises.
    pre = [_answers("skilled", rng, 0.55).d_prime for _ in range(30)]
    post = [_answers("skilled", rng, 0.85).d_prime for _ in range(30)]
    change = paired_change(pre, post)  # type: ignore[arg-type]
    assert change is not None and change.change.low is not None and change.change.low > 0.8
    assert change.cohens_d is not None and change.cohens_d > 1
