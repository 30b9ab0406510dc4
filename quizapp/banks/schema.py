"""The bank format: the one place that knows which keys a bank and each question type may have.

Each question type is a small class in :data:`QUESTION_TYPES` that lists its keys and builds its
typed :mod:`quizapp.banks.model` object from the YAML mapping, reporting located problems through a
:class:`Checker`. Adding a type touches this registry, the model and the scorer's registry.
"""

from __future__ import annotations

import difflib
import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from quizapp.banks.model import (
    SKILLS,
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
from quizapp.banks.problems import Problem
from quizapp.banks.yaml_source import LocatedList, LocatedMap
from quizapp.corpus.articles import Corpus, closest_passage, find_quote

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
BANK_KEYS = {"bank": True, "title": True, "description": False, "questions": True}  # key: required
COMMON_KEYS = {"id", "type", "prompt", "sources", "explanation", "skills", "points"}
SOURCE_KEYS = {"article", "quote"}
GRID_SOURCE_KEYS = SOURCE_KEYS | {"claim"}  # a grid's source says which claim its quote backs
_TOLERANCE = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*%\s*$")


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

    def text(self, node: LocatedMap, key: str, *, required: bool = True) -> str | None:
        """A non-empty string value (numbers are accepted as their text), or None after reporting."""
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
        return value

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
        items: list[str] = []
        for item, item_line in zip(value, value.item_lines, strict=True):
            if isinstance(item, bool) or item is None or isinstance(item, LocatedMap | LocatedList):
                self.report(item_line, f"every item of '{key}' must be text")
                return None
            text = str(item).strip()
            if not text:
                self.report(item_line, f"'{key}' has an empty item")
                return None
            if text in items:
                self.report(item_line, f"'{key}' lists {text!r} twice")
                return None
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

    def unknown_keys(self, node: LocatedMap, allowed: set[str], what: str) -> None:
        """Report every key of ``node`` not in ``allowed``."""
        for key in node:
            if key not in allowed:
                suggestion = _suggest(key, allowed)
                self.report(node.line_of(key), f"unknown key '{key}' in {what}{suggestion}")


def _suggest(key: str, allowed: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


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


class QuestionType(ABC):
    """A question type: its own keys (besides the common ones) and how to build it."""

    name: ClassVar[str]
    keys: ClassVar[set[str]]
    needs_sources: ClassVar[bool] = True
    source_keys: ClassVar[set[str]] = SOURCE_KEYS

    @abstractmethod
    def build(self, node: LocatedMap, common: Common, check: Checker) -> Question:
        """Build the typed question, or report problems and raise :class:`Invalid`."""


def _require(value: Any) -> Any:
    if value is None:
        raise Invalid
    return value


class ChoiceType(QuestionType):
    name = "choice"
    keys = {"choices", "answer"}

    def build(self, node, common, check):
        choices = check.text_list(node, "choices", minimum=2)
        answer = check.text(node, "answer")
        if choices is not None and answer is not None and answer not in choices:
            check.report(node.line_of("answer"), f"answer {answer!r} is not one of the choices")
            raise Invalid
        return ChoiceQuestion(**common.fields(), choices=tuple(_require(choices)), answer=_require(answer))


def _subset(node: LocatedMap, check: Checker, choices: list[str] | None, answers: list[str] | None) -> None:
    if choices is None or answers is None:
        raise Invalid
    stray = [a for a in answers if a not in choices]
    if stray:
        check.report(node.line_of("answers"), f"answers not among the choices: {', '.join(map(repr, stray))}")
        raise Invalid


class MultiType(QuestionType):
    name = "multi"
    keys = {"choices", "answers"}

    def build(self, node, common, check):
        choices = check.text_list(node, "choices", minimum=2)
        answers = check.text_list(node, "answers")
        _subset(node, check, choices, answers)
        return MultiQuestion(**common.fields(), choices=tuple(choices), answers=frozenset(answers))


class TrueFalseType(QuestionType):
    name = "truefalse"
    keys = {"answer"}

    def build(self, node, common, check):
        if "answer" not in node:
            check.report(node.line, "missing required key 'answer'")
            raise Invalid
        if not isinstance(node["answer"], bool):
            check.report(node.line_of("answer"), "answer must be true or false")
            raise Invalid
        return TrueFalseQuestion(**common.fields(), answer=node["answer"])


class ShortType(QuestionType):
    name = "short"
    keys = {"answers"}

    def build(self, node, common, check):
        answers = _require(check.text_list(node, "answers"))
        return ShortQuestion(**common.fields(), answers=tuple(answers))


class NumericType(QuestionType):
    name = "numeric"
    keys = {"answer", "tolerance"}

    def build(self, node, common, check):
        if "answer" not in node:
            check.report(node.line, "missing required key 'answer'")
            raise Invalid
        answer = _number(node["answer"])
        if answer is None:
            check.report(node.line_of("answer"), f"answer must be a number, not {node['answer']!r}")
        tolerance = Tolerance()
        if "tolerance" in node:
            tolerance = self._tolerance(node, check)
        return NumericQuestion(**common.fields(), answer=_require(answer), tolerance=_require(tolerance))

    @staticmethod
    def _tolerance(node: LocatedMap, check: Checker) -> Tolerance | None:
        raw = node["tolerance"]
        number = _number(raw)
        if number is not None and number >= 0:
            return Tolerance(number)
        if isinstance(raw, str) and (match := _TOLERANCE.match(raw)):
            return Tolerance(float(match.group(1)) / 100, relative=True)
        check.report(
            node.line_of("tolerance"),
            f"tolerance must be a non-negative number or a percentage like '2%', not {raw!r}",
        )
        return None


class MatchType(QuestionType):
    name = "match"
    keys = {"pairs", "distractors"}

    def build(self, node, common, check):
        pairs = self._pairs(node, check)
        distractors: list[str] = []
        if "distractors" in node:
            distractors = _require(check.text_list(node, "distractors", minimum=0))
        if pairs is not None:
            rights = {right for _, right in pairs}
            for item in distractors:
                if item in rights:
                    check.report(node.line_of("distractors"), f"distractor {item!r} is also a right-hand answer")
                    raise Invalid
        return MatchQuestion(**common.fields(), pairs=tuple(_require(pairs)), distractors=tuple(distractors))

    @staticmethod
    def _pairs(node: LocatedMap, check: Checker) -> list[tuple[str, str]] | None:
        if "pairs" not in node:
            check.report(node.line, "missing required key 'pairs'")
            return None
        raw = node["pairs"]
        if not isinstance(raw, LocatedList) or len(raw) < 2:
            check.report(node.line_of("pairs"), "'pairs' must be a list of at least two [left, right] pairs")
            return None
        pairs: list[tuple[str, str]] = []
        lefts: set[str] = set()
        for item, line in zip(raw, raw.item_lines, strict=True):
            if (
                not isinstance(item, LocatedList)
                or len(item) != 2
                or any(isinstance(x, bool | LocatedMap | LocatedList) or x is None or not str(x).strip() for x in item)
            ):
                check.report(line, "each pair must be a list of two texts: [left, right]")
                return None
            left, right = str(item[0]).strip(), str(item[1]).strip()
            if left in lefts:
                check.report(line, f"duplicate left item {left!r} in 'pairs'")
                return None
            lefts.add(left)
            pairs.append((left, right))
        return pairs


class SourceType(QuestionType):
    name = "source"
    keys = {"choices", "answers"}

    def build(self, node, common, check):
        choices = list(check.corpus) if "choices" not in node else check.text_list(node, "choices", minimum=2)
        answers = check.text_list(node, "answers")
        for key, ids in (("choices", choices), ("answers", answers)):
            unknown = [a for a in ids or () if a not in check.corpus]
            if unknown:
                check.report(node.line_of(key), f"unknown article {', '.join(map(repr, unknown))} in '{key}'")
                raise Invalid
        _subset(node, check, choices, answers)
        return SourceQuestion(**common.fields(), choices=tuple(choices), answers=frozenset(answers))


class EvidenceType(QuestionType):
    name = "evidence"
    keys = {"article", "answer"}
    needs_sources = False

    def build(self, node, common, check):
        article_id = check.article(node, "article")
        answer = check.text(node, "answer")
        span = None
        if article_id is not None and answer is not None:
            span = check.quote(article_id, answer, node.line_of("answer"))
        return EvidenceQuestion(
            **common.fields(), article=_require(article_id), answer=_require(answer), answer_span=_require(span)
        )


class GridType(QuestionType):
    """Claims by articles: ``answers`` maps each claim to the articles that carry it.

    Every ticked cell must be backed by a source naming that claim and article, whose quote the
    article really holds; so the key can always show the student where each tick comes from.
    """

    name = "grid"
    keys = {"claims", "articles", "answers"}
    source_keys = GRID_SOURCE_KEYS

    def build(self, node, common, check):
        claims = check.text_list(node, "claims", minimum=1)
        articles = self._articles(node, check)
        if claims is None or articles is None:
            raise Invalid
        answers = self._answers(node, check, claims, articles)
        self._backing(node, check, claims, articles, answers)
        return GridQuestion(
            **common.fields(), claims=tuple(claims), articles=tuple(articles), answers=frozenset(answers)
        )

    @staticmethod
    def _articles(node: LocatedMap, check: Checker) -> list[str] | None:
        articles = check.text_list(node, "articles", minimum=2)
        if articles is None:
            return None
        raw = node["articles"]
        for article_id, line in zip(articles, raw.item_lines, strict=True):
            if article_id not in check.corpus:
                check.report(line, f"unknown article '{article_id}' in 'articles' (known: {', '.join(check.corpus)})")
                return None
        return articles

    @staticmethod
    def _answers(node: LocatedMap, check: Checker, claims: list[str], articles: list[str]) -> list[tuple[str, str]]:
        if "answers" not in node:
            check.report(node.line, "missing required key 'answers' (each claim and the articles that carry it)")
            raise Invalid
        raw = node["answers"]
        if not isinstance(raw, LocatedMap):
            check.report(node.line_of("answers"), "'answers' must map each claim to a list of article ids")
            raise Invalid
        cells: list[tuple[str, str]] = []
        ok = True
        for claim, carriers in raw.items():
            line = raw.line_of(claim)
            claim = str(claim).strip()
            if claim not in claims:
                check.report(
                    line, f"answers name claim {claim!r}, which is not in 'claims'{_suggest(claim, set(claims))}"
                )
                ok = False
                continue
            if carriers is None:
                continue  # "claim:" with nothing after it: no article carries it
            if not isinstance(carriers, LocatedList) or any(
                isinstance(x, bool | LocatedMap | LocatedList) or x is None for x in carriers
            ):
                check.report(line, f"answers for claim {claim!r} must be a list of article ids, like [id1, id2]")
                ok = False
                continue
            for article_id, item_line in zip(carriers, carriers.item_lines, strict=True):
                article_id = str(article_id).strip()
                if article_id not in articles:
                    check.report(
                        item_line,
                        f"answers tick article {article_id!r} for claim {claim!r}, but it is not in 'articles'"
                        f"{_suggest(article_id, set(articles))}",
                    )
                    ok = False
                elif (claim, article_id) in cells:
                    check.report(item_line, f"answers tick article {article_id!r} twice for claim {claim!r}")
                    ok = False
                else:
                    cells.append((claim, article_id))
        if not ok:
            raise Invalid
        if not cells:
            check.report(node.line_of("answers"), "the grid is empty: 'answers' ticks no cell")
            raise Invalid
        return cells

    @staticmethod
    def _backing(
        node: LocatedMap,
        check: Checker,
        claims: list[str],
        articles: list[str],
        cells: list[tuple[str, str]],
    ) -> None:
        """Every ticked cell has a source for its claim in its article; every claimed source backs a ticked cell."""
        raw = node.get("sources")
        if not isinstance(raw, LocatedList):
            raise Invalid  # the common checks have reported it
        backed: set[tuple[str, str]] = set()
        ok = True
        for item in raw:
            if not isinstance(item, LocatedMap) or "claim" not in item:
                continue  # a source without a claim is context, shown with the results
            claim, article_id = item.get("claim"), item.get("article")
            if not isinstance(claim, str) or not isinstance(article_id, str):
                continue  # reported by the common checks
            claim, article_id = claim.strip(), article_id.strip()
            if article_id not in check.corpus:
                continue  # reported by the common checks
            claim_line = item.line_of("claim")
            if claim not in claims:
                check.report(
                    claim_line, f"source names claim {claim!r}, which is not in 'claims'{_suggest(claim, set(claims))}"
                )
                ok = False
            elif article_id not in articles:
                check.report(
                    item.line_of("article"),
                    f"source for claim {claim!r} quotes {article_id}, which is not in 'articles'",
                )
                ok = False
            elif (claim, article_id) not in cells:
                check.report(
                    claim_line,
                    f"source shows {article_id} carrying claim {claim!r}, but 'answers' does not tick that cell",
                )
                ok = False
            else:
                backed.add((claim, article_id))
        answers = node["answers"]
        for claim, article_id in cells:
            if (claim, article_id) not in backed:
                check.report(
                    answers.line_of(claim),
                    f"claim {claim!r} is ticked for {article_id} but no source backs it: add a source with "
                    f"article: {article_id}, claim: {claim!r} and the quote",
                )
                ok = False
        if not ok:
            raise Invalid


QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t()
    for t in (
        ChoiceType,
        MultiType,
        TrueFalseType,
        ShortType,
        NumericType,
        MatchType,
        SourceType,
        EvidenceType,
        GridType,
    )
}


def build_question(node: Any, line: int, check: Checker) -> Question | None:
    """Check one question mapping and build it; every problem found is reported."""
    check.question = None
    if not isinstance(node, LocatedMap):
        check.report(line, "each question must be a mapping of keys (id, type, prompt, ...)")
        return None
    question_id = node.get("id")
    check.question = str(question_id) if isinstance(question_id, str | int) and str(question_id) else None
    if check.question is None:
        check.report(node.line, "question has no 'id'" if "id" not in node else "'id' must be text")
    elif not ID_PATTERN.match(check.question):
        check.report(node.line_of("id"), "id may hold only a-z, 0-9 and '-' (and not start or end with '-')")

    type_name = node.get("type")
    kind = QUESTION_TYPES.get(type_name) if isinstance(type_name, str) else None
    if "type" not in node:
        check.report(node.line, "missing required key 'type'")
    elif kind is None:
        check.report(node.line_of("type"), f"unknown type {type_name!r} (known: {', '.join(QUESTION_TYPES)})")
    allowed = COMMON_KEYS | (kind.keys if kind else set().union(*(t.keys for t in QUESTION_TYPES.values())))
    check.unknown_keys(node, allowed, "question")

    prompt = check.text(node, "prompt")
    explanation = check.text(node, "explanation", required=False)
    skills = _skills(node, check)
    points = _points(node, check)
    source_keys = kind.source_keys if kind else set().union(*(t.source_keys for t in QUESTION_TYPES.values()))
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
    points = _number(node["points"])
    if points is None or points <= 0:
        check.report(node.line_of("points"), f"points must be a positive number, not {node['points']!r}")
        return None
    return points


def _sources(node: LocatedMap, check: Checker, *, required: bool, allowed: set[str]) -> tuple[Source, ...] | None:
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
