"""Checking one bank file: a :class:`Checker` collects located problems while kinds build questions.

Shared by the bank schema (:mod:`quizapp.banks.schema`) and every question kind
(:mod:`quizapp.questions`), so that a kind reports its problems exactly as the common checks do.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.model import Source
from quizapp.banks.problems import Problem
from quizapp.banks.yaml_source import LocatedList, LocatedMap
from quizapp.corpus.articles import Corpus, closest_passage, find_quote
from quizapp.corpus.span import Span
from quizapp.single_line import LINE_BREAKS, control_character, describe

SOURCE_KEYS = frozenset({"article", "quote"})
MAX_LIST_ITEMS = 100
"""The most choices, answers, claims or other items one list of a question may hold."""
_SHOWN_VALUE = 40  # how much of a refused value a message quotes back


class Invalid(Exception):
    """Raised inside a builder after a problem has been reported, to skip the rest of a question."""


@dataclass
class Checker:
    """Collects problems for one file, each located at a line and, where known, a question."""

    path: str
    corpus: Corpus
    problems: list[Problem] = field(default_factory=list)
    question: str | None = None

    def report(self, line: int, message: str) -> None:
        """Record a problem at ``line`` of the current question (or the bank)."""
        self.problems.append(Problem(self.path, line, message, self.question))

    def text(self, node: LocatedMap, key: str, *, required: bool = True, single_line: bool = False) -> str | None:
        """A non-empty string value (numbers are accepted as their text), or None after reporting.

        ``single_line``: the value goes where a line break would split something (a title in a
        file's header, an id), so a line break or a tab inside it is refused. Invisible control
        characters are refused in every text by :meth:`control_characters`.
        """
        if key not in node:
            if required:
                self.report(node.line, f"missing required key '{key}'")
            return None
        value = node[key]
        if isinstance(value, bool) or value is None or isinstance(value, LocatedMap | LocatedList):
            self.report(node.line_of(key), f"'{key}' must be text")
            return None
        value = str(value).strip()
        if not value:
            self.report(node.line_of(key), f"'{key}' must not be empty")
            return None
        char = control_character(value) if single_line else None
        if char is not None and (char in LINE_BREAKS or char == "\t"):
            self.report(node.line_of(key), f"'{key}' must be one line, without {describe(char)}")
            return None
        return value

    def control_characters(self, node: Any, key: str | None = None, *, skip: set[str] | None = None) -> None:
        """Report every text and key under ``node`` (but not under its keys in ``skip``) that holds an
        invisible control character.

        Tab, CR and LF are text; the other C0 and C1 controls are invisible in every page, and
        XML 1.0 (Moodle XML, QTI) cannot carry them at all, so they are refused wherever they are.
        """
        if isinstance(node, LocatedMap):
            for name, value in node.items():
                if skip and name in skip:
                    continue
                line = node.line_of(name)
                char = control_character(name) if isinstance(name, str) else None
                if char is not None:
                    self.report(line, f"a key ({shown_value(name)}) holds {describe(char)}")
                if isinstance(value, str):
                    char = control_character(value, single_line=False)
                    if char is not None:
                        self.report(line, f"'{name}' holds {describe(char)}; remove it")
                else:
                    self.control_characters(value, str(name))
        elif isinstance(node, LocatedList):
            for item, line in zip(node, node.item_lines, strict=True):
                if isinstance(item, str):
                    char = control_character(item, single_line=False)
                    if char is not None:
                        self.report(line, f"an item of '{key}' holds {describe(char)}; remove it")
                else:
                    self.control_characters(item, key)

    def text_list(self, node: LocatedMap, key: str, *, minimum: int = 1, required: bool = True) -> list[str] | None:
        """A list of distinct non-empty strings, or None after reporting."""
        if key not in node:
            if required:
                self.report(node.line, f"missing required key '{key}'")
            return None
        value = node[key]
        line = node.line_of(key)
        if not isinstance(value, LocatedList):
            self.report(line, f"'{key}' must be a list")
            return None
        if len(value) > MAX_LIST_ITEMS:
            self.report(line, f"'{key}' has {len(value):,} items; at most {MAX_LIST_ITEMS} are allowed")
            return None
        items: list[str] = []
        seen: set[str] = set()  # a set, so that checking for a repeat stays quick on a long list
        for item, item_line in zip(value, value.item_lines, strict=True):
            if isinstance(item, bool) or item is None or isinstance(item, LocatedMap | LocatedList):
                self.report(item_line, f"every item of '{key}' must be text")
                return None
            text = str(item).strip()
            if not text:
                self.report(item_line, f"'{key}' has an empty item")
                return None
            if text in seen:
                self.report(item_line, f"'{key}' lists {text!r} twice")
                return None
            seen.add(text)
            items.append(text)
        if len(items) < minimum:
            self.report(line, f"'{key}' needs at least {minimum} item{'s' if minimum > 1 else ''}")
            return None
        return items

    def article(self, node: LocatedMap, key: str) -> str | None:
        """An article id that exists in the corpus, or None after reporting."""
        article_id = self.text(node, key)
        if article_id is not None and article_id not in self.corpus:
            self.report(node.line_of(key), f"unknown article '{article_id}' (known: {', '.join(self.corpus)})")
            return None
        return article_id

    def quote(self, article_id: str, quote: str, line: int) -> Span | None:
        """The span of ``quote`` in the article, or None after reporting the closest passage."""
        article = self.corpus[article_id]
        span = find_quote(article, quote)
        if span is None:
            near = closest_passage(article, quote)
            hint = f'; closest passage: "{near.text}"' if near and near.similarity >= 50 else ""
            self.report(line, f'quote not found in {article_id} ({article.outlet}): "{quote}"{hint}')
        return span

    def unknown_keys(self, node: LocatedMap, allowed: set[str] | frozenset[str], what: str) -> None:
        """Report every key of ``node`` not in ``allowed``."""
        for key in node:
            if key not in allowed:
                suggestion = suggest(key, allowed)
                self.report(node.line_of(key), f"unknown key '{key}' in {what}{suggestion}")


def suggest(key: str, allowed: set[str] | frozenset[str]) -> str:
    """`` (did you mean 'x'?)`` for the allowed key closest to ``key``, or nothing."""
    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def number(value: Any) -> float | None:
    """A finite number from YAML (an int or a float, never a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:  # an integer too large for a float
        return None
    return result if math.isfinite(result) else None


def shown_value(value: Any) -> str:
    """``value`` as a message quotes it (``repr``), cut short so a 4,000-digit number does not flood it."""
    text = repr(value)
    return text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "\u2026"


@dataclass(frozen=True)
class Common:
    """The fields every question has, already checked."""

    id: str
    prompt: str
    sources: tuple[Source, ...]
    explanation: str | None
    skills: tuple[str, ...]
    points: float
    line: int

    def fields(self) -> dict[str, Any]:
        """As keyword arguments for a question dataclass."""
        return dict(
            id=self.id,
            prompt=self.prompt,
            sources=self.sources,
            explanation=self.explanation,
            skills=self.skills,
            points=self.points,
            line=self.line,
        )


def require(value: Any) -> Any:
    """``value``, or :class:`Invalid` when a check has already reported that it is missing."""
    if value is None:
        raise Invalid
    return value
