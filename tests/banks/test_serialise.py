from pathlib import Path

from quizapp.banks import validate_paths
from quizapp.banks.serialise import content_hash, question_from_dict, question_to_dict
from tests.conftest import QUESTIONS


def test_every_shipped_question_round_trips(corpus):
    report = validate_paths([QUESTIONS], corpus)
    assert report.ok
    for bank in report.banks:
        for question in bank.questions:
            assert question_from_dict(question_to_dict(question)) == question


def test_hash_ignores_the_line_but_not_the_answer(corpus, tmp_path: Path):
    text = """bank: b
title: T
questions:
  - id: q
    type: choice
    prompt: P
    choices: [A, B]
    answer: A
    sources: [{article: 002_f52d19d8c2480346, quote: Do not come}]
"""
    from quizapp.banks import parse_bank

    first, _ = parse_bank(text, "a.yaml", corpus)
    moved, _ = parse_bank("# a comment\n" + text, "a.yaml", corpus)
    changed, _ = parse_bank(text.replace("answer: A", "answer: B"), "a.yaml", corpus)
    assert content_hash(first.questions[0]) == content_hash(moved.questions[0])
    assert content_hash(first.questions[0]) != content_hash(changed.questions[0])
