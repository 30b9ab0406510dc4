"""Questions as plain JSON-ready dicts: stored with each question version, and hashed to detect edits."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from quizapp.banks.model import (
    ChoiceQuestion,
    EvidenceQuestion,
    GridQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    Question,
    ShortQuestion,
    Source,
    SourceQuestion,
    Span,
    Tolerance,
    TrueFalseQuestion,
)

_CLASSES: dict[str, type[Question]] = {
    cls.type: cls  # type: ignore[misc]
    for cls in (
        ChoiceQuestion,
        MultiQuestion,
        TrueFalseQuestion,
        ShortQuestion,
        NumericQuestion,
        MatchQuestion,
        SourceQuestion,
        EvidenceQuestion,
        GridQuestion,
    )
}
# ``line`` says where the question stood in its file, which is not part of its content.
_NOT_CONTENT = {"line"}


def question_to_dict(question: Question) -> dict[str, Any]:
    """The question as JSON-ready data (sets sorted, spans as [start, end])."""
    data: dict[str, Any] = {"type": question.type}
    for f in dataclasses.fields(question):
        if f.name == "type":
            continue
        value = getattr(question, f.name)
        if f.name == "sources":
            value = [_source_to_dict(s) for s in value]
        elif isinstance(value, frozenset):
            value = [list(v) if isinstance(v, tuple) else v for v in sorted(value)]
        elif isinstance(value, Span):
            value = [value.start, value.end]
        elif isinstance(value, Tolerance):
            value = {"value": value.value, "relative": value.relative}
        elif isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        data[f.name] = value
    return data


def _source_to_dict(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {
        "article": source.article,
        "quote": source.quote,
        "span": [source.span.start, source.span.end],
    }
    # Only grid sources name a claim; leaving the key out otherwise keeps every older content hash.
    if source.claim is not None:
        data["claim"] = source.claim
    return data


def question_from_dict(data: dict[str, Any]) -> Question:
    """Rebuild a question from :func:`question_to_dict`'s output."""
    data = dict(data)
    cls = _CLASSES[data.pop("type")]
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data or not f.init:
            continue
        value = data[f.name]
        if f.name == "sources":
            value = tuple(Source(s["article"], s["quote"], Span(*s["span"]), s.get("claim")) for s in value)
        elif f.name == "answer_span":
            value = Span(*value)
        elif f.name == "tolerance":
            value = Tolerance(value["value"], value["relative"])
        elif f.name == "answers" and cls in (MultiQuestion, SourceQuestion):
            value = frozenset(value)
        elif f.name == "answers" and cls is GridQuestion:
            value = frozenset((claim, article) for claim, article in value)
        elif f.name == "pairs":
            value = tuple((left, right) for left, right in value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def content_hash(question: Question) -> str:
    """A stable hash of what the question says and accepts; the same after re-ordering or moving lines."""
    data = {k: v for k, v in question_to_dict(question).items() if k not in _NOT_CONTENT}
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# Keys in the order a bank file shows them; anything a type adds goes after its own keys.
_YAML_ORDER = ("id", "type", "prompt")
_YAML_LAST = ("sources", "explanation", "skills", "points")


def question_to_yaml_data(question: Question) -> dict[str, Any]:
    """The question as a bank file writes it: what the loader reads back into the same question.

    Sources lose their spans (the loader finds them again), an evidence question its answer's span,
    a tolerance becomes a number or a percentage, and defaults (no explanation, no skills, one point,
    no tolerance) are left out.
    """
    data = question_to_dict(question)
    data.pop("line", None)
    data.pop("answer_span", None)
    # A grid source keeps the claim whose cell it backs.
    data["sources"] = [
        {key: s[key] for key in ("article", "claim", "quote") if key in s} for s in data["sources"]
    ]
    if isinstance(question, GridQuestion):
        # The file maps each claim to the articles that carry it; claims with none are left out.
        data["answers"] = {c: list(question.carriers(c)) for c in question.claims if question.carriers(c)}
    tolerance = data.pop("tolerance", None)
    if tolerance and tolerance["value"]:
        data["tolerance"] = f"{tolerance['value'] * 100:g}%" if tolerance["relative"] else _plain(tolerance["value"])
    if isinstance(question, NumericQuestion):
        data["answer"] = _plain(data["answer"])
    if data.get("explanation") is None:
        data.pop("explanation", None)
    if not data.get("skills"):
        data.pop("skills", None)
    if data.get("points") == 1.0:
        data.pop("points")
    else:
        data["points"] = _plain(data["points"])
    if not data["sources"]:
        data.pop("sources")
    first = {k: data[k] for k in _YAML_ORDER if k in data}
    last = {k: data[k] for k in _YAML_LAST if k in data}
    middle = {k: v for k, v in data.items() if k not in first and k not in last}
    return {**first, **middle, **last}


def _plain(number: float) -> int | float:
    """A whole number as an int, so a file says 178622 rather than 178622.0."""
    return int(number) if float(number).is_integer() else number
