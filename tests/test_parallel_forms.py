"""Parallel forms: matched on skill, kind, stratum and difficulty; never an item on both; even lengths."""

from __future__ import annotations

from collections import Counter

from quizapp.parallel_forms import FormItem, assemble


def _bank() -> list[FormItem]:
    items = []
    for skill in ("numbers", "language", "context"):
        for stratum in ("accurate", "distorted"):
            for n, facility in enumerate((0.9, 0.7, 0.5, 0.3)):
                items.append(FormItem(f"{skill}-{stratum}-{n}", skill, "judge", stratum, facility))
    return items


def test_the_forms_are_disjoint_even_and_matched() -> None:
    items = _bank()
    forms = assemble(items, "seed")
    assert set(forms.form_a).isdisjoint(forms.form_b)
    assert len(forms.form_a) == len(forms.form_b) == 12 and forms.left_out == ()
    by_key = {item.key: item for item in items}
    for form in (forms.form_a, forms.form_b):
        strata = Counter((by_key[k].skill, by_key[k].stratum) for k in form)
        assert set(strata.values()) == {2}  # every skill keeps two accurate and two distorted
    # Pairs are neighbours in difficulty (0.9 with 0.7, 0.5 with 0.3), each 0.2 apart, and the easier of a
    # pair goes to the form that is harder so far: the 12-item forms' means differ by at most 0.2 / 12.
    assert forms.facility_a is not None and forms.facility_b is not None
    assert abs(forms.facility_a - forms.facility_b) <= 0.2 / 12 + 1e-9
    assert list(forms.form_a) == [k for k in (i.key for i in items) if k in forms.form_a]  # bank order


def test_the_same_seed_gives_the_same_forms_and_another_seed_may_differ() -> None:
    items = _bank()
    assert assemble(items, "one") == assemble(items, "one")
    assert len({assemble(items, str(n)).form_a for n in range(10)}) > 1


def test_odd_groups_pair_up_across_groups_and_one_item_may_be_left_out() -> None:
    items = [
        FormItem("a", "numbers", "judge", "accurate", 0.8),
        FormItem("b", "numbers", "choice", "", 0.7),
        FormItem("c", "language", "judge", "accurate", 0.5),
    ]
    forms = assemble(items, "x")
    assert sorted(forms.form_a + forms.form_b) == ["a", "b"]  # same skill paired first
    assert forms.left_out == ("c",)
    assert assemble([], "x").facility_a is None
