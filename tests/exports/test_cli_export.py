"""`quizapp export`: files written, bad banks reported with their lines (exit 1), misuse refused (exit 2)."""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from quizapp.cli import main
from tests.conftest import AP, QUESTIONS, SEEDS
from tests.exports.conftest import AWKWARD

BAD = f"""\
bank: bad-bank
title: Misquotes
questions:
  - id: blame
    type: truefalse
    prompt: AP quotes Ocasio-Cortez exactly as she tweeted.
    answer: false
    sources:
      - article: {AP}
        quote: then blame them for fleeing
"""


def run(*args: str):
    return CliRunner().invoke(main, ["export", *args])


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("html", lambda data: data.startswith(b"<!DOCTYPE html>")),
        ("gift", lambda data: b"::who-said-do-not-come::" in data),
        ("moodle-xml", lambda data: data.startswith(b"<?xml") and b"<quiz>" in data),
        ("qti", lambda data: "imsmanifest.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()),
        (
            "qti12",
            lambda data: (
                zipfile.ZipFile(io.BytesIO(data)).namelist()
                == ["imsmanifest.xml", "quiz-harris-trip-2021/quiz-harris-trip-2021.xml"]
            ),
        ),
    ],
)
def test_each_format_is_written_to_the_file(tmp_path, fmt, check):
    out = tmp_path / f"quiz.{fmt}"
    result = run("harris-trip-2021", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert check(out.read_bytes())
    assert f"wrote {out}" in result.stderr


def test_pdf_key_with_versions_from_a_bank_file(tmp_path):
    bank = tmp_path / "awkward.yaml"
    bank.write_text(AWKWARD, encoding="utf-8")
    out = tmp_path / "key.pdf"
    result = run(str(bank), "--format", "pdf", "--key", "--versions", "2", "--seed", "s", "--paper", "letter",
                 "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert reader.metadata.title.endswith("Answer key \u2014 Versions A, B")
    assert round(float(reader.pages[0].mediabox[2])) == 612


def test_questions_pick_and_order(tmp_path):
    out = tmp_path / "two.gift"
    result = run("harris-trip-2021", "--format", "gift", "--questions", "count-on-us, length-of-visit", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.index("::count-on-us::") < text.index("::length-of-visit::")
    assert "::who-said-do-not-come::" not in text


def test_notes_go_to_stderr_and_data_to_stdout():
    result = run("harris-trip-2021", "--format", "gift", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("// ")
    assert "note: GIFT: evidence questions have no LMS type" in result.stderr
    assert "note:" not in result.stdout


def test_versions_without_a_seed_say_which_seed_was_used(tmp_path):
    result = run("harris-trip-2021", "--format", "html", "--versions", "2", "-o", str(tmp_path / "q.html"))
    assert result.exit_code == 0
    assert "the seed 'harris-trip-2021'" in result.stderr


def test_a_bad_bank_prints_its_located_problems_and_exits_1(tmp_path):
    bank = tmp_path / "bad.yaml"
    bank.write_text(BAD, encoding="utf-8")
    out = tmp_path / "never.pdf"
    result = run(str(bank), "--format", "pdf", "-o", str(out))
    assert result.exit_code == 1
    assert f"{bank}:10: question blame: quote not found in {AP}" in result.stderr
    assert "nothing was exported" in result.stderr
    assert not out.exists()


def test_a_good_bank_exports_beside_a_broken_one(tmp_path):
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "bad.yaml").write_text(BAD, encoding="utf-8")
    (folder / "good.yaml").write_text((QUESTIONS / "harris-trip-2021.yaml").read_text(encoding="utf-8"), "utf-8")
    ok = run("harris-trip-2021", "--questions-dir", str(folder), "--format", "gift", "-o", str(tmp_path / "a"))
    assert ok.exit_code == 0, ok.output
    broken = run("bad-bank", "--questions-dir", str(folder), "--format", "gift", "-o", str(tmp_path / "b"))
    assert broken.exit_code == 1 and "bad.yaml:10:" in broken.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-bank", "--format", "html"],
        ["missing.yaml", "--format", "html"],
        ["harris-trip-2021", "--format", "docx"],
        ["harris-trip-2021", "--format", "gift", "--key"],
        ["harris-trip-2021", "--format", "qti", "--versions", "2"],
        ["harris-trip-2021", "--format", "qti12", "--key"],
        ["harris-trip-2021", "--format", "moodle-xml", "--paper", "letter"],
        ["harris-trip-2021", "--format", "html", "--versions", "0"],
        ["harris-trip-2021", "--format", "html", "--versions", "27"],
        ["harris-trip-2021", "--format", "html", "--questions", "nope"],
        ["harris-trip-2021", "--format", "html", "--questions", " , "],
        ["harris-trip-2021", "--format", "html", "--appendix", "some"],
        ["harris-trip-2021", "--format", "html", "--articles", "/no/such/folder"],
    ],
)
def test_usage_errors_exit_2_and_write_nothing(tmp_path, args):
    out = tmp_path / "out"
    result = (
        run(*args, "-o", str(out), "--articles", str(SEEDS)) if "--articles" not in args else run(*args, "-o", str(out))
    )
    assert result.exit_code == 2, result.output
    assert not out.exists()


def test_output_is_required():
    assert run("harris-trip-2021", "--format", "html").exit_code == 2
