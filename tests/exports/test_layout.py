"""Versions: deterministic shuffles that keep every question and map letters back to choices."""

from __future__ import annotations

import pytest

from quizapp.exports import ExportError, letter, letter_index, select_questions, version_labels, version_layout


def _order(slots):
    return [slot.question.id for slot in slots]


def test_letters_count_like_a_spreadsheet():
    assert [letter(i) for i in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]
    for i in range(800):
        assert letter_index(letter(i)) == i
    assert letter_index(" c ") == 2
    with pytest.raises(ValueError):
        letter_index("3")


def test_unshuffled_layout_is_the_bank_as_written(banks):
    for bank in banks:
        slots = version_layout(bank, None, None)
        assert _order(slots) == [q.id for q in bank.questions]
        assert [s.number for s in slots] == list(range(1, len(bank.questions) + 1))
        for slot in slots:
            if slot.question.type in ("choice", "multi", "source"):
                assert slot.choices == slot.question.choices


def test_versions_a_and_b_hold_the_same_questions_in_another_order(banks):
    for bank in banks:
        a = version_layout(bank, "spring", "A")
        b = version_layout(bank, "spring", "B")
        assert _order(a) != _order(b)
        assert sorted(_order(a)) == sorted(_order(b)) == sorted(q.id for q in bank.questions)
        for slot_a in a:
            slot_b = next(s for s in b if s.question.id == slot_a.question.id)
            # The same choices, only reordered; matching lefts too.
            assert sorted(slot_a.choices) == sorted(slot_b.choices)
            assert sorted(slot_a.lefts) == sorted(slot_b.lefts)
        moved = [s for s in a if s.choices and s.choices != next(x for x in b if x.question is s.question).choices]
        if any(len(set(s.choices)) > 1 for s in a):  # judge or written banks: nothing lettered
            assert moved, f"no question's choices were reordered between versions A and B of {bank.id}"


def test_same_seed_same_layout_other_seed_other_order(banks):
    bank = banks[0]
    assert version_layout(bank, "spring", "A") == version_layout(bank, "spring", "A")
    assert _order(version_layout(bank, "spring", "A")) != _order(version_layout(bank, "autumn", "A"))
    # No seed given: the bank id is the seed, so the versions can be printed again later.
    assert version_layout(bank, None, "A") == version_layout(bank, bank.id, "A")


def test_a_letter_on_paper_maps_back_to_the_choice(banks):
    bank = banks[1]
    for label in ("A", "B", "C"):
        for slot in version_layout(bank, "spring", label):
            for index, value in enumerate(slot.choices):
                assert slot.choice_for(letter(index)) == value
                assert slot.choice_for(letter(index).lower()) == value
                assert slot.letter_for(value) == letter(index)
            for number, left in enumerate(slot.lefts, 1):
                assert slot.left_for(number) == left
            with pytest.raises(ValueError):
                slot.choice_for(letter(len(slot.choices)))


def test_a_question_keeps_its_letters_when_the_selection_changes(banks):
    bank = banks[1]
    full = {s.question.id: s.choices for s in version_layout(bank, "spring", "B")}
    picked = [q.id for q in bank.questions if q.type == "multi"] + [bank.questions[0].id]
    for slot in version_layout(bank, "spring", "B", picked):
        assert slot.choices == full[slot.question.id]


def test_selection_keeps_the_order_asked_and_rejects_unknown_or_repeated_ids(banks):
    bank = banks[0]
    ids = [bank.questions[3].id, bank.questions[0].id]
    assert [q.id for q in select_questions(bank, ids)] == ids
    with pytest.raises(ExportError, match="no question 'nope'"):
        select_questions(bank, ["nope"])
    with pytest.raises(ExportError, match="twice"):
        select_questions(bank, [ids[0], ids[0]])


def test_version_labels():
    assert version_labels(3) == ("A", "B", "C")
    with pytest.raises(ExportError):
        version_labels(27)
