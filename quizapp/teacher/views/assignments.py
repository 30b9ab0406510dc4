"""Assignments: setting a bank for a class, an assignment's page, changing and deleting it."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from wtforms import SelectChoice

from quizapp.db import db
from quizapp.models import Assignment, Bank, Classroom
from quizapp.student.growth_forms import pair_of
from quizapp.teacher import assignments as assigning
from quizapp.teacher import gradebook, regrade
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import login_required
from quizapp.teacher.assignment_forms import AssignmentForm
from quizapp.teacher.forms import ChooseBankForm, ConfirmForm
from quizapp.teacher.views import bp
from quizapp.wording import counted


@bp.route("/classes/<int:classroom_id>/assignments/new", methods=["GET", "POST"])
@login_required
def new_assignment(classroom_id: int):
    """Set a bank for a class: first choose the bank, then its questions and rules."""
    room = get_owned(Classroom, classroom_id)
    choose = ChooseBankForm(request.args)
    choose.bank.choices = [SelectChoice(b.id, b.title) for b in assigning.assignable_banks(g.teacher.id)]
    if "bank" not in request.args or not choose.validate():
        return render_template("teacher/assignment_bank.html", classroom=room, choose=choose)
    chosen = get_owned(Bank, choose.bank.data)
    versions = assigning.current_questions(chosen.id)
    form = AssignmentForm()
    form.class_open = not room.roster_locked
    form.questions.choices = assigning.question_choices(versions)
    if request.method == "GET":
        form.title.data = chosen.title
        form.questions.data = [choice.value for choice in form.questions.choices]
    if form.validate_on_submit():
        assignment = assigning.create_assignment(room, chosen, assigning.AssignmentSettings.from_form(form))
        db.session.commit()
        flash(f"“{assignment.title}” is set for {room.name}.", "success")
        return redirect(url_for("teacher.assignment", assignment_id=assignment.id))
    return render_template("teacher/assignment_form.html", form=form, classroom=room, bank=chosen, assignment=None)


@bp.get("/assignments/<int:assignment_id>")
@login_required
def assignment(assignment_id: int):
    """An assignment: its rules, where the class stands, its results pages and any regrade to decide."""
    item = get_owned(Assignment, assignment_id)
    results = gradebook.load_results(item, with_cells=False)
    return render_template(
        "teacher/assignment.html",
        assignment=item,
        results=results,
        questions=[c for c in results.columns if c.set_now],
        changed=regrade.changed_questions(item),
        policy_labels=regrade.POLICY_LABELS,
        growth_pair=pair_of(item),
    )


@bp.route("/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_assignment(assignment_id: int):
    """Change an assignment's questions and rules."""
    item = get_owned(Assignment, assignment_id)
    form = AssignmentForm()
    form.class_open = not item.classroom.roster_locked
    form.questions.choices = assigning.question_choices(assigning.current_questions(item.bank_id))
    if request.method == "GET":
        assigning.fill_form(form, item)
    if form.validate_on_submit():
        assigning.update_assignment(item, assigning.AssignmentSettings.from_form(form))
        db.session.commit()
        flash("Assignment saved.", "success")
        return redirect(url_for("teacher.assignment", assignment_id=item.id))
    return render_template(
        "teacher/assignment_form.html", form=form, classroom=item.classroom, bank=item.bank, assignment=item
    )


@bp.route("/assignments/<int:assignment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_assignment(assignment_id: int):
    """Delete an assignment and every attempt at it, after a confirmation page."""
    item = get_owned(Assignment, assignment_id)
    form = ConfirmForm()
    classroom_id, title = item.classroom_id, item.title
    if form.validate_on_submit():
        assigning.delete_assignment(item)
        db.session.commit()
        flash(f"Deleted “{title}”.", "success")
        return redirect(url_for("teacher.classroom", classroom_id=classroom_id))
    attempts = assigning.attempt_count(item)
    return render_template(
        "teacher/confirm.html",
        form=form,
        title=f"Delete “{title}”?",
        message=(
            f"The assignment and its {counted(attempts, 'attempt')} will be deleted for good. "
            "Download the gradebook first if you need the scores."
        ),
        button="Delete the assignment",
        danger=True,
        cancel=url_for("teacher.assignment", assignment_id=item.id),
    )
