"""The bank format reference: every kind of the registry, each with an example the bank checker accepts."""

from __future__ import annotations

import textwrap

import pytest

from quizapp.banks import parse_bank
from quizapp.banks.reference import EXAMPLE_BANK_ID, Words, example_bank, kind_references
from quizapp.questions import KINDS


def test_the_reference_has_every_kind_of_the_registry_in_its_order() -> None:
    assert [reference.name for reference in kind_references()] == list(KINDS)


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kinds_example_is_a_valid_question_of_that_kind(name: str, corpus) -> None:
    example = KINDS[name].example
    text = f"bank: one-example\ntitle: One example\nquestions:\n{textwrap.indent(example, '  ')}"
    bank, problems = parse_bank(text, f"{name}.yaml", corpus)
    assert problems == []
    assert bank is not None and [question.type for question in bank.questions] == [name]
    assert example.startswith("- id: ") and f"\n  type: {name}\n" in example


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_says_what_the_student_does_and_how_it_is_scored(name: str) -> None:
    kind = KINDS[name]
    assert kind.summary.strip() and kind.scoring.strip()
    # Every key of the kind is named in its summary, as the file spells it.
    for key in kind.keys:
        assert f"`{key}`" in kind.summary, (name, key)


def test_the_whole_example_bank_validates_with_one_question_of_each_kind(corpus) -> None:
    bank, problems = parse_bank(example_bank(), "format-examples.yaml", corpus)
    assert problems == []
    assert bank is not None and bank.id == EXAMPLE_BANK_ID
    assert [question.type for question in bank.questions] == list(KINDS)


def test_a_broken_example_would_be_caught(corpus) -> None:
    # The checks above can fail: a misquoted example is a located problem.
    broken = KINDS["choice"].example.replace("direct warning", "stern warning")
    text = f"bank: one-example\ntitle: One example\nquestions:\n{textwrap.indent(broken, '  ')}"
    _, problems = parse_bank(text, "choice.yaml", corpus)
    assert any("quote not found" in str(problem) for problem in problems)


def test_code_in_a_summary_is_marked() -> None:
    words = Words.parse("`answer` is `true` or `false`.")
    assert words.pieces == (
        ("answer", True),
        (" is ", False),
        ("true", True),
        (" or ", False),
        ("false", True),
        (".", False),
    )
    assert str(words) == "answer is true or false."
