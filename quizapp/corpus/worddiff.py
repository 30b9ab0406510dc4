"""Word-level differences between two renderings of one passage.

API (stable): :func:`word_diff` ``(old, new) -> tuple[DiffToken, ...]``. Each :class:`DiffToken`
has ``op`` (``"equal"``, ``"delete"``: in ``old`` only, ``"insert"``: in ``new`` only), ``text``:
a run of words in the typography of the text it comes from, joined by single spaces (never a line
break), and ``space_before``: whether a space separates it from the token before when shown (False
inside a hyphenated word: "Ocasio-" then "Cortez"/"Cortex"). :func:`is_changed` says whether a diff
holds any removed or added word.

Words are compared under the quote-matching rule (quizapp/corpus/normalise.py), so curly against
straight quotes or an en dash against a hyphen is no difference, and a dash counts as a word of
its own, so "United States — Mexico" and "United States-Mexico" are the same words. "come."
against "come," and "Do" against "do" differ: the punctuation that clings to a word and capitals
are what a reader sees changed between two reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from quizapp.corpus.normalise import DASHES, normalise

Op = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class DiffToken:
    """A run of words that both passages share, or that only one of them has."""

    op: Op
    text: str
    space_before: bool = True


def word_diff(old: str, new: str) -> tuple[DiffToken, ...]:
    """The words of ``new`` against ``old``: kept, removed (``delete``) and added (``insert``), in order.

    Where a stretch was replaced, the removed words come before the added ones.
    """
    old_words, new_words = _words(old), _words(new)
    matcher = SequenceMatcher(
        None, [normalise(w) for w, _ in old_words], [normalise(w) for w, _ in new_words], autojunk=False
    )
    tokens: list[DiffToken] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            tokens.append(_run("equal", new_words[j1:j2], first=not tokens))
            continue
        if i2 > i1:
            tokens.append(_run("delete", old_words[i1:i2], first=not tokens))
        if j2 > j1:
            tokens.append(_run("insert", new_words[j1:j2], first=not tokens))
    return tuple(tokens)


# A word, or a run of dashes: "States-Mexico" is three words, so its spacing is no difference.
_TOKEN = re.compile(rf"[^\s{DASHES}-]+|[{DASHES}-]+")


def _words(text: str) -> list[tuple[str, bool]]:
    """Each word of ``text`` and whether whitespace comes before it."""
    return [(m.group(), m.start() > 0 and text[m.start() - 1].isspace()) for m in _TOKEN.finditer(text)]


def _run(op: Op, words: list[tuple[str, bool]], first: bool) -> DiffToken:
    text = "".join((" " if spaced and n else "") + word for n, (word, spaced) in enumerate(words))
    return DiffToken(op, text, space_before=words[0][1] and not first)


def is_changed(tokens: Iterable[DiffToken]) -> bool:
    """True when a diff holds any removed or added word."""
    return any(token.op != "equal" for token in tokens)
