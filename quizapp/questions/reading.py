"""Reading a student's response: the tolerant parsers every kind's scorer and tally share.

Responses come from web forms, paper and old database rows, so nothing here raises for any input:
a reader returns None (or an empty result) for what it cannot read, and the caller says why.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping

from quizapp.corpus.normalise import DASHES, DOUBLE_QUOTES, SINGLE_QUOTES
from quizapp.corpus.span import Span

_SHOWN_LIMIT = 40  # how much of an unreadable response a message quotes back


def shown(text: str) -> str:
    """``text`` quoted for a message, cut short so that a pasted essay does not flood the page."""
    text = " ".join(text.split())
    if len(text) > _SHOWN_LIMIT:
        text = text[: _SHOWN_LIMIT - 1] + "\u2026"
    return f"'{text}'"


def is_blank(response: object) -> bool:
    """True for the responses that mean "no answer" to a typed question: None, blank text."""
    return response is None or (isinstance(response, str) and not response.strip())


def is_empty(response: object) -> bool:
    """True for "no answer" to a question picked from authored texts: None or "" (texts are exact)."""
    return response is None or response == ""


# Unify every quote and dash the corpus normaliser knows about before punctuation is dropped.
_QUOTES_AND_DASHES = str.maketrans(
    {**{c: "'" for c in SINGLE_QUOTES}, **{c: '"' for c in DOUBLE_QUOTES}, **{c: "-" for c in DASHES}}
)


def normalise_short_answer(text: object) -> str:
    """Fold ``text`` for loose comparison of typed answers.

    Casefolds; strips accents (NFKD, combining marks dropped); unifies curly quotes and dashes
    (the tables of :mod:`quizapp.corpus.normalise`); drops punctuation and modifier symbols such
    as the backtick; collapses whitespace; trims. Dashes become spaces rather than vanishing, so
    that "twenty-five" matches "twenty five". Currency, maths and other symbols are kept because
    they can carry the answer ("C++" is not "C"). Non-text input folds to the empty string.
    """
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Casefolding again after NFKD catches compatibility forms that decompose to capitals (e.g. ℌ).
    folded = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).casefold()
    folded = unicodedata.normalize("NFKD", folded).translate(_QUOTES_AND_DASHES)
    out: list[str] = []
    for char in folded:
        category = unicodedata.category(char)
        if char.isspace() or category == "Pd":
            out.append(" ")
        elif category.startswith(("P", "M", "C")) or category == "Sk":
            continue  # punctuation, stray marks, invisible format/control characters, ` ´ ^ ¨
        else:
            out.append(char)
    return " ".join("".join(out).split())


_GROUPED_COMMA = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_GROUPED_SPACE = re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+(?:\.[0-9]+|,[0-9]{1,2}|,[0-9]{4,})?")
_DECIMAL_COMMA = re.compile(r"[0-9]*,(?:[0-9]{1,2}|[0-9]{4,})")
_PLAIN = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SIGNS = {"+": "", "-": "-", "\u2212": "-"}  # U+2212 is the typographic minus sign


def parse_number(text: object) -> float | None:
    """Read a number as a student might type it; None when it cannot be read. Never raises.

    Accepted: an optional sign (``+``, ``-`` or the Unicode minus ``−``); plain digits with an
    optional decimal point and exponent (``178622``, ``178622.0``, ``.5``, ``1e3``); thousands
    grouped by commas (``1,234,567.89``) or by spaces, including no-break and narrow no-break
    spaces (``178 622``, ``1 234,5``); a decimal comma (``3,5``). A comma followed by exactly three
    digits is always a thousands separator, so ``0,500`` and ``1234,567`` (badly grouped) are
    refused rather than guessed at, as are ``1,2,3``, ``1.2.3``, ``nan``, ``inf`` and overflow.
    """
    if not isinstance(text, str):
        return None
    # NFKC turns no-break, narrow no-break and thin spaces into plain spaces, and fullwidth digits
    # into ASCII ones; it leaves the minus sign alone, which _SIGNS handles.
    text = unicodedata.normalize("NFKC", text).strip()
    sign = ""
    if text[:1] in _SIGNS:
        sign, text = _SIGNS[text[0]], text[1:]
    if _PLAIN.fullmatch(text):
        digits = text
    elif _GROUPED_COMMA.fullmatch(text):
        digits = text.replace(",", "")
    elif _GROUPED_SPACE.fullmatch(text):
        digits = text.replace(" ", "").replace(",", ".")
    elif _DECIMAL_COMMA.fullmatch(text):
        digits = text.replace(",", ".")
    else:
        return None
    try:
        value = float(sign + digits)
    except (ValueError, OverflowError):  # pragma: no cover - the patterns only admit float syntax
        return None
    return value if math.isfinite(value) else None


def picked_texts(response: object) -> set[str] | None:
    """The distinct picks of a multi-select response, or None when it cannot be read.

    A lone string is one pick (a form with a single box ticked), not a sequence of characters;
    a mapping or bytes is not a list of picks; any pick that is not text makes the whole unreadable.
    """
    if isinstance(response, str):
        return {response}
    if isinstance(response, Mapping | bytes | bytearray) or not isinstance(response, Iterable):
        return None
    picks = list(response)
    if not all(isinstance(pick, str) for pick in picks):
        return None
    return set(picks)


def span_of(response: object) -> Span | None:
    """A non-empty span from a Span-like object or a (start, end) pair of ints, else None."""
    if isinstance(response, list | tuple):
        if len(response) != 2:
            return None
        start, end = response
    elif hasattr(response, "start") and hasattr(response, "end"):  # Span, or a span type like it
        start, end = response.start, response.end
    else:
        return None
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        return None
    # An empty or inverted span names no sentence, though Span.overlaps would call it overlapping.
    if start < 0 or end <= start:
        return None
    return Span(start, end)
