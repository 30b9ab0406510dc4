"""When keys and scores are shown (issue 11): answers after closing by default, a warning before
giving the key away on submit, scores withheld with the answers, and the report comparison hidden
from a class while an assignment that asks comparison questions is open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Assignment, Classroom, ShowAnswers, ShowScore
from quizapp.setup import ensure_demo
from tests.web.teacher_helpers import add_classroom, logged_in, post
from tests.web.test_student_support import (
    all_right,
    attempt_id_of,
    joined_client,
    post_answers,
    questions_of,
    soup,
    start,
    text_of,
    update_assignment,
)

HARRIS = "harris-trip-2021"


@pytest.fixture
def room(app, teacher_id) -> int:
    with app.app_context():
        return add_classroom(teacher_id)


def _join_code(app, room: int) -> str:
    with app.app_context():
        return db.session.get(Classroom, room).join_code


def _form_defaults(html: str) -> dict[str, object]:
    """What a browser posts for the new-assignment form left as it is: every checked box and radio."""
    data: dict[str, object] = {}
    for field in soup(html).find_all("input"):
        name, kind = field.get("name"), field.get("type")
        if not name or name == "csrf_token":
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "y"))  # type: ignore[union-attr]
        elif field.get("value") is not None:
            data[name] = field["value"]
    return data


def _new_form(client, room: int) -> tuple[str, str]:
    url = f"/teacher/classes/{room}/assignments/new?bank={HARRIS}"
    return url, text_of(client.get(url))


def _only_assignment(app) -> Assignment:
    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        db.session.expunge_all()
        return assignment


def _submit_all_right(app, client, assignment_id: int) -> int:
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    response = post_answers(client, html, all_right(app, html), action="submit")
    assert response.status_code == 302
    return attempt_id


def _article_url(app) -> str:
    return f"/articles/{next(iter(corpus_of(app)))}"


def _words(html: str) -> str:
    return " ".join(soup(html).get_text(" ").split())


# --------------------------------------------------------------------------------------------------
# The oracle: a throwaway name on a second device submits to read the key
# --------------------------------------------------------------------------------------------------


def test_a_throwaway_name_that_submits_sees_no_key_and_no_score_until_the_assignment_closes(
    app, room, clock
):
    app.config["QUIZAPP_TIMEZONE"] = "UTC"
    teacher = logged_in(app)
    url, form = _new_form(teacher, room)
    closes = clock.now.replace(second=0, microsecond=0) + timedelta(days=2)
    data = {**_form_defaults(form), "closes_at": f"{closes:%Y-%m-%dT%H:%M}"}
    assert post(teacher, url, data).status_code == 302  # set with the form's defaults
    assignment = _only_assignment(app)
    code = _join_code(app, room)

    # A second device, a made-up name: submit everything (right or not), then read the results.
    throwaway = joined_client(app, code, "Zz Nobody")
    attempt_id = _submit_all_right(app, throwaway, assignment.id)
    results = text_of(throwaway.get(f"/attempts/{attempt_id}/results"))
    words = _words(results)
    parsed = soup(results)
    assert "Correct answer" not in words and "Explanation" not in words and "Points" not in words
    assert parsed.find(class_="outcome") is None and parsed.find("mark") is None
    assert parsed.find(class_="grid-tally") is None and parsed.find(class_="cell-right") is None
    for _, question in questions_of(app, attempt_id):
        if question.explanation:
            assert " ".join(question.explanation.split())[:60] not in words
    assert parsed.find(class_="score").get_text(strip=True) == "Submitted"
    assert f"Your teacher will show the answers and scores after the assignment closes on {closes:%a} " in words
    assert "21 / 21" not in _words(text_of(throwaway.get("/")))
    listing = _words(text_of(throwaway.get(f"/assignments/{assignment.id}")))
    assert "Not shown" in listing and "21 / 21" not in listing

    # Once it closes, the key, the marks and the score are there.
    clock.advance(days=2, minutes=1)
    shown = text_of(throwaway.get(f"/attempts/{attempt_id}/results"))
    assert "Correct answer" in _words(shown) and soup(shown).find(class_="outcome-correct") is not None
    assert soup(shown).find(class_="score").get_text(strip=True) == "21 / 21 points"
    assert "21 / 21 points" in _words(text_of(throwaway.get(f"/assignments/{assignment.id}")))


def test_total_only_shows_the_total_at_once_but_not_which_questions_earned_it(app, classroom, clock):
    code, assignment_id = classroom
    update_assignment(
        app,
        assignment_id,
        show_answers=ShowAnswers.AFTER_CLOSE,
        show_score=ShowScore.TOTAL_ONLY,
        closes_at=clock.now + timedelta(days=1),
    )
    client = joined_client(app, code)
    attempt_id = _submit_all_right(app, client, assignment_id)
    results = text_of(client.get(f"/attempts/{attempt_id}/results"))
    assert soup(results).find(class_="score").get_text(strip=True) == "21 / 21 points"
    assert soup(results).find(class_="outcome") is None and "Correct answer" not in _words(results)
    assert "Your teacher will show the answers after the assignment closes on" in _words(results)
    assert "21 / 21 points" in _words(text_of(client.get(f"/assignments/{assignment_id}")))


def test_answers_never_shown_withhold_the_score_for_good_unless_the_total_is_chosen(app, classroom, clock):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, show_answers=ShowAnswers.NEVER)
    client = joined_client(app, code)
    attempt_id = _submit_all_right(app, client, assignment_id)
    clock.advance(days=400)
    page = _words(text_of(client.get(f"/attempts/{attempt_id}/results")))
    assert "21 / 21" not in page and "chosen not to show the answers and scores" in page
    update_assignment(app, assignment_id, show_score=ShowScore.TOTAL_ONLY)
    page = _words(text_of(client.get(f"/attempts/{attempt_id}/results")))
    assert "21 / 21 points" in page and "chosen not to show the answers for this assignment" in page


# --------------------------------------------------------------------------------------------------
# The teacher's form
# --------------------------------------------------------------------------------------------------


def test_new_assignments_show_answers_after_closing_and_the_score_with_them(app, room):
    _, form = _new_form(logged_in(app), room)
    checked = {f["name"]: f["value"] for f in soup(form).find_all("input", checked=True) if f.get("type") == "radio"}
    assert checked["show_answers"] == ShowAnswers.AFTER_CLOSE.value
    assert checked["show_score"] == ShowScore.WITH_ANSWERS.value
    assert soup(form).find("input", attrs={"name": "hide_comparison"}).has_attr("checked") is False
    assert "gives the key away" not in form


def test_showing_answers_on_submit_in_an_open_class_warns_and_needs_saying_so(app, room):
    teacher = logged_in(app)
    url, form = _new_form(teacher, room)
    data = {**_form_defaults(form), "show_answers": "immediately"}
    refused = post(teacher, url, data)
    assert refused.status_code == 200
    words = _words(text_of(refused))
    assert "Showing the answers as soon as they submit gives the key away here" in words
    assert "anyone with its code can join under a new name" in words and "attempts:" not in words
    assert _only_assignment(app) is None
    assert post(teacher, url, {**data, "show_answers_anyway": "y"}).status_code == 302
    assert _only_assignment(app).show_answers == ShowAnswers.IMMEDIATELY
    # Editing it later shows the warning again, from the server alone.
    edit = _words(text_of(teacher.get(f"/teacher/assignments/{_only_assignment(app).id}/edit")))
    assert "gives the key away here" in edit


def test_a_roster_locked_class_warns_only_about_several_attempts(app, room):
    with app.app_context():
        db.session.get(Classroom, room).roster_locked = True
        db.session.commit()
    teacher = logged_in(app)
    url, form = _new_form(teacher, room)
    once = {**_form_defaults(form), "show_answers": "immediately"}
    refused = post(teacher, url, {**once, "attempts_allowed": "3"})
    assert refused.status_code == 200
    words = _words(text_of(refused))
    assert "Each student may make 3 attempts" in words and "class code" not in words
    assert post(teacher, url, once).status_code == 302  # one attempt, listed students only: nothing to warn about
    assert _only_assignment(app).show_answers == ShowAnswers.IMMEDIATELY


def test_the_score_and_comparison_settings_are_stored_and_shown(app, room):
    teacher = logged_in(app)
    url, form = _new_form(teacher, room)
    data = {**_form_defaults(form), "show_score": "total_only", "hide_comparison": "y"}
    assert post(teacher, url, data).status_code == 302
    assignment = _only_assignment(app)
    assert assignment.show_score == ShowScore.TOTAL_ONLY and assignment.hide_comparison is True
    page = _words(text_of(teacher.get(f"/teacher/assignments/{assignment.id}")))
    assert "The total shown as soon as a student submits" in page
    assert "Hidden from the class while the assignment is open" in page


def test_the_demo_shows_the_key_as_soon_as_a_new_user_submits(app):
    with app.app_context():
        demo = ensure_demo()
        [assignment] = demo.classroom.assignments
        assert assignment.show_answers == ShowAnswers.IMMEDIATELY and assignment.answers_visible()


# --------------------------------------------------------------------------------------------------
# Hiding the report comparison
# --------------------------------------------------------------------------------------------------


def test_an_open_assignment_can_hide_the_comparison_from_its_class_until_it_closes(app, classroom, clock):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, hide_comparison=True, closes_at=clock.now + timedelta(hours=1))
    student = joined_client(app, code)
    hidden = student.get("/compare")
    assert hidden.status_code == 403
    assert "hidden the comparison of reports while “Do not come” is open" in _words(text_of(hidden))
    article = _words(text_of(student.get(_article_url(app))))
    assert "Also in other reports" not in article and "Only in this report" not in article

    # Teachers always see everything; so does a reader who joined no class.
    assert logged_in(app).get("/compare").status_code == 200
    assert "Also in other reports" in _words(text_of(app.test_client().get(_article_url(app))))

    clock.advance(hours=1)
    assert student.get("/compare").status_code == 200
    assert "Also in other reports" in _words(text_of(student.get(_article_url(app))))


def test_the_comparison_stays_visible_unless_the_teacher_hides_it(app, classroom):
    code, _ = classroom
    student = joined_client(app, code)
    assert student.get("/compare").status_code == 200
    assert "Also in other reports" in _words(text_of(student.get(_article_url(app))))
