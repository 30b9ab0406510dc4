"""Paper answers back in: what students wrote on a printed quiz, read from a CSV through its version's shuffle.

A teacher who printed versions A and B types (or exports from a spreadsheet) one row per answer::

    student,version,question,answer
    Ana Diaz,B,1,C
    Ana Diaz,B,2,"A,C"
    Ana Diaz,B,3,1A 2C 3B
    Ana Diaz,B,4,1AC 2B

``question`` is the number printed on that version (or the question's id) and ``answer`` is what
the paper shows: the letter circled on *that* version, which :func:`parse_paper_answers` maps back,
through :func:`quizapp.exports.version_layout`'s shuffle, to the very answer an online student
would have stored (see :mod:`quizapp.student.answers`): choice text, a list of texts, ``"true"`` or
``"false"``, typed text, ``{left: right}``, an evidence sentence's ``[start, end]``, or a grid's
``{claim: [article ids]}``. A grid is written claim by claim: the claim's number as printed, then the
letters of the reports ticked for it (``1AC 2B``; a claim with no tick is left out). Each question's
kind reads its own cell (:meth:`quizapp.questions.base.Kind.read_paper`); scoring then needs no
notion of paper at all.

This module is pure (no Flask, no database), so it is tested without an app;
:mod:`quizapp.paper_import` matches the rows to a class and writes the attempts.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from quizapp.banks.model import Bank
from quizapp.corpus.articles import Article
from quizapp.exports.layout import select_questions
from quizapp.exports.spreadsheet import FORMULA_STARTS, csv_bytes
from quizapp.names import name_key
from quizapp.questions import kind_of
from quizapp.questions.paper_marks import RowError, WrittenAnswer, number_range
from quizapp.questions.slot import Slot, letter

COLUMNS: tuple[str, ...] = ("student", "version", "question", "answer")
# A class of 40 answering 100 questions is 4,000 rows (about 100 KB); the caps only stop a wrong file
# (a whole export, a binary) from being read into memory and reported row by row.
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 50_000
# The online form's cap (quizapp.student.answers.ANSWER_MAX_LENGTH), which this Flask-free module
# cannot import; tests/web/test_paper_import.py checks that the two agree.
MAX_ANSWER_LENGTH = 500
UNKNOWN_STUDENT = "unknown-student"  # PaperError.kind
ALREADY_IMPORTED = "already-imported"  # PaperError.kind, set by quizapp.paper_import
# The layouts key of a quiz printed without versions: its sheet shows no letter, so the cell is blank.
UNSHUFFLED = ""

_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class PaperError:
    """A problem with the file, at a line of it (1 is the header; None for the file as a whole)."""

    line: int | None
    message: str
    # What a page or the command may offer to fix at once: "unknown-student" (create the students),
    # "already-imported" (replace the earlier paper answers); empty for everything else.
    kind: str = field(default="", compare=False)

    def located(self, filename: str) -> str:
        """``FILE:LINE: message``, as compilers and ``quizapp validate`` print problems."""
        return f"{filename}:{self.line}: {self.message}" if self.line else f"{filename}: {self.message}"

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class PaperAnswer:
    """One row of the file, read: whose paper, which question, and the answer as online answers store it."""

    line: int
    student: str  # the name as written, spaces tidied
    version: str | None  # the version letter; None for a quiz printed without versions
    number: int  # where the question stood on that version's paper (1-based)
    question_id: str
    written: str  # the answer cell as written
    answer: Any  # the stored form (see the module docstring); None when the cell is blank


class ParsedAnswers(NamedTuple):
    """What :func:`parse_paper_answers` read: the good rows, and one error per bad one (by line)."""

    rows: list[PaperAnswer]
    errors: list[PaperError]


def template_csv(
    bank: Bank, students: Sequence[str], versions: Sequence[str] = (), question_ids: Sequence[str] = ()
) -> bytes:
    """A CSV to fill in: the header, then one row per student and question, the answer left empty.

    ``versions`` are the letters printed (``("A", "B")``); they are handed out in turn down the
    roster, as papers usually are, so the teacher corrects only the students who got another one.
    No versions leaves the column blank, for a quiz printed without them. Question numbers run
    from 1, the same on every version. Written by :func:`csv_bytes`, so a name such as ``=SUM(1)``
    cannot become a formula; :func:`parse_paper_answers` reads such a cell back as typed.
    """
    count = len(select_questions(bank, question_ids))
    labels = list(versions) or [UNSHUFFLED]
    rows = [
        (name, labels[index % len(labels)], number, "")
        for index, name in enumerate(students)
        for number in range(1, count + 1)
    ]
    return csv_bytes(COLUMNS, rows)


def parse_paper_answers(
    text: str | bytes,
    layouts: Mapping[str, Sequence[Slot]],
    students: Collection[str] | None,
    *,
    corpus: Mapping[str, Article],
) -> ParsedAnswers:
    """Read a CSV of paper answers; every bad row is reported, with its line, and left out of ``rows``.

    ``layouts`` maps each version letter that was printed to its slots
    (:func:`quizapp.exports.version_layout`), and :data:`UNSHUFFLED` to the bank's own order when
    the quiz may have been printed without versions. ``students`` are the names that may appear,
    compared by :func:`quizapp.names.name_key`; None accepts any name. ``corpus`` gives the
    articles whose sentences evidence questions number, as the printed sheet numbers them.

    Text may be ``str`` or UTF-8 ``bytes``, with or without a byte-order mark. Blank lines (and
    rows of empty cells, as spreadsheets write them) are skipped; a blank answer is no answer.
    """
    body, problem = _decode(text)
    if body is None:
        return ParsedAnswers([], [problem] if problem else [])
    known = None if students is None else {name_key(name) for name in students}
    reader = csv.reader(io.StringIO(body, newline=""), strict=True)
    rows: list[PaperAnswer] = []
    errors: list[PaperError] = []
    columns: dict[str, int] | None = None
    width = 0  # cells in the header row
    data_rows = 0
    seen: dict[tuple[str, str], int] = {}  # (student key, question id) -> line
    versions_of: dict[str, tuple[str, int]] = {}  # student key -> (version key, first line)
    while True:
        line = reader.line_num + 1  # where the next record starts (a quoted cell may span lines)
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(PaperError(line, f"the CSV cannot be read from here on: {exc}"))
            break
        cells = [_unprotected(cell) for cell in cells]
        if not any(cell.strip() for cell in cells):
            continue
        if columns is None:
            columns, header_error = _header(cells)
            width = len(cells)
            if header_error:
                errors.append(PaperError(line, header_error))
                break
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            errors.append(PaperError(line, f"more than {MAX_ROWS:,} rows; split the file and import each part"))
            break
        try:
            student, version, question, written = _cells(cells, columns, width)
        except RowError as exc:
            errors.append(PaperError(line, str(exc)))
            continue
        key = name_key(student)
        if not student:
            errors.append(PaperError(line, "no student name"))
        elif known is not None and key not in known:
            message = f'unknown student "{student}": no one in the class has that name'
            errors.append(PaperError(line, message, kind=UNKNOWN_STUDENT))
        try:
            slots = _layout(version, layouts)
            slot = _slot(question, version, slots)
            answer = read_answer(slot, version, written, corpus)
        except RowError as exc:
            errors.append(PaperError(line, str(exc)))
            continue
        if not student:
            continue
        earlier = versions_of.setdefault(key, (version, line))
        if earlier[0] != version:
            errors.append(
                PaperError(
                    line,
                    f"{student} is on {_version_name(earlier[0])} on line {earlier[1]}, not "
                    f"{_version_name(version)}: one paper has one version",
                )
            )
            continue
        first = seen.setdefault((key, slot.question.id), line)
        if first != line:
            errors.append(PaperError(line, f"{_where(slot, version)} for {student} is already given on line {first}"))
            continue
        if known is None or key in known:
            rows.append(
                PaperAnswer(line, student, version or None, slot.number, slot.question.id, written.strip(), answer)
            )
    if columns is None and not errors:
        errors.append(PaperError(1, f"the file is empty; its first line must be the header {','.join(COLUMNS)}"))
    return ParsedAnswers(rows, errors)


def read_answer(slot: Slot, version: str, written: str, corpus: Mapping[str, Article]) -> Any:
    """What ``written`` on ``version``'s paper means for the slot's question, as online answers store it.

    ``version`` is the letter (:data:`UNSHUFFLED` for a quiz printed without versions), only for
    messages: the slot already holds that version's order. A blank cell is None, no answer; one that
    cannot be read raises :class:`RowError`. A page where the teacher types answers into a grid may
    call this cell by cell.
    """
    written = written.strip()
    if not written:
        return None
    where = _where(slot, version)
    if len(written) > MAX_ANSWER_LENGTH:
        raise RowError(f"{where}: the answer is longer than {MAX_ANSWER_LENGTH} characters")
    question = slot.question
    return kind_of(question).read_paper(question, WrittenAnswer(slot, written, where), corpus)


# --------------------------------------------------------------------------------------------------
# The file and its rows
# --------------------------------------------------------------------------------------------------


def _decode(data: str | bytes) -> tuple[str | None, PaperError | None]:
    """The file's text without a byte-order mark, or None and why it cannot be read."""
    too_large = PaperError(None, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if isinstance(data, str):
        # Every character is at least one byte, so the cheap check first; then the exact size.
        if len(data) > MAX_BYTES or len(data.encode("utf-8", errors="surrogatepass")) > MAX_BYTES:
            return None, too_large
        return data.removeprefix("\ufeff"), None
    if len(data) > MAX_BYTES:
        return None, too_large
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, PaperError(None, 'the file is UTF-16; save it as "CSV UTF-8 (comma delimited)"')
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        return None, PaperError(line, f'not UTF-8 text (byte 0x{byte}); save the file as "CSV UTF-8 (comma delimited)"')


def _unprotected(cell: str) -> str:
    """A cell as typed: the apostrophe :func:`csv_bytes` puts before ``=``, ``-``... is taken off again."""
    if cell.startswith("'") and cell[1:2] and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell


def _header(cells: list[str]) -> tuple[dict[str, int], str | None]:
    """Column name -> index, or why the first row is not a usable header. Other columns are ignored."""
    names = [cell.strip().removeprefix("\ufeff").strip().casefold() for cell in cells]
    wanted = ",".join(COLUMNS)
    if len(cells) == 1 and (";" in cells[0] or "\t" in cells[0]):
        separator = "semicolons" if ";" in cells[0] else "tabs"
        return (
            {},
            f'the columns are separated by {separator}, not commas; save the file as "CSV UTF-8 (comma delimited)"',
        )
    duplicated = sorted({name for name in names if name in COLUMNS and names.count(name) > 1})
    if duplicated:
        return {}, f"the header names {', '.join(duplicated)} twice; it must be {wanted}"
    missing = [name for name in COLUMNS if name not in names]
    if len(missing) == len(COLUMNS):
        return {}, f"the first line must be the header {wanted}"
    if missing:
        return {}, f"the header has no {', '.join(missing)} column; it must be {wanted}"
    return {name: names.index(name) for name in COLUMNS}, None


def _cells(cells: list[str], columns: dict[str, int], width: int) -> tuple[str, str, str, str]:
    """(student, version key, question, answer) of a data row; RowError when its cells do not fit the header.

    Empty cells past the header's width are allowed: spreadsheets pad rows with them.
    """
    needed = max(columns.values()) + 1
    if len(cells) < needed:
        raise RowError(f"{len(cells)} cells, but the header has {width} columns ({','.join(COLUMNS)})")
    extra = cells[width:]
    if any(cell.strip() for cell in extra):
        raise RowError(
            f"{len(cells)} cells, but the header has {width} columns; an answer with commas goes in quotes "
            '("A,C") or is written without them (A C)'
        )
    student = " ".join(cells[columns["student"]].split())
    version = cells[columns["version"]].strip().upper()
    return student, version, cells[columns["question"]].strip(), cells[columns["answer"]]


def _layout(version: str, layouts: Mapping[str, Sequence[Slot]]) -> Sequence[Slot]:
    """The slots of the version written in the row; RowError naming the versions there are."""
    slots = layouts.get(version)
    if slots is not None:
        return slots
    lettered = [label for label in layouts if label != UNSHUFFLED]
    if not version:
        raise RowError(f"no version: write the version letter printed on the paper ({_letters_named(lettered)})")
    if not lettered:
        raise RowError(f'unknown version "{version}": this quiz was printed without versions; leave version blank')
    raise RowError(f'unknown version "{version}": this quiz has versions {_letters_named(lettered)}')


def _slot(question: str, version: str, slots: Sequence[Slot]) -> Slot:
    """The slot a question cell names: its number on the version's paper, or its id."""
    if not question:
        raise RowError("no question: write its number as printed")
    count = len(slots)
    if _DIGITS.fullmatch(question):
        number = int(question)
        if not 1 <= number <= count:
            raise RowError(
                f"{_version_name(version)} has no question {number} (its questions are {number_range(count)})"
            )
        return slots[number - 1]
    for slot in slots:
        if slot.question.id == question:
            return slot
    raise RowError(f'unknown question "{question}": write its number as printed ({number_range(count)}) or its id')


# --------------------------------------------------------------------------------------------------
# Words for messages
# --------------------------------------------------------------------------------------------------


def _where(slot: Slot, version: str) -> str:
    return f"question {slot.number} on version {version}" if version else f"question {slot.number}"


def _version_name(version: str) -> str:
    return f"version {version}" if version else "the quiz without versions"


def _letters_named(labels: Sequence[str]) -> str:
    """``A``, ``A or B``, ``A to Z``: the versions there are, short even when all 26 are accepted."""
    if len(labels) <= 2:
        return " or ".join(labels)
    if list(labels) == [letter(i) for i in range(len(labels))]:
        return f"A to {labels[-1]}"
    return ", ".join(labels)
