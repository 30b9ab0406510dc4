"""Written answers (issue 13): students write, the score waits for the teacher, who marks one question at a
time across the class on the marking queue, blind by default; then the student sees the mark and the comment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Attempt, Mark, Response, ShowAnswers, ShowScore, utcnow
from quizapp.questions import kind_of
from tests.web.conftest import add_teacher
from tests.web.teacher_helpers import add_classroom, logged_in, parse_csv, post
from tests.web.test_student_support import (
    add_assignment,
    attempt_id_of,
    joined_client,
    post_answers,
    questions_of,
    soup,
    start,
    text_of,
    update_assignment,
)

WRITTEN = "written-responses"
STUDENTS = ("Quinta Marlowe", "Rafe Okonkwo", "Sol Aberdeen")
KEY = "who-says-so"


@pytest.fixture
def world(app, teacher_id):
    """A class whose three students each submitted written answers to the bundled written bank."""
    with app.app_context():
        room = add_classroom(teacher_id)
        from quizapp.models import Classroom

        code = db.session.get(Classroom, room).join_code
    assignment_id = add_assignment(app, code, WRITTEN, title="Written practice", shuffle=False)
    attempts = {}
    clients = {}
    for name in STUDENTS:
        client = joined_client(app, code, name)
        html = start(client, assignment_id)
        attempt_id = attempt_id_of(html)
        fields = {
            f"q-{rid}": f"{name} thinks the BBC is named, so the quote can be checked."
            for rid, _ in questions_of(app, attempt_id)
        }
        response = post_answers(client, html, fields, action="submit")
        assert response.status_code == 302
        attempts[name], clients[name] = attempt_id, client
    return {"assignment": assignment_id, "attempts": attempts, "clients": clients}


def _queue_url(world, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/teacher/assignments/{world['assignment']}/marking/{KEY}" + (f"?{query}" if query else "")


def _mark(client, world, response_id: int | str, level: str, comment: str = "", **extra):
    url = f"/teacher/assignments/{world['assignment']}/marking/{KEY}"
    return post(client, url, {"response": response_id, "level": level, "comment": comment, **extra})


def _shown_response(html: str) -> int:
    form = soup(html).find("form", class_="mark-form")
    return int(form.find("input", attrs={"name": "response"})["value"])


def test_a_written_answer_waits_for_the_teacher_and_the_student_is_told(app, world) -> None:
    client = world["clients"][STUDENTS[0]]
    page = text_of(client.get(f"/attempts/{world['attempts'][STUDENTS[0]]}/results"))
    assert "Waiting for your teacher to mark" in page
    assert page.count("Waiting for your teacher to mark") >= 5  # the total and each of the four questions
    with app.app_context():
        attempt = db.session.get(Attempt, world["attempts"][STUDENTS[0]])
        assert attempt.marks_pending == 4 and attempt.awaiting_marks
        assert {r.outcome for r in attempt.responses} == {"pending"}
    teacher = logged_in(app)
    gradebook = text_of(teacher.get(f"/teacher/assignments/{world['assignment']}/gradebook"))
    assert "pending" in gradebook
    rows = parse_csv(teacher.get(f"/teacher/assignments/{world['assignment']}/gradebook.csv").data)
    total = rows[0].index("Total")
    assert {row[total] for row in rows[1:]} == {"pending"}
    # Unmarked answers are no score yet: item analysis and per-skill results leave them out, not count them 0.
    analysis = soup(text_of(teacher.get(f"/teacher/assignments/{world['assignment']}/analysis")))
    assert "(written answer)" in analysis.get_text()
    skills = text_of(teacher.get(f"/teacher/assignments/{world['assignment']}/skills"))
    assert "the written answers are still to mark" in skills


def test_the_teacher_marks_blind_one_answer_after_another(app, world) -> None:
    teacher = logged_in(app)
    overview = text_of(teacher.get(f"/teacher/assignments/{world['assignment']}/marking"))
    assert "0 of 3 marked" in overview
    page = text_of(teacher.get(_queue_url(world)))
    assert "Answer 1 of 3" in page and "0 of 3 marked" in page
    assert all(name not in soup(page).find(class_="marking-student").get_text() for name in STUDENTS)
    assert "Marking blind" in page
    assert "Proficient" in page and "Names the BBC" not in page  # the rubric's own words, not invented ones
    assert "according to BBC" in page  # the cited source beside the answer
    buttons = soup(page).select("button[name=level]")
    assert [b.get("aria-keyshortcuts") for b in buttons] == ["1", "2", "3"]
    assert "Proficient" in buttons[0].get_text() and "Beginning" in buttons[2].get_text()

    first = _shown_response(page)
    response = _mark(teacher, world, first, "2", "You traced the quote: well done.")
    assert response.status_code == 302
    page = text_of(teacher.get(response.headers["Location"]))
    assert "1 of 3 marked" in page and "Answer 2 of 3" in page
    second = _shown_response(page)
    assert second != first
    _mark(teacher, world, second, "1")
    page = text_of(teacher.get(_queue_url(world)))
    _mark(teacher, world, _shown_response(page), "0")
    overview = text_of(teacher.get(f"/teacher/assignments/{world['assignment']}/marking"))
    assert "3 of 3 marked" in overview
    with app.app_context():
        marked = db.session.get(Response, first)
        assert (marked.earned, marked.outcome) == (2.0, "correct")
        assert db.session.get(Response, second).outcome == "partial"


def test_names_show_only_when_asked(app, world) -> None:
    teacher = logged_in(app)
    page = text_of(teacher.get(_queue_url(world, names=1)))
    shown = soup(page).find(class_="marking-student").get_text()
    assert any(name in shown for name in STUDENTS)
    assert "Hide names" in page


def test_once_every_answer_is_marked_the_student_sees_the_score_and_the_comment(app, world) -> None:
    name = STUDENTS[1]
    teacher = logged_in(app)
    with app.app_context():
        attempt = db.session.get(Attempt, world["attempts"][name])
        pending = [(r.id, r.question_version.question_key) for r in attempt.responses]
    for number, (response_id, key) in enumerate(pending):
        url = f"/teacher/assignments/{world['assignment']}/marking/{key}"
        comment = "Name the outlet you would check." if number == 0 else ""
        data = {"response": response_id, "level": "2" if number else "1", "comment": comment}
        assert post(teacher, url, data).status_code == 302
        if number < len(pending) - 1:
            page = text_of(world["clients"][name].get(f"/attempts/{world['attempts'][name]}/results"))
            assert "Waiting for your teacher to mark." in soup(page).find(class_="score").get_text()
    page = text_of(world["clients"][name].get(f"/attempts/{world['attempts'][name]}/results"))
    assert soup(page).find(class_="score").get_text().strip() == "7 / 8 points"
    assert "Name the outlet you would check." in page and "Emerging" in page
    assert "Waiting for your teacher" not in page
    with app.app_context():
        assert db.session.get(Attempt, world["attempts"][name]).marks_pending == 0


def test_withheld_scores_stay_withheld_after_marking(app, world) -> None:
    later = utcnow() + timedelta(days=2)
    update_assignment(
        app,
        world["assignment"],
        show_answers=ShowAnswers.AFTER_CLOSE,
        show_score=ShowScore.WITH_ANSWERS,
        closes_at=later,
    )
    name = STUDENTS[2]
    teacher = logged_in(app)
    with app.app_context():
        responses = [
            (r.id, r.question_version.question_key) for r in db.session.get(Attempt, world["attempts"][name]).responses
        ]
    for response_id, key in responses:
        url = f"/teacher/assignments/{world['assignment']}/marking/{key}"
        post(teacher, url, {"response": response_id, "level": "2", "comment": "Secret comment before close."})
    page = text_of(world["clients"][name].get(f"/attempts/{world['attempts'][name]}/results"))
    assert "8 / 8" not in page and "Secret comment before close." not in page


@pytest.mark.parametrize(
    ("level", "comment", "message"),
    [
        ("7", "kept", "Choose one of the rubric"),
        ("", "kept", "Choose one of the rubric"),
        ("two", "kept", "Choose one of the rubric"),
        ("2", "x" * 2001, "keep it under 2,000"),
        ("2", "bad \x07 bell", "invisible control character"),
    ],
)
def test_a_bad_mark_is_refused_with_a_message_and_the_comment_kept(app, world, level, comment, message) -> None:
    teacher = logged_in(app)
    first = _shown_response(text_of(teacher.get(_queue_url(world))))
    response = _mark(teacher, world, first, level, comment)
    assert response.status_code == 422
    page = text_of(response)
    assert message in page
    if comment == "kept":
        assert soup(page).find("textarea", id="comment").get_text() == "kept"
    with app.app_context():
        assert db.session.scalar(select(Mark)) is None


def test_an_answer_of_another_question_or_assignment_is_not_on_the_queue(app, world) -> None:
    teacher = logged_in(app)
    with app.app_context():
        other = db.session.scalar(
            select(Response.id)
            .join(Response.question_version)
            .where(
                Response.attempt_id.in_(list(world["attempts"].values())),
                Response.question_version.has(question_key="loaded-words"),
            )
        )
    assert _mark(teacher, world, other, "2").status_code == 404
    assert teacher.get(f"/teacher/assignments/{world['assignment']}/marking/no-such-question").status_code == 404
    stranger = logged_in(app, "stranger@school.example")
    assert stranger.get(_queue_url(world)).status_code == 404
    first = _shown_response(text_of(teacher.get(_queue_url(world))))
    assert _mark(stranger, world, first, "2").status_code == 404
    url = f"/teacher/assignments/{world['assignment']}/marking/{KEY}"
    assert teacher.post(url, data={"response": first, "level": "2"}).status_code == 400  # no CSRF token
    for hostile in ("", "abc", "99999999999999999999", "-1"):
        assert _mark(teacher, world, hostile, "2").status_code == 404


def test_two_teachers_marks_give_the_agreement_figure_on_the_item_analysis(app, world) -> None:
    with app.app_context():
        second = add_teacher(email="colleague@school.example", name="Mr Colleague")
        from quizapp.models import Teacher

        first = db.session.scalar(select(Teacher.id).where(Teacher.email == "teacher@school.example"))
        responses = db.session.scalars(
            select(Response).where(Response.attempt_id.in_(list(world["attempts"].values())))
        ).all()
        responses = [r for r in responses if r.question_version.question_key == KEY]
        question = responses[0].question_version.question
        levels = {level.points: level.label for level in kind_of(question).rubric(question)}
        # Agree on two answers, disagree on the third.
        for response, (mine, theirs) in zip(responses, [(2, 2), (1, 1), (2, 0)], strict=True):
            db.session.add(Mark(response_id=response.id, teacher_id=first, level=levels[mine], points=mine))
            db.session.add(Mark(response_id=response.id, teacher_id=second, level=levels[theirs], points=theirs))
        db.session.commit()
    page = text_of(logged_in(app).get(f"/teacher/assignments/{world['assignment']}/analysis"))
    agreement = soup(page).find(class_="rubric-agreement").get_text(" ", strip=True)
    assert "3 answers" in agreement and "67" in agreement and "κ 0.50" in agreement


def test_the_quiz_form_is_a_labelled_text_area_counted_by_the_server(app, teacher_id) -> None:
    """Without JavaScript: the count (and a warning past the limit) comes with the page after Save."""
    with app.app_context():
        from quizapp.models import Classroom

        code = db.session.get(Classroom, add_classroom(teacher_id)).join_code
    assignment_id = add_assignment(app, code, WRITTEN, title="Written practice", shuffle=False)
    client = joined_client(app, code, "Dana Ruiz")
    html = start(client, assignment_id)
    [(response_id, question), *_] = questions_of(app, attempt_id_of(html))
    area = soup(html).find("textarea", id=f"q-{response_id}")
    assert area is not None and soup(html).find("label", attrs={"for": f"q-{response_id}"}) is not None
    assert f"0 words of at most {question.max_words}." in soup(html).find(id=f"q-{response_id}-count").get_text()
    long_answer = "First paragraph here.\r\n\r\n" + " ".join(["word"] * question.max_words)
    saved = post_answers(client, html, {f"q-{response_id}": long_answer}, action="save")
    assert saved.status_code == 302
    page = text_of(client.get(saved.headers["Location"]))
    count = soup(page).find(id=f"q-{response_id}-count").get_text(" ", strip=True)
    assert f"{question.max_words + 3} words of at most {question.max_words}." in count
    assert "Over the limit by 3 words" in count
    assert soup(page).find("textarea", id=f"q-{response_id}").get_text().startswith("First paragraph here.\n\nword")
    with app.app_context():
        assert db.session.get(Response, response_id).answer.startswith("First paragraph here.\n\nword word")


def test_paper_answers_take_the_level_the_teacher_read_off_the_paper(app, teacher_id) -> None:
    from quizapp.corpus_cache import corpus_of
    from quizapp.models import Assignment, Student
    from quizapp.names import name_key
    from quizapp.paper_import import import_paper_answers, paper_layouts
    from tests.test_paper import HEADER

    with app.app_context():
        room = add_classroom(teacher_id)
        db.session.add(Student(classroom_id=room, name="Ana Diaz", name_key=name_key("Ana Diaz")))
        assignment = Assignment(classroom_id=room, bank_id=WRITTEN, title="On paper")
        db.session.add(assignment)
        db.session.commit()
        slots = paper_layouts(assignment)["A"]
        bad = import_paper_answers(assignment, f"{HEADER}\nAna Diaz,A,1,B+\n", corpus=corpus_of(app))
        assert "write the level marked (Proficient or 2, Emerging or 1, Beginning or 0)" in str(bad.errors[0])
        levels = ["Proficient", "1", "emerging", "0"]
        rows = [f"Ana Diaz,A,{slot.number},{level}" for slot, level in zip(slots, levels, strict=True)]
        report = import_paper_answers(assignment, "\n".join([HEADER, *rows]) + "\n", corpus=corpus_of(app))
        assert report.errors == ()
        db.session.commit()
        attempt = db.session.scalar(select(Attempt).where(Attempt.mode == "paper"))
        assert (attempt.earned, attempt.possible, attempt.marks_pending) == (4, 8, 0)
        assert sorted(r.outcome for r in attempt.responses) == ["correct", "partial", "partial", "wrong"]


@pytest.mark.parametrize("policy", ["new", "both"])
def test_a_regrade_keeps_a_written_answers_mark(policy) -> None:
    from quizapp.questions import WrittenQuestion
    from quizapp.questions.rubric import RubricLevel
    from quizapp.scoring import Score
    from quizapp.teacher.regrade import regrade_score

    rubric = (RubricLevel("Proficient", 2.0, "All."), RubricLevel("Beginning", 0.0, "None."))
    old = WrittenQuestion(id="w", prompt="Why?", points=2, rubric=rubric)
    new = WrittenQuestion(id="w", prompt="Why, in your words?", points=2, rubric=rubric)
    marked = Score(2.0, 2.0, "correct")
    assert regrade_score(old, new, "Because the BBC is named.", policy, marked) is marked  # not rescored to 0
    assert regrade_score(old, new, "Because.", "full", Score(0.0, 2.0, "wrong")).outcome == "correct"


def test_submitting_an_answer_over_the_word_limit_asks_first(app, teacher_id) -> None:
    with app.app_context():
        from quizapp.models import Classroom

        code = db.session.get(Classroom, add_classroom(teacher_id)).join_code
    assignment_id = add_assignment(app, code, WRITTEN, title="Written practice", shuffle=False)
    client = joined_client(app, code, "Eli Grant")
    html = start(client, assignment_id)
    asked = questions_of(app, attempt_id_of(html))
    fields = {f"q-{rid}": "Short and fine." for rid, _ in asked}
    (first_id, first), *_ = asked
    fields[f"q-{first_id}"] = " ".join(["word"] * (first.max_words + 5))
    response = post_answers(client, html, fields, action="submit")
    assert response.status_code == 302 and response.headers["Location"].endswith("/submit")
    page = soup(text_of(client.get(response.headers["Location"])))
    warning = page.find("ul", class_="answer-warnings").get_text(" ", strip=True)
    assert f"Question 1 : {first.max_words + 5} words, 5 over the limit of {first.max_words}." in warning
    assert page.find("ul", class_="unanswered") is None
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id_of(html))
        assert attempt.submitted_at is None  # nothing submitted yet, every word kept
        assert len(db.session.get(Response, first_id).answer.split()) == first.max_words + 5
