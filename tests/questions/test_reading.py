"""Reading numbers as students type them (quizapp/questions/reading.py)."""

from __future__ import annotations

import pytest

from quizapp.scoring import (
    parse_number,
)

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
