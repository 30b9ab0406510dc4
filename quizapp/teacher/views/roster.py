"""Who may join a class: its list of students, student codes and login cards, locking the class to
its list, and the requests of devices waiting to join under a name the class already has."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for

from quizapp.db import db
from quizapp.exports.printable import pdf_from_html
from quizapp.models import Classroom, Student
from quizapp.teacher import roster
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import login_required
from quizapp.teacher.forms import ConfirmForm, JoiningForm, RosterForm
from quizapp.teacher.views import bp
from quizapp.teacher.views.exports import attachment
from quizapp.wording import counted


@bp.route("/classes/<int:classroom_id>/students/add", methods=["GET", "POST"])
@login_required
def add_students(classroom_id: int):
    """Add names to the class's list, typed or pasted one a line, or from a CSV file."""
    room = get_owned(Classroom, classroom_id)
    form = RosterForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            listed = roster.names_from_text(form.names.data or "")
            if form.file.data:
                listed += roster.names_from_csv(roster.decode_roster_file(form.file.data.read()))
            if not listed:
                raise roster.RosterImportError(["Type or paste at least one name, or choose a CSV file."])
            result = roster.add_to_roster(room, listed)
        except roster.RosterImportError as exc:
            db.session.rollback()
            problems = exc.problems
        else:
            db.session.commit()
            message = f"Added {counted(len(result.added), 'student')} to {room.name}."
            if result.already:
                message += f" Already on the list: {', '.join(result.already)}."
            flash(message, "success")
            return redirect(url_for("teacher.classroom", classroom_id=room.id))
    return render_template("teacher/roster_add.html", form=form, classroom=room, problems=problems)


@bp.post("/classes/<int:classroom_id>/joining")
@login_required
def set_joining(classroom_id: int):
    """Lock the class to its list of students, or open it to anyone with the code."""
    room = get_owned(Classroom, classroom_id)
    form = JoiningForm()
    if form.validate_on_submit():
        locked = form.mode.data == "roster"
        roster.set_roster_locked(room, locked)
        db.session.commit()
        flash(
            "Only the students on the list can join now, each with their student code."
            if locked
            else "Anyone with the class code can join now.",
            "success",
        )
    else:
        flash("Choose who can join.", "error")
    return redirect(url_for("teacher.classroom", classroom_id=room.id))


def _cards_page(room: Classroom, for_pdf: bool) -> str:
    return render_template(
        "teacher/login_cards_pdf.html" if for_pdf else "teacher/login_cards.html",
        classroom=room,
        students=sorted(room.students, key=lambda s: (s.name_key, s.id)),
        join_url=url_for("student.join", _external=True),
    )


@bp.get("/classes/<int:classroom_id>/cards")
@login_required
def login_cards(classroom_id: int):
    """A sheet of login cards to print and cut: one per student, with the class code and their student code."""
    return _cards_page(get_owned(Classroom, classroom_id), for_pdf=False)


@bp.get("/classes/<int:classroom_id>/cards.pdf")
@login_required
def login_cards_pdf(classroom_id: int):
    """The login cards as a PDF."""
    room = get_owned(Classroom, classroom_id)
    return attachment(
        pdf_from_html(_cards_page(room, for_pdf=True)), f"login-cards-{room.join_code}.pdf", "application/pdf"
    )


@bp.route("/students/<int:student_id>/new-code", methods=["GET", "POST"])
@login_required
def new_student_code(student_id: int):
    """Give a student a new code (a lost card), which also signs them out on every device."""
    student = get_owned(Student, student_id)
    form = ConfirmForm()
    back = url_for("teacher.classroom", classroom_id=student.classroom_id)
    if form.validate_on_submit():
        code = roster.give_new_code(student)
        db.session.commit()
        flash(f"{student.name}'s new student code is {code}. They are signed out on every device.", "success")
        return redirect(back)
    return render_template(
        "teacher/confirm.html",
        form=form,
        title=f"New student code for {student.name}?",
        message=(
            f"The code {student.login_code} stops working at once, and {student.name} is signed out on every "
            "device (their work stays). They sign in again with the new code."
        ),
        button="Make a new code",
        cancel=back,
    )


def _answer(request_id: int, approve: bool):
    request = roster.owned_request(g.teacher.id, request_id)
    if request is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        answered = roster.answer_request(request, approve)
        db.session.commit()
        name = request.student.name
        if not answered:
            flash(f"That request to join as {name} was answered already or has expired.", "error")
        else:
            flash(
                f"{name} can now join on the new device." if approve else f"The new device was not let in as {name}.",
                "success",
            )
    return redirect(url_for("teacher.classroom", classroom_id=request.student.classroom_id))


@bp.post("/join-requests/<int:request_id>/approve")
@login_required
def approve_join(request_id: int):
    """Let the device that asked in as the student."""
    return _answer(request_id, True)


@bp.post("/join-requests/<int:request_id>/reject")
@login_required
def reject_join(request_id: int):
    """Refuse the device that asked."""
    return _answer(request_id, False)
