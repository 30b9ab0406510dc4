"""Grid questions on paper and in LMS files: the printed table of boxes, the key's ticks, and the notes."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from quizapp.exports import ExportOptions, export, version_layout
from quizapp.exports.sheet import build_sheet
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK
from tests.exports.conftest import pdf_text, squash

GRID_ID = "who-gives-which-figure"
ONLY_GRID = ExportOptions(questions=(GRID_ID,), appendix="none")


@pytest.fixture(scope="module")
def coverage(banks):
    return next(bank for bank in banks if bank.id == "comparing-coverage")


def _tables(page: str):
    return BeautifulSoup(page, "html.parser").select("table.claims-grid")


def test_the_quiz_prints_a_table_of_empty_boxes(coverage, corpus):
    page = export(coverage, corpus, "html", ONLY_GRID).data.decode("utf-8")
    [table] = _tables(page)
    heads = [" ".join(th.get_text(" ", strip=True).split()) for th in table.select("thead th")]
    assert heads[0] == "Claim"
    assert heads[1:] == [
        f"{letter} {corpus[a].label}" for letter, a in zip("ABCD", (FIRST, NEWSWEEK, AP, FOURTH), strict=True)
    ]
    rows = table.select("tbody tr")
    assert [" ".join(r.th.get_text(" ", strip=True).split()) for r in rows] == [
        "1. There were 178,622 encounters at the border in April.",
        '2. Puts April\'s encounters in the words "more than 170,000".',
        '3. Harris spoke of the "root causes" of migration.',
    ]
    boxes = table.select("td .box")
    assert len(boxes) == 12 and all(box.get_text() == "" for box in boxes)
    assert "ticked" not in table.get_text()  # the quiz gives nothing away
    assert "tick the box of every report that carries it" in page


def test_the_key_ticks_the_boxes_and_gives_letters_per_claim(coverage, corpus):
    page = export(coverage, corpus, "html", ExportOptions(questions=(GRID_ID,), key=True)).data.decode("utf-8")
    [table] = _tables(page)
    ticks = [[td.select_one(".tick-word").get_text() for td in row.select("td")] for row in table.select("tbody tr")]
    assert ticks == [
        ["ticked", "empty", "empty", "empty"],
        ["empty", "ticked", "empty", "empty"],
        ["empty", "ticked", "empty", "ticked"],
    ]
    assert [td.select_one(".box").get_text() for td in table.select("tbody tr")[2].select("td")] == ["", "✗", "", "✗"]
    assert "Answer: <strong>1 A, 2 B, 3 BD</strong>" in page
    text = " ".join(BeautifulSoup(page, "html.parser").get_text(" ").split())
    assert f'Harris spoke of the "root causes" of migration. — {corpus[NEWSWEEK].label}; {corpus[FOURTH].label}' in text


def test_each_version_prints_its_own_order_of_claims_and_reports(coverage, corpus):
    options = ExportOptions(versions=2, seed="spring", questions=(GRID_ID,), appendix="none")
    sheet = build_sheet(coverage, corpus, options)
    for version in sheet.versions:
        [slot] = version_layout(coverage, "spring", version.label, (GRID_ID,))
        [printed] = version.questions
        assert [claim.text for claim, _ in printed.body.rows] == list(slot.lefts)
        assert [column.text for column in printed.body.columns] == [corpus[a].label for a in slot.choices]
    orders = [(q.body.rows, q.body.columns) for v in sheet.versions for q in v.questions]
    assert orders[0] != orders[1]


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "qti", "qti12"])
def test_lms_formats_say_what_a_grid_became(fmt, coverage, corpus):
    notes = " ".join(export(coverage, corpus, fmt).notes)
    assert "who-carries-which-quote, who-gives-which-figure became matching questions with one item per box" in notes
    assert "a box left unmatched counts as wrong" in notes


def test_the_pdf_holds_the_grid_as_text(coverage, corpus):
    _, pages = pdf_text(export(coverage, corpus, "pdf", ONLY_GRID).data)
    text = squash(" ".join(pages))
    for claim in coverage.question(GRID_ID).claims:
        assert squash(claim) in text
    assert squash(f"D {corpus[FOURTH].label}") in text
