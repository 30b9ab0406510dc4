"""The ``lti`` blueprint: the tool's keys, OIDC login and launch, choosing what an activity opens,
deep linking, and the page with the addresses to paste into the LMS.

``/lti/login`` and ``/lti/launch`` are posted to by the LMS, from another site: they are exempt
from the CSRF token (see :func:`quizapp.web.init_app`) and protected instead by the single-use
state, the state cookie, the nonce and the platform's signature (:mod:`quizapp.lti.launch`).
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select

from quizapp.db import db
from quizapp.lti import deep_linking, grades, provisioning
from quizapp.lti.http import PlatformError
from quizapp.lti.keys import public_key_set
from quizapp.lti.launch import (
    DEEP_LINKING_REQUEST,
    LOGIN_LIFETIME,
    STATE_COOKIE,
    Launch,
    LaunchError,
    start_login,
    take_sign_in,
    verify_launch,
)
from quizapp.lti.models import LtiContext, LtiPlatform, LtiResourceLink, LtiSignIn
from quizapp.lti.roster import sync_roster
from quizapp.models import Assignment, Classroom, ShowAnswers, ShowScore, Student, Teacher
from quizapp.posted import posted_id
from quizapp.student.attempts import questions_for
from quizapp.student.identity import remember
from quizapp.teacher.accounts import log_in, login_required
from quizapp.teacher.assignments import assignable_banks
from quizapp.wording import counted

bp = Blueprint("lti", __name__, url_prefix="/lti")


def _refused(message: str):
    return render_template("error.html", title="The LMS launch was refused", message=message), 400


@bp.get("/jwks.json")
def jwks():
    """The tool's public keys, for the platforms to check what quizapp signs."""
    return jsonify(public_key_set())


@bp.route("/login", methods=["GET", "POST"])
def login():
    """OIDC login initiation: remember a state and nonce, and send the browser to the LMS to sign the launch."""
    params = {name: request.values.get(name, "")[:2000] for name in
              ("iss", "login_hint", "target_link_uri", "lti_message_hint", "client_id", "lti_deployment_id")}
    try:
        target, state = start_login(params, url_for("lti.launch", _external=True))
    except LaunchError as error:
        return _refused(str(error))
    response = redirect(target, 302)
    # The launch comes back as a cross-site POST, which carries a cookie only if it is SameSite=None,
    # and browsers keep those only with Secure: over HTTPS the state cookie binds the launch to this
    # browser. Over plain HTTP (trying quizapp out) it is Lax, and the database's single-use state decides.
    secure = request.is_secure
    response.set_cookie(STATE_COOKIE, state, max_age=int(LOGIN_LIFETIME.total_seconds()), path="/lti/",
                        httponly=True, secure=secure, samesite="None" if secure else "Lax")
    return response


@bp.post("/launch")
def launch():
    """The LMS's signed launch: check it, find or make the user and their class, and send the browser on
    to :func:`enter` with a one-time ticket (this cross-site POST carries no session cookie to add to)."""
    try:
        checked = verify_launch(request.form.get("id_token", ""), request.form.get("state", "")[:200],
                                request.cookies.get(STATE_COOKIE), secure=request.is_secure)
        if checked.message_type == DEEP_LINKING_REQUEST:
            sign_in = _deep_linking(checked)
        else:
            sign_in = _resource_link(checked)
    except LaunchError as error:
        db.session.rollback()
        return _refused(str(error))
    db.session.add(sign_in)
    db.session.commit()
    response = redirect(url_for("lti.enter", ticket=sign_in.ticket), 303)
    response.delete_cookie(STATE_COOKIE, path="/lti/")
    return response


def _ticket(target: str, *, teacher_id: int | None = None, student_id: int | None = None,
            **carried: object) -> LtiSignIn:
    return LtiSignIn(ticket=secrets.token_urlsafe(32), teacher_id=teacher_id, student_id=student_id,
                     target=target, carried=carried or None)


def _resource_link(checked: Launch) -> LtiSignIn:
    """The user and class of a resource link launch, and where the activity opens."""
    if checked.is_instructor:
        teacher = provisioning.instructor_account(checked)
        classroom = provisioning.course_class(checked, teacher)
        link = provisioning.resource_link(checked, classroom)
        db.session.flush()
        if classroom.teacher_id != teacher.id:
            return _ticket(url_for("teacher.dashboard"), teacher_id=teacher.id, message=(
                "This course's class belongs to another teacher's quizapp account; ask them to share it."))
        if link.assignment_id is None:
            return _ticket(url_for("lti.choose", link_id=link.id), teacher_id=teacher.id)
        return _ticket(url_for("teacher.assignment", assignment_id=link.assignment_id), teacher_id=teacher.id)
    classroom = provisioning.course_class(checked, None)
    student = provisioning.learner_student(checked, classroom)
    link = provisioning.resource_link(checked, classroom)
    db.session.flush()
    if link.assignment_id is None:
        return _ticket(url_for("lti.not_ready"), student_id=student.id)
    return _ticket(url_for("student.assignment", assignment_id=link.assignment_id), student_id=student.id)


def _deep_linking(checked: Launch) -> LtiSignIn:
    if not checked.is_instructor:
        raise LaunchError("Only a teacher can add quizapp activities to a course.")
    teacher = provisioning.instructor_account(checked)
    classroom = provisioning.course_class(checked, teacher)
    db.session.flush()
    settings = deep_linking.settings_of(checked, classroom.id)
    return _ticket(url_for("lti.deep_link"), teacher_id=teacher.id, deep_link=settings)


@bp.get("/enter")
def enter():
    """Sign this browser in as the launch said, once: a top-level GET, so the session cookie comes along
    and the student's other classes (or the browser's other sessions) are kept."""
    sign_in = take_sign_in(request.args.get("ticket", "")[:100])
    if sign_in is None:
        abort(404, description="This link from the LMS was used already. Open the activity again from your course.")
    carried = sign_in.carried or {}
    if sign_in.teacher_id is not None:
        teacher = db.session.get(Teacher, sign_in.teacher_id)
        if teacher is None:
            abort(404)
        log_in(teacher)
        if isinstance(carried.get("deep_link"), dict):
            session[deep_linking.SESSION_KEY] = carried["deep_link"]
    else:
        student = db.session.get(Student, sign_in.student_id)
        if student is None:
            abort(404)
        remember(student)
    if isinstance(carried.get("message"), str):
        flash(carried["message"], "error")
    return redirect(sign_in.target, 303)


@bp.get("/not-ready")
def not_ready():
    """What a learner sees when the teacher has not yet chosen what the activity opens."""
    return render_template("lti/not_ready.html")


def _owned_link(link_id: int) -> tuple[LtiResourceLink, Classroom]:
    link = db.session.get(LtiResourceLink, link_id)
    classroom = db.session.get(Classroom, link.context.classroom_id) if link is not None else None
    if link is None or classroom is None or classroom.teacher_id != g.teacher.id:
        abort(404)
    return link, classroom


def _chosen_assignment(classroom: Classroom) -> Assignment | None:
    """The assignment the posted form picks: one of the class's, or a new one from a bank; None if neither."""
    picked = posted_id(request.form.get("assignment", ""))
    if picked is not None:
        assignment = db.session.get(Assignment, picked)
        return assignment if assignment is not None and assignment.classroom_id == classroom.id else None
    bank_id = request.form.get("bank", "")[:80]
    bank = next((b for b in assignable_banks(g.teacher.id) if b.id == bank_id), None)
    if bank is None:
        return None
    # The answers after closing (the safe default, see the README on reveal settings); the total at once,
    # since the LMS's gradebook shows it to the student anyway (scores withheld are held back from it too).
    assignment = Assignment(classroom_id=classroom.id, bank_id=bank.id, title=bank.title[:200],
                            show_answers=ShowAnswers.AFTER_CLOSE, show_score=ShowScore.TOTAL_ONLY)
    db.session.add(assignment)
    db.session.flush()
    return assignment


@bp.route("/links/<int:link_id>/choose", methods=["GET", "POST"])
@login_required
def choose(link_id: int):
    """Choose the assignment an LMS activity opens: one of the class's, or a new one from a bank."""
    link, classroom = _owned_link(link_id)
    if request.method == "POST":
        assignment = _chosen_assignment(classroom)
        if assignment is None:
            flash("Choose one of the assignments or banks below.", "error")
        else:
            provisioning.link_assignment(link, assignment)
            db.session.commit()
            flash(f"This LMS activity now opens {assignment.title}: students who open it get this assignment.",
                  "success")
            return redirect(url_for("teacher.assignment", assignment_id=assignment.id))
    return render_template("lti/choose.html", link=link, classroom=classroom,
                           banks=assignable_banks(g.teacher.id), action=url_for("lti.choose", link_id=link.id))


@bp.route("/deep-link", methods=["GET", "POST"])
@login_required
def deep_link():
    """Deep linking: the teacher picks what to place in the LMS course; the reply goes back signed."""
    saved = session.get(deep_linking.SESSION_KEY)
    classroom = db.session.get(Classroom, saved.get("classroom_id", 0)) if isinstance(saved, dict) else None
    if classroom is None or classroom.teacher_id != g.teacher.id:
        abort(404, description="Start from the LMS: add an activity and choose quizapp.")
    if request.method == "POST":
        assignment = _chosen_assignment(classroom)
        platform = db.session.get(LtiPlatform, saved["platform_id"])
        if assignment is not None and platform is not None:
            points = sum(version.points for version in questions_for(assignment))
            token = deep_linking.response_token(platform, saved, assignment, url_for("lti.launch", _external=True),
                                                points)
            db.session.commit()
            session.pop(deep_linking.SESSION_KEY, None)
            page = render_template("lti/deep_link_return.html", return_url=saved["return_url"], token=token,
                                   assignment=assignment)
            # The reply is a form posted to the LMS: that one origin is allowed as a form target.
            return page, 200, {"Content-Security-Policy": _policy_allowing(saved["return_url"])}
        flash("Choose one of the assignments or banks below.", "error")
    return render_template("lti/choose.html", link=None, classroom=classroom, banks=assignable_banks(g.teacher.id),
                           action=url_for("lti.deep_link"))


def _policy_allowing(return_url: str) -> str:
    from quizapp.web import CONTENT_SECURITY_POLICY  # here: quizapp.web imports this module

    parts = urlsplit(return_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return CONTENT_SECURITY_POLICY.replace("form-action 'self'", f"form-action 'self' {origin}")


@bp.get("/setup")
@login_required
def setup():
    """The addresses to paste into Moodle or Canvas, and the platforms registered so far."""
    platforms = db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.name, LtiPlatform.id)).all()
    courses = db.session.execute(
        select(Classroom, LtiContext).join(LtiContext, LtiContext.classroom_id == Classroom.id)
        .where(Classroom.teacher_id == g.teacher.id).order_by(Classroom.name, Classroom.id)
    ).all()
    urls = {
        "Login (initiate login) URL": url_for("lti.login", _external=True),
        "Launch (redirect) URL": url_for("lti.launch", _external=True),
        "Deep linking URL": url_for("lti.launch", _external=True),
        "Public keyset (JWKS) URL": url_for("lti.jwks", _external=True),
        "Tool URL": url_for("student.home", _external=True),
    }
    waiting = grades.waiting_count()
    return render_template("lti/setup.html", urls=urls, platforms=platforms, courses=courses, waiting=waiting)



@bp.post("/classes/<int:classroom_id>/roster")
@login_required
def roster(classroom_id: int):
    """Fetch the course's class list from the LMS (Names and Role Provisioning Services)."""
    context = db.session.scalar(
        select(LtiContext).join(Classroom, Classroom.id == LtiContext.classroom_id)
        .where(LtiContext.classroom_id == classroom_id, Classroom.teacher_id == g.teacher.id)
    )
    if context is None:
        abort(404)
    try:
        report = sync_roster(context)
    except PlatformError as error:
        db.session.rollback()
        flash(f"The class list could not be fetched: {error}. Try again later.", "error")
    else:
        flash(f"The LMS lists {counted(report.learners, 'learner')}; {counted(report.added, 'new student')} "
              "added to the class.", "success")
    return redirect(url_for("lti.setup"))
