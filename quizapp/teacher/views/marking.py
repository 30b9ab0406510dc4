"""Marking written answers: the overview of what is left to mark, and one answer at a time on the queue.

The logic is in :mod:`quizapp.teacher.marking`; each view here fetches the assignment the teacher owns,
calls it and renders or redirects. Names are hidden unless ``?names=1`` asks for them.
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.lti import grades
from quizapp.models import Assignment, utcnow
from quizapp.student.results import source_excerpts
from quizapp.teacher import marking
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import login_required
from quizapp.teacher.forms import ConfirmForm
from quizapp.teacher.views import bp


def _names_shown() -> bool:
    return (request.values.get("names") or "") == "1"


def _queue_of(assignment: Assignment, question_key: str) -> marking.MarkingQueue:
    queue = marking.marking_queue(assignment, question_key)
    if queue is None:
        abort(404, description="This assignment has no written question with that id.")
    return queue


@bp.get("/assignments/<int:assignment_id>/marking")
@login_required
def marking_overview(assignment_id: int):
    """The assignment's written questions and how many of each one's answers are marked."""
    item = get_owned(Assignment, assignment_id)
    return render_template("teacher/marking.html", assignment=item, progress=marking.marking_progress(item))


@bp.get("/assignments/<int:assignment_id>/marking/<question_key>")
@login_required
def mark_answer(assignment_id: int, question_key: str):
    """One answer of the queue beside the rubric and the sources: the one asked for, else the next to mark."""
    queue = _queue_of(get_owned(Assignment, assignment_id), question_key)
    asked = request.args.get("answer", type=int)
    place = queue.position_of(asked) if asked is not None else None
    if place is None:
        place = queue.next_unmarked()
    return _marking_page(queue, place if place is not None else 0)


@bp.post("/assignments/<int:assignment_id>/marking/<question_key>")
@login_required
def save_mark(assignment_id: int, question_key: str):
    """Record the level (and comment) for the answer the form names, then go on to the next one still to mark."""
    item = get_owned(Assignment, assignment_id)
    queue = _queue_of(item, question_key)
    names = "1" if _names_shown() else None
    response_id = request.form.get("response", type=int)
    place = queue.position_of(response_id) if response_id is not None else None
    if response_id is None or place is None:
        abort(404, description="That answer is not one of this question's answers to mark.")
    if not ConfirmForm().validate_on_submit():
        return _marking_page(queue, place, "The form expired; press the level again.", 400)
    try:
        mark = marking.record_mark(
            queue, response_id, request.form.get("level"), request.form.get("comment"), g.teacher.id, utcnow()
        )
    except marking.MarkingError as error:
        return _marking_page(queue, place, str(error), 422)
    student_id = queue.answers[place].response.attempt.student_id
    grades.queue_scores(item.id, [student_id])  # an LMS linked to the assignment hears of the marked score
    db.session.commit()
    grades.send_waiting(assignment_id=item.id, student_id=student_id)
    flash(f"Answer {place + 1} marked {mark.level}.", "success")
    marked = _queue_of(item, question_key)
    following = marked.next_unmarked(after=place)
    if following is None:
        flash(f"Every answer to question {question_key} is marked.", "success")
        return redirect(url_for("teacher.marking_overview", assignment_id=item.id))
    next_id = marked.answers[following].response.id
    return redirect(
        url_for("teacher.mark_answer", assignment_id=item.id, question_key=question_key, answer=next_id, names=names)
    )


def _saved_comment(current: marking.QueuedAnswer | None) -> str:
    return (current.mark.comment or "") if current is not None and current.mark is not None else ""


def _marking_page(queue: marking.MarkingQueue, place: int, error: str | None = None, status: int = 200):
    """The page for the answer at ``place`` (the queue may be empty), with ``error`` and the posted comment kept."""
    answers = queue.answers
    current = answers[place] if answers else None
    answer_text = current.response.answer if current is not None else None
    return render_template(
        "teacher/mark.html",
        assignment=queue.assignment,
        queue=queue,
        place=place,
        current=current,
        answer_text=answer_text if isinstance(answer_text, str) else "",
        words=marking.words_note(queue.question, answer_text),
        excerpts=source_excerpts(queue.question, corpus_of(current_app)),
        previous_id=answers[place - 1].response.id if answers and place > 0 else None,
        next_id=answers[place + 1].response.id if place + 1 < len(answers) else None,
        names=_names_shown(),
        error=error,
        comment=request.form.get("comment", "") if error else _saved_comment(current),
        form=ConfirmForm(),
    ), status
