"""Classes and rosters: create, rename, archive, join codes, PINs; renaming, merging and removing students."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Attempt, Classroom, Student, utcnow
from tests.web.teacher_helpers import add_assignment, add_attempt, add_classroom, add_student, logged_in, post


def test_dashboard_lists_active_classes_and_archived_apart(app, teacher_id, classroom):
    with app.app_context():
        archived = add_classroom(teacher_id, "Last year")
        db.session.get(Classroom, archived).archived = True
        db.session.commit()
    client = logged_in(app)
    html = client.get("/teacher/").get_data(as_text=True)
    active_part, archived_part = html.split("Archived classes")
    assert "Period 3 Civics" in active_part and classroom[0] in active_part
    assert "Do not come" in active_part
    assert "Last year" in archived_part and "Last year" not in active_part


def test_create_a_class(app, teacher_id):
    client = logged_in(app)
    assert client.get("/teacher/classes/new").status_code == 200
    response = post(client, "/teacher/classes/new", {"name": "  Period  4   Media  "})
    assert response.status_code == 302
    with app.app_context():
        room = db.session.scalar(select(Classroom))
        assert room.name == "Period 4 Media" and room.teacher_id == teacher_id
        assert len(room.join_code) == 6 and room.pin is None and not room.archived
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert room.join_code in page


def test_a_class_needs_a_name(app, teacher_id):
    client = logged_in(app)
    response = post(client, "/teacher/classes/new", {"name": ""})
    assert response.status_code == 200 and "field-error" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Classroom)) is None


def test_rename_archive_and_unarchive(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
    client = logged_in(app)
    assert post(client, f"/teacher/classes/{room_id}/rename", {"name": "Period 6"}).status_code == 302
    assert post(client, f"/teacher/classes/{room_id}/archive").status_code == 302
    with app.app_context():
        room = db.session.get(Classroom, room_id)
        assert room.name == "Period 6" and room.archived
    assert "(archived)" in client.get(f"/teacher/classes/{room_id}").get_data(as_text=True)
    assert post(client, f"/teacher/classes/{room_id}/unarchive").status_code == 302
    with app.app_context():
        assert not db.session.get(Classroom, room_id).archived


def test_regenerating_the_join_code_asks_first(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        old = db.session.get(Classroom, room_id).join_code
    client = logged_in(app)
    confirm = client.get(f"/teacher/classes/{room_id}/code")
    assert confirm.status_code == 200 and old in confirm.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Classroom, room_id).join_code == old  # nothing changed yet
    assert post(client, f"/teacher/classes/{room_id}/code").status_code == 302
    with app.app_context():
        new = db.session.get(Classroom, room_id).join_code
    assert new != old and len(new) == 6


def test_set_and_clear_a_pin(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
    client = logged_in(app)
    bad = post(client, f"/teacher/classes/{room_id}/pin", {"pin": "12ab"})
    assert bad.status_code == 200 and "Use 4 to 8 digits." in bad.get_data(as_text=True)
    assert post(client, f"/teacher/classes/{room_id}/pin", {"pin": " 4821 "}).status_code == 302
    with app.app_context():
        assert db.session.get(Classroom, room_id).pin == "4821"
    assert "4821" in client.get(f"/teacher/classes/{room_id}").get_data(as_text=True)
    assert post(client, f"/teacher/classes/{room_id}/pin/clear").status_code == 302
    with app.app_context():
        assert db.session.get(Classroom, room_id).pin is None


def test_roster_lists_students_with_attempt_counts(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        assignment_id = add_assignment(room_id)
        ana = add_student(room_id, "Ana Diaz")
        add_student(room_id, "Ben Ode")
        add_attempt(assignment_id, ana, {})
    client = logged_in(app)
    html = client.get(f"/teacher/classes/{room_id}").get_data(as_text=True)
    assert "2 students in Period 3 Civics" in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Ana Diaz 1 1" in text and "Ben Ode 0 0" in text


def test_rename_a_student(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        ana = add_student(room_id, "ana diaz")
        add_student(room_id, "Ben Ode")
    client = logged_in(app)
    assert post(client, f"/teacher/students/{ana}/rename", {"name": " Ana   Díaz "}).status_code == 302
    with app.app_context():
        student = db.session.get(Student, ana)
        assert (student.name, student.name_key) == ("Ana Díaz", "ana díaz")
    clash = post(client, f"/teacher/students/{ana}/rename", {"name": "ben ode"})
    assert clash.status_code == 200 and "merge the two records" in clash.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Student, ana).name == "Ana Díaz"


def test_merge_moves_attempts_renumbers_and_deletes_the_other(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        first = add_assignment(room_id, attempts_allowed=3)
        second = add_assignment(room_id, "numbers-and-sources")
        keep = add_student(room_id, "Ana Diaz")
        other = add_student(room_id, "Ana D")
        early = utcnow() - timedelta(days=2)
        # Both have attempts at the first assignment: the other's came first, so it becomes attempt 1.
        other_first = add_attempt(first, other, {}, number=1, started_at=early)
        keep_first = add_attempt(first, keep, {}, number=1, started_at=early + timedelta(hours=1))
        keep_second = add_attempt(first, keep, {}, number=2, started_at=early + timedelta(hours=2))
        # Only the other has an attempt at the second assignment: it moves as it is.
        other_only = add_attempt(second, other, {}, number=1)
    client = logged_in(app)
    page = client.get(f"/teacher/students/{keep}/merge")
    assert page.status_code == 200 and "Ana D" in page.get_data(as_text=True)
    response = post(client, f"/teacher/students/{keep}/merge", {"other": str(other)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Student, other) is None
        attempts = {a.id: (a.student_id, a.assignment_id, a.number) for a in db.session.scalars(select(Attempt))}
        assert attempts == {
            other_first: (keep, first, 1),
            keep_first: (keep, first, 2),
            keep_second: (keep, first, 3),
            other_only: (keep, second, 1),
        }
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r"Merged Ana D \(joined [^)]+\) into Ana Diaz \(joined [^)]+\): 2 attempts moved\.", page)


def test_merging_two_records_of_one_name_says_which_went_where_by_join_time(app, teacher_id):
    # The same student joined on two devices under the same name: only the join times tell them apart.
    with app.app_context():
        room_id = add_classroom(teacher_id)
        keep = add_student(room_id, "Jamal Wright")
        other = add_student(room_id, "Jamal Wright")
        db.session.get(Student, keep).joined_at = datetime(2026, 3, 2, 9, 5, tzinfo=UTC)
        db.session.get(Student, other).joined_at = datetime(2026, 3, 2, 9, 40, tzinfo=UTC)
        db.session.commit()
    client = logged_in(app)
    form = client.get(f"/teacher/students/{keep}/merge").get_data(as_text=True)
    assert "Jamal Wright (joined Mon 2 Mar 2026, 09:40 UTC)" in form  # the choice names the other record's time
    response = post(client, f"/teacher/students/{keep}/merge", {"other": str(other)})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "Merged Jamal Wright (joined Mon 2 Mar 2026, 09:40 UTC) into Jamal Wright (joined Mon 2 Mar 2026, 09:05 UTC): "
        "0 attempts moved." in page
    )


def test_merge_refuses_a_student_of_another_class(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        other_room = add_classroom(teacher_id, "Other")
        keep = add_student(room_id, "Ana")
        add_student(room_id, "Ann")
        stranger = add_student(other_room, "Zed")
    client = logged_in(app)
    response = post(client, f"/teacher/students/{keep}/merge", {"other": str(stranger)})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Student, stranger) is not None


def test_remove_a_student_after_confirming(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
        assignment_id = add_assignment(room_id)
        ana = add_student(room_id, "Ana")
        add_attempt(assignment_id, ana, {})
    client = logged_in(app)
    confirm = client.get(f"/teacher/students/{ana}/remove")
    assert confirm.status_code == 200 and "1 attempt will be deleted" in confirm.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Student, ana) is not None
    assert post(client, f"/teacher/students/{ana}/remove").status_code == 302
    with app.app_context():
        assert db.session.get(Student, ana) is None
        assert db.session.scalar(select(Attempt)) is None


def test_posts_without_a_csrf_token_are_refused(app, teacher_id):
    with app.app_context():
        room_id = add_classroom(teacher_id)
    client = logged_in(app)
    assert client.post(f"/teacher/classes/{room_id}/archive").status_code == 400
    assert client.post(f"/teacher/classes/{room_id}/rename", data={"name": "X"}).status_code == 400
    with app.app_context():
        room = db.session.get(Classroom, room_id)
        assert not room.archived and room.name == "Period 3 Civics"
