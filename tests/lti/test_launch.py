"""Launching from the LMS: a teacher's first launch makes the class and picks the quiz, a learner's
signs the student in by LTI ``sub``, and every forged, replayed, expired or misdirected launch is refused."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from joserfc.jwk import RSAKey
from sqlalchemy import func, select, update

from quizapp.db import db
from quizapp.lti.models import LtiLearner, LtiPlatform
from quizapp.models import Assignment, Classroom, Student, Teacher, utcnow
from tests.lti.conftest import ANA, LINK, TEACHER, launch, start_launch
from tests.lti.platform import Link, User, follow_to_platform, form_fields
from tests.web.conftest import csrf_token

BANK = "harris-trip-2021"


def teacher_sets_up(app, platform) -> tuple[object, int]:
    """The teacher's first launch: the class is made and the activity is linked to a new assignment."""
    browser = app.test_client()
    landed = launch(browser, platform, TEACHER)
    assert landed.status_code == 303
    assert "/lti/links/" in landed.location and landed.location.endswith("/choose")
    page = browser.get(landed.location)
    assert "Choose the quiz for “Harris trip quiz”" in page.get_data(as_text=True)
    chosen = browser.post(landed.location, data={"bank": BANK, "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert chosen.status_code == 302
    assignment_id = int(chosen.location.rstrip("/").split("/")[-1])
    return browser, assignment_id


def counts(app) -> tuple[int, int, int]:
    with app.app_context():
        models = (Teacher, Classroom, Student)
        return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in models)


def test_teacher_then_learner_launch_into_the_same_class_and_assignment(app, platform):
    _, assignment_id = teacher_sets_up(app, platform)
    student_browser = app.test_client()
    landed = launch(student_browser, platform, ANA)
    assert landed.status_code == 303
    assert landed.location == f"/assignments/{assignment_id}"
    page = student_browser.get(landed.location).get_data(as_text=True)
    assert "Ana Diaz" in page
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        classroom = assignment.classroom
        assert classroom.name == "Civics 101"
        assert classroom.teacher.email == "rivera@school.example"
        assert [s.name for s in classroom.students] == ["Ana Diaz"]


def test_learners_are_known_by_sub_never_by_name(app, platform):
    teacher_sets_up(app, platform)
    launch(app.test_client(), platform, ANA)
    launch(app.test_client(), platform, User("lms-learner-2", "Ana Diaz"))  # a namesake: another student
    launch(app.test_client(), platform, User(ANA.sub, "Ana Diaz-Lopez"))  # renamed in the LMS: the same one
    with app.app_context():
        learners = db.session.execute(select(LtiLearner.sub, LtiLearner.student_id).order_by(LtiLearner.sub)).all()
        assert [sub for sub, _ in learners] == ["lms-learner-1", "lms-learner-2"]
        assert len({student for _, student in learners}) == 2


def test_a_second_teacher_launch_reuses_the_account_and_class(app, platform):
    _, assignment_id = teacher_sets_up(app, platform)
    again = launch(app.test_client(), platform, TEACHER)
    assert again.location == f"/teacher/assignments/{assignment_id}"
    assert counts(app)[:2] == (1, 1)


def test_a_learner_before_any_teacher_is_asked_to_wait(app, platform):
    refused = launch(app.test_client(), platform, ANA)
    assert refused.status_code == 400
    assert "Your teacher has not opened quizapp in this course yet" in refused.get_data(as_text=True)
    assert counts(app) == (0, 0, 0)


def test_an_activity_not_linked_yet_tells_the_learner(app, platform):
    teacher_sets_up(app, platform)
    browser = app.test_client()
    landed = launch(browser, platform, ANA, Link("activity-2", title="Not chosen yet"))
    assert landed.location == "/lti/not-ready"
    assert "not ready yet" in browser.get(landed.location).get_data(as_text=True)


def refused(app, platform, user=TEACHER, **expected) -> str:
    """A launch that must be refused: 400 with a message, nobody signed in, nothing created."""
    before = counts(app)
    browser = app.test_client()
    answer = launch(browser, platform, user)
    assert answer.status_code == 400
    assert counts(app) == before
    assert browser.get("/teacher/").status_code == 302  # not logged in
    return answer.get_data(as_text=True)


def test_a_launch_signed_with_another_key_is_refused(app, platform):
    platform.signing_key = RSAKey.generate_key(2048, parameters={"kid": "platform-key-1"})
    assert "signature does not check out" in refused(app, platform)


def test_a_launch_for_another_tool_is_refused(app, platform):
    platform.tamper = lambda claims: claims.update(aud="some-other-tool")
    assert "aud" in refused(app, platform)


def test_an_expired_launch_is_refused(app, platform):
    platform.tamper = lambda claims: claims.update(iat=int(time.time()) - 900, exp=int(time.time()) - 600)
    assert "expired" in refused(app, platform)


def test_a_launch_from_the_future_is_refused(app, platform):
    platform.tamper = lambda claims: claims.update(iat=int(time.time()) + 900, exp=int(time.time()) + 1200)
    assert "issued in the future" in refused(app, platform)


def test_a_launch_from_another_issuer_is_refused(app, platform):
    platform.tamper = lambda claims: claims.update(iss="https://evil.example")
    assert "iss" in refused(app, platform)


def test_an_unregistered_deployment_is_refused(app, platform):
    platform.tamper = lambda claims: claims.update({"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "x"})
    assert "deployment" in refused(app, platform)


def test_a_launch_with_the_wrong_nonce_is_refused(app, platform):
    platform.tamper = lambda claims: claims.update(nonce="a-nonce-quizapp-never-gave")
    assert "nonce" in refused(app, platform)


def test_a_replayed_launch_is_refused(app, platform):
    browser = app.test_client()
    action, fields = start_launch(browser, platform, TEACHER)
    assert browser.post("/lti/launch", data=fields).status_code == 303
    before = counts(app)
    again = app.test_client()
    again.set_cookie("lti_state", fields["state"], path="/lti/")
    replay = again.post("/lti/launch", data=fields)
    assert replay.status_code == 400
    assert "used already" in replay.get_data(as_text=True)
    # The same signed token under a fresh login's state: its nonce is not the new login's.
    _, fresh = start_launch(again, platform, TEACHER)
    replay = again.post("/lti/launch", data={"id_token": fields["id_token"], "state": fresh["state"]})
    assert replay.status_code == 400
    assert counts(app) == before


def test_a_made_up_state_and_a_foreign_state_cookie_are_refused(app, platform):
    browser = app.test_client()
    _, fields = start_launch(browser, platform, TEACHER)
    assert browser.post("/lti/launch", data={**fields, "state": "made-up"}).status_code == 400
    # Another browser's login pushed at this one: its state cookie does not match.
    _, fields = start_launch(browser, platform, TEACHER)
    victim = app.test_client()
    victim.set_cookie("lti_state", "this-browsers-own-state", path="/lti/")
    answer = victim.post("/lti/launch", data=fields)
    assert answer.status_code == 400
    assert "another browser" in answer.get_data(as_text=True)


def test_over_https_the_state_cookie_is_required(app, platform):
    browser = app.test_client()
    login = browser.post("/lti/login", data=platform.login_form(TEACHER, LINK), base_url="https://localhost")
    cookie = login.headers["Set-Cookie"]
    assert "Secure" in cookie and "SameSite=None" in cookie and "HttpOnly" in cookie
    _, fields = form_fields(follow_to_platform(login.location))
    without_cookie = app.test_client()
    answer = without_cookie.post("/lti/launch", data=fields, base_url="https://localhost")
    assert answer.status_code == 400
    assert "did not keep quizapp" in answer.get_data(as_text=True)
    # The browser that started the login brings the cookie back (SameSite=None): it gets in.
    login = browser.post("/lti/login", data=platform.login_form(TEACHER, LINK), base_url="https://localhost")
    _, fields = form_fields(follow_to_platform(login.location))
    assert browser.post("/lti/launch", data=fields, base_url="https://localhost").status_code == 303


def test_a_launch_keeps_the_classes_the_browser_joined_and_signs_in_once(app, platform, classroom):
    teacher_sets_up(app, platform)
    browser = app.test_client()
    code, _ = classroom
    page = browser.get("/join").get_data(as_text=True)
    browser.post("/join", data={"code": code, "name": "Ana D", "csrf_token": csrf_token(page)})
    action, fields = start_launch(browser, platform, ANA)
    answer = app.test_client().post("/lti/launch", data=fields)  # cross-site: no cookies
    ticket = answer.location
    assert browser.get(ticket).status_code == 303
    home = browser.get("/").get_data(as_text=True)
    assert "Period 3 Civics" in home and "Civics 101" in home  # the joined class and the LMS course
    stranger = app.test_client()
    assert stranger.get(ticket).status_code == 404  # a ticket signs in once
    assert "Civics 101" not in stranger.get("/").get_data(as_text=True)


def test_unsigned_and_garbage_tokens_are_refused_without_a_500(app, platform):
    for token in ["", "not.a.token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "x" * 70000,
                  "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"]:
        browser = app.test_client()
        _, fields = start_launch(browser, platform, TEACHER)
        answer = browser.post("/lti/launch", data={**fields, "id_token": token})
        assert answer.status_code == 400, token[:40]


def test_an_unknown_platform_cannot_start_a_login(app, platform):
    browser = app.test_client()
    answer = browser.post("/lti/login", data={**platform.login_form(TEACHER, LINK), "iss": "https://evil.example"})
    assert answer.status_code == 400
    assert "not registered" in answer.get_data(as_text=True)
    assert browser.post("/lti/login", data={}).status_code == 400
    assert browser.post("/lti/launch", data={}).status_code == 400


def test_the_platform_keys_are_kept_so_launches_go_on_while_its_keyset_is_down(app, platform):
    launch(app.test_client(), platform, TEACHER)
    browser = app.test_client()
    _, fields = start_launch(browser, platform, TEACHER)
    platform.down = True  # the keyset was kept in the database at the first launch
    assert browser.post("/lti/launch", data=fields).status_code == 303


def test_a_platform_that_rotates_its_key_is_read_again(app, platform):
    launch(app.test_client(), platform, TEACHER)
    platform.key = RSAKey.generate_key(2048, parameters={"kid": "platform-key-2", "use": "sig", "alg": "RS256"})
    platform.signing_key = platform.key
    # Within a minute of the last fetch an unknown key id is refused (forged key ids cannot make
    # quizapp hammer the platform); after that the keyset is read again and the new key is used.
    assert launch(app.test_client(), platform, TEACHER).status_code == 400
    with app.app_context():
        db.session.execute(update(LtiPlatform).values(jwks_fetched_at=utcnow() - timedelta(minutes=2)))
        db.session.commit()
    assert launch(app.test_client(), platform, TEACHER).status_code == 303


def test_a_launch_for_several_audiences_must_name_quizapp_as_its_party(app, platform):
    platform.tamper = lambda claims: claims.update(aud=[platform.client_id, "some-other-tool"])
    assert "another tool (azp)" in refused(app, platform)
    platform.tamper = lambda claims: claims.update(aud=[platform.client_id, "some-other-tool"],
                                                   azp=platform.client_id)
    assert launch(app.test_client(), platform, TEACHER).status_code == 303


def test_a_whole_class_launching_at_once_makes_one_student_each(app, platform):
    teacher_sets_up(app, platform)
    learners = [User(f"lms-learner-{n}", f"Learner {n}") for n in range(6)]
    prepared = []
    for user in [*learners, learners[0], learners[1]]:  # two learners click twice
        browser = app.test_client()
        prepared.append((browser, start_launch(browser, platform, user)[1]))
    answers: list[int] = []

    def post(browser, fields) -> None:
        answers.append(app.test_client().post("/lti/launch", data=fields).status_code)

    threads = [threading.Thread(target=post, args=pair) for pair in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [303] * len(prepared)
    with app.app_context():
        subs = db.session.scalars(select(LtiLearner.sub)).all()
        assert sorted(subs) == sorted(user.sub for user in learners)
        assert db.session.scalar(select(func.count(Student.id))) == len(learners)
