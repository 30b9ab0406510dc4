"""Parallel forms: split one bank into form A and form B that measure the same thing equally hard.

Items are matched on skill, kind and stratum (for a discernment item: accurate or distorted, so each
form keeps its balance) and, within those, on difficulty: sorted by expected facility, consecutive
items make a pair, and the easier of the two goes to the form that is harder so far (a coin decides
ties), so the forms' mean difficulties stay within one pair's difference over the form's length.
Items left without a partner in their group are paired again across groups (same skill first, then
any), by difficulty; one item left over at the very end is left out, so the forms have one length. No item is on both
forms, so a student who takes A then B never sees an item twice.

Difficulty is a facility (the share expected right): from item analysis where enough answers
exist, else the author's ``difficulty``, else :data:`UNKNOWN_FACILITY`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

UNKNOWN_FACILITY = 0.65  # an unrated item is taken as "medium"


@dataclass(frozen=True)
class FormItem:
    """One question of the bank, as the assembly sees it."""

    key: str
    skill: str  # the first skill the question names ("" for none)
    kind: str
    stratum: str  # what else must balance (a discernment item's accurate or distorted)
    facility: float  # expected share right, 0..1


@dataclass(frozen=True)
class ParallelForms:
    """Form A and form B (question keys, in bank order), and what was left out to keep them even."""

    form_a: tuple[str, ...]
    form_b: tuple[str, ...]
    left_out: tuple[str, ...]
    facility_a: float | None
    facility_b: float | None


def assemble(items: Sequence[FormItem], seed: str) -> ParallelForms:
    """Split ``items`` into two matched forms; the same items and seed give the same forms."""
    rng = random.Random(seed)  # noqa: S311 - a fair split, not a secret
    groups: dict[tuple[str, str, str], list[FormItem]] = {}
    for item in items:
        groups.setdefault((item.skill, item.kind, item.stratum), []).append(item)
    a: list[FormItem] = []
    b: list[FormItem] = []
    leftovers: list[FormItem] = []
    for key in sorted(groups):
        leftovers.extend(_deal(_by_difficulty(groups[key]), rng, a, b))
    # Unpaired items: same skill first, then any, still by difficulty.
    by_skill: dict[str, list[FormItem]] = {}
    for item in leftovers:
        by_skill.setdefault(item.skill, []).append(item)
    rest: list[FormItem] = []
    for skill in sorted(by_skill):
        rest.extend(_deal(_by_difficulty(by_skill[skill]), rng, a, b))
    left_out = _deal(_by_difficulty(rest), rng, a, b)
    order = {item.key: position for position, item in enumerate(items)}
    return ParallelForms(
        tuple(sorted((i.key for i in a), key=order.__getitem__)),
        tuple(sorted((i.key for i in b), key=order.__getitem__)),
        tuple(i.key for i in left_out),
        fmean(i.facility for i in a) if a else None,
        fmean(i.facility for i in b) if b else None,
    )


def _by_difficulty(items: list[FormItem]) -> list[FormItem]:
    return sorted(items, key=lambda item: (item.facility, item.key))


def _deal(items: list[FormItem], rng: random.Random, a: list[FormItem], b: list[FormItem]) -> list[FormItem]:
    """Deal consecutive pairs one to each form; the unpaired last item comes back.

    The easier item of a pair goes to the form that is harder so far (the lower total facility), so
    the forms' difficulties never drift apart by more than one pair's difference; a coin decides ties.
    """
    for harder, easier in zip(items[0::2], items[1::2], strict=False):
        total_a, total_b = sum(i.facility for i in a), sum(i.facility for i in b)
        to_a_first = total_a < total_b if abs(total_a - total_b) > 1e-12 else rng.random() < 0.5
        a.append(easier if to_a_first else harder)
        b.append(harder if to_a_first else easier)
    return items[-1:] if len(items) % 2 else []
