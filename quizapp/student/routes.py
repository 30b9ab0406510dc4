"""Student views: thin, each parses the request, calls a function, renders or redirects.

A student is whoever the signed session cookie says (see identity.py); every page that shows an
assignment or an attempt checks it belongs to that student and answers 404 otherwise, so ids in
URLs reveal nothing and open nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound

from quizapp.corpus_cache import alignments_of, corpus_of
from quizapp.db import db
from quizapp.error_pages import expired_form_page
from quizapp.lti.grades import send_waiting
from quizapp.models import Assignment, Attempt, Student, utcnow
from quizapp.moments import as_utc, format_moment, iso_moment
from quizapp.posted import posted_id, posted_ids
from quizapp.rate_limit import retry_after
from quizapp.student import bp
from quizapp.student.answering import Outcome, autosave, post_answers
from quizapp.student.answers import is_answered, parse_answer
from quizapp.student.attempts import (
    AttemptError,
    answer_warnings,
    assignment_status,
    attempts_of,
    effective_deadline,
    finalise_if_due,
    finalise_overdue,
    in_progress,
    questions_for,
    responses_of,
    start_attempt,
    submit_attempt,
    unanswered_numbers,
    why_not_startable,
)
from quizapp.student.formatting import format_number, format_points
from quizapp.student.growth_forms import versions_for_student
from quizapp.student.identity import (
    current_students,
    remembered_student_ids,
    signed_in_as,
    signed_in_student,
)
from quizapp.student.quiz import quiz_items, responses_for_quiz
from quizapp.student.results import answers_release_note, bank_numbers, percent_of, response_result, skill_shares
from quizapp.student.saving import SaveLimit, autosave_state
from quizapp.student.scores import attempt_score, marks_of


@bp.get("/")
def home():
    """The student's classes and their assignments with where the student stands; /join if unknown."""
    students = current_students()
    if not students:
        return redirect(url_for("student.join"))
    now = utcnow()
    classes = [
        (student, [(assignment, assignment_status(assignment, student, now)) for assignment in _listed(student)])
        for student in students
    ]
    return render_template("student/home.html", classes=classes)


def _listed(student: Student) -> list[Assignment]:
    return sorted(student.classroom.assignments, key=lambda a: a.id, reverse=True)  # newest first


# With its class in the same read: Start asks whether the class is archived, the quiz page shows its name.
_WITH_CLASS = (joinedload(Assignment.classroom),)
# Start also needs the growth pair, if any, to choose the student's form.
_FOR_START = (*_WITH_CLASS, joinedload(Assignment.growth_pair))


def _own_assignment(assignment_id: int, options: tuple = _WITH_CLASS) -> tuple[Assignment, Student]:
    """The assignment and the signed-in student of its class; 404 for anyone outside the class."""
    # The students of its class that the cookie names come in the same read, so that the signed-in
    # check below finds them in the session: Start and the quiz page are what a class sends at once.
    named = remembered_student_ids()
    rows = db.session.execute(
        select(Assignment, Student)
        .options(*options)
        .outerjoin(Student, and_(Student.classroom_id == Assignment.classroom_id, Student.id.in_(named)))
        .where(Assignment.id == assignment_id)
    ).all()
    assignment = rows[0][0] if rows else None
    student = signed_in_student(assignment.classroom_id) if assignment is not None else None
    if assignment is None or student is None:
        abort(404, description="There is no assignment here for you. Check that you joined the right class.")
    return assignment, student


# Every other page of an attempt: the whole assignment and student (the results page also its class,
# which says whether another attempt may start).
_FOR_PAGES = (joinedload(Attempt.assignment), joinedload(Attempt.student))
_FOR_RESULTS = (joinedload(Attempt.assignment).joinedload(Assignment.classroom), joinedload(Attempt.student))


def _own_attempt(attempt_id: int, options: tuple = _FOR_PAGES) -> tuple[Attempt, Student]:
    """The attempt, if it is the signed-in student's own; 404 for everyone else."""
    # With its assignment and its student in the same read: every page of an attempt needs all three, and
    # the signed-in check below then finds the student in the session instead of reading it again.
    attempt = db.session.get(Attempt, attempt_id, options=list(options))
    student = signed_in_student(attempt.assignment.classroom_id) if attempt is not None else None
    if attempt is None or student is None or attempt.student_id != student.id:
        abort(404, description="There are no answers of yours here.")
    return attempt, student


@bp.get("/assignments/<int:assignment_id>")
def assignment(assignment_id: int):
    """The quiz while an attempt is in progress; otherwise the assignment, past attempts and Start."""
    try:
        assignment, student = _own_assignment(assignment_id)
    except NotFound:
        # Whether the device is signed in anywhere is asked only here: the page itself needs no other class.
        if not current_students():
            return redirect(url_for("student.join"))
        raise
    now = utcnow()
    attempts = attempts_of(assignment, student)
    finalise_overdue(attempts, now)
    current = in_progress(attempts)  # the one Start returns to
    if current is not None:
        return _quiz_page(current, student)
    versions = versions_for_student(assignment, student, questions_for(assignment, content=False))
    return render_template(
        "student/assignment.html",
        assignment=assignment,
        student=student,
        attempts=[a for a in attempts if a.submitted],
        question_count=len(versions),
        total_points=format_number(sum(v.points for v in versions)),
        blocked=why_not_startable(assignment, student, now),
        status=assignment_status(assignment, student, now),
        score_shown=assignment.score_visible(now),
        release_note=answers_release_note(assignment, now),
        format_points=format_points,
        attempt_score=attempt_score,
        format_moment=format_moment,
    )


def _quiz_page(attempt: Attempt, student: Student, page: int | None = None, kept: dict[int, Any] | None = None):
    """The quiz form at ``page`` (else the page the URL asks for), showing ``kept`` answers over the saved ones."""
    responses = responses_for_quiz(attempt.id)
    assignment = attempt.assignment
    total = len(responses)
    pages = total if assignment.paged else 1
    page = min(max(page or request.args.get("page", 1, type=int), 1), max(pages, 1))
    corpus = corpus_of(current_app)
    if assignment.paged:
        items = quiz_items(responses[page - 1 : page], student.id, corpus, total, first_number=page, kept=kept)
    else:
        items = quiz_items(responses, student.id, corpus, total, kept=kept)
    saved = [as_utc(r.saved_at) for r in responses if r.saved_at is not None]
    answered = {number for number, response in enumerate(responses, 1) if is_answered(response.answer)}
    deadline = effective_deadline(attempt)
    return render_template(
        "student/quiz.html",
        assignment=assignment,
        attempt=attempt,
        student=student,
        items=items,
        page=page,
        pages=pages,
        answered=answered,
        deadline=deadline,
        deadline_text=format_moment(deadline) if deadline else None,
        deadline_iso=iso_moment(deadline) if deadline else None,
        last_saved=format_moment(max(saved)) if saved else None,
    )


@bp.post("/assignments/<int:assignment_id>/start")
def start(assignment_id: int):
    """Start an attempt (or return to the one in progress: a double click starts only one)."""
    assignment, student = _own_assignment(assignment_id, _FOR_START)
    try:
        start_attempt(assignment, student, utcnow())
    except AttemptError as error:
        flash(str(error), "error")
    # The id from the URL: the assignment object was expired by the commit, and reading it would query again.
    return redirect(url_for("student.assignment", assignment_id=assignment_id))


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _shown_response_ids() -> list[int]:
    """The responses whose questions were on the submitted page (hostile values are simply not ids)."""
    return posted_ids(request.form.getlist("shown"))


def _page_after(action: str, page: int, pages: int) -> int:
    if action == "next":
        return min(page + 1, pages)
    if action == "previous":
        return max(page - 1, 1)
    number = posted_id(action[5:]) if action.startswith("page-") else None
    if number is not None:
        return min(max(number, 1), pages)
    return page


@bp.post("/attempts/<int:attempt_id>/answers")
def answers(attempt_id: int):
    """Save the answers on the page (autosave sends JSON-accepting requests), then go on as the button says.

    Buttons: ``save`` (stay), ``previous``/``next``/``page-N`` (paged quizzes), ``submit``.
    """
    action = request.form.get("action", "save")
    if action == "save" and _wants_json():
        autosaved = _autosave(attempt_id)
        if autosaved is not None:
            return autosaved
    attempt, _ = _own_attempt(attempt_id)
    # Kept now: after the commit, reading them from the attempt would read the attempt again.
    assignment_id, student_id, paged = attempt.assignment_id, attempt.student_id, attempt.assignment.paged
    # Only autosave is limited: a button pressed by hand, and Submit above all, always goes through.
    saves = SaveLimit(*current_app.config["SAVE_LIMIT"]) if _wants_json() else None
    posted = post_answers(
        attempt,
        request.form,
        _shown_response_ids(),
        corpus_of(current_app),
        utcnow(),
        submit=action == "submit",
        confirmed=request.form.get("confirm") == "yes",
        saves=saves,
    )
    if posted.outcome is Outcome.WAIT:
        return _wait_reply(posted.message, posted.wait)
    # attempt_id, not attempt.id: after the commit that would read the attempt again.
    results_url = url_for("student.results", attempt_id=attempt_id)
    if posted.outcome is Outcome.SUBMITTED:
        _say_submitted()
        send_waiting(assignment_id=assignment_id, student_id=student_id)
        return redirect(results_url)
    if posted.outcome is Outcome.CLOSED:
        return _closed(posted.message, results_url)
    if _wants_json():
        return _saved_reply(posted.saved_at)
    if posted.outcome is Outcome.CONFIRM:
        return redirect(url_for("student.confirm_submit", attempt_id=attempt_id))
    pages = len(attempt.responses) if paged else 1
    page = _page_after(action, request.form.get("page", 1, type=int), pages)
    if action == "save":
        flash(f"Saved at {format_moment(posted.saved_at)}.", "success")
    target = url_for("student.assignment", assignment_id=assignment_id, page=page if pages > 1 else None)
    return redirect(target)


def _autosave(attempt_id: int):
    """Autosave's reply in the usual case, the student's own attempt unsubmitted and in time, read in one
    statement without ORM objects (the request a class sends most); None for any other case, which the
    full path answers as it answers a button."""
    state = autosave_state(attempt_id)
    if (
        state is None
        or state.student_classroom_id != state.classroom_id
        or not signed_in_as(state.classroom_id, state.student_id, state.device_token)
    ):
        return None
    saves = SaveLimit(*current_app.config["SAVE_LIMIT"])
    posted = autosave(state, request.form, _shown_response_ids(), corpus_of(current_app), utcnow(), saves)
    if posted is None:
        return None
    if posted.outcome is Outcome.WAIT:
        return _wait_reply(posted.message, posted.wait)
    if posted.outcome is Outcome.CLOSED:  # submitted since the read: the claim said so
        return _closed(posted.message, url_for("student.results", attempt_id=attempt_id))
    return _saved_reply(posted.saved_at)


def _wait_reply(message: str | None, wait: timedelta | None):
    """429 for an autosave over the attempt's limit, saying when to send it again."""
    return jsonify(error=message), 429, {"Retry-After": str(retry_after(wait))}


def _saved_reply(saved_at: datetime | None):
    """Autosave's acknowledgement; saved_text in the page's own wording, in the school's time zone."""
    return jsonify(saved_at=iso_moment(saved_at), saved_text=format_moment(saved_at))


def _closed(message: str, results_url: str):
    """The answer to a save that came too late: JSON 409 for autosave, else back to the results.

    The message is flashed either way: autosave moves the page to the results, which then say why.
    """
    flash(message, "error")
    if _wants_json():
        return jsonify(error=message, results_url=results_url), 409
    return redirect(results_url)


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """A quiz form whose CSRF check failed (a lost or replaced session): nothing is stored, nothing is lost.

    The posted answers go back into the form with a fresh token and a request to press the button
    again; autosave gets JSON and keeps its copy on the device. Other forms get the usual page.
    Only the student's own attempt is shown: a cross-site post carries no session cookie
    (SameSite=Lax), so another site cannot fill in someone's quiz this way.
    """
    if request.endpoint != "student.answers":
        return expired_form_page(error)
    try:
        attempt, student = _own_attempt(request.view_args["attempt_id"])
    except NotFound as not_yours:  # an error handler's own abort is not handled again: answer it here
        return current_app.handle_http_exception(not_yours)
    message = "Your answers are not saved yet: this page had expired. Press Save or Submit answers again."
    if _wants_json():
        return jsonify(error=message), 400
    if finalise_if_due(attempt, utcnow()):
        flash("These answers have already been submitted.", "error")
        return redirect(url_for("student.results", attempt_id=attempt.id))
    shown = set(_shown_response_ids())
    corpus = corpus_of(current_app)
    kept = {
        response.id: parse_answer(response.question_version.question, request.form, response.id, corpus)
        for response in attempt.responses
        if response.id in shown
    }
    flash(message, "error")
    return _quiz_page(attempt, student, page=request.form.get("page", 1, type=int), kept=kept), 400


@bp.get("/attempts/<int:attempt_id>/submit")
def confirm_submit(attempt_id: int):
    """Ask before submitting an attempt with unanswered questions, or answers to check (a written one too long)."""
    attempt, _ = _own_attempt(attempt_id)
    if finalise_if_due(attempt, utcnow()):
        return redirect(url_for("student.results", attempt_id=attempt.id))
    return render_template(
        "student/confirm_submit.html", attempt=attempt, assignment=attempt.assignment,
        unanswered=unanswered_numbers(attempt), total=len(attempt.responses), warnings=answer_warnings(attempt),
    )


@bp.post("/attempts/<int:attempt_id>/submit")
def submit(attempt_id: int):
    """Submit with the answers saved so far; a second click or a resent form changes nothing."""
    attempt, _ = _own_attempt(attempt_id)
    submit_attempt(attempt, utcnow())
    _say_submitted()
    send_waiting(assignment_id=attempt.assignment_id, student_id=attempt.student_id)
    return redirect(url_for("student.results", attempt_id=attempt.id))


def _say_submitted() -> None:
    """Flash "submitted" for every Submit press, not only the one that submitted: a second click
    cancels the first page load, whose message would then never be seen. Once, though: the first
    response's cookie (carrying the message) may have arrived all the same."""
    message = ("success", "Your answers are submitted.")
    if message not in session.get("_flashes", []):  # where flask.flash keeps messages not yet shown
        flash(message[1], message[0])


@bp.get("/attempts/<int:attempt_id>/results")
def results(attempt_id: int):
    """A submitted attempt: the score and, as the teacher allows, each question against its sources."""
    attempt, student = _own_attempt(attempt_id, _FOR_RESULTS)
    now = utcnow()
    if not finalise_if_due(attempt, now):
        return redirect(url_for("student.assignment", assignment_id=attempt.assignment_id))
    assignment = attempt.assignment
    corpus = corpus_of(current_app)
    alignments = alignments_of(current_app)
    used = len(attempts_of(assignment, student))
    # Without their content: the numbers need the keys only. Held (the session keeps an object only while
    # something refers to it), so the responses' versions are found in the session, not read again; a
    # version's question is parsed once per process, from its content read then.
    versions = questions_for(assignment, content=False)
    in_bank = bank_numbers(versions)
    responses = responses_of(attempt, versions)
    marks = marks_of(responses)
    results = [
        response_result(
            response, corpus, number, alignments, in_bank.get(response.question_version.question_key),
            marks.get(response.id),
        )
        for number, response in enumerate(responses, 1)
    ]
    score_shown = assignment.score_visible(now)
    return render_template(
        "student/results.html",
        assignment=assignment,
        attempt=attempt,
        student=student,
        score=attempt_score(attempt) if score_shown else None,
        percent=percent_of(attempt.earned, attempt.possible) if score_shown else None,
        skills=skill_shares(results),
        submitted_text=format_moment(attempt.submitted_at),
        results=results,
        show_key=assignment.answers_visible(now),
        release_note=answers_release_note(assignment, now),
        can_retry=why_not_startable(assignment, student, now, used) is None,
        attempts_left=assignment.attempts_allowed - used,
    )
