"""A question as one printed version shows it: its number, its lettered choices and its numbered items.

Kinds print from a :class:`Slot` and read paper answers back through one, so it lives next to them;
:mod:`quizapp.exports.layout` decides each version's slots (which question stands where, in which
order its values are lettered).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from quizapp.banks.model import Question

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def letter(index: int) -> str:
    """The letter for a 0-based position: 0 -> "A", 25 -> "Z", 26 -> "AA" (as spreadsheets count)."""
    if index < 0:
        raise ValueError(f"no letter for position {index}")
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = _ALPHABET[rest] + out
    return out


def letter_index(mark: str) -> int:
    """The 0-based position of a letter as :func:`letter` writes it ("b" and "B" are both 1)."""
    mark = mark.strip().upper()
    if not mark or any(c not in _ALPHABET for c in mark):
        raise ValueError(f"not a letter: {mark!r}")
    value = 0
    for char in mark:
        value = value * 26 + _ALPHABET.index(char) + 1
    return value - 1


@dataclass(frozen=True)
class Slot:
    """A question as one version of a quiz shows it.

    ``choices`` are the values a response is made of, in the order they are lettered A, B, C...
    (choice texts, article ids, right-hand items), and ``lefts`` the items numbered 1, 2, 3... (a
    match question's left items, a grid's claims): both as the question's kind lays them out on
    paper (:meth:`quizapp.questions.base.Kind.paper_values`), shuffled for a version. A kind with
    neither (true/false is circled as words, evidence sentences keep the article's order) has both empty.
    """

    number: int
    question: Question
    choices: tuple[str, ...] = ()
    lefts: tuple[str, ...] = ()

    def choice_for(self, mark: str) -> str:
        """The value behind a letter on this version's paper; ValueError for a letter it does not show."""
        index = letter_index(mark)
        if index >= len(self.choices):
            raise ValueError(f"question {self.number} has no choice {mark.strip().upper()}")
        return self.choices[index]

    def letter_for(self, value: str) -> str:
        """The letter this version shows for a value (a choice text, an article id, a right item)."""
        return letter(self.choices.index(value))

    def letters_for(self, values: Collection[str]) -> tuple[str, ...]:
        """The letters this version shows for ``values``, in letter order (values it does not show are left out)."""
        return tuple(letter(i) for i, value in enumerate(self.choices) if value in values)

    def left_for(self, number: int) -> str:
        """The left item a 1-based number stands for in this version's matching question."""
        if not 1 <= number <= len(self.lefts):
            raise ValueError(f"question {self.number} has no item {number}")
        return self.lefts[number - 1]
