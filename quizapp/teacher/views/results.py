"""Results: the gradebook, one attempt against the key, item analysis, skills, and regrading a changed question."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from quizapp.corpus_cache import alignments_of, corpus_of
from quizapp.db import db
from quizapp.lti import grades
from quizapp.models import Assignment, Attempt, Classroom
from quizapp.student.attempts import questions_for
from quizapp.student.results import bank_numbers, response_result
from quizapp.student.scores import marks_of
from quizapp.teacher import gradebook, marking, regrade, reports
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import login_required
from quizapp.teacher.assignment_forms import RegradeApplyForm, RegradePreviewForm
from quizapp.teacher.views import bp
from quizapp.wording import counted


@bp.get("/assignments/<int:assignment_id>/gradebook")
@login_required
def gradebook_view(assignment_id: int):
    """Students by questions: scores, totals, submission times and status; sortable by the headers."""
    item = get_owned(Assignment, assignment_id)
    sort, direction = gradebook.parse_sort(request.args.get("sort"), request.args.get("dir"))
    grades.send_waiting(assignment_id=item.id, limit=30)  # opportunistically: the LMS may be back
    results = gradebook.load_results(item)
    rows = gradebook.sort_rows(results.rows, sort, direction)
    return render_template(
        "teacher/gradebook.html",
        assignment=item,
        results=results,
        lines=list(zip(rows, gradebook.score_cells(rows, results.columns), strict=True)),
        sort=sort,
        direction=direction,
        attempt_url=url_for("teacher.attempt", attempt_id=0).removesuffix("0"),
        lms_sends=grades.send_statuses(item.id),
    )


@bp.get("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):
    """One attempt: each answer against the key, with the passages the question cites."""
    item = get_owned(Attempt, attempt_id)
    corpus = corpus_of(current_app)
    responses = gradebook.attempt_responses(item)
    regraded = regrade.decisions_for(item.assignment, responses)
    alignments = alignments_of(current_app)
    # The gradebook's numbers, beside the student's; the keys only, held (see the student's results page).
    versions = questions_for(item.assignment, content=False)
    in_bank = bank_numbers(versions)
    marks = marks_of(responses)
    return render_template(
        "teacher/attempt.html",
        attempt=item,
        assignment=item.assignment,
        student=item.student,
        results=[
            (
                response_result(
                    r, corpus, n, alignments, in_bank.get(r.question_version.question_key), marks.get(r.id)
                ),
                regraded.get(r.id),
            )
            for n, r in enumerate(responses, 1)
        ],
        show_key=True,
        policy_labels=regrade.POLICY_LABELS,
    )


@bp.get("/assignments/<int:assignment_id>/analysis")
@login_required
def analysis(assignment_id: int):
    """Item analysis: how each question behaved, which wrong answers drew the class, the test as a whole."""
    item = get_owned(Assignment, assignment_id)
    results = gradebook.load_results(item, with_answers=True)
    return render_template(
        "teacher/analysis.html",
        assignment=item,
        results=results,
        report=reports.analysis_report(results, corpus_of(current_app)),
        agreement={found.key: found.agreement for found in marking.marker_agreement(item)},
    )


@bp.get("/assignments/<int:assignment_id>/skills")
@login_required
def skills(assignment_id: int):
    """Per-skill results of one assignment: the class's and each student's."""
    item = get_owned(Assignment, assignment_id)
    report = reports.skill_report(gradebook.load_results(item))
    return render_template("teacher/skills.html", classroom=item.classroom, assignment=item, report=report)


@bp.get("/classes/<int:classroom_id>/skills")
@login_required
def class_skills(classroom_id: int):
    """Per-skill results over every assignment of the class."""
    room = get_owned(Classroom, classroom_id)
    all_results = [gradebook.load_results(a) for a in room.assignments]
    return render_template(
        "teacher/skills.html", classroom=room, assignment=None, report=reports.skill_report_of(all_results)
    )


@bp.get("/assignments/<int:assignment_id>/regrade/<question_key>")
@login_required
def regrade_preview(assignment_id: int, question_key: str):
    """Choose how to regrade a changed question, and see every student's score before and after."""
    item = get_owned(Assignment, assignment_id)
    changed = regrade.changed_question(item, question_key)
    if changed is None:
        abort(404, description="That question has no answers on an earlier version to regrade.")
    form = RegradePreviewForm(request.args)
    plan = None
    # "preview" is the button's name: pressed with no way chosen, the form says what to choose.
    if ("policy" in request.args or "preview" in request.args) and form.validate():
        plan = regrade.plan_regrade(item, changed, form.policy.data, corpus_of(current_app))
    return render_template(
        "teacher/regrade.html",
        assignment=item,
        changed=changed,
        form=form,
        plan=plan,
        apply_form=RegradeApplyForm(policy=form.policy.data),
        comparison=regrade.version_comparison(changed, corpus_of(current_app)),
        policy_labels=regrade.POLICY_LABELS,
    )


@bp.post("/assignments/<int:assignment_id>/regrade/<question_key>")
@login_required
def regrade_apply(assignment_id: int, question_key: str):
    """Apply the previewed regrade to every response and total, in one transaction."""
    item = get_owned(Assignment, assignment_id)
    changed = regrade.changed_question(item, question_key)
    if changed is None:
        abort(404, description="That question has no answers on an earlier version to regrade.")
    form = RegradeApplyForm()
    if not form.validate_on_submit():
        flash("Choose how to regrade, and check the preview, before applying it.", "error")
        return redirect(url_for("teacher.regrade_preview", assignment_id=item.id, question_key=question_key))
    plan = regrade.plan_regrade(item, changed, form.policy.data, corpus_of(current_app))
    decision = regrade.apply_regrade(item, plan)
    grades.queue_scores(item.id)  # the LMS hears of the new scores (sent when the gradebook is next opened)
    db.session.commit()
    flash(
        f"Regraded question {question_key} ({regrade.POLICY_LABELS[decision.policy].lower()}): "
        f"{counted(plan.attempts_changed, 'student score')} changed.",
        "success",
    )
    return redirect(url_for("teacher.assignment", assignment_id=item.id))
