"""Teacher views: thin, each parses a form, calls a function, renders or redirects.

Every view that takes an id fetches it with :func:`quizapp.teacher.access.get_owned`, which answers
404 for anything that is not the logged-in teacher's.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import Response as HttpResponse
from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from quizapp import rate_limit
from quizapp.banks import drafting
from quizapp.corpus.html_import import HtmlImportError
from quizapp.db import db
from quizapp.exports.spreadsheet import csv_bytes
from quizapp.models import Assignment, Attempt, Bank, Classroom, Student
from quizapp.paper_import import ImportReport, assignment_template, import_paper_answers
from quizapp.student.formatting import format_number, format_points
from quizapp.student.results import response_result
from quizapp.teacher import articles as article_import
from quizapp.teacher import assignments as assigning
from quizapp.teacher import bp, classes, gradebook, paper_entry, printing, regrade, reports, uploads
from quizapp.teacher.access import get_owned
from quizapp.teacher.accounts import (
    AccountError,
    authenticate,
    change_password,
    load_teacher,
    log_in,
    log_out,
    login_required,
    sign_up,
)
from quizapp.teacher.banks import bank_summaries, bank_versions, deletable, delete_bank
from quizapp.teacher.forms import (
    ArticleConfirmForm,
    ArticleUploadForm,
    AssignmentForm,
    BankUploadForm,
    ChangePasswordForm,
    ChooseBankForm,
    ClassForm,
    ConfirmForm,
    LoginForm,
    MergeForm,
    PaperGridForm,
    PaperGridSetupForm,
    PaperTemplateForm,
    PaperUploadForm,
    PinForm,
    RegradeApplyForm,
    RegradePreviewForm,
    SignupForm,
    StudentNameForm,
)
from quizapp.web import alignments_of, corpus_of


@bp.before_app_request
def load_logged_in_teacher() -> None:
    """Make the logged-in teacher (or None) available as ``g.teacher`` on every page."""
    g.teacher = load_teacher() if "teacher_id" in session else None


@bp.app_template_filter("local_time")
def local_time(moment: datetime | None) -> str:
    """A stored time in the school's time zone, spelled out: ``Tue 8 Jun 2021, 14:05``."""
    local = assigning.to_local(moment)
    if local is None:
        return "—"
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


@bp.app_template_filter("iso_time")
def iso_time(moment: datetime | None) -> str:
    """A stored time as ISO 8601 with its offset, for ``<time datetime>``."""
    return gradebook.format_moment_in(moment, assigning.school_timezone())


@bp.app_template_filter("points")
def points(value: float | None) -> str:
    """Points as people write them: 2, 0.5, 1.33; a dash for none."""
    return "—" if value is None else format_number(value)


@bp.app_template_filter("percent")
def percent(fraction: float | None, digits: int = 0) -> str:
    """A share 0..1 as a percentage; a dash for none."""
    return "—" if fraction is None else f"{100 * fraction:.{digits}f}\u00a0%"  # no line break before %


@bp.app_template_filter("fixed")
def fixed(value: float | None, digits: int = 2) -> str:
    """A statistic to ``digits`` decimals; a dash when there was not enough data to compute it."""
    return "—" if value is None else f"{value:.{digits}f}"


@bp.app_context_processor
def teacher_helpers() -> dict:
    """Names every teacher template may use."""
    return {"school_timezone": assigning.school_timezone().key, "format_points": format_points}


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login, never another host."""
    # Browsers read a backslash as a slash, so "/\\evil.example" would leave the site too.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not urlsplit(target).netloc:
        return target
    return url_for("teacher.dashboard")


# --------------------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with email and password; tries are limited per address and per account."""
    form = LoginForm()
    if form.validate_on_submit():
        # Failed logins count, per account and (five times as many) per address.
        limit, window = current_app.config["LOGIN_LIMIT"]
        email_key = f"login-failed:{form.email.data.strip().lower()}"
        ip_key = f"login-failed-ip:{request.remote_addr}"
        if rate_limit.exceeded(email_key, limit, window) or rate_limit.exceeded(ip_key, limit * 5, window):
            abort(429, description=f"Too many failed logins. Wait {rate_limit.window_in_words(window)} and try again.")
        teacher = authenticate(form.email.data, form.password.data)
        if teacher is not None:
            db.session.commit()  # a password hash upgraded by authenticate
            rate_limit.clear(email_key)
            log_in(teacher)
            return redirect(_safe_next(request.args.get("next")))
        rate_limit.record(email_key)
        rate_limit.record(ip_key)
        form.password.errors.append("That email and password do not match an account.")
    return render_template("teacher/login.html", form=form, signup=current_app.config["QUIZAPP_SIGNUP"])


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Create a teacher account, unless the school has switched sign-up off."""
    if not current_app.config["QUIZAPP_SIGNUP"]:
        abort(404, description="Sign-up is switched off here; ask your school's administrator for an account.")
    form = SignupForm()
    if form.validate_on_submit():
        # Every checked sign-up counts, made or not: creating accounts and probing emails are both limited.
        limit, window = current_app.config["SIGNUP_LIMIT"]
        if not rate_limit.hit(f"signup:{request.remote_addr}", limit, window):
            abort(429, description=f"Too many sign-ups from this network. Wait {rate_limit.window_in_words(window)} "
                  "and try again, or ask your school's administrator for an account.")
        try:
            sign_up(form.email.data, form.password.data, form.name.data or "")
        except AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            # The same answer whether the email was new or taken (see sign_up): nobody is logged in here.
            flash("Done: log in below with your email and the password you just chose. If that email already "
                  "had an account, that account is unchanged: log in with its own password, or ask your school's "
                  "administrator to reset it.", "success")
            return redirect(url_for("teacher.login"))
    return render_template("teacher/signup.html", form=form)


@bp.post("/logout")
def logout():
    """End the session."""
    log_out()
    flash("You are logged out.", "success")
    return redirect(url_for("teacher.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change the password; every other session of this account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(g.teacher, form.current.data, form.new.data)
        except AccountError as exc:
            form.current.errors.append(str(exc))
        else:
            db.session.commit()
            flash("Password changed. Every other device logged in to your account has been logged out.", "success")
            return redirect(url_for("teacher.dashboard"))
    return render_template("teacher/account.html", form=form)


@bp.get("/")
@login_required
def dashboard():
    """The teacher's classes and their assignments."""
    summaries = classes.dashboard(g.teacher.id)
    return render_template(
        "teacher/dashboard.html",
        active=[s for s in summaries if not s.classroom.archived],
        archived=[s for s in summaries if s.classroom.archived],
    )


# --------------------------------------------------------------------------------------------------
# Classes and rosters
# --------------------------------------------------------------------------------------------------


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


@bp.get("/classes/<int:classroom_id>/skills")
@login_required
def class_skills(classroom_id: int):
    """Per-skill results over every assignment of the class."""
    room = get_owned(Classroom, classroom_id)
    all_results = [gradebook.load_results(a) for a in room.assignments]
    return render_template(
        "teacher/skills.html", classroom=room, assignment=None, report=reports.skill_report_of(all_results)
    )


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
    form.other.choices = [SelectChoice(s.id, s.name) for s in others]
    if not others:
        flash("There is no other student in this class to merge with.", "error")
        return redirect(url_for("teacher.classroom", classroom_id=student.classroom_id))
    if form.validate_on_submit():
        other = get_owned(Student, form.other.data)
        other_name = other.name
        try:
            moved = classes.merge_students(student, other)
        except classes.RosterError as exc:
            form.other.errors.append(str(exc))
        else:
            db.session.commit()
            flash(
                f"Merged {other_name} into {student.name}: {moved} attempt{'' if moved == 1 else 's'} moved.",
                "success",
            )
            return redirect(url_for("teacher.classroom", classroom_id=student.classroom_id))
    return render_template("teacher/merge.html", form=form, student=student)


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
            f"{name} and their {attempts} attempt{'' if attempts == 1 else 's'} will be deleted for good. "
            "If they joined twice, merge the two records instead."
        ),
        button=f"Remove {name}",
        danger=True,
        cancel=url_for("teacher.classroom", classroom_id=classroom_id),
    )


# --------------------------------------------------------------------------------------------------
# Banks
# --------------------------------------------------------------------------------------------------


@bp.route("/banks", methods=["GET", "POST"])
@login_required
def banks():
    """The banks the teacher can assign, and uploading a bank of their own."""
    form = BankUploadForm()
    outcome = None
    if form.validate_on_submit():
        upload = form.file.data
        outcome = uploads.upload_bank(upload.read(), upload.filename, corpus_of(current_app), g.teacher.id)
        if outcome.ok:
            db.session.commit()
            flash(f"Bank uploaded: {outcome.stored}.", "success")
            return redirect(url_for("teacher.bank", bank_id=outcome.stored.bank))
    status = 422 if outcome is not None or form.errors else 200
    return render_template(
        "teacher/banks.html", form=form, outcome=outcome, banks=bank_summaries(g.teacher.id)
    ), status


@bp.get("/banks/draft.yaml")
@login_required
def draft_questions():
    """Questions drafted from the articles, as a bank file for the teacher to review, edit and upload."""
    try:
        draft = drafting.draft_bank(corpus_of(current_app), alignments=alignments_of(current_app))
    except drafting.DraftError as exc:
        flash(f"No questions could be drafted: {exc}.", "error")
        return redirect(url_for("teacher.banks"))
    return HttpResponse(
        draft.yaml,
        content_type="application/yaml; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{drafting.DEFAULT_BANK_ID}.yaml"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/banks/<bank_id>")
@login_required
def bank(bank_id: str):
    """A bank's questions as they stand now."""
    record = get_owned(Bank, bank_id)
    return render_template(
        "teacher/bank.html", bank=record, versions=bank_versions(record), can_delete=deletable(record, g.teacher.id)
    )


@bp.route("/banks/<bank_id>/delete", methods=["GET", "POST"])
@login_required
def delete_bank_view(bank_id: str):
    """Delete an uploaded bank that no assignment uses, after a confirmation page."""
    record = get_owned(Bank, bank_id)
    if not deletable(record, g.teacher.id):
        abort(403, description="Only a bank you uploaded, and that no assignment uses, can be deleted.")
    form = ConfirmForm()
    if form.validate_on_submit():
        title = record.title
        delete_bank(record)
        db.session.commit()
        flash(f"Deleted the bank “{title}”.", "success")
        return redirect(url_for("teacher.banks"))
    return render_template(
        "teacher/confirm.html",
        form=form,
        title=f"Delete the bank “{record.title}”?",
        message="Its questions are deleted for good. Upload the file again to bring it back.",
        button="Delete the bank",
        danger=True,
        cancel=url_for("teacher.bank", bank_id=record.id),
    )


# --------------------------------------------------------------------------------------------------
# Articles: importing a saved news page (upload, check the preview, confirm)
# --------------------------------------------------------------------------------------------------


@bp.route("/articles/import", methods=["GET", "POST"])
@login_required
def import_article():
    """Upload a saved news page; what the importer finds is shown for checking, nothing is written yet."""
    form = ArticleUploadForm()
    problem = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            preview = article_import.preview_upload(
                upload.read(), upload.filename, corpus_of(current_app), current_app.secret_key, g.teacher.id
            )
        except HtmlImportError as exc:
            problem = str(exc)
        else:
            confirm = ArticleConfirmForm(
                formdata=None,
                page=preview.token,
                article_id=preview.suggested_id,
                headline=preview.imported.headline,
                outlet=preview.imported.outlet,
                author=preview.imported.author,
                date=preview.imported.date,
            )
            return render_template("teacher/article_preview.html", preview=preview, form=confirm)
    status = 422 if problem or form.errors else 200
    return render_template("teacher/article_import.html", form=form, problem=problem), status


@bp.post("/articles/import/confirm")
@login_required
def confirm_article():
    """Add the previewed article with the teacher's id and corrections, then show it."""
    form = ArticleConfirmForm()
    corpus = corpus_of(current_app)
    try:
        preview = article_import.open_preview(form.page.data, corpus, current_app.secret_key, g.teacher.id)
    except HtmlImportError as exc:
        return render_template("teacher/article_import.html", form=ArticleUploadForm(), problem=str(exc)), 422
    problem = None
    if form.validate_on_submit():
        try:
            article = article_import.save_preview(
                preview,
                current_app.config["QUIZAPP_SEEDS"],
                form.article_id.data,
                outlet=form.outlet.data,
                headline=form.headline.data,
                date=form.date.data,
                author=form.author.data,
            )
        except HtmlImportError as exc:
            problem = str(exc)
        else:
            flash(f"Article added as {article.id}: banks can now quote it.", "success")
            return redirect(url_for("articles.show", article_id=article.id))
    return render_template("teacher/article_preview.html", preview=preview, form=form, problem=problem), 422


# --------------------------------------------------------------------------------------------------
# Assignments
# --------------------------------------------------------------------------------------------------


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
    )


@bp.route("/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_assignment(assignment_id: int):
    """Change an assignment's questions and rules."""
    item = get_owned(Assignment, assignment_id)
    form = AssignmentForm()
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
            f"The assignment and its {attempts} attempt{'' if attempts == 1 else 's'} will be deleted for good. "
            "Download the gradebook first if you need the scores."
        ),
        button="Delete the assignment",
        danger=True,
        cancel=url_for("teacher.assignment", assignment_id=item.id),
    )


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


@bp.get("/assignments/<int:assignment_id>/gradebook")
@login_required
def gradebook_view(assignment_id: int):
    """Students by questions: scores, totals, submission times and status; sortable by the headers."""
    item = get_owned(Assignment, assignment_id)
    sort, direction = gradebook.parse_sort(request.args.get("sort"), request.args.get("dir"))
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
    return render_template(
        "teacher/attempt.html",
        attempt=item,
        assignment=item.assignment,
        student=item.student,
        results=[(response_result(r, corpus, n, alignments), regraded.get(r.id)) for n, r in enumerate(responses, 1)],
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
    )


@bp.get("/assignments/<int:assignment_id>/skills")
@login_required
def skills(assignment_id: int):
    """Per-skill results of one assignment: the class's and each student's."""
    item = get_owned(Assignment, assignment_id)
    report = reports.skill_report(gradebook.load_results(item))
    return render_template("teacher/skills.html", classroom=item.classroom, assignment=item, report=report)


def _csv_download(data: bytes, filename: str) -> HttpResponse:
    return HttpResponse(
        data,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@bp.get("/assignments/<int:assignment_id>/gradebook.csv")
@login_required
def gradebook_csv(assignment_id: int):
    """The gradebook as CSV: one row per student, one column per question, totals."""
    item = get_owned(Assignment, assignment_id)
    header, rows = gradebook.gradebook_table(gradebook.load_results(item), assigning.school_timezone())
    name = gradebook.export_filename(item.classroom.name, item.title, "gradebook")
    return _csv_download(csv_bytes(header, rows), name)


@bp.get("/assignments/<int:assignment_id>/responses.csv")
@login_required
def responses_csv(assignment_id: int):
    """Every response as CSV: one row per response of every attempt."""
    item = get_owned(Assignment, assignment_id)
    header, rows = gradebook.response_table(item, corpus_of(current_app), assigning.school_timezone())
    name = gradebook.export_filename(item.classroom.name, item.title, "responses")
    return _csv_download(csv_bytes(header, rows), name)


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
    if "policy" in request.args and form.validate():
        plan = regrade.plan_regrade(item, changed, form.policy.data, corpus_of(current_app))
    return render_template(
        "teacher/regrade.html",
        assignment=item,
        changed=changed,
        form=form,
        plan=plan,
        apply_form=RegradeApplyForm(policy=form.policy.data),
        keys=regrade.key_comparison(changed, corpus_of(current_app)),
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
    db.session.commit()
    flash(
        f"Regraded question {question_key} ({regrade.POLICY_LABELS[decision.policy].lower()}): "
        f"{plan.attempts_changed} student score{'' if plan.attempts_changed == 1 else 's'} changed.",
        "success",
    )
    return redirect(url_for("teacher.assignment", assignment_id=item.id))


# --------------------------------------------------------------------------------------------------
# Printing and LMS export
# --------------------------------------------------------------------------------------------------

_EXPORT_KIND = "<any(" + ", ".join(printing.KINDS) + "):kind>"


@bp.get(f"/banks/<bank_id>/export/{_EXPORT_KIND}")
@login_required
def export_bank(bank_id: str, kind: str):
    """Print a bank's quiz or answer key, or export it for an LMS: the form, or with ``format`` the file."""
    record = get_owned(Bank, bank_id)
    crumbs = [("Question banks", url_for("teacher.banks")), (record.title, url_for("teacher.bank", bank_id=record.id))]
    return _export_page(printing.bank_target(record), printing.KINDS[kind], crumbs)


@bp.get(f"/assignments/<int:assignment_id>/export/{_EXPORT_KIND}")
@login_required
def export_assignment(assignment_id: int, kind: str):
    """Print an assignment's quiz or answer key (the questions its students get), or export it for an LMS."""
    item = get_owned(Assignment, assignment_id)
    crumbs = [
        ("Classes", url_for("teacher.dashboard")),
        (item.classroom.name, url_for("teacher.classroom", classroom_id=item.classroom_id)),
        (item.title, url_for("teacher.assignment", assignment_id=item.id)),
    ]
    return _export_page(printing.assignment_target(item), printing.KINDS[kind], crumbs)


def _export_page(target: printing.ExportTarget, kind: printing.ExportKind, crumbs: list[tuple[str, str]]):
    """The export form; with ``format`` in the query, the file as an attachment, or the errors with a 400."""
    form = printing.form_for(kind, request.args)
    corpus = corpus_of(current_app)
    submitted = "format" in request.args
    if submitted and form.validate():
        options = printing.export_options(kind, form)
        download = printing.make_download(target, kind, form.format.data, options, corpus)
        return HttpResponse(
            download.data,
            content_type=download.media_type,
            headers={
                "Content-Disposition": f'attachment; filename="{download.filename}"',
                # A quiz before the lesson is as secret as its key; nothing here belongs in a cache.
                "Cache-Control": "no-store",
            },
        )
    return render_template(
        "teacher/print_form.html",
        target=target,
        kind=kind,
        kinds=printing.KINDS,
        form=form,
        crumbs=crumbs,
        notes=printing.format_notes(target, kind, corpus),
    ), (400 if submitted else 200)


# --------------------------------------------------------------------------------------------------
# Paper answers back in: a template CSV, an uploaded CSV, or a grid typed on the page
# --------------------------------------------------------------------------------------------------
# The grid's rows, its CSV and its problems are in quizapp.teacher.paper_entry.

def _paper_crumbs(item: Assignment) -> list[tuple[str, str | None]]:
    return [
        ("Classes", url_for("teacher.dashboard")),
        (item.classroom.name, url_for("teacher.classroom", classroom_id=item.classroom_id)),
        (item.title, url_for("teacher.assignment", assignment_id=item.id)),
        ("Paper answers", None),
    ]


def _args_with(prefix: str) -> MultiDict[str, str] | None:
    """The query string when it holds a GET form's fields (``prefix``), else None: the form's defaults."""
    return request.args if any(name.startswith(prefix) for name in request.args) else None


def _paper_page(
    item: Assignment,
    *,
    template_form: PaperTemplateForm | None = None,
    upload_form: PaperUploadForm | None = None,
    setup_form: PaperGridSetupForm | None = None,
    grid_form: PaperGridForm | None = None,
    grid: paper_entry.Grid | None = None,
    problems: list[paper_entry.GridProblem] | None = None,
    source: str | None = None,
    hints: list[str] | None = None,
    status: int = 200,
):
    """The paper answers page; the forms not given are drawn empty, in the shape of the grid's settings."""
    if grid is not None and grid_form is not None:
        versions, new_rows = grid_form.versions.data, grid_form.new_rows.data
    elif setup_form is not None and not setup_form.errors:
        versions, new_rows = setup_form.versions.data, setup_form.new_rows.data
    else:
        versions, new_rows = 1, 3
    if setup_form is None:
        setup_form = PaperGridSetupForm(None, prefix="setup", versions=versions, new_rows=new_rows)
    if template_form is None:
        template_form = PaperTemplateForm(None, prefix="template", versions=versions)
    if upload_form is None:
        upload_form = PaperUploadForm(None, versions=versions)
    if grid_form is None:
        grid_form = PaperGridForm(None, versions=versions, new_rows=new_rows)
    if grid is None:
        grid = paper_entry.paper_grid(item, versions, new_rows)
    return render_template(
        "teacher/paper.html",
        assignment=item,
        crumbs=_paper_crumbs(item),
        template_form=template_form,
        upload_form=upload_form,
        setup_form=setup_form,
        grid_form=grid_form,
        grid=grid,
        problems=problems or [],
        source=source,
        hints=hints or [],
    ), status


def _paper_imported(item: Assignment, report: ImportReport):
    """Say what was imported and show it in the gradebook."""
    said = [f"{report.summary[:1].upper()}{report.summary[1:]}."]
    if report.created:
        said.append(f"Added to the class: {', '.join(report.created)}.")
    if report.replaced:
        said.append(f"Replaced the earlier paper answers of {', '.join(report.replaced)}.")
    flash(" ".join(said), "success")
    return redirect(url_for("teacher.gradebook_view", assignment_id=item.id))


@bp.get("/assignments/<int:assignment_id>/paper")
@login_required
def paper(assignment_id: int):
    """Enter a printed quiz's answers: download a template CSV, upload a CSV, or type them into a grid."""
    item = get_owned(Assignment, assignment_id)
    setup = PaperGridSetupForm(_args_with("setup-"), prefix="setup")
    if _args_with("setup-") is not None and not setup.validate():
        return _paper_page(item, setup_form=setup, status=400)
    return _paper_page(item, setup_form=setup)


@bp.get("/assignments/<int:assignment_id>/paper/template.csv")
@login_required
def paper_template(assignment_id: int):
    """The CSV to fill in: every student on the roster, every question, versions handed out in turn."""
    item = get_owned(Assignment, assignment_id)
    form = PaperTemplateForm(_args_with("template-"), prefix="template")
    if not form.validate():
        return _paper_page(item, template_form=form, status=400)
    letters = paper_entry.printed_letters(form.versions.data, form.seed.data or None)
    # Version letters are appended after export_filename, which would lower-case them (as printing does).
    stem = gradebook.export_filename(item.classroom.name, item.title, "paper-answers", suffix="")
    name = stem + "".join(f"-{letter}" for letter in letters) + ".csv"
    return _csv_download(assignment_template(item, letters), name)


@bp.post("/assignments/<int:assignment_id>/paper/upload")
@login_required
def paper_upload(assignment_id: int):
    """Import an uploaded CSV of paper answers; all or nothing, every problem shown as FILE:LINE: message."""
    item = get_owned(Assignment, assignment_id)
    form = PaperUploadForm()
    if not form.validate_on_submit():
        return _paper_page(item, upload_form=form, status=422)
    upload = form.file.data
    filename = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1] or "upload.csv"
    report = import_paper_answers(
        item,
        upload.read(),
        seed=form.seed.data or None,
        versions=form.versions.data,
        create_missing=form.create_missing.data,
        replace=form.replace.data,
    )
    if report.ok:
        return _paper_imported(item, report)
    return _paper_page(
        item,
        upload_form=form,
        problems=[paper_entry.GridProblem(error.located(filename)) for error in report.errors],
        source=filename,
        hints=paper_entry.paper_hints(report.errors, form.create_missing.data, form.replace.data),
        status=422,
    )


@bp.post("/assignments/<int:assignment_id>/paper/grid")
@login_required
def paper_grid(assignment_id: int):
    """Import the answers typed into the grid, as a CSV of its cells; on problems the grid comes back as typed."""
    item = get_owned(Assignment, assignment_id)
    form = PaperGridForm()
    valid = form.validate_on_submit()
    if form.versions.errors or form.new_rows.errors:
        # Only a page from before a change (or a forged one) sends the grid without its shape.
        form.versions.data, form.new_rows.data = 1, 3
        grid = paper_entry.paper_grid(item, 1, 3, request.form)
        problem = paper_entry.GridProblem(
            "The grid was sent without its settings; set it up again. Nothing was imported."
        )
        return _paper_page(item, grid_form=form, grid=grid, problems=[problem], source="grid", status=422)
    grid = paper_entry.paper_grid(item, form.versions.data, form.new_rows.data, request.form)
    if not valid:
        return _paper_page(item, grid_form=form, grid=grid, status=422)
    seed = form.seed.data or None
    text, where = paper_entry.grid_csv(grid, paper_entry.printed_letters(form.versions.data, seed))
    if not where:
        problem = paper_entry.GridProblem("The grid is empty: type the answers on the papers, then import them.")
        return _paper_page(item, grid_form=form, grid=grid, problems=[problem], source="grid", status=422)
    report = import_paper_answers(
        item,
        text,
        seed=seed,
        versions=form.versions.data,
        create_missing=form.create_missing.data,
        replace=form.replace.data,
    )
    if report.ok:
        return _paper_imported(item, report)
    return _paper_page(
        item,
        grid_form=form,
        grid=grid,
        problems=paper_entry.grid_problems(grid, report.errors, where),
        source="grid",
        hints=paper_entry.paper_hints(report.errors, form.create_missing.data, form.replace.data),
        status=422,
    )
