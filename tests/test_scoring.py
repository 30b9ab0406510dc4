"""Scoring through the registry: Score, dispatch, and properties over random questions of every kind.

Each kind's own scoring rules are tested beside it, in tests/questions/test_<kind>.py.

No app and no database: questions are built directly from the bank dataclasses.
"""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.banks.model import Question, Span
from quizapp.questions import (
    ChoiceKind,
    ChoiceQuestion,
    Credit,
    EvidenceQuestion,
    GridQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    ShortQuestion,
    SourceQuestion,
    Tolerance,
    TrueFalseQuestion,
)
from quizapp.scoring import (
    Score,
    normalise_short_answer,
    parse_number,
    score_response,
)
from tests.questions.scores import assert_score, assert_unreadable

# --------------------------------------------------------------------------------------------------
# Score, the registry and dispatch
# --------------------------------------------------------------------------------------------------


def test_score_is_frozen() -> None:
    score = Score(earned=1.0, possible=1.0, outcome="correct")
    assert score.message is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        score.earned = 0.0  # type: ignore[misc]


@dataclasses.dataclass(frozen=True)
class OddQuestion(Question):
    """A question type nobody registered a scorer for."""

    type: str = dataclasses.field(default="odd", init=False)


def test_unknown_question_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="odd"):
        score_response(OddQuestion(id="q", prompt="p"), "anything")


def test_a_scorer_that_fails_costs_the_points_but_never_raises() -> None:
    class BrokenChoice(ChoiceKind):
        def credit(self, question: ChoiceQuestion, response: object) -> Credit:
            raise RuntimeError("boom")

    question = ChoiceQuestion(id="q", prompt="p", choices=("a", "b"), answer="a")
    assert_unreadable(BrokenChoice().grade(question, "a"))


def test_zero_point_question_still_reads_right_and_wrong() -> None:
    question = ChoiceQuestion(id="q", prompt="p", choices=("a", "b"), answer="a", points=0)
    assert_score(score_response(question, "a"), 0, 0, "correct")
    assert_score(score_response(question, "b"), 0, 0, "wrong")


def test_full_points_are_exactly_the_possible_points_even_when_odd() -> None:
    question = ChoiceQuestion(id="q", prompt="p", choices=("a", "b"), answer="a", points=0.123456789)
    score = score_response(question, "a")
    assert score.earned == score.possible == 0.123456789


def test_possible_is_a_float_even_for_integer_points() -> None:
    question = ChoiceQuestion(id="q", prompt="p", choices=("a", "b"), answer="a", points=3)
    score = score_response(question, "a")
    assert isinstance(score.possible, float)
    assert isinstance(score.earned, float)


# --------------------------------------------------------------------------------------------------
# Properties over random questions
# --------------------------------------------------------------------------------------------------

labels = st.text(min_size=1, max_size=12)
points = st.one_of(
    st.integers(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False),
)
spans = st.tuples(st.integers(0, 10_000), st.integers(1, 500)).map(lambda t: Span(t[0], t[0] + t[1]))

# Everything a hostile or confused form might send, of every shape.
anything = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=10**300, max_value=10**400),
        st.floats(),
        st.fractions(),
        st.text(),
        st.binary(),
        spans,
        st.builds(Span, st.integers(), st.integers()),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.tuples(inner, inner),
        st.frozensets(st.one_of(st.text(), st.integers()), max_size=5),
        st.dictionaries(st.one_of(st.text(), st.integers()), inner, max_size=5),
    ),
    max_leaves=10,
)


@st.composite
def choice_questions(draw: st.DrawFn) -> ChoiceQuestion:
    choices = draw(st.lists(labels, min_size=1, max_size=6, unique=True))
    return ChoiceQuestion(
        id="q", prompt="p", choices=tuple(choices), answer=draw(st.sampled_from(choices)), points=draw(points)
    )


@st.composite
def multi_questions(draw: st.DrawFn, cls: type[MultiQuestion] | type[SourceQuestion] = MultiQuestion) -> Question:
    choices = draw(st.lists(labels, min_size=1, max_size=8, unique=True))
    answers = draw(st.frozensets(st.sampled_from(choices), min_size=1))
    return cls(id="q", prompt="p", choices=tuple(choices), answers=answers, points=draw(points))


def truefalse_questions() -> st.SearchStrategy[TrueFalseQuestion]:
    return st.builds(TrueFalseQuestion, id=st.just("q"), prompt=st.just("p"), answer=st.booleans(), points=points)


short_keys = st.text(min_size=1, max_size=20).filter(lambda s: normalise_short_answer(s) != "")


def short_questions() -> st.SearchStrategy[ShortQuestion]:
    return st.builds(
        ShortQuestion,
        id=st.just("q"),
        prompt=st.just("p"),
        answers=st.lists(short_keys, min_size=1, max_size=4).map(tuple),
        points=points,
    )


def numeric_questions() -> st.SearchStrategy[NumericQuestion]:
    tolerances = st.builds(
        Tolerance,
        value=st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
        relative=st.booleans(),
    )
    return st.builds(
        NumericQuestion,
        id=st.just("q"),
        prompt=st.just("p"),
        answer=st.floats(allow_nan=False, allow_infinity=False),
        tolerance=tolerances,
        points=points,
    )


@st.composite
def match_questions(draw: st.DrawFn) -> MatchQuestion:
    lefts = draw(st.lists(labels, min_size=1, max_size=6, unique=True))
    rights = draw(st.lists(labels, min_size=len(lefts), max_size=len(lefts)))
    return MatchQuestion(
        id="q",
        prompt="p",
        pairs=tuple(zip(lefts, rights, strict=True)),
        distractors=tuple(draw(st.lists(labels, max_size=3))),
        points=draw(points),
    )


def evidence_questions() -> st.SearchStrategy[EvidenceQuestion]:
    return st.builds(
        EvidenceQuestion,
        id=st.just("q"),
        prompt=st.just("p"),
        article=st.just("000_a"),
        answer=st.just("quote"),
        answer_span=spans,
        points=points,
    )


@st.composite
def grid_questions(draw: st.DrawFn) -> GridQuestion:
    claims = draw(st.lists(labels, min_size=1, max_size=5, unique=True))
    articles = draw(st.lists(labels, min_size=2, max_size=5, unique=True))
    cells = [(claim, article) for claim in claims for article in articles]
    # As the validator demands: at least one ticked cell.
    answers = draw(st.frozensets(st.sampled_from(cells), min_size=1))
    return GridQuestion(
        id="q", prompt="p", claims=tuple(claims), articles=tuple(articles), answers=answers, points=draw(points)
    )


def key_of(question: Question) -> object:
    """The response that is the key itself."""
    if isinstance(question, ChoiceQuestion | TrueFalseQuestion):
        return question.answer
    if isinstance(question, MultiQuestion | SourceQuestion):
        return set(question.answers)
    if isinstance(question, ShortQuestion):
        return question.answers[0]
    if isinstance(question, NumericQuestion):
        return str(question.answer)
    if isinstance(question, MatchQuestion):
        return dict(question.pairs)
    if isinstance(question, EvidenceQuestion):
        return question.answer_span
    if isinstance(question, GridQuestion):
        return {claim: list(question.carriers(claim)) for claim in question.claims}
    raise AssertionError(f"no key for {question.type}")


questions = st.one_of(
    choice_questions(),
    multi_questions(),
    multi_questions(SourceQuestion),
    truefalse_questions(),
    short_questions(),
    numeric_questions(),
    match_questions(),
    evidence_questions(),
    grid_questions(),
)


@st.composite
def plausible_responses(draw: st.DrawFn, question: Question) -> object:
    """Responses built from the question's own material, so that partial credit is actually reached."""
    if isinstance(question, ChoiceQuestion):
        return draw(st.sampled_from(question.choices) | st.text())
    if isinstance(question, MultiQuestion | SourceQuestion):
        return draw(st.lists(st.sampled_from(question.choices) | st.text(max_size=3), max_size=10))
    if isinstance(question, TrueFalseQuestion):
        return draw(st.booleans() | st.sampled_from(["true", "FALSE", " True ", "maybe"]))
    if isinstance(question, ShortQuestion):
        return draw(st.sampled_from(question.answers).map(lambda s: f"  {s.upper()}. ") | st.text())
    if isinstance(question, NumericQuestion):
        return draw(st.floats(allow_nan=False).map(str) | st.floats() | st.text(alphabet="0123456789,. -e"))
    if isinstance(question, MatchQuestion):
        lefts = [left for left, _ in question.pairs]
        return draw(st.dictionaries(st.sampled_from(lefts) | st.text(), st.sampled_from(question.rights)))
    if isinstance(question, EvidenceQuestion):
        return draw(spans | st.tuples(st.integers(-10, 20_000), st.integers(-10, 20_000)))
    if isinstance(question, GridQuestion):
        rows = st.lists(st.sampled_from(question.articles) | st.text(max_size=3), max_size=6)
        return draw(st.dictionaries(st.sampled_from(question.claims) | st.text(max_size=3), rows))
    raise AssertionError(f"no responses for {question.type}")


def assert_within_bounds(score: Score, question: Question) -> None:
    assert score.possible == question.points
    assert 0 <= score.earned <= score.possible
    assert score.outcome in ("correct", "partial", "wrong")
    if score.outcome == "correct":
        assert score.earned == score.possible
    if score.outcome == "wrong":
        assert score.earned == 0
    if score.outcome == "partial":
        assert score.earned <= score.possible
    assert score.message is None or (isinstance(score.message, str) and score.message)
    assert round(score.earned, 6) == score.earned or score.earned == score.possible


@given(questions)
def test_the_key_always_scores_full_points(question: Question) -> None:
    score = score_response(question, key_of(question))
    assert score.outcome == "correct"
    assert score.earned == score.possible == question.points
    assert score.message is None


@given(questions, anything)
def test_any_response_scores_within_bounds(question: Question, response: object) -> None:
    assert_within_bounds(score_response(question, response), question)


@given(st.data())
def test_plausible_responses_score_within_bounds(data: st.DataObject) -> None:
    question = data.draw(questions)
    assert_within_bounds(score_response(question, data.draw(plausible_responses(question))), question)


@given(multi_questions(), st.data())
def test_multi_score_is_the_formula(question: MultiQuestion, data: st.DataObject) -> None:
    picks = data.draw(st.lists(st.sampled_from(question.choices) | st.text(max_size=3), max_size=10))
    right = len(set(picks) & question.answers)
    wrong = len(set(picks) - question.answers)
    expected = question.points * max(0.0, (right - wrong) / len(question.answers))
    assert score_response(question, picks).earned == pytest.approx(expected, abs=1e-6)


@given(multi_questions(), st.data())
def test_multi_picking_more_of_the_key_never_lowers_the_score(question: MultiQuestion, data: st.DataObject) -> None:
    picks = data.draw(st.frozensets(st.sampled_from(question.choices)))
    more = picks | {data.draw(st.sampled_from(sorted(question.answers)))}
    assert score_response(question, more).earned >= score_response(question, picks).earned


@given(match_questions(), st.data())
def test_match_score_counts_matched_pairs(question: MatchQuestion, data: st.DataObject) -> None:
    keep = data.draw(st.lists(st.booleans(), min_size=len(question.pairs), max_size=len(question.pairs)))
    response = {left: right for (left, right), kept in zip(question.pairs, keep, strict=True) if kept}
    expected = question.points * sum(keep) / len(question.pairs)
    assert score_response(question, response).earned == pytest.approx(expected, abs=1e-6)


@given(short_questions(), st.data())
def test_short_answers_survive_case_spacing_and_punctuation(question: ShortQuestion, data: st.DataObject) -> None:
    answer = data.draw(st.sampled_from(question.answers))
    assert score_response(question, f" \u201c{answer.casefold()}\u201d.  ").outcome == "correct"


@given(st.text())
def test_normalise_short_answer_is_idempotent_and_tidy(text: str) -> None:
    folded = normalise_short_answer(text)
    assert normalise_short_answer(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded
    assert folded == folded.casefold()


@given(st.text())
def test_parse_number_never_raises_and_is_finite(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parse_number_reads_python_floats_exactly(value: float) -> None:
    assert parse_number(str(value)) == value
    assert parse_number(repr(value)) == value


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from([",", " ", "\u00a0", "\u202f"]))
def test_parse_number_reads_grouped_integers(value: int, separator: str) -> None:
    text = f"{value:,}".replace(",", separator)
    assert parse_number(text) == value
    assert parse_number(f"  {text}\t") == value


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_parse_number_reads_grouped_decimals(value: Decimal) -> None:
    text = f"{value:,.2f}"
    assert parse_number(text) == pytest.approx(float(text.replace(",", "")))
    assert parse_number(text.replace(",", " ").replace(".", ",")) == pytest.approx(float(text.replace(",", "")))


@given(numeric_questions(), st.floats(allow_nan=False, allow_infinity=False))
def test_numeric_agrees_with_the_tolerance(question: NumericQuestion, value: float) -> None:
    expected = "correct" if question.tolerance.allows(question.answer, value) else "wrong"
    assert score_response(question, str(value)).outcome == expected
    assert score_response(question, value).outcome == expected


@given(evidence_questions(), spans)
def test_evidence_agrees_with_span_overlaps(question: EvidenceQuestion, span: Span) -> None:
    expected = "correct" if span.overlaps(question.answer_span) else "wrong"
    assert score_response(question, span).outcome == expected
    assert score_response(question, (span.start, span.end)).outcome == expected
    assert score_response(question, [span.start, span.end]).outcome == expected


@given(grid_questions(), st.data())
def test_grid_score_is_the_share_of_cells_right(question: GridQuestion, data: st.DataObject) -> None:
    ticked = data.draw(st.frozensets(st.sampled_from(question.cells), min_size=1))
    response: dict[str, list[str]] = {}
    for claim, article in ticked:
        response.setdefault(claim, []).append(article)
    right = sum(1 for cell in question.cells if (cell in ticked) == (cell in question.answers))
    expected = question.points * right / len(question.cells)
    assert score_response(question, response).earned == pytest.approx(expected, abs=1e-6)


@given(grid_questions(), st.data())
def test_grid_turning_a_wrong_cell_right_never_lowers_the_score(question: GridQuestion, data: st.DataObject) -> None:
    ticked = set(data.draw(st.frozensets(st.sampled_from(question.cells), min_size=1)))
    wrong = [cell for cell in question.cells if (cell in ticked) != (cell in question.answers)]
    if not wrong:
        return
    cell = data.draw(st.sampled_from(wrong))
    fixed = ticked ^ {cell}
    if not fixed:
        return  # unticking the only tick leaves no answer, which earns nothing by design

    def as_response(cells: set[tuple[str, str]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for claim, article in cells:
            out.setdefault(claim, []).append(article)
        return out

    before = score_response(question, as_response(ticked)).earned
    after = score_response(question, as_response(fixed)).earned
    assert after >= before
