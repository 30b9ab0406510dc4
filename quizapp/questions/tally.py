"""Counting a class's responses to one question, for the teacher's distractor analysis.

Each kind counts its own responses (:meth:`quizapp.questions.base.Kind.distribution`); this module
holds the row they produce and the pieces several kinds share. See
:func:`quizapp.analysis.response_distribution` for what the rows mean to the teacher.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from quizapp.banks.model import Question
from quizapp.corpus.normalise import normalise

NO_ANSWER = "(no answer)"
UNREADABLE = "(unreadable)"
NO_NUMBER = "(no number)"
ARROW = " \u2192 "
GRID_DASH = " \u2014 "  # between a grid box's claim and report


@dataclass(frozen=True)
class ResponseCount:
    """One distinct response to a question and how many attempts gave it."""

    value: str  # what the student answered, as shown to a teacher ("(no answer)" for blank)
    count: int
    correct: bool  # this response earns full points
    # For a wrong choice: the article wording it came from, if a source quote contains it.
    source_text: str | None = None


def extra_rows(tally: Counter[str]) -> list[ResponseCount]:
    """Rows for the "(no answer)" and "(unreadable)" counts that are not zero."""
    return [ResponseCount(label, tally[label], False) for label in (NO_ANSWER, UNREADABLE) if tally[label]]


def source_text(question: Question, text: str) -> str | None:
    """The first source quote of ``question`` that contains ``text`` as whole words, else None.

    Both go through the quote-matching normaliser and are casefolded, so that curly quotes, dashes
    and capitals at the start of a sentence do not hide a match; whole words, so that a short
    option like "AP" is not "found" inside "capital".
    """
    needle = _folded(text)
    if not needle:
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    for source in question.sources:
        if pattern.search(_folded(source.quote)):
            return source.quote
    return None


@functools.lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    # The same few quotes and options come back for every item analysis of a bank: fold each once.
    return normalise(text).casefold()


_LABELS = (NO_ANSWER, UNREADABLE, NO_NUMBER)


def grouped_rows(
    answers: list[object],
    group: Callable[[object], Hashable],
    label: Callable[[Hashable, Counter[str]], str],
    is_correct: Callable[[object], bool],
) -> list[ResponseCount]:
    """Rows for typed answers, one per group of answers that ``group`` says are the same.

    ``group`` returns a grouping key, or one of the "(...)" labels for an answer it cannot place;
    ``label`` turns a key and the spellings met in its group into the value shown. Correctness is
    asked of the scorer (``is_correct``), so that the table can never disagree with the students' scores.
    """
    spellings: dict[Hashable, Counter[str]] = {}
    first: dict[Hashable, object] = {}
    for answer in answers:
        key = group(answer)
        spellings.setdefault(key, Counter())[_spelling(answer)] += 1
        first.setdefault(key, answer)
    rows = []
    for key, met in spellings.items():
        if key in _LABELS:
            rows.append(ResponseCount(str(key), met.total(), False))
        else:
            rows.append(ResponseCount(label(key, met), met.total(), is_correct(first[key])))
    return rows


def _spelling(answer: object) -> str:
    if isinstance(answer, str):
        return " ".join(answer.split())  # a stray line break or double space is not another spelling
    return str(answer)


def most_frequent_spelling(key: Hashable, spellings: Counter[str]) -> str:
    """The spelling met most often in a group; on a tie, the one met first."""
    return spellings.most_common(1)[0][0]
