"""Classes and their rosters: creating, renaming and archiving a class, its join code and PIN, its students."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from wtforms import SelectChoice

from quizapp.db import db
from quizapp.models import Classroom, Student
from quizapp.moments import format_moment
from quizapp.posted import posted_ids
from quizapp.teacher import classes, roster
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import login_required
from quizapp.teacher.forms import ClassForm, ConfirmForm, JoiningForm, MergeForm, PinForm, StudentNameForm
from quizapp.teacher.views import bp
from quizapp.wording import counted


@bp.route("/classes/new", methods=["GET", "POST"])
@login_required
def new_class():
    """Create a class; it gets a join code at once."""
    form = ClassForm()
    if form.validate_on_submit():
        classroom = classes.create_classroom(g.teacher.id, form.name.data)
        db.session.commit()
        flash(f"Class created. Students join with the code {classroom.join_code}.", "success")
        return redirect(url_for("teacher.classroom", classroom_id=classroom.id))
    return render_template("teacher/class_form.html", form=form, classroom=None)


@bp.get("/classes/<int:classroom_id>")
@login_required
def classroom(classroom_id: int):
    """A class: its join code and PIN, its assignments and its roster."""
    room = get_owned(Classroom, classroom_id)
    return render_template(
        "teacher/class.html",
        classroom=room,
        roster=classes.roster(room),
        summary=classes.dashboard(g.teacher.id, classroom_id=room.id)[0],
        waiting=roster.waiting_requests(g.teacher.id, room.id),
        joining_form=JoiningForm(mode="roster" if room.roster_locked else "open"),
    )


@bp.route("/classes/<int:classroom_id>/rename", methods=["GET", "POST"])
@login_required
def rename_class(classroom_id: int):
    """Give a class a new name."""
    room = get_owned(Classroom, classroom_id)
    form = ClassForm(obj=room)
    if form.validate_on_submit():
        classes.rename_classroom(room, form.name.data)
        db.session.commit()
        flash("Class renamed.", "success")
        return redirect(url_for("teacher.classroom", classroom_id=room.id))
    return render_template("teacher/class_form.html", form=form, classroom=room)


@bp.post("/classes/<int:classroom_id>/archive")
@login_required
def archive_class(classroom_id: int):
    """Archive a class: it leaves the dashboard's list and cannot be joined; results stay."""
    room = get_owned(Classroom, classroom_id)
    if ConfirmForm().validate_on_submit():
        classes.set_archived(room, True)
        db.session.commit()
        flash(f"{room.name} is archived. Its results stay; you can bring it back at any time.", "success")
    return redirect(url_for("teacher.classroom", classroom_id=room.id))


@bp.post("/classes/<int:classroom_id>/unarchive")
@login_required
def unarchive_class(classroom_id: int):
    """Bring an archived class back."""
    room = get_owned(Classroom, classroom_id)
    if ConfirmForm().validate_on_submit():
        classes.set_archived(room, False)
        db.session.commit()
        flash(f"{room.name} is active again.", "success")
    return redirect(url_for("teacher.classroom", classroom_id=room.id))


@bp.route("/classes/<int:classroom_id>/code", methods=["GET", "POST"])
@login_required
def regenerate_code(classroom_id: int):
    """Replace the join code, after a confirmation page."""
    room = get_owned(Classroom, classroom_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        code = classes.regenerate_join_code(room)
        db.session.commit()
        flash(f"The new join code is {code}. The old one no longer works.", "success")
        return redirect(url_for("teacher.classroom", classroom_id=room.id))
    return render_template(
        "teacher/confirm.html",
        form=form,
        title=f"New join code for {room.name}",
        message=(
            f"The code {room.join_code} will stop working at once. Students who have already joined stay in "
            "the class; anyone joining from now on needs the new code."
        ),
        button="Make a new code",
        cancel=url_for("teacher.classroom", classroom_id=room.id),
    )


@bp.route("/classes/<int:classroom_id>/pin", methods=["GET", "POST"])
@login_required
def set_pin(classroom_id: int):
    """Require a PIN to join the class (or change it)."""
    room = get_owned(Classroom, classroom_id)
    form = PinForm(obj=room)
    if form.validate_on_submit():
        classes.set_pin(room, form.pin.data)
        db.session.commit()
        flash("Students now need the PIN to join.", "success")
        return redirect(url_for("teacher.classroom", classroom_id=room.id))
    return render_template("teacher/pin.html", form=form, classroom=room)


@bp.post("/classes/<int:classroom_id>/pin/clear")
@login_required
def clear_pin(classroom_id: int):
    """Stop asking for a PIN."""
    room = get_owned(Classroom, classroom_id)
    if ConfirmForm().validate_on_submit():
        classes.set_pin(room, None)
        db.session.commit()
        flash("The PIN is removed: the join code alone lets students join.", "success")
    return redirect(url_for("teacher.classroom", classroom_id=room.id))


@bp.route("/students/<int:student_id>/rename", methods=["GET", "POST"])
@login_required
def rename_student(student_id: int):
    """Correct a student's name."""
    student = get_owned(Student, student_id)
    form = StudentNameForm(obj=student)
    if form.validate_on_submit():
        try:
            classes.rename_student(student, form.name.data)
        except classes.RosterError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"Renamed to {student.name}.", "success")
            return redirect(url_for("teacher.classroom", classroom_id=student.classroom_id))
    return render_template("teacher/student_rename.html", form=form, student=student)


@bp.route("/students/<int:student_id>/merge", methods=["GET", "POST"])
@login_required
def merge_student(student_id: int):
    """Merge another record of the same student into this one: attempts move here, the other goes."""
    student = get_owned(Student, student_id)
    form = MergeForm()
    others = [s for s in student.classroom.students if s.id != student.id]
    form.other.choices = [SelectChoice(s.id, _record(s)) for s in others]
    if not others:
        flash("There is no other student in this class to merge with.", "error")
        return redirect(url_for("teacher.classroom", classroom_id=student.classroom_id))
    over: list[classes.OverLimit] = []
    if form.validate_on_submit():
        other = get_owned(Student, form.other.data)
        other_name, kept_name = _record(other), _record(student)
        keep = _kept_attempts(student, other)
        try:
            moved = classes.merge_students(student, other, keep_attempts=keep)
        except classes.MergeChoiceNeeded as exc:
            over = exc.over
        except classes.RosterError as exc:
            form.other.errors.append(str(exc))
            over = classes.over_limit(student, other) if keep is not None else []
        else:
            db.session.commit()
            flash(
                f"Merged {other_name} into {kept_name}: {counted(moved, 'attempt')} moved.",
                "success",
            )
            return redirect(url_for("teacher.classroom", classroom_id=student.classroom_id))
    return render_template("teacher/merge.html", form=form, student=student, over=over)


def _kept_attempts(student: Student, other: Student) -> set[int] | None:
    """The attempts the teacher ticked to keep, if the list they ticked in is the one that stands now.

    The list shown names the other record and its attempts; if the teacher chose another record since,
    or an attempt was started meanwhile, the ticks answer another question: ask again (None).
    """
    if request.form.get("choosing") != str(other.id):
        return None
    shown = set(posted_ids(request.form.getlist("shown")))
    if shown != {a.id for item in classes.over_limit(student, other) for a in item.attempts}:
        return None
    return set(posted_ids(request.form.getlist("keep")))


def _record(student: Student) -> str:
    """A student record as the teacher tells two apart: the name and when it joined (two may share a name)."""
    return f"{student.name} (joined {format_moment(student.joined_at or student.created_at)})"


@bp.route("/students/<int:student_id>/remove", methods=["GET", "POST"])
@login_required
def remove_student(student_id: int):
    """Remove a student and their attempts, after a confirmation page."""
    student = get_owned(Student, student_id)
    form = ConfirmForm()
    classroom_id, name = student.classroom_id, student.name
    if form.validate_on_submit():
        classes.remove_student(student)
        db.session.commit()
        flash(f"{name} is removed from the class.", "success")
        return redirect(url_for("teacher.classroom", classroom_id=classroom_id))
    attempts = len(student.attempts)
    return render_template(
        "teacher/confirm.html",
        form=form,
        title=f"Remove {name}?",
        message=(
            f"{name} and their {counted(attempts, 'attempt')} will be deleted for good. "
            "If they joined twice, merge the two records instead."
        ),
        button=f"Remove {name}",
        danger=True,
        cancel=url_for("teacher.classroom", classroom_id=classroom_id),
    )
