"""Scoring a student's response to a question: pure functions, no web framework, no database.

:func:`score_response` looks the question's ``type`` up in :data:`SCORERS`, a registry from type name
to a small function that turns the response into a *credit*: the fraction of the points earned, in
``[0, 1]``, and a message when the response could not be read at all. Adding a question type means
writing one function decorated with ``@_scorer("name")``; nothing else changes.

Responses come from web forms, so every scorer is tolerant of hostile input: whatever the response
is (``None``, a dict where a string was expected, an integer too large for a float), scoring never
raises. A missing or empty response earns nothing and carries no message; a response that cannot be
read earns nothing and says why.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real
from typing import Any, Literal, NamedTuple

from quizapp.banks.model import (
    ChoiceQuestion,
    EvidenceQuestion,
    GridQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    Question,
    ShortQuestion,
    SourceQuestion,
    Span,
    TrueFalseQuestion,
)
from quizapp.corpus.normalise import DASHES, DOUBLE_QUOTES, SINGLE_QUOTES

Outcome = Literal["correct", "partial", "wrong"]

# Earned points are rounded to this many decimals so that 2.5 * 2 / 3 style float noise never shows.
EARNED_DECIMALS = 6


@dataclass(frozen=True)
class Score:
    """Points earned out of the points possible, the outcome, and a message for unreadable input.

    ``outcome`` is ``"correct"`` when the full points were earned, ``"partial"`` when some were and
    ``"wrong"`` when none were. For a question worth no points it follows the credit the response
    would have earned, so a right answer to an unscored question still reads as correct.
    """

    earned: float
    possible: float
    outcome: Outcome
    message: str | None = None


class _Credit(NamedTuple):
    """What a per-type scorer returns: the fraction of the points earned, and a message if any."""

    fraction: float
    message: str | None = None


Scorer = Callable[[Any, object], _Credit]

SCORERS: dict[str, Scorer] = {}
"""Question type name (``question.type``) -> the function scoring a response to that type."""

_NO_ANSWER = _Credit(0.0)


def _scorer(type_name: str) -> Callable[[Scorer], Scorer]:
    """Register the decorated function as the scorer for ``type_name``."""

    def register(function: Scorer) -> Scorer:
        SCORERS[type_name] = function
        return function

    return register


def score_response(question: Question, response: object) -> Score:
    """Score ``response`` to ``question``; never raises for any response.

    The response shapes per type are described on each scorer (see :data:`SCORERS`). A question
    whose ``type`` has no scorer is a programming error, not bad input, so it raises ValueError.
    """
    try:
        scorer = SCORERS[question.type]
    except KeyError:
        raise ValueError(f"No scorer for question type {question.type!r} (question {question.id}).") from None
    try:
        credit = scorer(question, response)
    except Exception:  # noqa: BLE001 - a student's response must never crash the page that scores it
        credit = _Credit(0.0, "This response could not be read.")
    return _make_score(float(question.points), credit)


def _make_score(points: float, credit: _Credit) -> Score:
    fraction, message = credit  # unpacked, so a scorer may return a plain (fraction, message) pair
    fraction = min(1.0, max(0.0, fraction)) if fraction == fraction else 0.0  # NaN earns nothing
    if fraction >= 1.0:
        # Exactly the possible points, so that earned == possible holds without rounding noise.
        earned, outcome = points, "correct"
    elif fraction <= 0.0:
        earned, outcome = 0.0, "wrong"
    else:
        earned, outcome = round(points * fraction, EARNED_DECIMALS), "partial"
    return Score(earned=earned, possible=points, outcome=outcome, message=message)


# --------------------------------------------------------------------------------------------------
# Reading responses
# --------------------------------------------------------------------------------------------------

_SHOWN_LIMIT = 40  # how much of an unreadable response a message quotes back


def _shown(text: str) -> str:
    """``text`` quoted for a message, cut short so that a pasted essay does not flood the page."""
    text = " ".join(text.split())
    if len(text) > _SHOWN_LIMIT:
        text = text[: _SHOWN_LIMIT - 1] + "\u2026"
    return f"'{text}'"


def _is_blank(response: object) -> bool:
    """True for the responses that mean "no answer" to a typed question: None, blank text."""
    return response is None or (isinstance(response, str) and not response.strip())


def _is_empty(response: object) -> bool:
    """True for "no answer" to a question picked from authored texts: None or "" (texts are exact)."""
    return response is None or response == ""


# Unify every quote and dash the corpus normaliser knows about before punctuation is dropped.
_QUOTES_AND_DASHES = str.maketrans(
    {**{c: "'" for c in SINGLE_QUOTES}, **{c: '"' for c in DOUBLE_QUOTES}, **{c: "-" for c in DASHES}}
)


def normalise_short_answer(text: str) -> str:
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


def parse_number(text: str) -> float | None:
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


def _picked_texts(response: object) -> set[str] | None:
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


def _multi_credit(answers: frozenset[str], response: object) -> _Credit:
    """Right picks minus wrong picks over the number of answers, never below zero."""
    if _is_empty(response):
        return _NO_ANSWER
    picks = _picked_texts(response)
    if picks is None:
        return _Credit(0.0, "The picks could not be read.")
    if not picks:
        return _NO_ANSWER
    # A pick is right when it is in the key; every other pick, a choice that is not in the key or
    # something that was never offered, is wrong. So the key itself always earns full credit.
    answers = frozenset(answers)
    right = len(picks & answers)
    wrong = len(picks - answers)
    if not answers:  # a degenerate question with nothing to pick: only picking nothing is right
        return _Credit(0.0 if wrong else 1.0)
    return _Credit(max(0.0, (right - wrong) / len(answers)))


def _span_of(response: object) -> Span | None:
    """A non-empty span from a Span-like object or a (start, end) pair of ints, else None."""
    if isinstance(response, list | tuple):
        if len(response) != 2:
            return None
        start, end = response
    elif hasattr(response, "start") and hasattr(response, "end"):  # Span, or a span type like it
        start, end = response.start, response.end  # type: ignore[attr-defined]
    else:
        return None
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        return None
    # An empty or inverted span names no sentence, though Span.overlaps would call it overlapping.
    if start < 0 or end <= start:
        return None
    return Span(start, end)


# --------------------------------------------------------------------------------------------------
# One scorer per question type
# --------------------------------------------------------------------------------------------------


@_scorer("choice")
def _score_choice(question: ChoiceQuestion, response: object) -> _Credit:
    """Response: the text of the chosen choice. Right only when it is exactly the key."""
    if _is_empty(response):
        return _NO_ANSWER
    if not isinstance(response, str):
        return _Credit(0.0, "The choice could not be read.")
    return _Credit(1.0 if response == question.answer else 0.0)


@_scorer("multi")
def _score_multi(question: MultiQuestion, response: object) -> _Credit:
    """Response: the texts of the picked choices. Partial credit (see :func:`_multi_credit`)."""
    return _multi_credit(question.answers, response)


@_scorer("source")
def _score_source(question: SourceQuestion, response: object) -> _Credit:
    """Response: the picked article ids. Scored exactly as a multi-select question."""
    return _multi_credit(question.answers, response)


@_scorer("truefalse")
def _score_truefalse(question: TrueFalseQuestion, response: object) -> _Credit:
    """Response: a bool, or the text "true" or "false" in any case. All or nothing."""
    if _is_blank(response):
        return _NO_ANSWER
    if isinstance(response, bool):
        value = response
    elif isinstance(response, str) and response.strip().casefold() in ("true", "false"):
        value = response.strip().casefold() == "true"
    elif isinstance(response, str):
        return _Credit(0.0, f"Expected true or false, not {_shown(response)}.")
    else:  # 0 and 1 included: a form never sends them, so they are not guessed at
        return _Credit(0.0, "Expected true or false.")
    return _Credit(1.0 if value == question.answer else 0.0)


@_scorer("short")
def _score_short(question: ShortQuestion, response: object) -> _Credit:
    """Response: typed text. Right when it folds (:func:`normalise_short_answer`) to an accepted answer."""
    if _is_blank(response):
        return _NO_ANSWER
    if not isinstance(response, str):
        return _Credit(0.0, "The answer could not be read.")
    typed = normalise_short_answer(response)
    if not typed:  # only punctuation: nothing to compare, and nothing to match an empty key
        return _NO_ANSWER
    accepted = {normalise_short_answer(answer) for answer in question.answers}
    return _Credit(1.0 if typed in accepted else 0.0)


@_scorer("numeric")
def _score_numeric(question: NumericQuestion, response: object) -> _Credit:
    """Response: typed text (see :func:`parse_number`) or a number. Right within the tolerance."""
    if _is_blank(response):
        return _NO_ANSWER
    value: float | None
    if isinstance(response, str):
        value = parse_number(response)
        if value is None:
            return _Credit(0.0, f"No number could be read from {_shown(response)}.")
    elif isinstance(response, Real | Decimal) and not isinstance(response, bool):
        try:
            value = float(response)
        except (OverflowError, ValueError):  # an int too large for a float, or a signalling NaN
            value = None
        if value is None or not math.isfinite(value):
            return _Credit(0.0, "No number could be read from the response.")
    else:
        return _Credit(0.0, "No number could be read from the response.")
    return _Credit(1.0 if question.tolerance.allows(question.answer, value) else 0.0)


@_scorer("match")
def _score_match(question: MatchQuestion, response: object) -> _Credit:
    """Response: a mapping from left item to chosen right item. Credit per pair matched."""
    if response is None:
        return _NO_ANSWER
    if not isinstance(response, Mapping):
        return _Credit(0.0, "The matches could not be read.")
    if not question.pairs:  # a degenerate question with nothing to match
        return _Credit(1.0)
    # Lefts the question does not have are ignored; a non-text right simply fails to match.
    matched = sum(1 for left, right in question.pairs if _text_at(response, left) == right)
    return _Credit(matched / len(question.pairs))


def _text_at(mapping: Mapping[Any, Any], key: str) -> str | None:
    """The text ``mapping`` holds for ``key``; None when it holds nothing, or something other than text."""
    value = mapping.get(key)
    return value if isinstance(value, str) else None


@_scorer("evidence")
def _score_evidence(question: EvidenceQuestion, response: object) -> _Credit:
    """Response: the picked sentence as a Span, or a (start, end) pair. Right when it overlaps the key."""
    if response is None or (isinstance(response, list | tuple) and not response):
        return _NO_ANSWER
    span = _span_of(response)
    if span is None:
        return _Credit(0.0, "No sentence could be read from the response.")
    return _Credit(1.0 if span.overlaps(question.answer_span) else 0.0)


def grid_ticks(question: GridQuestion, response: object) -> set[tuple[str, str]] | None:
    """The cells a grid response ticks, as (claim, article id); None when it cannot be read.

    Response: a mapping from claim to the article ids ticked for it (a lone id is one tick). Claims
    and articles the question does not have are left out: they are no cell of this grid.
    """
    if not isinstance(response, Mapping):
        return None
    ticks: set[tuple[str, str]] = set()
    for claim in question.claims:
        row = response.get(claim)
        if row is None:
            continue
        picks = _picked_texts(row)
        if picks is None:
            return None
        ticks.update((claim, article) for article in question.articles if article in picks)
    return ticks


@_scorer("grid")
def _score_grid(question: GridQuestion, response: object) -> _Credit:
    """Response: ``{claim: [article ids]}``. Credit is the share of cells right, ticked and unticked alike.

    A grid with nothing ticked is no answer (it earns nothing), so that leaving the question blank
    does not collect the cells that should stay empty.
    """
    if response is None:
        return _NO_ANSWER
    ticks = grid_ticks(question, response)
    if ticks is None:
        return _Credit(0.0, "The ticks could not be read.")
    cells = question.cells
    if not ticks or not cells:
        return _NO_ANSWER
    right = sum(1 for cell in cells if (cell in ticks) == (cell in question.answers))
    return _Credit(right / len(cells))
