"""Names and Role Provisioning Services: the teacher fetches the course's class list, and each learner
is the student record their own launch later finds (by LMS user id)."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.db import db
from quizapp.models import Student
from tests.lti.conftest import ANA, TEACHER, launch
from tests.lti.platform import INSTRUCTOR, LEARNER, Link, User
from tests.web.conftest import csrf_token


def member(sub: str, name: str, role: str = LEARNER, status: str = "Active") -> dict:
    return {"user_id": sub, "name": name, "roles": [role], "status": status}


def test_the_class_list_makes_the_students_their_launches_find(app, platform):
    platform.members = [
        member(TEACHER.sub, TEACHER.name, INSTRUCTOR), member(ANA.sub, "Ana Diaz"),
        member("lms-learner-2", "Bo Chen"), member("lms-learner-3", "Cy Dee"),
        member("lms-learner-4", "Di Ek", status="Inactive"),
    ]
    teacher = app.test_client()
    launch(teacher, platform, TEACHER)
    page = teacher.get("/lti/setup").get_data(as_text=True)
    assert "Fetch the class list" in page
    fetched = teacher.post("/lti/classes/1/roster", data={"csrf_token": csrf_token(page)})
    assert fetched.status_code == 302
    message = teacher.get(fetched.location).get_data(as_text=True)
    assert "The LMS lists 3 learners; 3 new students added to the class." in message  # over two pages
    with app.app_context():
        assert sorted(db.session.scalars(select(Student.name))) == ["Ana Diaz", "Bo Chen", "Cy Dee"]
    launch(app.test_client(), platform, ANA)  # Ana's launch finds her record: no second Ana
    again = teacher.post("/lti/classes/1/roster", data={"csrf_token": csrf_token(page)})
    assert "0 new students" in teacher.get(again.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Student.id))) == 3


def test_an_lms_that_is_down_changes_nothing_and_says_so(app, platform):
    platform.members = [member(ANA.sub, "Ana Diaz")]
    teacher = app.test_client()
    launch(teacher, platform, TEACHER)
    page = teacher.get("/lti/setup").get_data(as_text=True)
    platform.down = True
    fetched = teacher.post("/lti/classes/1/roster", data={"csrf_token": csrf_token(page)})
    assert "could not be fetched" in teacher.get(fetched.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Student.id))) == 0


def test_another_teacher_cannot_fetch_the_list(app, platform):
    launch(app.test_client(), platform, TEACHER)
    other = app.test_client()
    launch(other, platform, User("other-teacher", "Mr Other", instructor=True), Link("x", context_id="course-202"))
    page = other.get("/lti/setup").get_data(as_text=True)
    assert other.post("/lti/classes/1/roster", data={"csrf_token": csrf_token(page)}).status_code == 404
