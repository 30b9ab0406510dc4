"""Assignments (bank or chosen questions, times in the school's zone, rules) and uploading banks."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from quizapp.banks import parse_bank
from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Assignment, Attempt, Bank, QuestionVersion, ShowAnswers
from tests.web.teacher_helpers import (
    BANK,
    OTHER_EMAIL,
    add_assignment,
    add_attempt,
    add_classroom,
    add_student,
    logged_in,
    post,
    store_text,
    token,
)

HARRIS = "harris-trip-2021"


def _keys(app, bank_id: str = HARRIS) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(QuestionVersion.question_key)
                .where(QuestionVersion.bank_id == bank_id, QuestionVersion.is_current.is_(True))
                .order_by(QuestionVersion.position)
            )
        )


@pytest.fixture
def room(app, teacher_id) -> int:
    with app.app_context():
        return add_classroom(teacher_id)


def test_choosing_a_bank_comes_first(app, room):
    client = logged_in(app)
    page = client.get(f"/teacher/classes/{room}/assignments/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'method="get"' in html and f'value="{HARRIS}"' in html and 'value="numbers-and-sources"' in html


def test_create_an_assignment_of_chosen_questions_with_its_rules(app, room):
    app.config["QUIZAPP_TIMEZONE"] = "America/New_York"
    keys = _keys(app)
    client = logged_in(app)
    url = f"/teacher/classes/{room}/assignments/new?bank={HARRIS}"
    form = client.get(url).get_data(as_text=True)
    assert form.count('type="checkbox"') >= len(keys) and "America/New_York" in form
    assert all(f'value="{key}" checked' in form or re.search(rf'checked[^>]*value="{key}"', form) for key in keys)
    chosen = [keys[0], keys[3], keys[5]]
    response = post(client, url, {
        "title": "Who said it?",
        "questions": chosen,
        "opens_at": "2026-03-02T09:00",
        "closes_at": "2026-07-02T10:30",
        "attempts_allowed": "2",
        "time_limit_minutes": "30",
        "layout": "paged",
        "show_answers": "after_close",
    })
    assert response.status_code == 302
    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        assert assignment.classroom_id == room and assignment.bank_id == HARRIS
        assert assignment.title == "Who said it?"
        assert assignment.question_keys == chosen
        assert assignment.opens_at == datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # EST, UTC-5
        assert assignment.closes_at == datetime(2026, 7, 2, 14, 30, tzinfo=UTC)  # EDT, UTC-4
        assert assignment.attempts_allowed == 2 and assignment.time_limit_minutes == 30
        assert assignment.shuffle is False and assignment.paged is True
        assert assignment.show_answers == ShowAnswers.AFTER_CLOSE
        assignment_id = assignment.id
    # Editing shows the times back in the school's zone.
    edit = client.get(f"/teacher/assignments/{assignment_id}/edit").get_data(as_text=True)
    assert 'value="2026-03-02T09:00"' in edit and 'value="2026-07-02T10:30"' in edit
    page = client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    assert "Mon 2 Mar 2026, 09:00" in page and "3 chosen from the bank" in page


def test_every_question_chosen_is_stored_as_the_whole_bank(app, room):
    client = logged_in(app)
    url = f"/teacher/classes/{room}/assignments/new?bank={HARRIS}"
    response = post(client, url, {
        "title": "All of it", "questions": _keys(app), "attempts_allowed": "1", "shuffle": "y",
        "layout": "one", "show_answers": "after_close",
    })
    assert response.status_code == 302
    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        assert assignment.question_keys is None and assignment.opens_at is None and assignment.closes_at is None
        assert assignment.shuffle is True and assignment.paged is False and assignment.time_limit_minutes is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"questions": []}, "Choose at least one question."),
        ({"closes_at": "2026-03-01T09:00"}, "The assignment must close after it opens."),
        ({"attempts_allowed": "0"}, "Number must be between 1 and 50."),
        ({"questions": ["no-such-question"]}, "not a valid choice"),
        ({"title": ""}, "This field is required."),
    ],
)
def test_assignment_form_refusals(app, room, changes, message):
    client = logged_in(app)
    url = f"/teacher/classes/{room}/assignments/new?bank={HARRIS}"
    data = {"title": "T", "questions": _keys(app)[:2], "opens_at": "2026-03-02T09:00", "attempts_allowed": "1",
            "layout": "one", "show_answers": "never", **changes}
    response = post(client, url, data)
    assert response.status_code == 200
    assert message.lower() in response.get_data(as_text=True).lower()
    with app.app_context():
        assert db.session.scalar(select(Assignment)) is None


def test_edit_an_assignment(app, room):
    with app.app_context():
        assignment_id = add_assignment(room)
    keys = _keys(app)
    client = logged_in(app)
    response = post(client, f"/teacher/assignments/{assignment_id}/edit", {
        "title": "Renamed", "questions": keys[:2], "attempts_allowed": "3", "layout": "one",
        "show_answers": "never",
    })
    assert response.status_code == 302
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assert (assignment.title, assignment.question_keys, assignment.attempts_allowed) == ("Renamed", keys[:2], 3)
        assert assignment.show_answers == ShowAnswers.NEVER and assignment.shuffle is False


def test_delete_an_assignment_after_confirming(app, room):
    with app.app_context():
        assignment_id = add_assignment(room)
        add_attempt(assignment_id, add_student(room, "Ana"), {})
    client = logged_in(app)
    confirm = client.get(f"/teacher/assignments/{assignment_id}/delete")
    assert "its 1 attempt will be deleted" in confirm.get_data(as_text=True)
    assert post(client, f"/teacher/assignments/{assignment_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Assignment, assignment_id) is None
        assert db.session.scalar(select(Attempt)) is None


# --------------------------------------------------------------------------------------------------
# Uploading banks
# --------------------------------------------------------------------------------------------------


def _upload(client, text: str | bytes, filename: str = "class-check.yaml"):
    data = text.encode() if isinstance(text, str) else text
    return post(client, "/teacher/banks", {"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def test_upload_a_good_bank_then_assign_it(app, teacher_id, room):
    client = logged_in(app)
    response = _upload(client, BANK)
    assert response.status_code == 302 and response.headers["Location"] == "/teacher/banks/class-check"
    with app.app_context():
        bank = db.session.get(Bank, "class-check")
        assert bank.owner_id == teacher_id and bank.title == "Class check"
        assert len(bank.current_questions) == 4
    page = client.get("/teacher/banks/class-check").get_data(as_text=True)
    assert "Bank uploaded: class-check: 4 new" in page and "Your upload" in page
    assert 'value="class-check"' in client.get(f"/teacher/classes/{room}/assignments/new").get_data(as_text=True)
    create = post(client, f"/teacher/classes/{room}/assignments/new?bank=class-check", {
        "title": "Check", "questions": ["who", "tweet"], "attempts_allowed": "1", "layout": "one",
        "show_answers": "after_close",
    })
    assert create.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Assignment)).question_keys == ["who", "tweet"]


def test_a_bad_bank_lists_located_problems_and_stores_nothing(app, teacher_id):
    bad = BANK.replace("Do not come, do not come.", "Do not come, do not kome.", 1).replace(
        "    skills: [context]\n", "    skils: [context]\n"
    )
    client = logged_in(app)
    response = _upload(client, bad, "../../My Bank!.yaml")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    expected, _ = None, None
    with app.app_context():
        expected_bank, expected = parse_bank(bad, "My_Bank.yaml", corpus_of(app))
    assert expected_bank is None and len(expected) == 2
    for problem in expected:
        shown = str(problem).replace("&", "&amp;").replace('"', "&#34;").replace("'", "&#39;")
        assert f"<li>{shown}</li>" in html
    assert "My_Bank.yaml:10: question who: quote not found in 002_f52d19d8c2480346" in html
    assert "unknown key" in html
    assert "2 problems in My_Bank.yaml: nothing was stored" in html
    with app.app_context():
        assert db.session.get(Bank, "class-check") is None
        assert db.session.scalar(select(QuestionVersion).where(QuestionVersion.bank_id == "class-check")) is None


def test_yaml_errors_and_wrong_files_are_refused(app, teacher_id):
    client = logged_in(app)
    broken = _upload(client, "bank: [unclosed\n", "broken.yml")
    assert broken.status_code == 422 and "broken.yml:" in broken.get_data(as_text=True)
    text_file = _upload(client, BANK, "bank.txt")
    assert text_file.status_code == 422 and "Upload a .yaml or .yml file." in text_file.get_data(as_text=True)
    missing = post(client, "/teacher/banks", {}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "Choose a .yaml file to upload." in missing.get_data(as_text=True)
    # The multipart body is built here: Werkzeug's encoder spools a body this big to a file it never closes.
    boundary = "quizapp-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token(client)}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.yaml"\r\n'
        f"Content-Type: application/yaml\r\n\r\n"
    ).encode() + b"#" * (5 * 1024 * 1024 + 1) + f"\r\n--{boundary}--\r\n".encode()
    huge = client.post("/teacher/banks", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert huge.status_code == 422 and "over the limit of 5 MB" in huge.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Bank).where(Bank.owner_id.is_not(None))) is None


def test_a_taken_bank_id_is_refused(app, teacher_id):
    client = logged_in(app)
    bundled = _upload(client, BANK.replace("bank: class-check", f"bank: {HARRIS}"))
    assert bundled.status_code == 422
    assert f"class-check.yaml:1: bank id &#39;{HARRIS}&#39; is already used by a bundled bank" in bundled.get_data(
        as_text=True
    )
    with app.app_context():
        store_text(app, BANK, owner_id=None)  # make class-check another teacher's
        other = logged_in(app, OTHER_EMAIL)
        from quizapp.models import Teacher

        db.session.get(Bank, "class-check").owner_id = db.session.scalar(
            select(Teacher.id).where(Teacher.email == OTHER_EMAIL)
        )
        db.session.commit()
    taken = _upload(client, BANK)
    assert taken.status_code == 422 and "already used by another teacher&#39;s bank" in taken.get_data(as_text=True)
    assert client.get("/teacher/banks/class-check").status_code == 404
    assert other.get("/teacher/banks/class-check").status_code == 200
    with app.app_context():
        assert db.session.get(Bank, HARRIS).owner_id is None


def test_uploading_again_adds_versions_and_deleting_an_unused_bank(app, teacher_id):
    client = logged_in(app)
    assert _upload(client, BANK).status_code == 302
    again = _upload(client, BANK.replace("answer: Kamala Harris", "answer: Alejandro Giammattei"))
    assert again.status_code == 302
    assert "1 changed, 3 unchanged" in client.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        versions = db.session.scalars(select(QuestionVersion).where(QuestionVersion.question_key == "who")).all()
        assert sorted(v.is_current for v in versions) == [False, True]
    assert client.get("/teacher/banks/class-check/delete").status_code == 200
    assert post(client, "/teacher/banks/class-check/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Bank, "class-check") is None


def test_a_bank_in_use_or_bundled_cannot_be_deleted(app, teacher_id, room):
    client = logged_in(app)
    _upload(client, BANK)
    with app.app_context():
        add_assignment(room, "class-check")
    assert client.get("/teacher/banks/class-check/delete").status_code == 403
    assert post(client, f"/teacher/banks/{HARRIS}/delete").status_code == 403
    with app.app_context():
        assert db.session.get(Bank, "class-check") is not None
