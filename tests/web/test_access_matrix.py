"""The access matrix: every route of the app, requested by everyone who should get nothing from it.

Routes come from ``app.url_map``, so a new route is covered the day it is added, and it must be
given a class in ACCESS below or this test fails. Each route is requested with every method it
takes as: a stranger with no cookie, a student of another class, a classmate of the owner (for
attempts), and another teacher. They get a refusal (403/404, or a redirect to the login or join
page), never the owner's data; afterwards the database is exactly as before.
"""

from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import select

from quizapp.db import db
from quizapp.lti.models import LtiContext, LtiKey, LtiPlatform, LtiResourceLink
from quizapp.models import Assignment, Classroom, RateLimitCount, Student
from tests.conftest import AP
from tests.web.conftest import add_teacher, csrf_token
from tests.web.teacher_helpers import BANK, OTHER_EMAIL, add_attempt, add_join_request, logged_in, store_text
from tests.web.test_student_support import joined_client

# What each endpoint is, and so who may see what:
#   public         open to everyone by design: the articles every quiz cites, the entrances, static files
#   own-student    shows only the requester's own classes (the student home page, signing out of a class)
#   student        an assignment or attempt: only the signed-in student of that class (attempts: its owner)
#   own-teacher    a logged-in teacher's own pages without an id (dashboard, account, bank list)
#   teacher        a teacher's thing by id: only its owner
ACCESS = {
    "static": "public",
    "articles.index": "public",
    "articles.show": "public",
    "articles.compare": "public",
    "healthz": "public",
    "student.join": "public",
    "student.ask_teacher": "public",
    "student.waiting": "own-student",
    "teacher.login": "public",
    "teacher.signup": "public",
    "teacher.logout": "public",
    "student.home": "own-student",
    "student.leave": "own-student",
    "student.assignment": "student",
    "student.start": "student",
    "student.answers": "student",
    "student.confirm_submit": "student",
    "student.submit": "student",
    "student.results": "student",
    "teacher.dashboard": "own-teacher",
    "teacher.account": "own-teacher",
    "teacher.banks": "own-teacher",
    "teacher.bank_format": "own-teacher",
    "teacher.bank_format_example": "own-teacher",
    "teacher.new_class": "own-teacher",
    "teacher.draft_questions": "own-teacher",
    "teacher.import_article": "own-teacher",
    "teacher.confirm_article": "own-teacher",
    # LTI: the keyset and the LMS's entrances (login and launch check the platform's signature, not
    # a session), a learner's "not ready yet"; the LMS page and deep linking (the teacher's own, from the
    # session); choosing what an LMS activity opens (a link of the teacher's class, by id).
    "lti.jwks": "public",
    "lti.login": "public",
    "lti.launch": "public",
    "lti.not_ready": "public",
    "lti.enter": "public",
    "lti.setup": "own-teacher",
    "lti.deep_link": "own-teacher",
    "lti.choose": "teacher",
    "lti.roster": "teacher",
}
LTI_ENTRANCES = {"lti.login", "lti.launch"}  # lti.enter without a ticket is a 404
# Every other endpoint of the teacher blueprint takes an id of something a teacher owns (a new teacher
# route without an id must be listed above).
TEACHER_PREFIX = "teacher."

# Text of the owner's that must never reach anyone else.
CLASS_NAME = "Zebra Class 7Q"
STUDENT_NAME = "Quillon Varga"
ASSIGNMENT_TITLE = "Secret Quiz Title"
IN_PROGRESS_TITLE = "Unfinished Quiz Title"
BANK_TITLE = "Zanzibar Bank Title"
TYPED_ANSWER = "Xylophone answer forty-two"


def classify(endpoint: str, has_arguments: bool = True) -> str:
    """The endpoint's kind (see ACCESS); a teacher route with an id is "teacher" unless listed."""
    if endpoint in ACCESS:
        return ACCESS[endpoint]
    if endpoint.startswith(TEACHER_PREFIX) and has_arguments:
        return "teacher"
    raise AssertionError(f"route {endpoint!r} is not classified: add it to ACCESS in {__name__}")


@pytest.fixture
def world(app, teacher_id):
    """Teacher A's class, with a student who has a submitted attempt and one in progress."""
    return build_world(app, teacher_id)


def build_world(app, teacher_id: int) -> dict:
    """Teacher A's class, with a student who has a submitted attempt and one in progress: ids, the
    join code, and the student's browser under "owner"."""
    with app.app_context():
        store_text(app, BANK.replace("title: Class check", f"title: {BANK_TITLE}"), teacher_id)
        room = Classroom(teacher_id=teacher_id, name=CLASS_NAME)
        db.session.add(room)
        db.session.flush()
        done = Assignment(classroom=room, bank_id="class-check", title=ASSIGNMENT_TITLE)
        open_ = Assignment(classroom=room, bank_id="class-check", title=IN_PROGRESS_TITLE)
        db.session.add_all([done, open_])
        lms = LtiPlatform(issuer="https://lms.example", client_id="c", jwks_url="https://lms.example/jwks",
                          auth_url="https://lms.example/auth", token_url="https://lms.example/token")
        db.session.add(lms)
        db.session.flush()
        course = LtiContext(platform_id=lms.id, context_id="course", classroom_id=room.id)
        db.session.add(course)
        db.session.flush()
        link = LtiResourceLink(context_id=course.id, resource_link_id="activity", title="Activity")
        db.session.add(link)
        db.session.commit()
        code = room.join_code
        ids = {"classroom": room.id, "assignment": done.id, "open_assignment": open_.id, "link": link.id}
    owner = joined_client(app, code, STUDENT_NAME)
    with app.app_context():
        student = db.session.scalar(select(Student).where(Student.name == STUDENT_NAME))
        ids["student"] = student.id
        ids["attempt"] = add_attempt(done.id, student.id, {"tweet": TYPED_ANSWER, "who": "Kamala Harris"})
        ids["open_attempt"] = add_attempt(open_.id, student.id, {"tweet": TYPED_ANSWER}, submitted=False)
        ids["request"] = add_join_request(student.id)
    ids["code"] = code
    ids["owner"] = owner
    return ids


def _secrets(world, actor: str) -> list[str]:
    """What the actor must never read; a classmate knows the class and its assignments, not the student's work."""
    if actor == "classmate":
        return [STUDENT_NAME, TYPED_ANSWER]
    return [CLASS_NAME, STUDENT_NAME, ASSIGNMENT_TITLE, IN_PROGRESS_TITLE, BANK_TITLE, TYPED_ANSWER, world["code"]]


def every_request(app, world) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every route and method, ids filled in with the owner's things."""
    samples = {
        "classroom_id": [world["classroom"]],
        "assignment_id": [world["assignment"], world["open_assignment"]],
        "attempt_id": [world["attempt"], world["open_attempt"]],
        "student_id": [world["student"]],
        "request_id": [world["request"]],
        "bank_id": ["class-check"],
        "question_key": ["who"],
        "kind": ["quiz", "key", "lms"],
        "article_id": [AP],
        "filename": ["quizapp.css"],
        "link_id": [world["link"]],
    }
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            classify(rule.endpoint, bool(rule.arguments))
            missing = rule.arguments - samples.keys()
            assert not missing, f"no sample value for {missing} in {rule.rule}: add one to {__name__}"
            combos = [{}]
            for name in sorted(rule.arguments):
                combos = [{**combo, name: value} for combo in combos for value in samples[name]]
            for values in combos:
                url = url_for(rule.endpoint, **values)
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    found.append((rule.endpoint, method, url))
    assert len(found) > 60
    return found


def snapshot(app) -> dict[str, list]:
    """Every row of every table but the rate-limit counts and the tool's key, to compare before and after."""
    with app.app_context():
        db.session.expire_all()
        return {
            table.name: sorted(map(repr, db.session.execute(select(table)).all()))
            for table in db.metadata.sorted_tables
            # The tool's LTI key is made at the first request for its public keyset, by anyone: by design.
            if table.name not in (RateLimitCount.__tablename__, LtiKey.__tablename__)
        }


def _actors(app, world) -> dict[str, object]:
    """Clients for everyone who should get nothing of the owner's."""
    with app.app_context():
        other_teacher = add_teacher(email=OTHER_EMAIL, name="Mr Other")
        other_room = Classroom(teacher_id=other_teacher, name="Other class")
        db.session.add(other_room)
        db.session.commit()
        other_code = other_room.join_code
    actors = {
        "anonymous": app.test_client(),
        "other-class student": joined_client(app, other_code, "Olive Other"),
        "classmate": joined_client(app, world["code"], "Clara Classmate"),
        "other teacher": logged_in(app, OTHER_EMAIL),
    }
    return actors


def _token(client) -> str:
    return csrf_token(client.get("/teacher/login").get_data(as_text=True))


def _expected(kind: str, actor: str, method: str, endpoint: str) -> set[int] | None:
    """The statuses that mean "refused" for this actor, or None where the actor may use the route."""
    if kind == "public":
        return None
    if kind == "own-student":
        return None  # checked by the secrets test: the actor's own page, without the owner's data
    if kind == "own-teacher":
        if actor == "other teacher":
            return None  # their own dashboard etc., checked for the owner's data below
        return {302} if method == "GET" else {403}
    if kind == "teacher":
        if actor == "other teacher":
            return {404}
        return {302} if method == "GET" else {403}
    if kind == "student":
        if actor == "classmate" and endpoint in ("student.assignment", "student.start"):
            return None  # the same class's assignment is the classmate's too
        if actor in ("anonymous", "other teacher") and method == "GET" and endpoint == "student.assignment":
            return {302}  # nobody signed in as a student: to the join page
        return {404}
    raise AssertionError(kind)


def test_every_route_refuses_everyone_but_the_owner(app, world):
    actors = _actors(app, world)
    requests = every_request(app, world)
    before = snapshot(app)
    checked = 0
    for actor, client in actors.items():
        token = _token(client)
        secrets = _secrets(world, actor)
        for endpoint, method, url in requests:
            kind = classify(endpoint)
            expected = _expected(kind, actor, method, endpoint)
            if expected is None and method == "POST":
                continue  # an actor's own action on their own things (joining, signing out, starting)
            data = {"csrf_token": token, "name": "Hijacked", "code": world["code"], "action": "submit",
                    "confirm": "yes", "pin": "4321"}
            response = client.open(url, method=method, data=data if method == "POST" else None)
            body = response.get_data(as_text=True)
            response.close()
            where = (actor, method, url, response.status_code)
            if expected is not None:
                assert response.status_code in expected, where
                if response.status_code == 302:
                    location = response.headers["Location"]
                    assert location.startswith(("/teacher/login", "/join")), (where, location)
            else:
                # An LMS entrance refuses a login or launch without the platform's parameters with 400.
                assert response.status_code in (200, 302, 404, *([400] if endpoint in LTI_ENTRANCES else [])), where
            if endpoint != "static":
                leaked = [secret for secret in secrets if secret in body]
                assert not leaked, (where, leaked)
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], where
            checked += 1
    assert checked > 250
    assert snapshot(app) == before, "a refused request changed the database"


def test_the_owner_gets_their_things(app, world):
    """The matrix above is not refusing everyone: the same URLs work for their owners."""
    owner = world["owner"]
    assert STUDENT_NAME in owner.get("/").get_data(as_text=True)
    results = owner.get(f"/attempts/{world['attempt']}/results")
    assert results.status_code == 200 and ASSIGNMENT_TITLE in results.get_data(as_text=True)
    quiz = owner.get(f"/assignments/{world['open_assignment']}")
    assert quiz.status_code == 200 and TYPED_ANSWER in quiz.get_data(as_text=True)
    teacher = logged_in(app)
    gradebook = teacher.get(f"/teacher/assignments/{world['assignment']}/gradebook")
    assert gradebook.status_code == 200 and STUDENT_NAME in gradebook.get_data(as_text=True)


def test_every_route_is_classified(app):
    with app.test_request_context():
        kinds = {rule.endpoint: classify(rule.endpoint, bool(rule.arguments)) for rule in app.url_map.iter_rules()}
    assert set(ACCESS) <= set(kinds), f"ACCESS names routes that no longer exist: {set(ACCESS) - set(kinds)}"
