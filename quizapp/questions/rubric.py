"""Rubrics: the levels a teacher marks a written answer with, and how far two teachers' marks agree.

A level is a plain tuple (label, points, descriptor, exemplars) so that a question holding its
rubric stores and hashes like any other question (:mod:`quizapp.banks.serialise`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple


class RubricLevel(NamedTuple):
    """One level of a rubric ("Proficient", 2 points) and what an answer at that level does."""

    label: str
    points: float
    descriptor: str
    exemplars: tuple[str, ...] = ()


def top_points(levels: Sequence[RubricLevel]) -> float:
    """The points of the rubric's highest level; 0 for no levels."""
    return max((level.points for level in levels), default=0.0)


def level_for(levels: Sequence[RubricLevel], points: float) -> RubricLevel | None:
    """The level worth ``points``, or None when the rubric has no such level (an edited rubric)."""
    return next((level for level in levels if level.points == points), None)


@dataclass(frozen=True)
class Agreement:
    """How far two markers agree on the answers both marked: exact agreement and Cohen's kappa."""

    pairs: int  # answers both teachers marked
    exact: float  # share of those given the same level, 0..1
    kappa: float | None  # None when chance agreement is total (both gave one level throughout)

    @property
    def percent(self) -> int:
        """Exact agreement as a whole percentage."""
        return round(self.exact * 100)


def agreement(pairs: Sequence[tuple[float, float]]) -> Agreement | None:
    """Percent exact agreement and Cohen's kappa over (first marker's level, second marker's level) pairs.

    Kappa is (observed - expected) / (1 - expected), where expected is the agreement two markers with
    the same totals per level would reach by chance. None for no pairs.
    """
    if not pairs:
        return None
    count = len(pairs)
    observed = sum(1 for a, b in pairs if a == b) / count
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[level] * second[level] for level in first) / (count * count)
    kappa = None if expected >= 1.0 else (observed - expected) / (1.0 - expected)
    return Agreement(count, observed, kappa)
