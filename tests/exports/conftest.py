"""Fixtures for the export tests: the shipped banks, a bank of awkward texts, rendered PDFs cached."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from quizapp.banks import Bank, Question, load_banks, parse_bank
from quizapp.corpus import Corpus
from quizapp.exports import ExportOptions, export
from quizapp.scoring import score_response
from tests.conftest import AP, NEWSWEEK, QUESTIONS

# Every quiz type, with the characters each format must escape: GIFT's ~ = # { } : and backslash,
# HTML's < & and XML's quotes, a relative tolerance and a matching distractor.
AWKWARD = f"""\
bank: awkward-texts
title: 'Escapes: ~ = # {{ }} : \\ < & "quotes"'
questions:
  - id: special-choice
    type: choice
    prompt: 'Which of these holds every GIFT control character: ~ = # {{ }} : and \\?'
    choices: ['a ~ b = c # d {{ e }} f : g \\ h', '<b>bold</b> & more', 'plain']
    answer: 'a ~ b = c # d {{ e }} f : g \\ h'
    sources:
      - article: {AP}
        quote: Do not come, do not come.
    explanation: 'Escaped: ~ = # {{ }} : \\ and <mark> & "quotes".'
  - id: special-multi
    type: multi
    prompt: Pick the ones with braces {{}}.
    choices: ['{{one}}', '{{two}}', 'three', '#four']
    answers: ['{{one}}', '{{two}}']
    sources:
      - article: {AP}
        quote: Do not come, do not come.
    points: 3
  - id: relative-number
    type: numeric
    prompt: About how many unaccompanied children in March?
    answer: 19000
    tolerance: 2%
    sources:
      - article: {NEWSWEEK}
        quote: nearly 19,000 unaccompanied children in March
    points: 1.5
  - id: typed-answer
    type: short
    prompt: 'Type "root causes" (with = and : in the key).'
    answers: ['root causes', 'root = causes: yes']
    sources:
      - article: {NEWSWEEK}
        quote: root causes
  - id: pairs
    type: match
    prompt: Match them.
    pairs:
      - ['left ~ one', 'right = one']
      - ['left # two', 'right {{two}}']
      - ['left : three', 'right \\ three']
    distractors: ['spare -> one']
    sources:
      - article: {AP}
        quote: Do not come, do not come.
  - id: statement
    type: truefalse
    prompt: The AP quotes Harris.
    answer: true
    sources:
      - article: {AP}
        quote: Do not come, do not come.
  - id: which-report
    type: source
    prompt: Which report is the AP's?
    answers: [{AP}]
    sources:
      - article: {AP}
        quote: GUATEMALA CITY (AP)
  - id: which-sentence
    type: evidence
    prompt: Pick the sentence that says it was her first foreign trip.
    article: {AP}
    answer: her first foreign trip as vice president
"""


def pytest_itemcollected(item: pytest.Item) -> None:
    """Send the tests that share ``render``'s cache to one xdist worker (``--dist loadgroup``).

    Spread over workers, each would render the same PDFs again, seconds apiece.
    """
    if "render" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.xdist_group("rendered-exports"))


@pytest.fixture(scope="session")
def banks(corpus: Corpus) -> list[Bank]:
    """The shipped banks."""
    return load_banks([QUESTIONS], corpus)


@pytest.fixture(scope="session")
def awkward(corpus: Corpus) -> Bank:
    """A small bank of every type whose texts hold every character a format must escape."""
    bank, problems = parse_bank(AWKWARD, "awkward.yaml", corpus)
    assert bank is not None, problems
    return bank


@pytest.fixture(scope="session")
def render(corpus: Corpus) -> Callable[..., bytes]:
    """Render (bank, format, options) once per session: PDFs take a second or two each."""
    cache: dict[tuple, bytes] = {}

    def rendered(bank: Bank, fmt: str, options: ExportOptions | None = None) -> bytes:
        options = options or ExportOptions()
        key = (bank.id, fmt, options)
        if key not in cache:
            cache[key] = export(bank, corpus, fmt, options).data
        return cache[key]

    return rendered


def pdf_text(data: bytes) -> tuple[PdfReader, list[str]]:
    """The reader and the extracted text of each page."""
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() or "" for page in reader.pages]


def squash(text: str) -> str:
    """Text without any whitespace: PDF lines break anywhere (even after a hyphen), words do not change."""
    return "".join(text.split())


def every_pick(choices: tuple[str, ...]) -> list[list[str]]:
    """Every set of picks a student could tick, from none to all."""
    return [[c for i, c in enumerate(choices) if mask >> i & 1] for mask in range(2 ** len(choices))]


def quizapp_fraction(question: Question, response: object) -> float:
    """The share of the points quizapp's own scorer gives a response: what every LMS file must reproduce."""
    score = score_response(question, response)
    return score.earned / score.possible


def parse_xml(data: bytes) -> ET.Element:
    """Parse XML that quizapp itself just wrote (so not untrusted input: S314 does not apply)."""
    return ET.fromstring(data)  # noqa: S314
