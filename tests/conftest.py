"""Shared fixtures: the project's articles and a helper to write bank files."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.corpus import Corpus, load_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT / "questions"
AP = "002_f52d19d8c2480346"
NEWSWEEK = "001_7fad2d6b9e816ba7"
FIRST = "000_9c074612a8ff18f5"
FOURTH = "003_ddc3df48b0ac0e99"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The four shipped articles."""
    return load_corpus(SEEDS)
