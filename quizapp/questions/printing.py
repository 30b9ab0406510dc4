"""What a kind prints: the plain values its print partial lays out, and what the lettered kinds share.

A kind's :meth:`~quizapp.questions.base.Kind.print_body` returns the values its partial
(``templates/print/<Kind.print_partial>``) shows under the prompt; :mod:`quizapp.exports.sheet`
puts them on the page without knowing what they are.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from quizapp.questions.slot import Slot, letter


@dataclass(frozen=True)
class PrintedOption:
    """A lettered choice, a numbered sentence or a matching row, and whether it is part of the key."""

    mark: str
    text: str
    correct: bool = False


def lettered_options(slot: Slot, right: Collection[str], label: Callable[[str], str]) -> tuple[PrintedOption, ...]:
    """The slot's choices lettered in its version's order, each shown as ``label`` words it and marked if right."""
    return tuple(PrintedOption(letter(i), label(value), value in right) for i, value in enumerate(slot.choices))

