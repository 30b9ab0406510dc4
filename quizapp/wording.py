"""How counts read in a sentence: ``1 question``, ``3 questions``, ``0 students``.

The one place the plural ending is decided, for messages in Python and (as the ``counted`` and
``plural`` filters, see :mod:`quizapp.templating`) on pages.
"""

from __future__ import annotations


def plural(count: float, noun: str, plural_noun: str | None = None) -> str:
    """``noun`` as it reads after ``count``: as given for exactly one, else ``plural_noun`` (``noun + "s"`` by default).

    ``plural(2, "point")`` is ``points``; ``plural(1, "point")`` is ``point``; ``plural(0.5, "point")`` is ``points``.
    """
    if count == 1:
        return noun
    return plural_noun if plural_noun is not None else f"{noun}s"


def counted(count: int, noun: str, plural_noun: str | None = None) -> str:
    """The count and the noun that follows it: ``counted(3, "question")`` is ``3 questions``.

    Thousands are grouped (``1,200 responses``), as long counts are easier to read so.
    """
    return f"{count:,} {plural(count, noun, plural_noun)}"
