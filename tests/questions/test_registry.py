"""The kinds keep their own rules: every kind implements the whole interface, and nothing else names a kind."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

import pytest

from quizapp.banks.model import Question
from quizapp.questions import KINDS, Kind, kind_of
from quizapp.questions.base import Credit

PACKAGE = Path(__file__).resolve().parents[2] / "quizapp"
KIND_NAMES = sorted(KINDS)
DATACLASS_NAMES = sorted(kind.data.__name__ for kind in KINDS.values())


def _interface() -> list[str]:
    """Every abstract method and every class attribute the base class declares without a value."""
    return sorted(Kind.__abstractmethods__)


@pytest.mark.parametrize("name", KIND_NAMES)
def test_every_kind_implements_the_whole_interface(name: str) -> None:
    kind = KINDS[name]
    assert not inspect.isabstract(type(kind))
    for method in _interface():
        assert getattr(type(kind), method) is not getattr(Kind, method), f"{name} does not implement {method}"
    # Class attributes the base declares without a value: every kind must set them.
    for attribute in Kind.__annotations__:
        assert hasattr(type(kind), attribute), f"{name} does not set {attribute}"


@pytest.mark.parametrize("name", KIND_NAMES)
def test_each_kind_is_registered_under_its_dataclass_type(name: str) -> None:
    kind = KINDS[name]
    assert kind.name == name
    assert issubclass(kind.data, Question)
    assert dataclasses.is_dataclass(kind.data)
    assert kind.data.__dataclass_params__.frozen  # type: ignore[attr-defined]
    fields = {f.name: f for f in dataclasses.fields(kind.data)}
    assert fields["type"].default == name
    assert kind.data.__module__ == type(kind).__module__, "a kind's dataclass lives in the kind's own module"


def test_an_unknown_type_is_a_programming_error() -> None:
    @dataclasses.dataclass(frozen=True)
    class OddQuestion(Question):
        type: str = dataclasses.field(default="odd", init=False)

    with pytest.raises(ValueError, match="odd"):
        kind_of(OddQuestion(id="q", prompt="p"))


def test_a_kind_plugs_in_without_touching_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scoring and the tally reach a new kind through the registry alone."""
    from quizapp.analysis import response_distribution
    from quizapp.questions.choice import ChoiceKind, ChoiceQuestion
    from quizapp.scoring import score_response

    @dataclasses.dataclass(frozen=True)
    class HalfQuestion(ChoiceQuestion):
        type: str = dataclasses.field(default="half", init=False)

    class HalfKind(ChoiceKind):
        name = "half"
        data = HalfQuestion

        def credit(self, question: ChoiceQuestion, response: object) -> Credit:
            return Credit(0.5)

    monkeypatch.setitem(KINDS, "half", HalfKind())
    question = HalfQuestion(id="q", prompt="p", choices=("a", "b"), answer="a", points=4)
    score = score_response(question, "b")
    assert (score.earned, score.outcome) == (2, "partial")
    rows = response_distribution(question, ["a", "b", "b"])
    assert [(row.value, row.count) for row in rows] == [("a", 1), ("b", 2)]


# --------------------------------------------------------------------------------------------------
# Nothing outside quizapp/questions branches on a concrete kind
# --------------------------------------------------------------------------------------------------

_CLASS = "|".join(re.escape(name) for name in DATACLASS_NAMES)
_KIND = "|".join(re.escape(name) for name in KIND_NAMES)
PYTHON_BRANCHES = [
    # isinstance(question, ChoiceQuestion) / isinstance(q, Multi | Source) / type(q) is GridQuestion
    re.compile(rf"isinstance\([^)]*\b({_CLASS})\b"),
    re.compile(rf"\btype\([^)]*\)\s*(is|==)\s*({_CLASS})\b"),
    # question.type == "choice", .type in ("short", "numeric"), version.type != "evidence", {"grid": ...}[q.type]
    re.compile(rf"""\.type\s*(==|!=|in|not in)\s*[("'\[{{]\s*["']?({_KIND})\b"""),
    re.compile(rf"""["'](?:{_KIND})["']\s*(==|!=)\s*\w+\.type\b"""),
    re.compile(rf"""\{{\s*["'](?:{_KIND})["']\s*:"""),  # a dict keyed by kind names is a per-kind table
]
TEMPLATE_BRANCHES = [
    re.compile(rf"""\.type\s*(==|!=|in|not in)\s*[("'\[]\s*["']?({_KIND})\b"""),
    re.compile(rf"""["'](?:{_KIND})["']\s*:\s*["']"""),  # {"choice": "questions/_radio.html", ...}
]


def _offences(paths: list[Path], patterns: list[re.Pattern[str]]) -> list[str]:
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(pattern.search(line) for pattern in patterns):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    return found


def test_no_module_outside_the_kinds_branches_on_a_concrete_kind() -> None:
    modules = [p for p in PACKAGE.rglob("*.py") if "questions" not in p.relative_to(PACKAGE).parts[:1]]
    assert len(modules) > 40  # the whole package is searched
    assert _offences(modules, PYTHON_BRANCHES) == []


def test_no_template_branches_on_a_concrete_kind() -> None:
    templates = list((PACKAGE / "templates").rglob("*.html"))
    assert len(templates) > 20
    assert _offences(templates, TEMPLATE_BRANCHES) == []


@pytest.mark.parametrize(
    "line",
    [
        "if isinstance(question, ChoiceQuestion):",
        "if isinstance(question, MultiQuestion | SourceQuestion):",
        'if question.type in ("short", "numeric"):',
        'if column.version.type != "evidence" or "-" not in value:',
        '{"grid": 1}[question.type]',
        "if type(question) is GridQuestion:",
    ],
)
def test_the_branch_finder_finds_branches(line: str) -> None:
    """The rule above is only as good as its patterns: they catch the forms the old code used."""
    assert any(pattern.search(line) for pattern in PYTHON_BRANCHES)


@pytest.mark.parametrize(
    "line",
    [
        '{% elif q.type == "truefalse" %}',
        '{% set partials = {"choice": "questions/_radio.html"} %}',
        '{% if item.type == "numeric" %} inputmode="decimal"{% endif %}',
    ],
)
def test_the_branch_finder_finds_template_branches(line: str) -> None:
    assert any(pattern.search(line) for pattern in TEMPLATE_BRANCHES)
