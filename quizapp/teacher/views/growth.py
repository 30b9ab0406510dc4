"""Discernment and growth: d′ and c per student and skill, and the change from a pre-test to a post-test."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from wtforms import SelectChoice

from quizapp.db import db
from quizapp.exports.spreadsheet import csv_bytes
from quizapp.models import Assignment, Bank, Classroom, Student
from quizapp.student.growth_forms import pair_of
from quizapp.teacher import assignments as assigning
from quizapp.teacher import gradebook, growth
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import login_required
from quizapp.teacher.discernment import calibration_chart, discernment_report, student_judgements
from quizapp.teacher.forms import GrowthPairForm
from quizapp.teacher.gradebook import export_filename
from quizapp.teacher.views import bp
from quizapp.teacher.views.exports import csv_download
from quizapp.wording import counted


@bp.get("/assignments/<int:assignment_id>/discernment")
@login_required
def discernment(assignment_id: int):
    """Hit and false-alarm rates, d′, c and calibration on one assignment's accurate-or-distorted questions."""
    item = get_owned(Assignment, assignment_id)
    report = discernment_report(student_judgements([gradebook.load_results(item, with_answers=True)]))
    return render_template("teacher/discernment.html", classroom=item.classroom, assignment=item, report=report)


@bp.get("/classes/<int:classroom_id>/discernment")
@login_required
def class_discernment(classroom_id: int):
    """Discernment over every assignment of the class."""
    room = get_owned(Classroom, classroom_id)
    judgements = student_judgements(gradebook.load_results(a, with_answers=True) for a in room.assignments)
    return render_template(
        "teacher/discernment.html", classroom=room, assignment=None, report=discernment_report(judgements)
    )


@bp.get("/students/<int:student_id>/discernment")
@login_required
def student_discernment(student_id: int):
    """One student's discernment per skill over every assignment of their class, and their calibration chart."""
    student = get_owned(Student, student_id)
    room = student.classroom
    judgements = student_judgements(gradebook.load_results(a, with_answers=True) for a in room.assignments)
    mine = next((s for s in judgements if s.student_id == student.id), None)
    report = discernment_report([mine] if mine else [])
    line = report.students[0] if report.students else None
    chart = calibration_chart(mine.judgements() if mine else [], f"{student.name}'s calibration", "student-calibration")
    rows = [(skill.capitalize(), line.skills[skill]) for skill in report.skills] if line else []
    return render_template(
        "teacher/discernment_student.html", classroom=room, student=student, line=line, rows=rows, chart=chart
    )


@bp.route("/classes/<int:classroom_id>/growth/new", methods=["GET", "POST"])
@login_required
def new_growth_pair(classroom_id: int):
    """Set a pre-test and a post-test as a pair: two parallel forms of one bank, counterbalanced."""
    room = get_owned(Classroom, classroom_id)
    form = GrowthPairForm()
    form.bank.choices = [SelectChoice(b.id, b.title) for b in assigning.assignable_banks(g.teacher.id)]
    if form.validate_on_submit():
        try:
            pair, forms = growth.create_pair(room, get_owned(Bank, form.bank.data), " ".join(form.title.data.split()))
        except growth.PairError as error:
            form.bank.errors = [str(error)]
        else:
            db.session.commit()
            flash(
                f"“{pair.title}” is set: a pre-test and a post-test of {counted(len(forms.form_a), 'question')} each, "
                f"half the class taking form A first and half form B.",
                "success",
            )
            return redirect(url_for("teacher.growth_page", assignment_id=pair.pre_assignment_id))
    return render_template("teacher/growth_form.html", classroom=room, form=form, pairs=growth.pairs_of(room))


@bp.get("/assignments/<int:assignment_id>/growth")
@login_required
def growth_page(assignment_id: int):
    """Pre against post: each student's d′, c and score, the class's change with its interval and effect size.

    An assignment set on its own has no growth to show: the page says so and how to set a pair.
    """
    item = get_owned(Assignment, assignment_id)
    paired = pair_of(item)
    if paired is None:
        return render_template("teacher/growth_unpaired.html", assignment=item)
    return render_template("teacher/growth.html", pair=paired[0], report=growth.growth_report(paired[0]))


@bp.get("/assignments/<int:assignment_id>/growth.csv")
@login_required
def growth_csv(assignment_id: int):
    """The growth page as CSV: one row per student."""
    paired = pair_of(get_owned(Assignment, assignment_id))
    if paired is None:
        abort(404, description="That assignment is not part of a pre/post pair.")
    pair = paired[0]
    header, rows = growth.growth_table(growth.growth_report(pair))
    return csv_download(
        csv_bytes(header, rows), export_filename(pair.pre_assignment.classroom.name, pair.title, "growth")
    )
