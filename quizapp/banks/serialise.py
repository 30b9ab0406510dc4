"""Questions as plain JSON-ready dicts: stored with each question version, and hashed to detect edits."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from quizapp.banks.model import Question, Source
from quizapp.corpus.span import Span
from quizapp.questions import KINDS, kind_of
from quizapp.questions.base import plain_number

# ``line`` says where the question stood in its file, which is not part of its content.
_NOT_CONTENT = {"line"}


def question_to_dict(question: Question) -> dict[str, Any]:
    """The question as JSON-ready data (sets sorted, spans as [start, end])."""
    data: dict[str, Any] = {"type": question.type}
    for f in dataclasses.fields(question):
        if f.name == "type":
            continue
        value = getattr(question, f.name)
        if f.metadata.get("omit_if_default") and value == f.default:
            continue  # a field added later: questions without it keep the content hash they had
        if f.name == "sources":
            value = [_source_to_dict(s) for s in value]
        elif isinstance(value, frozenset):
            value = [list(v) if isinstance(v, tuple) else v for v in sorted(value)]
        elif isinstance(value, Span):
            value = [value.start, value.end]
        elif dataclasses.is_dataclass(value):  # a kind's own small value, such as a tolerance
            value = dataclasses.asdict(value)  # type: ignore[arg-type]
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
    kind = KINDS[data.pop("type")]
    return kind.from_stored(data)


def content_hash(question: Question) -> str:
    """A stable hash of what the question says and accepts; the same after re-ordering or moving lines."""
    data = {k: v for k, v in question_to_dict(question).items() if k not in _NOT_CONTENT}
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def question_to_yaml_data(question: Question) -> dict[str, Any]:
    """The question as a bank file writes it: what the loader reads back into the same question.

    Sources lose their spans (the loader finds them again), an evidence question its answer's span,
    a tolerance becomes a number or a percentage, and defaults (no explanation, no skills, one point,
    no tolerance) are left out.
    """
    data = question_to_dict(question)
    # A grid source keeps the claim whose cell it backs.
    sources = [{key: s[key] for key in ("article", "claim", "quote") if key in s} for s in data["sources"]]
    data = {
        "id": data["id"],
        "type": data["type"],
        "prompt": data["prompt"],
        **kind_of(question).yaml_fields(question),
        "sources": sources,
        "explanation": data["explanation"],
        "skills": data["skills"],
        "points": data["points"],
    }
    # Defaults (no explanation, no skills, one point, no sources) are left out.
    if data["explanation"] is None:
        del data["explanation"]
    if not data["skills"]:
        del data["skills"]
    if data["points"] == 1.0:
        del data["points"]
    else:
        data["points"] = plain_number(data["points"])
    if not data["sources"]:
        del data["sources"]
    return data
