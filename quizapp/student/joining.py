"""The student's way in: joining a class (code, name, PIN, student code), asking the teacher to let a
device in, and signing out. Thin views over :mod:`quizapp.student.identity` and
:mod:`quizapp.student.join_requests`; every failed guess is counted (see ``join_guesses``)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from quizapp.db import db
from quizapp.models import JoinStatus, Student
from quizapp.rate_limit import Limit, refuse, throttle
from quizapp.student import bp
from quizapp.student.forms import JoinForm
from quizapp.student.identity import (
    Guessing,
    JoinError,
    NameTaken,
    current_students,
    join_class,
    join_guesses,
    listed_names,
    normalise_join_code,
    remember,
    remembered_memberships,
    sign_out,
    signed_in_student,
)
from quizapp.student.join_requests import ask_to_join, forget_requests, settle_requests


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Join a class with its code and your name (its PIN, your student code where needed); tries are limited."""
    form = JoinForm()
    if request.method == "GET" and not form.code.data:
        form.code.data = request.args.get("code", "")[:40]
    taken = None
    if form.validate_on_submit():
        # Only failed guesses count (see join_guesses): a whole class joins from one school address.
        guessing = _guessing(form)
        known = {membership.student_id for membership in remembered_memberships()}
        try:
            student = join_class(form.code.data, form.name.data, form.pin.data, form.student_code.data)
        except JoinError as error:
            _count_guess(guessing, error)
            getattr(form, error.field).errors.append(error.message)
            taken = error.student if isinstance(error, NameTaken) else None
        else:
            db.session.commit()
            remember(student)
            greeting = "Welcome back" if student.id in known else "Welcome"
            flash(f"{greeting}, {student.name}! You are in {student.classroom.name}.", "success")
            return redirect(url_for("student.home"))
    return _join_page(form, taken)


def _join_page(form: JoinForm, taken: Student | None = None):
    """The join form; for a roster-locked class's code, the name is picked from its list."""
    listed = listed_names(form.code.data or "")
    if listed and not (form.name.data or "").strip() and form.name.errors:
        form.name.errors = ["Pick your name from the list."]  # not "type": there is nothing to type
    return render_template("student/join.html", form=form, students=current_students(), taken=taken, listed=listed)


def _guessing(form: JoinForm) -> list[Guessing]:
    """The limits this join guesses against, refused at once (429) when any is used up."""
    guessing = join_guesses(
        form.code.data, form.name.data, form.student_code.data, request.remote_addr, *current_app.config["JOIN_LIMIT"]
    )
    for guess in guessing:
        throttle(guess.limit, refusal=guess.refusal)
    return guessing


def _count_guess(guessing: list[Guessing], error: JoinError) -> None:
    """Count a failed guess against the limit of the field it failed on (and commit, whatever else rolls back)."""
    db.session.rollback()
    if error.guess:
        for guess in guessing:
            if guess.field == error.field and not guess.limit.take():
                db.session.commit()
                refuse(guess.limit.wait(), guess.refusal)
    db.session.commit()


@bp.post("/join/ask")
def ask_teacher():
    """Ask the teacher to let this device in under a name the class already has."""
    form = JoinForm()
    if not form.validate_on_submit():
        return _join_page(form)
    guessing = _guessing(form)
    asks = Limit(f"join-ask:{normalise_join_code(form.code.data)}", *current_app.config["JOIN_LIMIT"])
    throttle(asks, refusal="Too many requests to join this class. Wait {wait} and try again, or ask your teacher.")
    try:
        ask_to_join(form.code.data, form.name.data, form.pin.data)
    except JoinError as error:
        _count_guess(guessing, error)
        getattr(form, error.field).errors.append(error.message)
        return _join_page(form)
    asks.take()
    db.session.commit()
    return redirect(url_for("student.waiting"))


@bp.get("/join/waiting")
def waiting():
    """This device's requests to join: signs it in once the teacher approves (the page reloads itself)."""
    states = settle_requests()
    db.session.commit()
    approved = [state.request.student for state in states if state.status is JoinStatus.APPROVED]
    if approved:
        flash(f"Your teacher let you in. Welcome back, {approved[-1].name}!", "success")
        return redirect(url_for("student.home"))
    if not states:
        return redirect(url_for("student.join"))
    return render_template("student/waiting.html", states=states, waiting=JoinStatus.WAITING)


@bp.post("/classes/<int:classroom_id>/sign-out")
def leave(classroom_id: int):
    """Sign this device out of a class, so the next student on a shared laptop starts afresh."""
    student = signed_in_student(classroom_id)
    sign_out(classroom_id)
    forget_requests()
    if student is not None:
        flash(
            f"{student.name} is signed out on this device. To come back here, {student.name} needs their "
            "student code.",
            "success",
        )
        return redirect(url_for("student.join", code=student.classroom.join_code))
    return redirect(url_for("student.join"))
