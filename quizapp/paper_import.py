"""Paper answers into the database: a CSV read by :mod:`quizapp.paper` becomes submitted, scored paper attempts.

An imported paper is an :class:`~quizapp.models.Attempt` like an online one (``mode="paper"``, its
version letter kept), with one scored :class:`~quizapp.models.Response` per question of the
assignment, so the gradebook, item analysis and regrading count it with no special case. Import
is all or nothing: a file with any problem writes nothing and says, line by line, what to fix::

    report = import_paper_answers(assignment, request.files["csv"].read(), corpus=corpus, seed=form.seed.data or None)
    if report.ok:
        db.session.commit()
    else:
        ...  # show str(error) for error in report.errors
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.corpus import Corpus
from quizapp.db import db
from quizapp.exports import MAX_VERSIONS, ExportOptions, Slot, version_labels, version_layout
from quizapp.exports.layout import layouts as printed_layouts
from quizapp.lti.grades import queue_scores
from quizapp.models import Assignment, Attempt, QuestionVersion, Response, Student, utcnow
from quizapp.names import name_key
from quizapp.paper import ALREADY_IMPORTED, UNSHUFFLED, PaperAnswer, PaperError, parse_paper_answers, template_csv
from quizapp.student.attempts import questions_for
from quizapp.student.identity import JoinError, clean_name, unique_student_code
from quizapp.student.scores import score_attempt
from quizapp.teacher.printing import typed_bank
from quizapp.wording import counted


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or why it did nothing.

    With ``errors`` nothing was written. Otherwise ``students`` papers were imported as
    ``responses`` responses (one per question, ``answered`` of them not blank); ``created`` names
    the students added to the class and ``replaced`` those whose earlier paper attempt was replaced.
    ``versions`` are the version letters read (:data:`quizapp.paper.UNSHUFFLED` for papers printed
    without versions) and ``seed`` the seed asked for (None: the default, as :func:`paper_layouts` says).
    """

    errors: tuple[PaperError, ...] = ()
    students: int = 0
    responses: int = 0
    answered: int = 0
    created: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()
    seed: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file was imported."""
        return not self.errors

    @property
    def summary(self) -> str:
        """``imported 24 students, 432 responses``."""
        return f"imported {counted(self.students, 'student')}, {counted(self.responses, 'response')}"


def paper_layouts(
    assignment: Assignment, seed: str | None = None, versions: int | None = None
) -> dict[str, list[Slot]]:
    """Version letter -> the assignment's questions as that version printed them.

    Built from the questions the assignment's students get (:func:`questions_for`) under the bank's
    id, exactly as the dashboard prints an assignment, so ``seed`` None is the same default as
    ``quizapp export`` without ``--seed`` (:func:`version_layout` applies it). ``versions`` is how
    many versions were printed, read as :class:`ExportOptions` reads it (one version without a seed
    is the unshuffled quiz); None, not known, accepts the unshuffled quiz and every letter A to Z.
    """
    bank = typed_bank(assignment.bank, questions_for(assignment))
    if versions is not None:
        options = ExportOptions(versions=versions, seed=seed)
        return {label or UNSHUFFLED: slots for label, slots in printed_layouts(bank, options)}
    found = {UNSHUFFLED: version_layout(bank, None, None)}
    found.update({label: version_layout(bank, seed, label) for label in version_labels(MAX_VERSIONS)})
    return found


def assignment_template(assignment: Assignment, versions: Sequence[str] = ()) -> bytes:
    """The CSV to fill in for ``assignment``: every student of its class, every question, answers empty."""
    bank = typed_bank(assignment.bank, questions_for(assignment))
    return template_csv(bank, [student.name for student in _roster(assignment)], versions)


def import_paper_answers(
    assignment: Assignment,
    csv_text: str | bytes,
    *,
    corpus: Corpus,
    seed: str | None = None,
    versions: int | None = None,
    create_missing: bool = False,
    replace: bool = False,
    now: datetime | None = None,
) -> ImportReport:
    """Import a CSV of paper answers (see :mod:`quizapp.paper`) into ``assignment``; the caller commits a success.

    Students are matched by name within the assignment's class, as joining matches them (case and
    spacing do not matter). A name nobody in the class has is an error, unless ``create_missing``
    adds that student. A student who already has a paper attempt at this assignment is an error
    unless ``replace`` replaces it; online attempts are never touched. ``seed`` and ``versions``
    are what the quiz was printed with (see :func:`paper_layouts`); ``corpus`` holds the articles
    the questions quote.

    All or nothing: any error, in any row, and nothing is written; the report lists every error by line.
    A success is flushed, so the caller's commit cannot fail on a taken attempt number; on that
    failure the session is rolled back here, so it must hold nothing else unsaved.
    """
    now = now or utcnow()
    question_versions = questions_for(assignment)
    if not question_versions:
        return ImportReport(errors=(PaperError(None, "this assignment has no questions"),))
    roster = _roster(assignment)
    layouts = paper_layouts(assignment, seed, versions)
    rows, errors = parse_paper_answers(
        csv_text,
        layouts,
        None if create_missing else [student.name for student in roster],
        corpus=corpus,
    )
    papers = _papers(rows)
    students, new_names, student_errors = _match_students(papers, roster, create_missing)
    errors.extend(student_errors)
    earlier = _paper_attempts(assignment, [s for s in students.values() if s is not None])
    if not replace:
        for key, student in students.items():
            if student is not None and earlier.get(student.id):
                errors.append(
                    PaperError(
                        papers[key][0].line,
                        f"{student.name} already has paper answers for this assignment; "
                        "import with replace (--replace) to replace them",
                        kind=ALREADY_IMPORTED,
                    )
                )
    if errors:
        return ImportReport(errors=tuple(sorted(errors, key=lambda e: e.line or 0)))
    by_key = {version.question_key: version for version in question_versions}
    responses = answered = 0
    replaced: list[str] = []
    try:
        for key, paper in papers.items():
            student = students[key]
            if student is None:
                student = Student(
                    classroom_id=assignment.classroom_id,
                    name=new_names[key],
                    name_key=key,
                    login_code=unique_student_code(assignment.classroom_id),
                )
                db.session.add(student)
                db.session.flush()  # so that the next new student's code is checked against this one's
            elif earlier.get(student.id):
                replaced.append(student.name)
                for attempt in earlier[student.id]:
                    db.session.delete(attempt)
            # Flushed here so the number below sees the replaced attempt gone and the new student's id.
            db.session.flush()
            slots = layouts[paper[0].version or UNSHUFFLED]
            attempt = _paper_attempt(assignment, student, paper, slots, by_key, now)
            responses += len(attempt.responses)
            answered += sum(1 for response in attempt.responses if response.answer is not None)
        db.session.flush()
    except IntegrityError:
        # Another import (or a student starting online) took the same attempt number in between.
        db.session.rollback()
        busy = PaperError(None, "the class changed while importing; nothing was imported, try again")
        return ImportReport(errors=(busy,))
    except Exception:
        db.session.rollback()  # nothing half-written stays in the session for the caller to commit
        raise
    return ImportReport(
        students=len(papers),
        responses=responses,
        answered=answered,
        created=tuple(new_names.values()),
        replaced=tuple(replaced),
        versions=tuple(sorted({paper[0].version or UNSHUFFLED for paper in papers.values()})),
        seed=seed,
    )


def _roster(assignment: Assignment) -> list[Student]:
    return list(
        db.session.scalars(
            select(Student)
            .where(Student.classroom_id == assignment.classroom_id)
            .order_by(Student.name_key, Student.id)
        )
    )


def _papers(rows: list[PaperAnswer]) -> dict[str, list[PaperAnswer]]:
    """The rows grouped by student (name key), in the order students first appear."""
    papers: dict[str, list[PaperAnswer]] = {}
    for row in rows:
        papers.setdefault(name_key(row.student), []).append(row)
    return papers


def _match_students(
    papers: dict[str, list[PaperAnswer]], roster: list[Student], create_missing: bool
) -> tuple[dict[str, Student | None], dict[str, str], list[PaperError]]:
    """Each paper's student (None: to be created), the names of those to create, and the errors.

    Two students of the class with one name (a student who joined on two devices, before the
    teacher merged them) cannot be told apart by a name on paper: that is an error, not a guess.
    """
    named: dict[str, list[Student]] = {}
    for student in roster:
        named.setdefault(student.name_key, []).append(student)
    students: dict[str, Student | None] = {}
    new_names: dict[str, str] = {}
    errors: list[PaperError] = []
    for key, paper in papers.items():
        line, written = paper[0].line, paper[0].student
        matches = named.get(key, [])
        if len(matches) > 1:
            errors.append(
                PaperError(
                    line,
                    f'{len(matches)} students in the class are called "{written}"; '
                    "merge or rename them on the class page first",
                )
            )
        elif matches:
            students[key] = matches[0]
        elif create_missing:
            try:
                new_names[key] = clean_name(written)
            except JoinError as exc:
                errors.append(PaperError(line, f'cannot add the student "{written}": {exc.message}'))
            else:
                students[key] = None
        # Without create_missing an unknown name was already reported by the parser.
    return students, new_names, errors


def _paper_attempts(assignment: Assignment, students: list[Student]) -> dict[int, list[Attempt]]:
    """Student id -> their paper attempts at the assignment (online attempts are not looked at)."""
    if not students:
        return {}
    found: dict[int, list[Attempt]] = {}
    for attempt in db.session.scalars(
        select(Attempt).where(
            Attempt.assignment_id == assignment.id,
            Attempt.mode == "paper",
            Attempt.student_id.in_([student.id for student in students]),
        )
    ):
        found.setdefault(attempt.student_id, []).append(attempt)
    return found


def _paper_attempt(
    assignment: Assignment,
    student: Student,
    paper: list[PaperAnswer],
    slots: Sequence[Slot],
    by_key: dict[str, QuestionVersion],
    now: datetime,
) -> Attempt:
    """A submitted paper attempt for ``student``, one scored response per question of the assignment.

    ``slots`` are the paper's version as printed; ``by_key`` the question versions the assignment uses.
    """
    previous = db.session.scalar(
        select(func.max(Attempt.number)).where(Attempt.assignment_id == assignment.id, Attempt.student_id == student.id)
    )
    first = paper[0]
    # Ids rather than relationships, so that adding an attempt does not load every attempt of the assignment.
    attempt = Attempt(
        assignment_id=assignment.id,
        student_id=student.id,
        number=(previous or 0) + 1,
        mode="paper",
        version=first.version,
        started_at=now,
        submitted_at=now,
    )
    db.session.add(attempt)
    given = {row.question_id: row for row in paper}
    # Every question gets a response, in the order this version printed them, so a question left
    # out of the file counts as unanswered, as it would online.
    numbers = {slot.question.id: slot.number for slot in slots}
    responses = []
    for key, version in by_key.items():
        row = given.get(key)
        answer = row.answer if row is not None else None
        response = Response(
            attempt=attempt,
            question_version=version,
            position=numbers[key] - 1,
            answer=answer,
            saved_at=now if answer is not None else None,
        )
        db.session.add(response)
        responses.append(response)
    score_attempt(attempt, responses)
    queue_scores(assignment.id, [student.id])  # a student from an LMS gets the paper score there too
    return attempt

