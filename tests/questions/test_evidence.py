"""Scoring evidence questions (quizapp/questions/evidence.py)."""

from __future__ import annotations

import dataclasses

import pytest

from quizapp.banks.model import Span
from quizapp.questions import (
    EvidenceQuestion,
)
from quizapp.scoring import (
    score_response,
)
from tests.questions.scores import assert_no_answer, assert_score, assert_unreadable

# --------------------------------------------------------------------------------------------------
# evidence
# --------------------------------------------------------------------------------------------------

EVIDENCE = EvidenceQuestion(
    id="q",
    prompt="Which sentence supports the claim?",
    article="000_a",
    answer="The quote.",
    answer_span=Span(100, 150),
    points=2,
)


@pytest.mark.parametrize(
    "response",
    [
        Span(100, 150),
        Span(120, 130),
        Span(90, 101),
        Span(149, 200),
        Span(0, 1000),
        (100, 150),
        [120, 130],
        (149, 150),
    ],
)
def test_evidence_overlapping(response: object) -> None:
    assert_score(score_response(EVIDENCE, response), 2, 2, "correct")


@pytest.mark.parametrize("response", [Span(0, 100), Span(150, 200), (40, 99), [151, 180], (0, 1)])
def test_evidence_not_overlapping(response: object) -> None:
    score = score_response(EVIDENCE, response)
    assert_score(score, 0, 2, "wrong")
    assert score.message is None


@pytest.mark.parametrize("response", [None, (), []])
def test_evidence_no_answer(response: object) -> None:
    assert_no_answer(score_response(EVIDENCE, response))


@pytest.mark.parametrize(
    "response",
    [
        (120,),
        (100, 120, 140),
        (120, 120),  # empty: names no sentence, though Span.overlaps would say it overlaps
        Span(120, 120),
        (130, 110),  # inverted
        (-5, 120),
        (True, 200),
        ("100", "150"),
        (100.0, 150.0),
        (None, 150),
        "100-150",
        "100,150",
        120,
        {"start": 100, "end": 150},
        b"\x00\x01",
        object(),
    ],
)
def test_evidence_hostile(response: object) -> None:
    assert_unreadable(score_response(EVIDENCE, response))


def test_evidence_accepts_a_span_like_object() -> None:
    @dataclasses.dataclass
    class Sentence:
        start: int
        end: int
        text: str = "The quote."

    assert score_response(EVIDENCE, Sentence(110, 140)).outcome == "correct"
    assert score_response(EVIDENCE, Sentence(10, 40)).outcome == "wrong"
