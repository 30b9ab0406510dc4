"""Who the student is: joining a class by code and name, and remembering them in a signed cookie.

Students have no password. The device remembers, for each class it joined, one entry
``{classroom_id, student_id, device_token}`` in the Flask session; the token must equal
``Student.device_token``, so a forged or stale entry identifies nobody. Ids never appear in URLs as
proof of identity.

A name is one student: it is never silently reused or duplicated. In an open class a new name joins
at once; a name the class already has needs that student's code (their login card, or their class
page on a device they used before) or the teacher's approval of a :class:`JoinRequest`. A
roster-locked class takes only the names the teacher listed, each with its student code.
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
from quizapp.models import Classroom, Student, new_student_code, utcnow
from quizapp.names import name_key, tidy_name
from quizapp.posted import is_id
from quizapp.rate_limit import Limit
from quizapp.single_line import control_character

SESSION_KEY = "students"
# One entry per class (the student signed in there now); a student in many classes needs a few.
MAX_REMEMBERED = 12
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


class NameTaken(JoinError):
    """The class already has a student by this name, and this device has not shown it is them."""

    def __init__(self, student: Student):
        super().__init__(
            "student_code",
            f"Someone called {student.name} is already in this class. If that is you, type your student code "
            "(it is on your class page on the device you used before, or ask your teacher), or ask your "
            "teacher to let you in from this device. If it is not you, add something to your name, such "
            "as your last name's first letter.",
            guess=False,
        )
        self.student = student


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

    def as_dict(self) -> dict[str, Any]:
        """The entry as stored in the session."""
        return {"classroom_id": self.classroom_id, "student_id": self.student_id, "device_token": self.device_token}


def remembered_memberships() -> list[Membership]:
    """The well-formed entries of the session, oldest first (anything else in the cookie is ignored).

    Entries an older version marked signed out (``"active": false``) are no entries.
    """
    entries = session.get(SESSION_KEY)
    if not isinstance(entries, list):
        return []
    memberships = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("active") is False:
            continue
        classroom_id, student_id, token = entry.get("classroom_id"), entry.get("student_id"), entry.get("device_token")
        # Ids the database can hold, or the entry is no entry: they reach SQL (a bool or a 2**40 was a
        # database error there, where it must simply sign nobody in).
        if is_id(classroom_id) and is_id(student_id) and isinstance(token, str):
            memberships.append(Membership(classroom_id, student_id, token))
    return memberships


def remembered_student_ids() -> list[int]:
    """The ids of the students this device's cookie names, not yet checked (see :func:`signed_in_student`)."""
    return [membership.student_id for membership in remembered_memberships()]


def _verified(membership: Membership) -> Student | None:
    student = db.session.get(Student, membership.student_id)
    if student is None or student.classroom_id != membership.classroom_id:
        return None
    if not secrets.compare_digest(student.device_token.encode(), membership.device_token.encode()):
        return None
    return student


def current_students() -> list[Student]:
    """The students this device is signed in as: one per class (the entry of the last to join it)."""
    # The last entry per class only: an older cookie kept several, and if the last one stops verifying
    # (a new code, a merge) the device must show nobody, not fall back to an earlier classmate.
    latest = {membership.classroom_id: membership for membership in remembered_memberships()}
    by_classroom: dict[int, Student] = {}
    for membership in latest.values():
        student = _verified(membership)
        if student is not None:
            by_classroom[student.classroom_id] = student
    return sorted(by_classroom.values(), key=lambda s: (s.classroom.name.casefold(), s.classroom_id))


def signed_in_student(classroom_id: int) -> Student | None:
    """The student this device is signed in as in that class, or None.

    The same student as :func:`current_students` gives for the class (the entry of the last to join
    it), but only that class's entries are checked: every save asks this, and needs no other class.
    """
    found = None
    for membership in remembered_memberships():
        if membership.classroom_id == classroom_id:
            found = _verified(membership) or found
    return found


def signed_in_as(classroom_id: int, student_id: int, device_token: str) -> bool:
    """Whether this device's one entry for the class names that student with that (current) device token.

    What :func:`signed_in_student` answers, for a caller that has read the student's token already: an
    autosave. A cookie with several entries for the class (an older version kept them) says False here;
    ask :func:`signed_in_student`, which weighs them.
    """
    entries = [m for m in remembered_memberships() if m.classroom_id == classroom_id]
    return (
        len(entries) == 1
        and entries[0].student_id == student_id
        and secrets.compare_digest(entries[0].device_token.encode(), device_token.encode())
    )


def remember(student: Student) -> None:
    """Sign this device in as ``student`` for the student's class.

    The entry replaces whoever this device held for that class: the cookie never keeps a list of
    classmates' tokens that a copy of it could replay.
    """
    entry = Membership(student.classroom_id, student.id, student.device_token).as_dict()
    kept = [m.as_dict() for m in remembered_memberships() if m.classroom_id != student.classroom_id]
    session[SESSION_KEY] = [*kept, entry][-MAX_REMEMBERED:]
    # Permanent, so that the cookie survives closing the browser; a visit refreshes it (once a day, see web.py).
    session.permanent = True


def sign_out(classroom_id: int) -> None:
    """Forget this class's entry and its token on this device (a shared laptop passed to the next student).

    Coming back needs the student's code or the teacher's approval, like any other device.
    """
    session[SESSION_KEY] = [m.as_dict() for m in remembered_memberships() if m.classroom_id != classroom_id]


def find_classroom(code: str) -> Classroom | None:
    """The class with this join code (any case, spaces ignored), or None."""
    normalised = normalise_join_code(code)
    if not normalised:
        return None
    return db.session.scalar(select(Classroom).where(Classroom.join_code == normalised))


@dataclass(frozen=True)
class Guessing:
    """A limit on one kind of guess a join makes, the field whose failure counts against it, and its refusal."""

    limit: Limit
    field: str
    refusal: str


def join_guesses(
    code: str, name: str, student_code: str | None, address: str, tries: int, window: timedelta
) -> list[Guessing]:
    """The limits a join with these values guesses against (none for a new name in an open class).

    A code no open class has is a guess at codes: counted per address, so one device guessing codes
    is stopped, and a classmate with the right code is never refused for it. A class's PIN is counted
    per class, from anywhere; once over, every PIN try for the class waits, the right one too, so
    that a refusal never tells a guesser the PIN was wrong. A student code is counted per class and
    name: guessing Alice's code holds up only Alice's code (she can still ask her teacher), never a
    classmate. A wrong name is nobody's guess and is not counted.
    """
    classroom = find_classroom(code)
    if classroom is None or classroom.archived:
        return [
            Guessing(
                Limit(f"join-code:{address}", tries, window),
                "code",
                "Too many tries to join a class from this network. Wait {wait} and try again, "
                "or ask your teacher for help.",
            )
        ]
    limits = []
    if classroom.pin:
        limits.append(
            Guessing(
                Limit(f"join-pin:{classroom.id}", tries, window),
                "pin",
                "Too many wrong PINs for this class. Wait {wait} and try again, or ask your teacher for the PIN.",
            )
        )
    if (student_code or "").strip():
        try:
            key = name_key(clean_name(name))
        except JoinError:
            key = ""
        limits.append(
            Guessing(
                Limit(f"join-student:{classroom.id}:{key}", tries, window),
                "student_code",
                "Too many wrong student codes for this name. Wait {wait} and try again, or ask your teacher.",
            )
        )
    return limits


def listed_names(code: str) -> list[str] | None:
    """The names on the list of the roster-locked class with this code, to pick from; None for any other code.

    Shown only to whoever has the class code (its students): picking beats spelling for a 12-year-old,
    and the student code, not the name, is what keeps a name to its owner.
    """
    classroom = find_classroom(code or "")
    if classroom is None or classroom.archived or not classroom.roster_locked:
        return None
    return list(
        db.session.scalars(
            select(Student.name).where(Student.classroom_id == classroom.id).order_by(Student.name_key, Student.id)
        )
    )


def unique_student_code(classroom_id: int | None) -> str:
    """A student code no student of the class has yet."""
    while True:
        code = new_student_code()
        if classroom_id is None or db.session.scalar(
            select(Student.id).where(Student.classroom_id == classroom_id, Student.login_code == code)
        ) is None:
            return code


def _code_matches(student: Student, typed: str) -> bool:
    return secrets.compare_digest(normalise_join_code(typed).encode(), student.login_code.encode())


def open_classroom(code: str, pin: str | None) -> Classroom:
    """The class ``code`` opens, once its PIN (if any) is right; raises :class:`JoinError`."""
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
    return classroom


def students_named(classroom: Classroom, key: str) -> list[Student]:
    return list(
        db.session.scalars(
            select(Student).where(Student.classroom_id == classroom.id, Student.name_key == key).order_by(Student.id)
        )
    )


def join_class(code: str, name: str, pin: str | None, student_code: str | None = None) -> Student:
    """Join the class with ``code`` as ``name``; raises :class:`JoinError` saying which field is wrong.

    This device resumes the student it holds for the class under that name. Otherwise a name the class
    already has needs that student's code (else :class:`NameTaken`, so the device can ask the teacher);
    a new name joins an open class as a new student, and a roster-locked class takes no new names.
    The caller commits.
    """
    classroom = open_classroom(code, pin)
    clean = clean_name(name)
    key = name_key(clean)
    held = signed_in_student(classroom.id)
    if held is not None and held.name_key == key:
        return mark_joined(held)
    typed = (student_code or "").strip()
    named = students_named(classroom, key)
    if classroom.roster_locked:
        if not typed:
            raise JoinError(
                "student_code", "This class needs your student code: it is on the card from your teacher.", guess=False
            )
        match = next((s for s in named if _code_matches(s, typed)), None)
        if match is None:
            # One message for a name not on the list and a wrong code, so the list cannot be read off it.
            raise JoinError(
                "student_code",
                "That name and student code do not match anyone on the list of this class. Check both on "
                "your card, or ask your teacher.",
            )
        return mark_joined(match)
    if typed:
        match = next((s for s in named if _code_matches(s, typed)), None)
        if match is None:
            raise JoinError(
                "student_code",
                f"That student code is not right for {clean} in this class. Check it, or leave it empty "
                "and ask your teacher.",
            )
        return mark_joined(match)
    if named:
        raise NameTaken(named[0])
    student = Student(
        classroom=classroom, name=clean, name_key=key, login_code=unique_student_code(classroom.id), joined_at=utcnow()
    )
    db.session.add(student)
    db.session.flush()
    return student


def mark_joined(student: Student) -> Student:
    if student.joined_at is None:
        student.joined_at = utcnow()
    return student
