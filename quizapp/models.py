"""The database: teachers, classes, students, banks and question versions, assignments and attempts.

Queries that views need live here as functions next to the models, not in templates or views.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from quizapp.banks.model import Question
from quizapp.banks.serialise import question_from_dict
from quizapp.db import db

# Join codes avoid characters that read alike on a board: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def utcnow() -> datetime:
    """Now, in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timestamps stored in UTC, always aware in Python.

    SQLite has no time zones and returns naive values, so they are marked UTC on the way out; an aware
    value in another zone is converted to UTC on the way in (SQLite would otherwise keep its wall time).
    A TypeDecorator, because a subclass of DateTime is replaced by the dialect's own type and its
    result processor never runs.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: D102
        if isinstance(value, datetime):
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):  # noqa: D102
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def new_join_code() -> str:
    """A random, unambiguous class code like ``K7QX3M``."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class ShowAnswers(enum.StrEnum):
    """When students see the correct answers of a submitted attempt."""

    IMMEDIATELY = "immediately"
    AFTER_CLOSE = "after_close"
    NEVER = "never"


class ShowScore(enum.StrEnum):
    """What a student sees of their score while the correct answers are withheld."""

    WITH_ANSWERS = "with_answers"  # nothing until the answers are shown: a score would be an oracle
    TOTAL_ONLY = "total_only"  # the total right away, never which questions earned it


class Teacher(db.Model):
    """A teacher account."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # Bumped when the password changes, which ends every other session of this teacher.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    classrooms: Mapped[list[Classroom]] = relationship(back_populates="teacher", order_by="Classroom.name")


class Classroom(db.Model):
    """A class of students with a join code; belongs to one teacher."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str] = mapped_column(String(12), unique=True, default=new_join_code)
    pin: Mapped[str | None] = mapped_column(String(12))
    # Roster-locked: only the students the teacher listed can join, each with their own student code.
    # Open (False): anyone with the code joins under a new name; a name already in the class needs that
    # student's code or the teacher's approval (see quizapp.student.identity).
    roster_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    teacher: Mapped[Teacher] = relationship(back_populates="classrooms")
    students: Mapped[list[Student]] = relationship(
        back_populates="classroom", order_by="Student.name", cascade="all, delete-orphan"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="classroom", order_by="Assignment.created_at", cascade="all, delete-orphan"
    )


def new_student_code() -> str:
    """A random student code like ``K7QX3M``, for the student's login card (same letters as class codes)."""
    return new_join_code()


class Student(db.Model):
    """A student in one class. No password: identity is a signed cookie holding ``device_token``.

    ``login_code`` lets the student in on another device (printed on their login card, shown on their
    class page); ``joined_at`` is None for a name the teacher listed that nobody has used yet.
    """

    __table_args__ = (
        Index("ix_student_lookup", "classroom_id", "name_key"),
        UniqueConstraint("classroom_id", "login_code", name="uq_student_login_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))  # casefolded, spaces collapsed: "Ana  Diaz" == "ana diaz"
    device_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_urlsafe(32))
    login_code: Mapped[str] = mapped_column(String(12), default=new_student_code)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    classroom: Mapped[Classroom] = relationship(back_populates="students")
    attempts: Mapped[list[Attempt]] = relationship(back_populates="student", cascade="all, delete-orphan")
    join_requests: Mapped[list[JoinRequest]] = relationship(back_populates="student", cascade="all, delete-orphan")


class JoinStatus(enum.StrEnum):
    """Where a request to join as an existing student stands."""

    WAITING = "waiting"
    APPROVED = "approved"
    REJECTED = "rejected"
    USED = "used"  # approved, and the device that asked has been signed in


class JoinRequest(db.Model):
    """A device asking to join an open class under a name a student there already has.

    The teacher approves or rejects it; only the device that asked can use an approval, by the secret
    kept in its session (stored here as a SHA-256, so the database alone signs nobody in).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[JoinStatus] = mapped_column(
        SqlEnum(JoinStatus, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=JoinStatus.WAITING,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    student: Mapped[Student] = relationship(back_populates="join_requests")

    @property
    def check_code(self) -> str:
        """Four letters the asking device and the teacher both see, so the teacher lets in the device in front
        of them and not another asking under the same name (made from the secret: no one else can match it)."""
        number = int(self.secret_hash[:12], 16)
        letters = []
        for _ in range(4):
            number, index = divmod(number, len(JOIN_CODE_ALPHABET))
            letters.append(JOIN_CODE_ALPHABET[index])
        return "".join(letters)


class Bank(db.Model):
    """A question bank as loaded from YAML; its questions are versioned below."""

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(String(500), default="")
    # Uploaded banks belong to the teacher who uploaded them; bundled banks (None) are shared.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="SET NULL"))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    versions: Mapped[list[QuestionVersion]] = relationship(back_populates="bank", order_by="QuestionVersion.position")

    @property
    def current_questions(self) -> list[QuestionVersion]:
        """The bank's questions as they stand now, in authored order."""
        return [v for v in self.versions if v.is_current]


class QuestionVersion(db.Model):
    """One version of a question. Editing a question adds a version; attempts keep the one they answered."""

    __table_args__ = (UniqueConstraint("bank_id", "question_key", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[str] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(80))  # the question's id in the YAML
    position: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(20))
    points: Mapped[float] = mapped_column(Float)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    bank: Mapped[Bank] = relationship(back_populates="versions")

    @property
    def question(self) -> Question:
        """The typed question this version holds (parsed once per process for each content)."""
        return parsed_question(self.content_hash, lambda: self.data)


# The typed question of each stored content, by its content hash: scoring, the results page and the
# teacher's pages ask for the question of every response they show, and parsing it again each time was
# much of their work. The hash names the content in every database (a version's content never changes;
# only its line in the file, which no page reads from here), and questions are frozen, so one parsed
# question serves every request of the process.
_PARSED_QUESTIONS: dict[str, Question] = {}
_PARSED_KEPT = 4096  # contents; a school's banks hold far fewer


def parsed_question(content_hash: str, data: Callable[[], dict[str, Any]]) -> Question:
    """The typed question of this content, parsed once per process; ``data()`` (the version's stored
    dict) is asked for only the first time, so a version whose content was not read needs no read."""
    parsed = _PARSED_QUESTIONS.get(content_hash)
    if parsed is None:
        if len(_PARSED_QUESTIONS) >= _PARSED_KEPT:
            _PARSED_QUESTIONS.clear()
        parsed = _PARSED_QUESTIONS[content_hash] = question_from_dict(data())
    return parsed


def question_parsed(content_hash: str) -> bool:
    """Whether the question of this content is parsed already (its version's ``data`` need not be read)."""
    return content_hash in _PARSED_QUESTIONS


class Assignment(db.Model):
    """A bank (or some of its questions) set for a class, with its rules."""

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    bank_id: Mapped[str] = mapped_column(ForeignKey("bank.id"))
    title: Mapped[str] = mapped_column(String(200))
    question_keys: Mapped[list[str] | None] = mapped_column(JSON)  # None: every current question of the bank
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts_allowed: Mapped[int] = mapped_column(Integer, default=1)
    time_limit_minutes: Mapped[int | None] = mapped_column(Integer)
    shuffle: Mapped[bool] = mapped_column(Boolean, default=True)
    paged: Mapped[bool] = mapped_column(Boolean, default=False)
    show_answers: Mapped[ShowAnswers] = mapped_column(
        SqlEnum(ShowAnswers, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=ShowAnswers.IMMEDIATELY,
    )
    show_score: Mapped[ShowScore] = mapped_column(
        SqlEnum(ShowScore, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=ShowScore.WITH_ANSWERS,
    )
    # While open, students of the class cannot see /compare nor which reports share a passage.
    hide_comparison: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="assignments")
    bank: Mapped[Bank] = relationship()
    attempts: Mapped[list[Attempt]] = relationship(back_populates="assignment", cascade="all, delete-orphan")
    # The pre/post pair the assignment is half of (None for most), read-only: Start joins it to the
    # assignment's own read instead of asking for it in a statement of its own.
    growth_pair: Mapped[GrowthPair | None] = relationship(
        primaryjoin="or_(Assignment.id == foreign(GrowthPair.pre_assignment_id), "
        "Assignment.id == foreign(GrowthPair.post_assignment_id))",
        viewonly=True,
        uselist=False,
    )

    def is_open(self, now: datetime | None = None) -> bool:
        """True between the open and close times (either may be unset)."""
        now = now or utcnow()
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    def answers_visible(self, now: datetime | None = None) -> bool:
        """Whether a student who has submitted may see the correct answers now."""
        if self.show_answers == ShowAnswers.IMMEDIATELY:
            return True
        if self.show_answers == ShowAnswers.AFTER_CLOSE:
            return self.closes_at is not None and (now or utcnow()) >= self.closes_at
        return False

    def score_visible(self, now: datetime | None = None) -> bool:
        """Whether a student who has submitted may see their total score now."""
        return self.show_score == ShowScore.TOTAL_ONLY or self.answers_visible(now)

    def comparison_hidden(self, now: datetime | None = None) -> bool:
        """Whether the class's students are kept from comparing reports now (only while it is open)."""
        return self.hide_comparison and self.is_open(now)


class Attempt(db.Model):
    """One student's attempt at an assignment; its responses fix the question versions it was given."""

    __table_args__ = (UniqueConstraint("assignment_id", "student_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    mode: Mapped[str] = mapped_column(String(10), default="online")  # online or paper
    version: Mapped[str | None] = mapped_column(String(4))  # paper version letter
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    earned: Mapped[float | None] = mapped_column(Float)
    possible: Mapped[float | None] = mapped_column(Float)
    # Written answers still waiting for a teacher's mark: until none is left, ``earned`` is not final.
    marks_pending: Mapped[int] = mapped_column(Integer, default=0)
    # Autosaves counted against the save limit since ``saves_since``: on the attempt's own row, which the
    # save's claim updates anyway (quizapp.student.saving), so that counting costs no statement of its own.
    saves_counted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    saves_since: Mapped[datetime | None] = mapped_column(UTCDateTime())

    assignment: Mapped[Assignment] = relationship(back_populates="attempts")
    student: Mapped[Student] = relationship(back_populates="attempts")
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.position", cascade="all, delete-orphan"
    )

    @property
    def submitted(self) -> bool:
        """True once the attempt has been submitted and scored."""
        return self.submitted_at is not None

    @property
    def awaiting_marks(self) -> bool:
        """True while a written answer of the submitted attempt waits for the teacher: the score is not final."""
        return self.submitted and (self.marks_pending or 0) > 0


class Response(db.Model):
    """A student's answer to one question version in one attempt, and its score once submitted."""

    __table_args__ = (UniqueConstraint("attempt_id", "question_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    answer: Mapped[Any | None] = mapped_column(JSON)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    earned: Mapped[float | None] = mapped_column(Float)
    possible: Mapped[float | None] = mapped_column(Float)
    outcome: Mapped[str | None] = mapped_column(String(10))
    message: Mapped[str | None] = mapped_column(String(300))

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
    # Loaded with the responses (one query for all their versions): every save and page reads the question
    # of each response, and loading them one by one was 20 queries per autosave (bench/load profile).
    question_version: Mapped[QuestionVersion] = relationship(lazy="selectin")


class Mark(db.Model):
    """A teacher's mark of one written response on its question's rubric, and a comment to the student.

    Marking again adds a mark: the latest one scores the response, and marks by two different teachers
    of the same answers give the rubric's agreement figure (see :mod:`quizapp.teacher.marking`).
    """

    __table_args__ = (Index("ix_mark_response", "response_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="SET NULL"), index=True)
    level: Mapped[str] = mapped_column(String(80))  # the rubric level's label, as the rubric named it then
    points: Mapped[float] = mapped_column(Float)  # the level's points on the rubric
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    response: Mapped[Response] = relationship()
    teacher: Mapped[Teacher | None] = relationship()


def latest_marks(response_ids: Collection[int]) -> dict[int, Mark]:
    """The latest mark of each of these responses that has one, by response id."""
    if not response_ids:
        return {}
    latest: dict[int, Mark] = {}
    marks = db.session.scalars(
        select(Mark).where(Mark.response_id.in_(list(response_ids))).order_by(Mark.created_at, Mark.id)
    )
    for mark in marks:
        latest[mark.response_id] = mark
    return latest


class RegradeDecision(db.Model):
    """A teacher's decision about the old responses to a changed question in one assignment.

    Recorded when the teacher applies a regrade (or chooses not to), so the assignment stops offering
    a regrade for that version of the question; responses submitted later on the old version bring
    the offer back.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(80))
    # The version the old responses were regraded against (the current one when the teacher decided).
    version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id", ondelete="CASCADE"))
    policy: Mapped[str] = mapped_column(String(20))  # full, both, new or none (see quizapp.teacher.regrade)
    responses_changed: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RateLimitCount(db.Model):
    """The tries counted under one key (``join-code:203.0.113.7``, ``login:ana@school.example:203.0.113.7``).

    One row per key, changed by conditional UPDATEs (see :mod:`quizapp.rate_limit`), so that checking a
    limit and counting a try are one atomic step. Kept in the database, not in process memory, so every
    worker and host sees the same counts. ``started`` is when the current window began, or, for a growing
    delay, when the last try was counted.
    """

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    started: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class UsedArticlePreview(db.Model):
    """An article import's signed preview that has been confirmed: each preview adds one article, once.

    Kept in the database, not in process memory, so that a second confirmation is refused by every
    worker and host; the primary key makes two confirmations at the same moment settle on one.
    """

    # The SHA-256 of the signed preview (which carries a random id of its own), in hex.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


# -- Pre and post: parallel forms of one bank, counterbalanced (issue 16) -------------------------------


class GrowthOrder(enum.StrEnum):
    """Which form a student of a pre/post pair takes first: counterbalancing, so form difficulty is not growth."""

    A_THEN_B = "AB"
    B_THEN_A = "BA"


class GrowthPair(db.Model):
    """A pre-test and a post-test set together: two parallel forms (A and B) of one bank.

    Both assignments hold every question of both forms; each student is given one form in each
    (see :class:`GrowthPlacement`), never the same question twice.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    pre_assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), unique=True)
    post_assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), unique=True)
    form_a: Mapped[list[str]] = mapped_column(JSON)  # question keys
    form_b: Mapped[list[str]] = mapped_column(JSON)
    seed: Mapped[str] = mapped_column(String(64))  # the assembly's seed, so the split can be explained later
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    pre_assignment: Mapped[Assignment] = relationship(foreign_keys=[pre_assignment_id])
    post_assignment: Mapped[Assignment] = relationship(foreign_keys=[post_assignment_id])
    placements: Mapped[list[GrowthPlacement]] = relationship(back_populates="pair", cascade="all, delete-orphan")

    def form(self, letter: str) -> list[str]:
        """Form ``A`` or ``B``'s question keys."""
        return list(self.form_a if letter == "A" else self.form_b)


class GrowthPlacement(db.Model):
    """One student's order in a pre/post pair, drawn at random when first needed and kept."""

    __table_args__ = (UniqueConstraint("pair_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("growth_pair.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    order: Mapped[GrowthOrder] = mapped_column(
        SqlEnum(GrowthOrder, native_enum=False, length=2, values_callable=lambda e: [m.value for m in e])
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    pair: Mapped[GrowthPair] = relationship(back_populates="placements")

    def form_for(self, phase: str) -> str:
        """The form letter this student takes at ``phase`` ("pre" or "post")."""
        return self.order.value[0 if phase == "pre" else 1]


# The LTI tables live beside the LTI code; imported here so that every table is on the metadata
# wherever the models are (Alembic, create_all).
from quizapp.lti import models as lti_models  # noqa: E402,F401
