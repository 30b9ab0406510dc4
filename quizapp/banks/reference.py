"""The bank format reference a teacher reads before writing a bank: every question kind, with an example.

Built from the registry (:data:`quizapp.questions.KINDS`): each kind gives its own summary, scoring
rule and example, so a new kind appears in the reference without touching this module, and the
tests check every example against the real bank checker (:func:`example_bank` joins them into one
bank that must validate).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from quizapp.banks.model import SKILLS
from quizapp.banks.schema import BANK_KEYS, COMMON_KEYS
from quizapp.questions import KINDS

EXAMPLE_BANK_ID = "format-examples"
# `text` in a kind's summary is a key or a value as the file spells it: shown as code.
_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Words:
    """A sentence in pieces, each either plain words or code (a key or a value as a bank file spells it)."""

    pieces: tuple[tuple[str, bool], ...]  # (text, is code)

    @classmethod
    def parse(cls, text: str) -> Words:
        """Split ``text`` at its backquoted stretches."""
        parts = _CODE.split(text)
        return cls(tuple((part, index % 2 == 1) for index, part in enumerate(parts) if part))

    def __str__(self) -> str:
        return "".join(text for text, _ in self.pieces)


@dataclass(frozen=True)
class KindReference:
    """One question kind as the reference shows it."""

    name: str
    keys: tuple[str, ...]
    summary: Words
    scoring: Words
    needs_sources: bool
    example: str


def kind_references() -> list[KindReference]:
    """Every kind of the registry, in its order (the order the format documents them)."""
    return [
        KindReference(
            name=kind.name,
            keys=tuple(sorted(kind.keys)),
            summary=Words.parse(kind.summary),
            scoring=Words.parse(kind.scoring),
            needs_sources=kind.needs_sources,
            example=kind.example,
        )
        for kind in KINDS.values()
    ]


def bank_keys() -> list[tuple[str, bool]]:
    """The keys of a bank file's top level, each with whether it is required."""
    return list(BANK_KEYS.items())


def common_keys() -> list[str]:
    """The keys every question may have, whatever its kind."""
    order = ["id", "type", "prompt", "sources", "explanation", "skills", "points"]
    return [key for key in order if key in COMMON_KEYS] + sorted(COMMON_KEYS - set(order))


def skills() -> tuple[str, ...]:
    """The skills a question may practise."""
    return tuple(SKILLS)


def example_bank(bank_id: str = EXAMPLE_BANK_ID) -> str:
    """A whole bank file holding one example question of every kind: a start to copy, edit and upload."""
    questions = "".join(textwrap.indent(kind.example, "  ") + "\n" for kind in KINDS.values())
    return (
        f"bank: {bank_id}\n"
        "title: One question of every kind\n"
        "description: Examples from the bank format reference, about Kamala Harris's June 2021 trip.\n"
        "questions:\n" + questions
    ).rstrip("\n") + "\n"
