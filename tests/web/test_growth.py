"""Pre and post: a teacher sets a pair, students get counterbalanced parallel forms, the growth page shows change."""

from __future__ import annotations

import html as html_module
import re

from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Assignment, Classroom, GrowthOrder, GrowthPair, GrowthPlacement, Student
from tests.web.conftest import csrf_token
from tests.web.teacher_helpers import add_attempt, add_student, assignment_versions, logged_in, parse_csv
from tests.web.test_student_support import attempt_id_of, joined_client, questions_of, start


def _text(page: str) -> str:
    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def _set_pair(app, client, room_id: int, title: str = "Spotting distortions", bank: str = "discernment"):
    form = client.get(f"/teacher/classes/{room_id}/growth/new")
    assert form.status_code == 200
    token = csrf_token(form.get_data(as_text=True))
    return client.post(
        f"/teacher/classes/{room_id}/growth/new", data={"csrf_token": token, "title": title, "bank": bank}
    )


def _room(app, teacher_id: int, students: list[str]) -> tuple[int, str]:
    with app.app_context():
        room = Classroom(teacher_id=teacher_id, name="Media 9")
        db.session.add(room)
        db.session.commit()
        for name in students:
            add_student(room.id, name)
        return room.id, room.join_code


def test_a_pair_gives_each_student_one_form_before_and_the_other_after(app, teacher_id):
    room_id, code = _room(app, teacher_id, ["Ana", "Ben", "Cy", "Dee"])
    client = logged_in(app)
    posted = _set_pair(app, client, room_id)
    assert posted.status_code == 302
    with app.app_context():
        pair = db.session.scalar(select(GrowthPair))
        assert pair.title == "Spotting distortions"
        assert len(pair.form_a) == len(pair.form_b) == 12 and set(pair.form_a).isdisjoint(pair.form_b)
        titles = (db.session.get(Assignment, pair.pre_assignment_id).title, pair.post_assignment.title)
        assert titles == ("Spotting distortions (pre)", "Spotting distortions (post)")
        orders = [p.order for p in db.session.scalars(select(GrowthPlacement))]
        # Counterbalanced: exactly half each way, recorded for every student of the class.
        assert sorted(orders) == [GrowthOrder.A_THEN_B] * 2 + [GrowthOrder.B_THEN_A] * 2
        pre_id, post_id, form_a = pair.pre_assignment_id, pair.post_assignment_id, set(pair.form_a)
    page = client.get(posted.headers["Location"])
    assert "2 students A then B, 2 students B then A" in _text(page.get_data(as_text=True))

    # A student who joins later is placed when they start, and never sees a question twice.
    late = joined_client(app, code, "Eve Late")
    pre = questions_of(app, attempt_id_of(start(late, pre_id)))
    keys_pre = {question.id for _, question in pre}
    assert len(keys_pre) == 12 and (keys_pre == form_a or keys_pre.isdisjoint(form_a))
    with app.app_context():
        eve = db.session.scalar(select(Student).where(Student.name == "Eve Late"))
        (placement,) = db.session.scalars(select(GrowthPlacement).where(GrowthPlacement.student_id == eve.id))
        assert (keys_pre == form_a) == (placement.order == GrowthOrder.A_THEN_B)
    submitted = late.post(
        f"/attempts/{attempt_id_of(start(late, pre_id))}/submit",
        data={"csrf_token": csrf_token(start(late, pre_id)), "confirm": "yes"},
    )
    assert submitted.status_code in (302, 303)
    post = questions_of(app, attempt_id_of(start(late, post_id)))
    keys_post = {question.id for _, question in post}
    assert len(keys_post) == 12 and keys_post.isdisjoint(keys_pre)


def _answers(versions, policy: str) -> dict[str, object]:
    answers: dict[str, object] = {}
    for version in versions:
        distorted = version.data.get("distortion") is not None
        if policy == "cynic":
            answers[version.question_key] = {"verdict": "distorted"}
        else:
            answers[version.question_key] = {"verdict": "distorted" if distorted else "accurate", "confidence": 90}
    return answers


def test_the_growth_page_shows_the_class_getting_better(app, teacher_id):
    room_id, _ = _room(app, teacher_id, ["Ana", "Ben", "Cy", "Dee"])
    client = logged_in(app)
    _set_pair(app, client, room_id)
    with app.app_context():
        pair = db.session.scalar(select(GrowthPair))
        pre_id, post_id = pair.pre_assignment_id, pair.post_assignment_id
        all_pre, all_post = assignment_versions(pre_id), assignment_versions(post_id)
        for placement in pair.placements:
            first, second = set(pair.form(placement.form_for("pre"))), set(pair.form(placement.form_for("post")))
            cynic_first = placement.student_id % 2 == 0
            pre_versions = [v for v in all_pre if v.question_key in first]
            post_versions = [v for v in all_post if v.question_key in second]
            # Two students improve from calling everything distorted to perfect; two stay perfect.
            add_attempt(
                pre_id,
                placement.student_id,
                _answers(pre_versions, "cynic" if cynic_first else "perfect"),
                versions=pre_versions,
            )
            add_attempt(post_id, placement.student_id, _answers(post_versions, "perfect"), versions=post_versions)
    page = client.get(f"/teacher/assignments/{post_id}/growth")
    assert page.status_code == 200
    text = _text(page.get_data(as_text=True))
    # Perfect on 6 + 6 items: H = 6.5/7, F = 0.5/7, d' = 2.93; all "distorted": d' 0. Two of four gain 2.93.
    assert "d′ (telling accurate from distorted) +1.47 (" in text
    assert "Raw score (share of the points) +0.25 (" in text
    assert "d′ before and after" in text  # the paired-slope chart, with its text alternative
    assert re.search(r"Ana (A then B|B then A) (50|100) % 100 % ", text)
    csv = client.get(f"/teacher/assignments/{pre_id}/growth.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    rows = parse_csv(csv.data)
    assert rows[0][:8] == ["Student", "Order", "Pre score", "Post score", "Pre d'", "Post d'", "Pre c", "Post c"]
    assert [row[0] for row in rows[1:]] == ["Ana", "Ben", "Cy", "Dee"]
    assert {row[5] for row in rows[1:]} == {"2.930"}
    assert rows[0][8:14] == [
        "Pre d' attribution",
        "Post d' attribution",
        "Pre c attribution",
        "Post c attribution",
        "Pre score attribution",
        "Post score attribution",
    ]
    assert {row[13] for row in rows[1:]} == {"1.000"}  # every attribution item right after


def test_an_ordinary_assignment_has_no_growth_to_show(app, teacher_id):
    room_id, _ = _room(app, teacher_id, [])
    with app.app_context():
        assignment = Assignment(classroom_id=room_id, bank_id="discernment", title="Alone")
        db.session.add(assignment)
        db.session.commit()
        assignment_id = assignment.id
    client = logged_in(app)
    page = client.get(f"/teacher/assignments/{assignment_id}/growth")
    assert page.status_code == 200
    assert "“Alone” is not part of a pre/post pair" in _text(page.get_data(as_text=True))
    assert client.get(f"/teacher/assignments/{assignment_id}/growth.csv").status_code == 404


def test_the_pair_form_refuses_what_it_cannot_use(app, teacher_id):
    room_id, _ = _room(app, teacher_id, ["Ana"])
    client = logged_in(app)
    for title, bank, message in [
        ("", "discernment", "This field is required."),
        ("Two\nlines", "discernment", "line"),
        ("Fine", "no-such-bank", "Not a valid choice."),
    ]:
        page = _set_pair(app, client, room_id, title, bank)
        assert page.status_code == 200, (title, bank)
        assert message in _text(page.get_data(as_text=True)), (title, bank)
    with app.app_context():
        assert db.session.scalar(select(GrowthPair)) is None


def test_difficulty_comes_from_item_analysis_where_enough_answers_exist(app, teacher_id):
    from quizapp.teacher.growth import MIN_ANSWERS_FOR_FACILITY, form_items, observed_facilities

    room_id, _ = _room(app, teacher_id, [])
    with app.app_context():
        assignment = Assignment(classroom_id=room_id, bank_id="discernment", title="Practice")
        db.session.add(assignment)
        db.session.commit()
        versions = assignment_versions(assignment.id)
        first, second = versions[0], versions[1]  # both authored "easy" or "medium"; answered below
        for n in range(MIN_ANSWERS_FOR_FACILITY):
            student = add_student(room_id, f"Student {n}")
            right = "distorted" if first.data.get("distortion") else "accurate"
            wrong = "accurate" if right == "distorted" else "distorted"
            # The first question: right 3 times in 10. The second: answered only 9 times, so not enough.
            answers = {first.question_key: {"verdict": right if n < 3 else wrong}}
            if n < MIN_ANSWERS_FOR_FACILITY - 1:
                answers[second.question_key] = {"verdict": "accurate"}
            add_attempt(assignment.id, student, answers, versions=[first, second] if n < 9 else [first])
        facilities = observed_facilities("discernment")
        assert facilities == {first.question_key: 0.3}
        items = {item.key: item for item in form_items(versions, facilities)}
        assert items[first.question_key].facility == 0.3  # item analysis
        assert items[second.question_key].facility in (0.85, 0.65, 0.45)  # the author's difficulty
        assert {item.stratum for item in items.values()} == {"accurate", "distorted"}


def test_deleting_either_test_ends_the_pair_and_keeps_the_other(app, teacher_id):
    room_id, _ = _room(app, teacher_id, ["Ana", "Ben"])
    client = logged_in(app)
    _set_pair(app, client, room_id)
    with app.app_context():
        pair = db.session.scalar(select(GrowthPair))
        pre_id, post_id = pair.pre_assignment_id, pair.post_assignment_id
    confirm = client.get(f"/teacher/assignments/{pre_id}/delete")
    deleted = client.post(
        f"/teacher/assignments/{pre_id}/delete", data={"csrf_token": csrf_token(confirm.get_data(as_text=True))}
    )
    assert deleted.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(GrowthPair)) is None
        assert db.session.scalar(select(GrowthPlacement)) is None
        assert db.session.get(Assignment, post_id) is not None
    assert client.get(f"/teacher/assignments/{post_id}/growth.csv").status_code == 404
    assert client.get(f"/teacher/assignments/{post_id}").status_code == 200


def test_the_post_test_never_repeats_the_pre_test_even_when_the_placement_changed(app, teacher_id):
    room_id, code = _room(app, teacher_id, [])
    client = logged_in(app)
    _set_pair(app, client, room_id)
    with app.app_context():
        pair = db.session.scalar(select(GrowthPair))
        pre_id, post_id = pair.pre_assignment_id, pair.post_assignment_id
    student = joined_client(app, code, "Mo Merged")
    pre = {question.id for _, question in questions_of(app, attempt_id_of(start(student, pre_id)))}
    with app.app_context():
        # As after merging two records of one student: the placement kept is the other record's.
        placement = db.session.scalar(select(GrowthPlacement).join(Student).where(Student.name == "Mo Merged"))
        placement.order = GrowthOrder.B_THEN_A if placement.order == GrowthOrder.A_THEN_B else GrowthOrder.A_THEN_B
        db.session.commit()
    post = {question.id for _, question in questions_of(app, attempt_id_of(start(student, post_id)))}
    assert len(post) == len(pre) == 12 and post.isdisjoint(pre)
