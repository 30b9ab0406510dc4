"""Reading what a student wrote on a printed quiz: letters circled, numbered items, a sentence number.

Every kind's :meth:`~quizapp.questions.base.Kind.read_paper` reads one answer cell through a
:class:`WrittenAnswer`, which knows the version's lettering (its :class:`Slot`) and where the answer
stands for messages; :mod:`quizapp.paper` reads the file around the cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from quizapp.questions.slot import Slot, letter

# Letters as circled: "AC", "A,C", "A C", "A; C", "A and C", "(A)".
_MARK_SEPARATORS = re.compile(r"(?:[\s,;/&+]|\band\b)+", re.IGNORECASE)
_MARK = re.compile(r"\(?([A-Za-z]+)[.)]?")
# Numbered marks as written: "1A 2C", "1-A, 2-C", "1: A; 2 = C", "1->A". Scanned pair by pair (no
# nested repetition), so a long hostile cell cannot make the expression backtrack.
_NUMBERED_MARK = re.compile(r"([0-9]+)\s*(?:->|\u2192|[-:=.)>])?\s*([A-Za-z]+)")
_NUMBERED_GAP = re.compile(r"[\s,;]*")
_SENTENCE = re.compile(r"#?\s*([0-9]+)")


class RowError(ValueError):
    """A cell cannot be read; the message names the question and says what to write (the caller adds the line)."""


def number_range(count: int) -> str:
    """``1``, or ``1 to 12``: the numbers a paper shows for ``count`` items."""
    return "1" if count == 1 else f"1 to {count}"


def letter_range(count: int) -> str:
    """``A``, or ``A to D``: the letters a paper shows for ``count`` choices."""
    return "A" if count <= 1 else f"A to {letter(count - 1)}"


@dataclass(frozen=True)
class WrittenAnswer:
    """One answer cell as written on a version's paper: stripped, not blank, and not overlong.

    ``where`` names the question for messages ("question 3 on version B"); every :class:`RowError`
    raised here starts with it.
    """

    slot: Slot
    text: str
    where: str

    def circled(self) -> list[str]:
        """The values behind the letters written (each once, in the order circled); RowError for a letter not shown."""
        choices = self.slot.choices
        marks: list[str] = []
        for token in _MARK_SEPARATORS.split(self.text):
            if not token:
                continue
            found = _MARK.fullmatch(token)
            if found is None:
                raise RowError(
                    f'{self.where}: write the letter of a choice ({letter_range(len(choices))}), not "{self.text}"'
                )
            mark = found.group(1).upper()
            # "AC" is two letters circled; only a question with more than 26 choices shows two-letter marks.
            marks.extend(list(mark) if len(choices) <= 26 else [mark])
        values: list[str] = []
        for mark in marks:
            value = self.choice(mark)
            if value not in values:
                values.append(value)
        return values

    def choice(self, mark: str) -> str:
        """The value behind one letter on this version; RowError naming the letters there are."""
        try:
            return self.slot.choice_for(mark)
        except ValueError:
            raise RowError(
                f"{self.where} has no choice {mark} (its choices are {letter_range(len(self.slot.choices))})"
            ) from None

    def numbered_marks(self, shape: str) -> Iterator[tuple[int, str]]:
        """(number, letters) pairs as written ("1A 2C" or "1AC 2B"), one at a time, letters in capitals.

        Raises RowError(``shape``) where the cell stops looking like numbered marks, or holds none: a
        caller checks each pair as it comes, so the first problem in reading order is the one reported.
        """
        position = 0
        for found in _NUMBERED_MARK.finditer(self.text):
            if not _NUMBERED_GAP.fullmatch(self.text, position, found.start()):
                raise RowError(shape)
            yield int(found.group(1)), found.group(2).upper()
            position = found.end()
        if not position or not _NUMBERED_GAP.fullmatch(self.text, position):
            raise RowError(shape)

    def left(self, number: int, noun: str) -> str:
        """The numbered item (``noun``: "item", "claim") a number stands for; RowError naming the numbers there are."""
        try:
            return self.slot.left_for(number)
        except ValueError:
            raise RowError(
                f"{self.where} has no {noun} {number} (its {noun}s are {number_range(len(self.slot.lefts))})"
            ) from None

    def sentence_number(self) -> int:
        """The one sentence number written ("4", "#4"); RowError for anything else."""
        found = _SENTENCE.fullmatch(self.text)
        if found is None:
            raise RowError(f'{self.where}: write the number of one sentence, not "{self.text}"')
        return int(found.group(1))
