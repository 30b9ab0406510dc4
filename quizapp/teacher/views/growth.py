"""Discernment and growth: d′ and c per student and skill, and the change from a pre-test to a post-test."""

from __future__ import annotations

from flask import abort, render_template

from quizapp.db import db
from quizapp.models import Assignment, Classroom, Student
from quizapp.teacher import gradebook
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import login_required
from quizapp.teacher.discernment import calibration_chart, discernment_report, student_judgements
from quizapp.teacher.views import bp


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


@bp.get("/classes/<int:classroom_id>/discernment/<int:student_id>")
@login_required
def student_discernment(classroom_id: int, student_id: int):
    """One student's discernment per skill and their calibration chart."""
    room = get_owned(Classroom, classroom_id)
    student = db.session.get(Student, student_id) if student_id <= 2**31 else None
    if student is None or student.classroom_id != room.id:
        abort(404)
    judgements = student_judgements(gradebook.load_results(a, with_answers=True) for a in room.assignments)
    report = discernment_report([s for s in judgements if s.student_id == student.id])
    line = report.students[0] if report.students else None
    mine = next((s for s in judgements if s.student_id == student.id), None)
    chart = calibration_chart(mine.judgements() if mine else [], f"{student.name}'s calibration", "student-calibration")
    rows = [(skill.capitalize(), line.skills[skill]) for skill in report.skills] if line else []
    return render_template(
        "teacher/discernment_student.html", classroom=room, student=student, line=line, rows=rows, chart=chart
    )
