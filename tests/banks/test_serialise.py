from pathlib import Path

import yaml

from quizapp.banks import parse_bank, validate_paths
from quizapp.banks.serialise import content_hash, question_from_dict, question_to_dict, question_to_yaml_data
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


def test_every_shipped_bank_written_as_yaml_reads_back_the_same(corpus):
    """question_to_yaml_data writes what the loader reads back into the very same questions."""
    for bank in validate_paths([QUESTIONS], corpus).banks:
        document = {
            "bank": bank.id,
            "title": bank.title,
            "questions": [question_to_yaml_data(q) for q in bank.questions],
        }
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        again, problems = parse_bank(text, "again.yaml", corpus)
        assert problems == []
        assert [content_hash(q) for q in again.questions] == [content_hash(q) for q in bank.questions]
