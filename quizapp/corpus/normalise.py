"""The one normaliser behind quote matching: the contract every question bank relies on.

Both the article and the quote go through :func:`normalise`: Unicode NFKC; curly single quotes and
primes to ``'``; curly double quotes to ``"``; every kind of dash to ``-``; each run of whitespace to
one space; trimmed. A quote matches when it is a contiguous substring of the normalised article.
Matching is case-sensitive. Each normalised character remembers which original characters it came
from, so a match maps back to exact offsets in the article's own typography.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

_TRANSLATE = str.maketrans(
    {**{c: "'" for c in SINGLE_QUOTES}, **{c: '"' for c in DOUBLE_QUOTES}, **{c: "-" for c in DASHES}}
)


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text plus, for each of its characters, the original ``[start, end)`` it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` in the normalised text back to offsets in the original."""
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> str:
    """Normalise ``text`` by the quote-matching rule (see the module docstring)."""
    return normalise_with_offsets(text).text


def _fold_char(char: str) -> str:
    # Translate before NFKC too: NFKC would turn a double prime into two single primes.
    return unicodedata.normalize("NFKC", char.translate(_TRANSLATE)).translate(_TRANSLATE)


def normalise_with_offsets(text: str) -> NormalisedText:
    """Normalise ``text`` and keep the mapping from each output character to the original."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_space = False
    # NFKC applied per character keeps offsets exact; the articles are precomposed already, and a
    # decomposed accent (a base letter plus a combining mark) is composed below by a whole-text pass.
    for index, char in enumerate(text):
        folded = _fold_char(char)
        for piece in folded:
            if piece.isspace():
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                starts.append(ends[-1])
                ends.append(index)
                pending_space = False
            if unicodedata.combining(piece) and out:
                composed = unicodedata.normalize("NFC", out[-1] + piece)
                if len(composed) == 1:
                    out[-1] = composed
                    ends[-1] = index + 1
                    continue
            out.append(piece)
            starts.append(index)
            ends.append(index + 1)
    return NormalisedText("".join(out), tuple(starts), tuple(ends))
