"""Scoring: every question type, the number and short-answer readers, and properties over random questions.

No app and no database: questions are built directly from the bank dataclasses.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

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

NO_NUMBER = "No number could be read"


def assert_score(score: Score, earned: float, possible: float, outcome: str) -> None:
    """Check the three numbers of a score at once, so that a failure shows all of them."""
    assert (score.earned, score.possible, score.outcome) == (pytest.approx(earned), possible, outcome)


def assert_no_answer(score: Score) -> None:
    """A missing answer: nothing earned, wrong, and no message (there is nothing to explain)."""
    assert score.earned == 0
    assert score.outcome == "wrong"
    assert score.message is None


def assert_unreadable(score: Score) -> None:
    """An unreadable answer: nothing earned, wrong, and a message saying so."""
    assert score.earned == 0
    assert score.outcome == "wrong"
    assert isinstance(score.message, str) and score.message


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
# choice
# --------------------------------------------------------------------------------------------------

CHOICE = ChoiceQuestion(
    id="q", prompt="Who wrote it?", choices=("The AP", "Newsweek", "A blog"), answer="The AP", points=2
)


def test_choice_right() -> None:
    assert_score(score_response(CHOICE, "The AP"), 2, 2, "correct")


def test_choice_other_choice_is_wrong() -> None:
    score = score_response(CHOICE, "Newsweek")
    assert_score(score, 0, 2, "wrong")
    assert score.message is None


@pytest.mark.parametrize("response", ["The AP ", " The AP", "the ap", "THE AP", "The  AP"])
def test_choice_must_be_exact(response: str) -> None:
    assert_score(score_response(CHOICE, response), 0, 2, "wrong")


def test_choice_not_among_choices_is_just_wrong() -> None:
    score = score_response(CHOICE, "Reuters")
    assert_score(score, 0, 2, "wrong")
    assert score.message is None


@pytest.mark.parametrize("response", [None, "", "   "])
def test_choice_no_answer(response: object) -> None:
    assert_no_answer(score_response(CHOICE, response))  # "   " is no answer because it is no choice


def test_choice_texts_are_exact_even_when_blank() -> None:
    question = ChoiceQuestion(id="q", prompt="p", choices=(" ", "x"), answer=" ")
    assert score_response(question, " ").outcome == "correct"
    assert score_response(question, "  ").outcome == "wrong"


@pytest.mark.parametrize("response", [{"The AP": 1}, ["The AP"], 5, True, b"The AP", 3.5])
def test_choice_hostile_types(response: object) -> None:
    assert_unreadable(score_response(CHOICE, response))


def test_choice_unicode() -> None:
    question = ChoiceQuestion(id="q", prompt="p", choices=("López", "Lopez"), answer="López")
    assert score_response(question, "López").outcome == "correct"
    assert score_response(question, "Lopez").outcome == "wrong"


# --------------------------------------------------------------------------------------------------
# multi and source
# --------------------------------------------------------------------------------------------------

MULTI = MultiQuestion(
    id="q", prompt="p", choices=("A", "B", "C", "D", "E"), answers=frozenset({"A", "B", "C"}), points=3
)


@pytest.mark.parametrize(
    ("picks", "earned", "outcome"),
    [
        (["A", "B", "C"], 3, "correct"),
        (["C", "B", "A"], 3, "correct"),
        (["A", "B", "D"], 3 * (2 - 1) / 3, "partial"),  # the worked example: (right - wrong) / answers
        (["A", "B"], 3 * 2 / 3, "partial"),
        (["A"], 3 * 1 / 3, "partial"),
        (["A", "B", "C", "D"], 3 * (3 - 1) / 3, "partial"),
        (["A", "B", "C", "D", "E"], 3 * (3 - 2) / 3, "partial"),
        (["A", "D"], 0, "wrong"),  # 1 - 1 = 0
        (["A", "D", "E"], 0, "wrong"),  # 1 - 2 < 0 is floored at zero
        (["D", "E"], 0, "wrong"),
        (["D"], 0, "wrong"),
    ],
)
def test_multi_partial_credit(picks: list[str], earned: float, outcome: str) -> None:
    assert_score(score_response(MULTI, picks), earned, 3, outcome)


def test_multi_fractional_points_are_rounded() -> None:
    question = dataclasses.replace(MULTI, points=2.5)
    score = score_response(question, ["A", "B", "D"])
    assert score.earned == 0.833333  # 2.5 * (2 - 1) / 3, rounded to 6 places
    assert score.outcome == "partial"


def test_multi_duplicate_picks_count_once() -> None:
    assert_score(score_response(MULTI, ["A", "A", "A"]), 1, 3, "partial")
    assert_score(score_response(MULTI, ["A", "B", "C", "C"]), 3, 3, "correct")
    assert_score(score_response(MULTI, ["A", "D", "D"]), 0, 3, "wrong")  # D is one wrong pick, not two


def test_multi_picks_not_among_choices_are_wrong_picks() -> None:
    assert_score(score_response(MULTI, ["A", "B", "C", "Z"]), 2, 3, "partial")
    assert_score(score_response(MULTI, ["A", "B", "a"]), 1, 3, "partial")  # case matters
    assert_score(score_response(MULTI, ["A", "B", "A "]), 1, 3, "partial")  # and whitespace


@pytest.mark.parametrize(
    "picks",
    [("A", "B", "C"), {"A", "B", "C"}, frozenset({"A", "B", "C"}), iter(["A", "B", "C"])],
    ids=["tuple", "set", "frozenset", "iterator"],
)
def test_multi_accepts_any_iterable(picks: object) -> None:
    assert_score(score_response(MULTI, picks), 3, 3, "correct")


def test_multi_accepts_a_generator() -> None:
    def picks() -> Iterator[str]:
        yield "A"
        yield "B"

    assert_score(score_response(MULTI, picks()), 2, 3, "partial")


def test_multi_lone_string_is_one_pick_not_characters() -> None:
    assert_score(score_response(MULTI, "A"), 1, 3, "partial")
    question = MultiQuestion(id="q", prompt="p", choices=("AB", "A", "B"), answers=frozenset({"A", "B"}))
    assert_score(score_response(question, "AB"), 0, 1, "wrong")


@pytest.mark.parametrize("response", [None, [], (), set(), "", "  ", ["  "]])
def test_multi_no_answer(response: object) -> None:
    assert_no_answer(score_response(MULTI, response))  # a blank pick is a wrong pick: 0 - 1 floors at 0


@pytest.mark.parametrize(
    "response",
    [{"A": True, "B": True}, 5, 2.5, True, b"AB", bytearray(b"A"), ["A", None], ["A", 1], [["A"]], object()],
    ids=["dict", "int", "float", "bool", "bytes", "bytearray", "none-pick", "int-pick", "nested", "object"],
)
def test_multi_hostile_types(response: object) -> None:
    assert_unreadable(score_response(MULTI, response))


def test_multi_iterable_that_raises_is_unreadable() -> None:
    def picks() -> Iterator[str]:
        yield "A"
        raise RuntimeError("form parser blew up")

    assert_unreadable(score_response(MULTI, picks()))


def test_multi_unicode_picks() -> None:
    question = MultiQuestion(
        id="q", prompt="p", choices=("Café", "Cafe", "naïve"), answers=frozenset({"Café", "naïve"})
    )
    assert_score(score_response(question, ["Café", "naïve"]), 1, 1, "correct")
    assert_score(score_response(question, ["Cafe", "naïve"]), 0, 1, "wrong")  # 1 - 1


SOURCE = SourceQuestion(
    id="q",
    prompt="Which articles quote the minister?",
    choices=("000_a", "001_b", "002_c", "003_d"),
    answers=frozenset({"000_a", "002_c"}),
    points=2,
)


@pytest.mark.parametrize(
    ("picks", "earned", "outcome"),
    [
        (["000_a", "002_c"], 2, "correct"),
        (["000_a"], 1, "partial"),
        (["000_a", "002_c", "003_d"], 1, "partial"),
        (["000_a", "001_b"], 0, "wrong"),
        (["001_b", "003_d"], 0, "wrong"),
        (["000_a", "000_a"], 1, "partial"),
        (["000_a", "002_c", "999_nope"], 1, "partial"),
    ],
)
def test_source_scored_as_multi(picks: list[str], earned: float, outcome: str) -> None:
    assert_score(score_response(SOURCE, picks), earned, 2, outcome)


@pytest.mark.parametrize("response", [None, [], ""])
def test_source_no_answer(response: object) -> None:
    assert_no_answer(score_response(SOURCE, response))


@pytest.mark.parametrize("response", [{"000_a": "on"}, 0, ["000_a", 2]])
def test_source_hostile_types(response: object) -> None:
    assert_unreadable(score_response(SOURCE, response))


# --------------------------------------------------------------------------------------------------
# truefalse
# --------------------------------------------------------------------------------------------------

TRUE = TrueFalseQuestion(id="q", prompt="p", answer=True, points=1.5)
FALSE = TrueFalseQuestion(id="q", prompt="p", answer=False, points=1.5)


@pytest.mark.parametrize("response", [True, "true", "True", "TRUE", " true ", "tRuE", "true\n"])
def test_truefalse_true(response: object) -> None:
    assert_score(score_response(TRUE, response), 1.5, 1.5, "correct")
    assert_score(score_response(FALSE, response), 0, 1.5, "wrong")


@pytest.mark.parametrize("response", [False, "false", "False", "FALSE", "  false"])
def test_truefalse_false(response: object) -> None:
    assert_score(score_response(FALSE, response), 1.5, 1.5, "correct")
    assert_score(score_response(TRUE, response), 0, 1.5, "wrong")


@pytest.mark.parametrize("response", [None, "", "  "])
def test_truefalse_no_answer(response: object) -> None:
    assert_no_answer(score_response(TRUE, response))


@pytest.mark.parametrize("response", ["yes", "t", "1", "truth", "true false", "vrai"])
def test_truefalse_unreadable_text_quotes_it(response: str) -> None:
    score = score_response(TRUE, response)
    assert_unreadable(score)
    assert f"'{response}'" in (score.message or "")


@pytest.mark.parametrize("response", [1, 0, 1.0, {"true": True}, [True], b"true"])
def test_truefalse_hostile_types(response: object) -> None:
    assert_unreadable(score_response(TRUE, response))


# --------------------------------------------------------------------------------------------------
# short answers and their normaliser
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("López Obrador", "lopez obrador"),
        ("lopez obrador", "lopez obrador"),
        ("Lo\u0301pez Obrador", "lopez obrador"),  # a decomposed accent
        ("  AP. ", "ap"),
        ("A.P.", "ap"),
        ("U.S.", "us"),
        ("\u201cFake news\u201d", "fake news"),
        ('"Fake news"', "fake news"),
        ("O\u2019Brien", "obrien"),
        ("O'Brien", "obrien"),
        ("O`Brien", "obrien"),  # a backtick typed as an apostrophe
        ("twenty-five", "twenty five"),
        ("twenty\u2013five", "twenty five"),
        ("twenty\u2212five", "twenty five"),
        ("a  \t b\n c", "a b c"),
        ("a\u00a0b", "a b"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("\uff21\uff30", "ap"),  # fullwidth letters
        ("\u200bAP", "ap"),  # a zero-width space pasted in
        ("İstanbul", "istanbul"),
        ("C++", "c++"),
        ("$5 million", "$5 million"),
        ("(AP)", "ap"),
        ("Hello, world!", "hello world"),
        ("\u00bfQu\u00e9?", "que"),
        ("...", ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_short_answer(text: str, folded: str) -> None:
    assert normalise_short_answer(text) == folded


@pytest.mark.parametrize("text", [None, 5, ["AP"], {"AP": 1}, b"AP"])
def test_normalise_short_answer_non_text_folds_to_empty(text: object) -> None:
    assert normalise_short_answer(text) == ""  # type: ignore[arg-type]


SHORT = ShortQuestion(id="q", prompt="Who is quoted?", answers=("López Obrador", "AMLO"), points=2)


@pytest.mark.parametrize(
    "response",
    [
        "López Obrador",
        "lopez obrador",
        "LOPEZ OBRADOR",
        "  López   Obrador. ",
        "López-Obrador",
        "amlo",
        "AMLO!",
        "Lo\u0301pez Obrador",
        "\u201cAMLO\u201d",
    ],
)
def test_short_right(response: str) -> None:
    assert_score(score_response(SHORT, response), 2, 2, "correct")


@pytest.mark.parametrize("response", ["Obrador", "López", "Lopez Obradors", "AML0", "López Obrador AMLO"])
def test_short_wrong(response: str) -> None:
    score = score_response(SHORT, response)
    assert_score(score, 0, 2, "wrong")
    assert score.message is None


@pytest.mark.parametrize("response", [None, "", "   ", "...", "?!", "\u200b"])
def test_short_no_answer(response: object) -> None:
    assert_no_answer(score_response(SHORT, response))


@pytest.mark.parametrize("response", [{"answer": "AMLO"}, ["AMLO"], 42, True, b"AMLO"])
def test_short_hostile_types(response: object) -> None:
    assert_unreadable(score_response(SHORT, response))


def test_short_key_of_only_punctuation_matches_nothing() -> None:
    question = ShortQuestion(id="q", prompt="p", answers=("?",))
    assert_no_answer(score_response(question, "?"))


def test_short_ap_example() -> None:
    question = ShortQuestion(id="q", prompt="p", answers=("AP",))
    assert score_response(question, "  AP. ").outcome == "correct"
    assert score_response(question, "A.P.").outcome == "correct"
    assert score_response(question, "APP").outcome == "wrong"


# --------------------------------------------------------------------------------------------------
# parse_number
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("178,622", 178622),
        ("178 622", 178622),
        ("178\u00a0622", 178622),  # no-break space
        ("178\u202f622", 178622),  # narrow no-break space
        ("178\u2009622", 178622),  # thin space
        ("178622", 178622),
        ("178622.0", 178622),
        ("-3.5", -3.5),
        ("+2", 2),
        ("\u22123.5", -3.5),  # Unicode minus
        ("  42  ", 42),
        ("\t42\n", 42),
        ("\u00a042\u00a0", 42),
        ("1,234,567.89", 1234567.89),
        ("-1,234,567.89", -1234567.89),
        ("1 234 567.89", 1234567.89),
        ("1 234 567,89", 1234567.89),
        ("1\u202f234,5", 1234.5),
        ("3,5", 3.5),
        ("3,50", 3.5),
        ("-3,5", -3.5),
        ("1234,5", 1234.5),
        ("1,2345", 1.2345),
        (",5", 0.5),
        ("0,5", 0.5),
        (".5", 0.5),
        ("-.5", -0.5),
        ("5.", 5),
        ("1e3", 1000),
        ("1E3", 1000),
        ("1.5e-3", 0.0015),
        ("2e+2", 200),
        ("-1e3", -1000),
        ("0", 0),
        ("-0", 0),
        ("007", 7),
        ("1,000", 1000),
        ("999,999", 999999),
        ("1,000,000", 1000000),
        ("\uff11\uff12", 12),  # fullwidth digits
        ("1e-400", 0),  # underflow is a (tiny) number
    ],
)
def test_parse_number_accepts(text: str, value: float) -> None:
    parsed = parse_number(text)
    assert parsed is not None
    assert parsed == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "12abc",
        "abc12",
        "1,2,3",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1.2.3",
        "1e400",  # overflows to infinity
        "-",
        "+",
        ".",
        ",",
        "e3",
        "1e",
        "1e3.5",
        "--3",
        "+-3",
        "- 3",
        "3-",
        "1,23,456",  # lakh grouping is not the thousands rule
        "12,34,567",
        "1234,567",  # a comma before three digits is a thousands separator, so this is badly grouped
        "0,500",  # likewise: thousands grouping never starts with 0, and guessing 0.5 would be a guess
        ",500",
        "1,234,5",
        "1,234.5.6",
        "1,234,567,89",
        "1 234,567",  # mixes space and comma grouping
        "1 23",
        "1  234",  # two spaces
        "12 3456",
        "1,234e3",
        "3,5e2",
        "1_000",
        "0x10",
        "1/2",
        "½",
        "3 %",
        "$5",
        "five",
        "١٢",  # Arabic-Indic digits
        "1.234.567",
        "1.234,5",
        "\x00",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("text", [None, 5, 5.0, b"5", ["5"], {"5": 5}])
def test_parse_number_non_text_is_none(text: object) -> None:
    assert parse_number(text) is None  # type: ignore[arg-type]


def test_parse_number_huge_digit_string_does_not_raise() -> None:
    assert parse_number("9" * 5000) is None  # overflows to infinity
    assert parse_number("0." + "9" * 5000) == pytest.approx(1.0)


# --------------------------------------------------------------------------------------------------
# numeric
# --------------------------------------------------------------------------------------------------

EXACT = NumericQuestion(id="q", prompt="How many?", answer=178622, points=2)
ABSOLUTE = NumericQuestion(id="q", prompt="p", answer=3.0, tolerance=Tolerance(0.5))
RELATIVE = NumericQuestion(id="q", prompt="p", answer=100.0, tolerance=Tolerance(0.02, relative=True))


@pytest.mark.parametrize(
    "response",
    [
        "178,622",
        "178 622",
        "178\u00a0622",
        "178\u202f622",
        "178622",
        "178622.0",
        " 178622 ",
        "+178622",
        "1.78622e5",
        178622,
        178622.0,
        Fraction(178622),
        Decimal("178622.00"),
    ],
)
def test_numeric_exact(response: object) -> None:
    assert_score(score_response(EXACT, response), 2, 2, "correct")


@pytest.mark.parametrize("response", ["178,623", "178621", "-178622", "178.622", "17862.2", 178622.5])
def test_numeric_exact_wrong(response: object) -> None:
    score = score_response(EXACT, response)
    assert_score(score, 0, 2, "wrong")
    assert score.message is None


@pytest.mark.parametrize(
    ("response", "outcome"),
    [
        ("3", "correct"),
        ("3.5", "correct"),
        ("2.5", "correct"),
        ("3,4", "correct"),
        ("2.49", "wrong"),
        ("3.51", "wrong"),
        ("-3", "wrong"),
        (3.25, "correct"),
        (4, "wrong"),
    ],
)
def test_numeric_absolute_tolerance(response: object, outcome: str) -> None:
    assert score_response(ABSOLUTE, response).outcome == outcome


@pytest.mark.parametrize(
    ("response", "outcome"),
    [
        ("100", "correct"),
        ("102", "correct"),
        ("98", "correct"),
        ("101,5", "correct"),
        ("102.01", "wrong"),
        ("97.99", "wrong"),
        ("-100", "wrong"),
        ("0", "wrong"),
    ],
)
def test_numeric_relative_tolerance(response: object, outcome: str) -> None:
    assert score_response(RELATIVE, response).outcome == outcome


def test_numeric_relative_tolerance_scales_with_the_key() -> None:
    big = NumericQuestion(id="q", prompt="p", answer=1_000_000, tolerance=Tolerance(0.02, relative=True))
    assert score_response(big, "1,019,999").outcome == "correct"
    assert score_response(big, "1 020 001").outcome == "wrong"
    negative = NumericQuestion(id="q", prompt="p", answer=-50, tolerance=Tolerance(0.02, relative=True))
    assert score_response(negative, "\u221249").outcome == "correct"
    assert score_response(negative, "-48.9").outcome == "wrong"
    zero = NumericQuestion(id="q", prompt="p", answer=0, tolerance=Tolerance(0.02, relative=True))
    assert score_response(zero, "0").outcome == "correct"
    assert score_response(zero, "-0").outcome == "correct"
    assert score_response(zero, "0.001").outcome == "wrong"


def test_numeric_float_noise_is_forgiven() -> None:
    question = NumericQuestion(id="q", prompt="p", answer=0.3)
    assert score_response(question, 0.1 + 0.2).outcome == "correct"


def test_numeric_decimal_comma_and_key() -> None:
    question = NumericQuestion(id="q", prompt="p", answer=3.5)
    assert score_response(question, "3,5").outcome == "correct"
    assert score_response(question, "3,500").outcome == "wrong"  # 3500: a thousands separator


def test_numeric_unreadable_message() -> None:
    score = score_response(EXACT, "abc")
    assert_score(score, 0, 2, "wrong")
    assert score.message == "No number could be read from 'abc'."


@pytest.mark.parametrize("response", ["12abc", "1,2,3", "nan", "inf", "1.2.3", "about 178,000"])
def test_numeric_unreadable_text(response: str) -> None:
    score = score_response(EXACT, response)
    assert_unreadable(score)
    assert score.message == f"No number could be read from '{response}'."


def test_numeric_unreadable_message_is_cut_short() -> None:
    score = score_response(EXACT, "x" * 10_000)
    assert_unreadable(score)
    assert score.message is not None and len(score.message) < 100


@pytest.mark.parametrize("response", [None, "", "   ", "\u00a0"])
def test_numeric_no_answer(response: object) -> None:
    assert_no_answer(score_response(EXACT, response))


@pytest.mark.parametrize(
    "response",
    [
        True,
        False,
        {"value": 178622},
        [178622],
        b"178622",
        math.nan,
        math.inf,
        -math.inf,
        10**400,
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("1e999999"),
        1 + 2j,
        object(),
    ],
    ids=[
        "true",
        "false",
        "dict",
        "list",
        "bytes",
        "nan",
        "inf",
        "-inf",
        "huge-int",
        "decimal-nan",
        "decimal-snan",
        "decimal-huge",
        "complex",
        "object",
    ],
)
def test_numeric_hostile_types(response: object) -> None:
    score = score_response(EXACT, response)
    assert_unreadable(score)
    assert NO_NUMBER in (score.message or "")


# --------------------------------------------------------------------------------------------------
# match
# --------------------------------------------------------------------------------------------------

MATCH = MatchQuestion(
    id="q",
    prompt="Match each outlet to its kind.",
    pairs=(("AP", "wire service"), ("Newsweek", "magazine"), ("BBC", "broadcaster")),
    distractors=("blog",),
    points=3,
)
KEY = {"AP": "wire service", "Newsweek": "magazine", "BBC": "broadcaster"}


def test_match_all_right() -> None:
    assert_score(score_response(MATCH, KEY), 3, 3, "correct")


@pytest.mark.parametrize(
    ("response", "earned", "outcome"),
    [
        ({"AP": "wire service", "Newsweek": "magazine", "BBC": "blog"}, 2, "partial"),
        ({"AP": "wire service", "Newsweek": "broadcaster", "BBC": "magazine"}, 1, "partial"),
        ({"AP": "wire service"}, 1, "partial"),  # unanswered lefts earn nothing
        ({"AP": "magazine", "Newsweek": "wire service", "BBC": "blog"}, 0, "wrong"),
        ({"AP": "blog", "Newsweek": "blog", "BBC": "blog"}, 0, "wrong"),
        ({**KEY, "Reuters": "wire service"}, 3, "correct"),  # unknown lefts are ignored
        ({"Reuters": "wire service", "ap": "wire service"}, 0, "wrong"),
        ({"AP": "Wire Service", "Newsweek": "magazine "}, 0, "wrong"),  # rights are exact
        ({"AP": 1, "Newsweek": ["magazine"], "BBC": None}, 0, "wrong"),  # non-text rights never match
        ({"AP": "wire service", 5: "magazine", None: "x"}, 1, "partial"),  # non-text lefts are ignored
    ],
)
def test_match_partial_credit(response: dict[object, object], earned: float, outcome: str) -> None:
    assert_score(score_response(MATCH, response), earned, 3, outcome)


def test_match_fractional_points_are_rounded() -> None:
    question = dataclasses.replace(MATCH, points=1)
    assert score_response(question, {"AP": "wire service"}).earned == 0.333333
    assert score_response(question, {"AP": "wire service", "BBC": "broadcaster"}).earned == 0.666667


def test_match_shared_right() -> None:
    question = MatchQuestion(id="q", prompt="p", pairs=(("AP", "wire"), ("Reuters", "wire"), ("BBC", "tv")))
    assert_score(score_response(question, {"AP": "wire", "Reuters": "wire", "BBC": "wire"}), 2 / 3, 1, "partial")


@pytest.mark.parametrize("response", [None, {}])
def test_match_no_answer(response: object) -> None:
    assert_no_answer(score_response(MATCH, response))


@pytest.mark.parametrize("response", [list(KEY.items()), "AP=wire service", 3, True, ["AP"], b"{}", {"AP", "Newsweek"}])
def test_match_hostile_types(response: object) -> None:
    assert_unreadable(score_response(MATCH, response))


# --------------------------------------------------------------------------------------------------
# evidence
# --------------------------------------------------------------------------------------------------

EVIDENCE = EvidenceQuestion(
    id="q",
    prompt="Which sentence supports the claim?",
    article="000_a",
    answer="The quote.",
    answer_span=Span(100, 150),
    points=2,
)


@pytest.mark.parametrize(
    "response",
    [
        Span(100, 150),
        Span(120, 130),
        Span(90, 101),
        Span(149, 200),
        Span(0, 1000),
        (100, 150),
        [120, 130],
        (149, 150),
    ],
)
def test_evidence_overlapping(response: object) -> None:
    assert_score(score_response(EVIDENCE, response), 2, 2, "correct")


@pytest.mark.parametrize("response", [Span(0, 100), Span(150, 200), (40, 99), [151, 180], (0, 1)])
def test_evidence_not_overlapping(response: object) -> None:
    score = score_response(EVIDENCE, response)
    assert_score(score, 0, 2, "wrong")
    assert score.message is None


@pytest.mark.parametrize("response", [None, (), []])
def test_evidence_no_answer(response: object) -> None:
    assert_no_answer(score_response(EVIDENCE, response))


@pytest.mark.parametrize(
    "response",
    [
        (120,),
        (100, 120, 140),
        (120, 120),  # empty: names no sentence, though Span.overlaps would say it overlaps
        Span(120, 120),
        (130, 110),  # inverted
        (-5, 120),
        (True, 200),
        ("100", "150"),
        (100.0, 150.0),
        (None, 150),
        "100-150",
        "100,150",
        120,
        {"start": 100, "end": 150},
        b"\x00\x01",
        object(),
    ],
)
def test_evidence_hostile(response: object) -> None:
    assert_unreadable(score_response(EVIDENCE, response))


def test_evidence_accepts_a_span_like_object() -> None:
    @dataclasses.dataclass
    class Sentence:
        start: int
        end: int
        text: str = "The quote."

    assert score_response(EVIDENCE, Sentence(110, 140)).outcome == "correct"
    assert score_response(EVIDENCE, Sentence(10, 40)).outcome == "wrong"


# --------------------------------------------------------------------------------------------------
# Grid: claims by articles, cell by cell
# --------------------------------------------------------------------------------------------------

GRID = GridQuestion(
    id="g",
    prompt="Which reports carry each claim?",
    claims=("Harris: Do not come", "AOC: This is disappointing to see"),
    articles=("ap", "newsweek", "other"),
    answers=frozenset(
        {
            ("Harris: Do not come", "ap"),
            ("Harris: Do not come", "newsweek"),
            ("AOC: This is disappointing to see", "ap"),
        }
    ),
    points=3,
)


def test_grid_key_scores_full() -> None:
    key = {"Harris: Do not come": ["ap", "newsweek"], "AOC: This is disappointing to see": ["ap"]}
    assert_score(score_response(GRID, key), 3, 3, "correct")


def test_grid_counts_unticked_cells_as_well_as_ticked_ones() -> None:
    # Six cells: Harris/ap ticked right; Harris/newsweek missed; AOC/ap missed; AOC/other ticked wrongly;
    # Harris/other and AOC/newsweek rightly left empty. Right: 3 of 6.
    response = {"Harris: Do not come": ["ap"], "AOC: This is disappointing to see": ["other"]}
    assert_score(score_response(GRID, response), 1.5, 3, "partial")


def test_grid_ticking_every_cell_earns_only_the_cells_the_key_ticks() -> None:
    everything = {claim: list(GRID.articles) for claim in GRID.claims}
    assert_score(score_response(GRID, everything), 3 * 3 / 6, 3, "partial")


def test_grid_with_nothing_ticked_is_no_answer() -> None:
    assert_no_answer(score_response(GRID, None))
    assert_no_answer(score_response(GRID, {}))
    assert_no_answer(score_response(GRID, {"Harris: Do not come": []}))


def test_grid_ignores_claims_and_articles_it_does_not_have() -> None:
    response = {
        "Harris: Do not come": ["ap", "newsweek", "forged"],
        "Not a claim": ["ap"],
        "AOC: This is disappointing to see": ["ap"],
    }
    assert_score(score_response(GRID, response), 3, 3, "correct")


def test_grid_lone_article_id_is_one_tick() -> None:
    # 5 of 6 right: only Harris/newsweek is missed.
    response = {"Harris: Do not come": "ap", "AOC: This is disappointing to see": ["ap"]}
    assert_score(score_response(GRID, response), 2.5, 3, "partial")


@pytest.mark.parametrize(
    "response", ["ap", ["Harris: Do not come"], {"Harris: Do not come": [1, 2]}, {"Harris: Do not come": {"ap": 1}}]
)
def test_grid_unreadable_ticks_earn_nothing_with_a_message(response: object) -> None:
    assert_unreadable(score_response(GRID, response))


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
