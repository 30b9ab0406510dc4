"""Who the student is: joining a class by code and name, and remembering them in a signed cookie.

Students have no password. The device remembers each class it joined as a Flask session entry
``{classroom_id, student_id, device_token}``; the token must equal ``Student.device_token``, so a
forged or stale entry identifies nobody. Ids never appear in URLs as proof of identity.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import session
from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Classroom, Student
from quizapp.names import name_key, tidy_name
from quizapp.rate_limit import Limit
from quizapp.single_line import control_character

SESSION_KEY = "students"
# A shared classroom laptop collects an entry per student who used it; the cookie must stay small.
MAX_REMEMBERED = 30
NAME_MAX_LENGTH = 80
# Characters that would let a name hide or spoof text in the teacher's lists: controls and line breaks
# (the single-line rule every form shares), surrogates, private use, bidi overrides.
_REFUSED_CATEGORIES = frozenset({"Cs", "Co"})
_REFUSED_FORMAT_CHARACTERS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


class JoinError(ValueError):
    """Joining failed; ``field`` names the form field the message belongs to.

    ``guess`` is False for a failure that guessed nothing (a missing PIN, an unusable name): it is not
    counted against the limits on guessing.
    """

    def __init__(self, field: str, message: str, *, guess: bool = True):
        super().__init__(message)
        self.field = field
        self.message = message
        self.guess = guess and field != "name"


def normalise_join_code(code: str) -> str:
    """Codes compare without case, spaces or hyphens: ``k7q x3m`` is ``K7QX3M``."""
    return "".join(ch for ch in code if not ch.isspace() and ch != "-").upper()


def clean_name(name: str) -> str:
    """The name as it will be stored: trimmed, inner spaces collapsed; raises :class:`JoinError` if unusable."""
    name = unicodedata.normalize("NFC", name or "")
    if control_character(name) or any(
        unicodedata.category(char) in _REFUSED_CATEGORIES or char in _REFUSED_FORMAT_CHARACTERS for char in name
    ):
        raise JoinError("name", "Your name can only have letters, numbers, spaces and punctuation.")
    name = tidy_name(name)
    if not name:
        raise JoinError("name", "Type your name, so that your teacher knows whose answers these are.")
    if len(name) > NAME_MAX_LENGTH:
        raise JoinError("name", f"Your name can be at most {NAME_MAX_LENGTH} characters.")
    return name


@dataclass(frozen=True)
class Membership:
    """One class this device has joined, and as whom."""

    classroom_id: int
    student_id: int
    device_token: str
    # False after "Sign out": the device shows nobody for the class, but typing the same name here
    # still resumes the same student (the token stays), as joining on this device always does.
    active: bool = True

    def as_dict(self) -> dict[str, Any]:
        """The entry as stored in the session."""
        return {
            "classroom_id": self.classroom_id,
            "student_id": self.student_id,
            "device_token": self.device_token,
            "active": self.active,
        }


def remembered_memberships() -> list[Membership]:
    """The well-formed entries of the session, oldest first (anything else in the cookie is ignored)."""
    entries = session.get(SESSION_KEY)
    if not isinstance(entries, list):
        return []
    memberships = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        classroom_id, student_id, token = entry.get("classroom_id"), entry.get("student_id"), entry.get("device_token")
        if isinstance(classroom_id, int) and isinstance(student_id, int) and isinstance(token, str):
            memberships.append(Membership(classroom_id, student_id, token, entry.get("active") is not False))
    return memberships


def _verified(membership: Membership) -> Student | None:
    student = db.session.get(Student, membership.student_id)
    if student is None or student.classroom_id != membership.classroom_id:
        return None
    if not secrets.compare_digest(student.device_token.encode(), membership.device_token.encode()):
        return None
    return student


def current_students() -> list[Student]:
    """The students this device is signed in as: one per class, the one who joined it most recently.

    On a shared laptop several students may have joined the same class; the last to join is the one
    whose quizzes the device shows, and each of the others gets back in by joining with their name.
    """
    by_classroom: dict[int, Student] = {}
    for membership in remembered_memberships():
        if not membership.active:
            continue
        student = _verified(membership)
        if student is not None:
            by_classroom.pop(student.classroom_id, None)  # re-inserted, so the latest join wins
            by_classroom[student.classroom_id] = student
    return sorted(by_classroom.values(), key=lambda s: (s.classroom.name.casefold(), s.classroom_id))


def signed_in_student(classroom_id: int) -> Student | None:
    """The student this device is signed in as in that class, or None."""
    return next((s for s in current_students() if s.classroom_id == classroom_id), None)


def remember(student: Student) -> None:
    """Sign this device in as ``student`` for the student's class (latest entry wins for the class)."""
    entry = Membership(student.classroom_id, student.id, student.device_token).as_dict()
    kept = [m.as_dict() for m in remembered_memberships() if m.student_id != student.id]
    session[SESSION_KEY] = [*kept, entry][-MAX_REMEMBERED:]
    # Permanent, so that the cookie survives closing the browser and is refreshed on every visit.
    session.permanent = True


def sign_out(classroom_id: int) -> None:
    """Show nobody for this class on this device (a shared laptop passed to the next student)."""
    session[SESSION_KEY] = [
        {**m.as_dict(), "active": False} if m.classroom_id == classroom_id else m.as_dict()
        for m in remembered_memberships()
    ]


def find_classroom(code: str) -> Classroom | None:
    """The class with this join code (any case, spaces ignored), or None."""
    normalised = normalise_join_code(code)
    if not normalised:
        return None
    return db.session.scalar(select(Classroom).where(Classroom.join_code == normalised))


def join_guesses(code: str, address: str, tries: int, window: timedelta) -> tuple[Limit, str]:
    """What a failed join with ``code`` from ``address`` counts against, and the words refusing it.

    A code no open class has is a guess at codes: counted per address, so one device guessing codes
    is stopped, and a classmate with the right code is never refused for it. A class's real code
    leaves only its PIN to guess: counted per class, from anywhere; once over, every PIN try for the
    class waits, the right one too, so that a refusal never tells a guesser the PIN was wrong. A wrong
    name is nobody's guess and the view does not count it.
    """
    classroom = find_classroom(code)
    if classroom is None or classroom.archived:
        return Limit(f"join-code:{address}", tries, window), (
            "Too many tries to join a class from this network. Wait {wait} and try again, "
            "or ask your teacher for help."
        )
    return Limit(f"join-pin:{classroom.id}", tries, window), (
        "Too many wrong PINs for this class. Wait {wait} and try again, or ask your teacher for the PIN."
    )


def join_class(code: str, name: str, pin: str | None) -> Student:
    """Join the class with ``code`` as ``name``; raises :class:`JoinError` saying which field is wrong.

    The same name on a device that already joined as that name resumes the same student; anywhere
    else it makes a new student record (the teacher can merge duplicates). The caller commits.
    """
    classroom = find_classroom(code)
    if classroom is None:
        raise JoinError("code", "No class has that code. Check it with your teacher; it is 6 letters and numbers.")
    if classroom.archived:
        raise JoinError("code", "This class has been archived, so it cannot be joined. Ask your teacher.")
    if classroom.pin:
        typed_pin = "".join((pin or "").split())
        if not typed_pin:
            raise JoinError("pin", "This class needs a PIN. Ask your teacher for it.", guess=False)
        if not secrets.compare_digest(typed_pin.encode(), classroom.pin.strip().encode()):
            raise JoinError("pin", "That PIN is not right for this class. Check it with your teacher.")
    clean = clean_name(name)
    key = name_key(clean)
    for membership in remembered_memberships():
        if membership.classroom_id != classroom.id:
            continue
        student = _verified(membership)
        if student is not None and student.name_key == key:
            return student
    student = Student(classroom=classroom, name=clean, name_key=key)
    db.session.add(student)
    db.session.flush()
    return student
