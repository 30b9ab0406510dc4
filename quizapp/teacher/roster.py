"""Who may join a class: its list of students (typed, pasted or from a CSV), student codes, login
cards, locking the class to its list, and answering requests to join under a name already taken."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Classroom, JoinRequest, JoinStatus, Student, utcnow
from quizapp.names import name_key
from quizapp.student.identity import JoinError, clean_name, unique_student_code
from quizapp.student.join_requests import REQUEST_LIFETIME, decide_request, withdraw_requests

ROSTER_MAX_BYTES = 1024 * 1024
ROSTER_MAX_CHARACTERS = 100_000
ROSTER_MAX_NAMES = 500
# Headers of the column that holds whole names, and of first and last names, in school exports.
_NAME_HEADERS = ("name", "student", "student name", "full name", "name of student")
_FIRST_HEADERS = ("first name", "first", "given name", "forename")
_LAST_HEADERS = ("last name", "last", "family name", "surname")


class RosterImportError(ValueError):
    """The names cannot be added; ``problems`` says where and why, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ListedName:
    """A name read from the teacher's list, with the line it came from."""

    line: int
    name: str


@dataclass
class RosterImport:
    """What adding names did: who was added, and who was on the list already."""

    added: list[Student] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


def names_from_text(text: str) -> list[ListedName]:
    """One name a line (blank lines skipped), as typed or pasted from a spreadsheet column."""
    return [ListedName(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]


def decode_roster_file(data: bytes) -> str:
    """A roster file's text; raises :class:`RosterImportError` for one that is too big or not UTF-8."""
    if len(data) > ROSTER_MAX_BYTES:
        raise RosterImportError(["The file is over the limit of 1 MB."])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RosterImportError(['The file is UTF-16: save it as "CSV UTF-8 (comma delimited)".'])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RosterImportError(
            [f'Line {line}: not UTF-8 text; save the file as "CSV UTF-8 (comma delimited)".']
        ) from None


def names_from_csv(text: str) -> list[ListedName]:
    """Names from a CSV export: the column headed "Name" (or "First name" and "Last name"), else the first column."""
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = "	" if "	" in first_line else ";" if ";" in first_line else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:  # a field longer than the csv module allows (a stray quote runs to the end)
        raise RosterImportError([f"The file cannot be read as CSV: {exc}. Check for a stray quote mark."]) from None
    if not rows:
        return []
    header = [cell.strip().casefold() for cell in rows[0]]
    whole = next((header.index(h) for h in _NAME_HEADERS if h in header), None)
    first = next((header.index(h) for h in _FIRST_HEADERS if h in header), None)
    last = next((header.index(h) for h in _LAST_HEADERS if h in header), None)
    has_header = whole is not None or first is not None or last is not None
    names = []
    for number, row in enumerate(rows[1:] if has_header else rows, start=2 if has_header else 1):
        if whole is not None:
            name = _cell(row, whole)
        elif has_header:
            name = " ".join(part for part in (_cell(row, first), _cell(row, last)) if part)
        else:
            name = _cell(row, 0)
        if name.strip():
            names.append(ListedName(number, name))
    return names


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def add_to_roster(classroom: Classroom, listed: Iterable[ListedName]) -> RosterImport:
    """Add the names not on the class's list yet, each with a student code; nothing is added if any is unusable.

    A name listed twice is a problem (two students with one name cannot be told apart: add an initial);
    a name the class has already is left as it is. The caller commits.
    """
    listed = list(listed)
    problems = []
    if len(listed) > ROSTER_MAX_NAMES:
        raise RosterImportError([f"That is {len(listed)} names; a list can add at most {ROSTER_MAX_NAMES} at a time."])
    existing = set(db.session.scalars(select(Student.name_key).where(Student.classroom_id == classroom.id)))
    seen: dict[str, int] = {}
    result = RosterImport()
    clean_names = []
    for item in listed:
        try:
            name = clean_name(item.name)
        except JoinError:
            problems.append(
                f"Line {item.line}: “{item.name[:80]}” cannot be a name: use letters, numbers, spaces and "
                "punctuation, at most 80 characters."
            )
            continue
        key = name_key(name)
        if key in seen:
            problems.append(
                f"Line {item.line}: {name} is the same name as line {seen[key]}. Two students with one name cannot "
                "be told apart: add an initial to one of them."
            )
            continue
        seen[key] = item.line
        if key in existing:
            result.already.append(name)
        else:
            clean_names.append(name)
    if problems:
        raise RosterImportError(problems)
    for name in clean_names:
        student = Student(
            classroom=classroom, name=name, name_key=name_key(name), login_code=unique_student_code(classroom.id)
        )
        db.session.add(student)
        db.session.flush()
        result.added.append(student)
    return result


def set_roster_locked(classroom: Classroom, locked: bool) -> None:
    """Let only the listed students join (each with their code), or anyone with the code. Caller commits."""
    classroom.roster_locked = locked


def give_new_code(student: Student) -> str:
    """A new student code, and every device signed in as the student signed out. Caller commits."""
    student.login_code = unique_student_code(student.classroom_id)
    student.device_token = secrets.token_urlsafe(32)
    withdraw_requests(student)  # a request approved by mistake must not outlive the new code
    return student.login_code


def waiting_requests(
    teacher_id: int, classroom_id: int | None = None, now: datetime | None = None
) -> list[JoinRequest]:
    """The requests to join the teacher's classes (or one) that wait for an answer, oldest first."""
    since = (now or utcnow()) - REQUEST_LIFETIME
    statement = (
        select(JoinRequest)
        .join(JoinRequest.student)
        .join(Student.classroom)
        .where(
            Classroom.teacher_id == teacher_id, JoinRequest.status == JoinStatus.WAITING, JoinRequest.created_at > since
        )
        .order_by(JoinRequest.created_at, JoinRequest.id)
    )
    if classroom_id is not None:
        statement = statement.where(Classroom.id == classroom_id)
    return list(db.session.scalars(statement))


def owned_request(teacher_id: int, request_id: int) -> JoinRequest | None:
    """The request, if it asks to join one of the teacher's classes."""
    return db.session.scalar(
        select(JoinRequest)
        .join(JoinRequest.student)
        .join(Student.classroom)
        .where(JoinRequest.id == request_id, Classroom.teacher_id == teacher_id)
    )


def answer_request(request: JoinRequest, approve: bool) -> bool:
    """Let the device in as the student, or not; False when the request was answered already or expired.

    The caller commits.
    """
    return decide_request(request, approve)
