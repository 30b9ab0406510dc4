"""Paper answers typed into the dashboard's grid: the grid's rows, the CSV it stands for, and the
import's errors mapped back onto its cells. The import itself is :mod:`quizapp.paper_import`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from quizapp.exports import ExportOptions, version_labels
from quizapp.models import Assignment
from quizapp.paper import ALREADY_IMPORTED, COLUMNS, UNKNOWN_STUDENT, PaperError
from quizapp.student.attempts import questions_for
from quizapp.teacher import classes

# Messages of the import that are about a grid row as a whole (its student or its version), not one
# answer: the grid reports them once per row, on the control to fix.
_ROW_VERSION_MESSAGES = ("no version", "unknown version")
_ROW_NAME_MESSAGES = ("no student name", "cannot add the student", "unknown student")


@dataclass
class GridRow:
    """One line of the grid: a student of the roster, or an empty row for a student not on it yet."""

    key: str  # in the controls' ids and names: "s12" (student 12), "n0" (the first new row)
    name: str  # the name the CSV gets: the roster's, or as typed
    label: str  # for labels and messages: the name, or "new student 1"
    on_roster: bool
    name_label: str = ""  # a new row's name control: "New student 1, name"
    version: str = ""  # the letter chosen; empty: none chosen
    answers: dict[int, str] = field(default_factory=dict)  # question number -> as typed

    def control(self, column: str) -> str:
        """The id (and name) of the row's control in ``column``: "name", "v" or "q3"."""
        return f"grid-{self.key}-{column}"


@dataclass
class Grid:
    """The grid as drawn: its rows, how many question columns, the version letters to choose from."""

    rows: list[GridRow]
    questions: int
    letters: tuple[str, ...]  # empty: no version column (one version printed)
    invalid: dict[str, list[str]] = field(default_factory=dict)  # control id -> ids of its problems


@dataclass(frozen=True)
class GridProblem:
    """A line of the page's problem list; ``target`` the grid control it is about (linked, aria-describedby)."""

    message: str
    where: str | None = None  # "row Ana Diaz, question 3"
    id: str | None = None
    target: str | None = None


def printed_letters(versions: int, seed: str | None) -> tuple[str, ...]:
    """The version letters on the papers: none for the unshuffled quiz, "A" for one version with a seed."""
    return version_labels(versions) if ExportOptions(versions=versions, seed=seed).shuffled else ()


def paper_grid(item: Assignment, versions: int, new_rows: int, formdata: MultiDict[str, str] | None = None) -> Grid:
    """The roster's rows and ``new_rows`` empty ones, filled from ``formdata`` (a grid sent back) if given."""
    count = len(questions_for(item))
    letters = version_labels(versions) if versions > 1 else ()
    formdata = formdata if formdata is not None else MultiDict()
    rows = [
        GridRow(f"s{entry.student.id}", entry.student.name, entry.student.name, True)
        for entry in classes.roster(item.classroom)
    ]
    for index in range(new_rows):
        typed = " ".join(formdata.get(f"grid-n{index}-name", "").split())
        label = f"new student {index + 1}"
        rows.append(GridRow(f"n{index}", typed, typed or label, False, f"{label[:1].upper()}{label[1:]}, name"))
    for row in rows:
        chosen = formdata.get(row.control("v"), "")
        row.version = chosen if chosen in letters else ""
        for number in range(1, count + 1):
            row.answers[number] = formdata.get(row.control(f"q{number}"), "")
    return Grid(rows, count, letters)


def _one_line(text: str) -> str:
    """A cell's text on one line, so that each CSV row is one line and its number finds the grid cell."""
    return " ".join(text.replace("\x00", "").splitlines())


def grid_csv(grid: Grid, printed: tuple[str, ...]) -> tuple[str, dict[int, tuple[GridRow, int]]]:
    """The CSV the grid stands for (a row per answer typed) and, by line, the row and question it came from.

    ``printed`` are the letters on the papers; one letter (or none) needs no choosing in the grid.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    where: dict[int, tuple[GridRow, int]] = {}
    only = printed[0] if len(printed) == 1 else ""
    for row in grid.rows:
        version = row.version if grid.letters else only
        for number, written in row.answers.items():
            if written.strip():
                writer.writerow([_one_line(row.name), version, number, _one_line(written)])
                where[len(where) + 2] = (row, number)  # line 1 is the header
    return out.getvalue(), where


def grid_problems(
    grid: Grid, errors: tuple[PaperError, ...], where: dict[int, tuple[GridRow, int]]
) -> list[GridProblem]:
    """The import's errors as grid problems: "row Ana Diaz, question 3: ...", each tied to its control.

    A problem with a row as a whole (no version chosen, a name nobody has) comes once for the row, on
    its version or name control, rather than once for every answer in it.
    """
    problems: list[GridProblem] = []
    reported: set[tuple[str, str]] = set()
    for error in errors:
        located = where.get(error.line) if error.line else None
        if located is None:
            problems.append(GridProblem(error.message))
            continue
        row, number = located
        target = row.control(f"q{number}")
        wherefrom = f"row {row.label}, question {number}"
        row_wide = error.kind in (UNKNOWN_STUDENT, ALREADY_IMPORTED) or error.message.startswith(
            _ROW_VERSION_MESSAGES + _ROW_NAME_MESSAGES
        ) or "students in the class are called" in error.message
        if row_wide:
            if (row.key, error.message) in reported:
                continue
            reported.add((row.key, error.message))
            wherefrom = f"row {row.label}"
            if grid.letters and error.message.startswith(_ROW_VERSION_MESSAGES):
                target = row.control("v")
            elif not row.on_roster and error.message.startswith(_ROW_NAME_MESSAGES):
                target = row.control("name")
        problem = GridProblem(error.message, wherefrom, f"grid-problem-{len(problems) + 1}", target)
        problems.append(problem)
        grid.invalid.setdefault(target, []).append(problem.id)
    return problems


def paper_hints(errors: tuple[PaperError, ...], create_missing: bool, replace: bool) -> list[str]:
    """What the page's checkboxes would fix at once, as the command's notes say it."""
    kinds = {error.kind for error in errors}
    hints = []
    if UNKNOWN_STUDENT in kinds and not create_missing:
        hints.append(
            "Some names are not on the class's roster. Check their spelling, or tick “Add students who are not "
            "on the roster yet” to add them."
        )
    if ALREADY_IMPORTED in kinds and not replace:
        hints.append(
            "Some students already have paper answers for this assignment. Tick “Replace earlier paper answers” "
            "to replace them; online attempts are never touched."
        )
    return hints
