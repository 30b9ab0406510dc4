"""Control characters in a bank: located problems, never a line break in a single-line field."""

from __future__ import annotations

import pytest

from quizapp.banks import parse_bank
from tests.banks.test_validator import GOOD
from tests.conftest import AP


def problems_of(text: str, corpus) -> list[str]:
    bank, problems = parse_bank(text, "bank.yaml", corpus)
    assert (bank is None) == bool(problems)
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("good", "bad", "problem"),
    [
        # A title goes into one line of a GIFT file's header (a comment): a line break there starts GIFT.
        (
            "title: '\"Do not come\": a test bank'",
            'title: "T\\n$CATEGORY: x\\n::injected:: Injected {TRUE}"',
            "bank.yaml:2: 'title' must be one line, without a line break",
        ),
        (
            "title: '\"Do not come\": a test bank'",
            'title: "Tab\\tted"',
            "bank.yaml:2: 'title' must be one line, without a tab",
        ),
        (
            "title: '\"Do not come\": a test bank'",
            'title: "Next\\Nline"',
            "bank.yaml:2: 'title' must be one line, without a line break",
        ),
        (
            "title: '\"Do not come\": a test bank'",
            'title: "Line\\Lsep"',
            "bank.yaml:2: 'title' must be one line, without a line break",
        ),
        ("bank: harris-test", 'bank: "harris\\ntest"', "bank.yaml:1: 'bank' must be one line, without a line break"),
        (
            "  - id: who-said",
            '  - id: "who-said\\n"',
            "bank.yaml:4: question who-said\\n: id may hold only a-z, 0-9 and '-' (and not start or end with '-')",
        ),
        (
            'prompt: Who told migrants "Do not come"?',
            'prompt: "Who told\\a migrants?"',
            "bank.yaml:6: question who-said: 'prompt' holds the invisible control character U+0007; remove it",
        ),
        (
            "choices: [Kamala Harris, Alexandria Ocasio-Cortez]",
            'choices: [Kamala Harris, "Alexandria\\x1bOcasio-Cortez"]',
            "bank.yaml:7: question who-said: an item of 'choices' holds the invisible control character U+001B; "
            "remove it",
        ),
        (
            "quote: Do not come, do not come.",
            'quote: "Do not come,\\x00 do not come."',
            "bank.yaml:11: question who-said: 'quote' holds the invisible control character U+0000; remove it",
        ),
        (
            "title: '\"Do not come\": a test bank'",
            'title: T\ndescription: "Bell\\x9b"',
            "bank.yaml:3: 'description' holds the invisible control character U+009B; remove it",
        ),
    ],
)
def test_control_characters_are_located_problems(corpus, good, bad, problem):
    assert good in GOOD
    assert problem in problems_of(GOOD.replace(good, bad, 1), corpus)


def test_a_prompt_and_an_explanation_may_run_over_several_lines(corpus):
    """Prompts are written in YAML's block styles; every export escapes their line breaks."""
    text = GOOD.replace(
        'prompt: Who told migrants "Do not come"?',
        'prompt: |\n      Who told migrants\n      "Do not come"?\n    explanation: "First line.\\n\\tSecond line."',
    )
    bank, problems = parse_bank(text, "bank.yaml", corpus)
    assert problems == []
    assert bank.questions[0].prompt == 'Who told migrants\n"Do not come"?'
    assert AP in {source.article for source in bank.questions[0].sources}
