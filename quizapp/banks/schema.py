"""The bank format: which keys a bank and every question have, and the checks they share.

A question's own keys, checks and typed dataclass belong to its kind (:data:`quizapp.questions.KINDS`,
one module per kind): :func:`build_question` checks the common keys here and hands the rest to the
kind. Adding a kind touches its module in :mod:`quizapp.questions` and its test, not this file.
"""

from __future__ import annotations

import re
from typing import Any

from quizapp.banks.checking import Checker, Common, Invalid, number, shown_value
from quizapp.banks.lint import explanation_misquotes
from quizapp.banks.model import SKILLS, Question, Source
from quizapp.banks.yaml_source import LocatedList, LocatedMap
from quizapp.questions import KINDS
from quizapp.single_line import control_character

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
BANK_KEYS = {"bank": True, "title": True, "description": False, "questions": True}  # key: required
COMMON_KEYS = {"id", "type", "prompt", "sources", "explanation", "skills", "points"}


def _all_keys(attribute: str) -> set[str]:
    """Every key any kind allows (for messages about a question whose kind is unknown)."""
    return set().union(*(getattr(kind, attribute) for kind in KINDS.values()))


def build_question(node: Any, line: int, check: Checker) -> Question | None:
    """Check one question mapping and build it; every problem found is reported."""
    check.question = None
    if not isinstance(node, LocatedMap):
        check.report(line, "each question must be a mapping of keys (id, type, prompt, ...)")
        return None
    question_id = node.get("id")
    check.question = str(question_id) if isinstance(question_id, str | int) and str(question_id) else None
    if check.question is not None and control_character(check.question) is not None:
        # Shown escaped ("q1\\n"): a raw line break would split the PATH:LINE: question ID: line.
        check.question = check.question.encode("unicode_escape").decode("ascii")
    if check.question is None:
        check.report(node.line, "question has no 'id'" if "id" not in node else "'id' must be text")
    elif not ID_PATTERN.fullmatch(check.question):  # fullmatch: "$" alone would let "id\n" through
        check.report(node.line_of("id"), "id may hold only a-z, 0-9 and '-' (and not start or end with '-')")

    type_name = node.get("type")
    kind = KINDS.get(type_name) if isinstance(type_name, str) else None
    if "type" not in node:
        check.report(node.line, "missing required key 'type'")
    elif kind is None:
        check.report(node.line_of("type"), f"unknown type {type_name!r} (known: {', '.join(KINDS)})")
    allowed = COMMON_KEYS | (kind.keys if kind else _all_keys("keys"))
    check.unknown_keys(node, allowed, "question")
    check.control_characters(node)

    prompt = check.text(node, "prompt")
    explanation = check.text(node, "explanation", required=False)
    skills = _skills(node, check)
    points = _points(node, check)
    source_keys = kind.source_keys if kind else _all_keys("source_keys")
    sources = _sources(node, check, required=kind is not None and kind.needs_sources, allowed=source_keys)
    if kind is None:
        return None
    # Build even when a common field failed, so the type's own problems are reported too.
    common = Common(
        check.question or "", prompt or "", sources or (), explanation, skills or (), points or 1.0, node.line
    )
    try:
        question = kind.build(node, common, check)
    except Invalid:
        return None
    if check.question is None or None in (prompt, skills, points, sources):
        return None
    for message in explanation_misquotes(question, check.corpus):
        check.report(node.line_of("explanation"), message)
    return question


def _skills(node: LocatedMap, check: Checker) -> tuple[str, ...] | None:
    if "skills" not in node:
        return ()
    skills = check.text_list(node, "skills", minimum=0)
    if skills is None:
        return None
    unknown = [s for s in skills if s not in SKILLS]
    if unknown:
        check.report(
            node.line_of("skills"), f"unknown skill {', '.join(map(repr, unknown))} (known: {', '.join(SKILLS)})"
        )
        return None
    return tuple(skills)


def _points(node: LocatedMap, check: Checker) -> float | None:
    if "points" not in node:
        return 1.0
    points = number(node["points"])
    if points is None or points <= 0:
        check.report(node.line_of("points"), f"points must be a positive number, not {shown_value(node['points'])}")
        return None
    return points


def _sources(
    node: LocatedMap, check: Checker, *, required: bool, allowed: set[str] | frozenset[str]
) -> tuple[Source, ...] | None:
    if "sources" not in node:
        if required:
            check.report(node.line, "missing required key 'sources' (at least one article and quote)")
            return None
        return ()
    raw = node["sources"]
    if not isinstance(raw, LocatedList) or not raw:
        check.report(node.line_of("sources"), "'sources' must be a list of at least one {article, quote}")
        return None
    sources: list[Source] = []
    ok = True
    for item, line in zip(raw, raw.item_lines, strict=True):
        if not isinstance(item, LocatedMap):
            check.report(line, "each source must be a mapping with 'article' and 'quote'")
            ok = False
            continue
        check.unknown_keys(item, allowed, "source")
        article_id = check.article(item, "article")
        quote = check.text(item, "quote")
        claim = check.text(item, "claim", required=False) if "claim" in allowed else None
        if article_id is None or quote is None or ("claim" in item and claim is None):
            ok = False
            continue
        span = check.quote(article_id, quote, item.line_of("quote"))
        if span is None:
            ok = False
            continue
        sources.append(Source(article_id, quote, span, claim))
    return tuple(sources) if ok else None
