"""The quiz page: starting an attempt, one fieldset per question, the right inputs for each type,
every input labelled, options shuffled per student and stable, paged quizzes, who may see what."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Assignment, Attempt, Classroom, QuestionVersion, utcnow
from quizapp.questions.evidence import offered_sentences
from tests.web.test_student_support import (
    add_assignment,
    attempt_id_of,
    count,
    joined_client,
    post_answers,
    questions_of,
    sent_statements,
    soup,
    start,
    stored_attempt,
    text_of,
    token_from,
    update_assignment,
)

INPUT_TYPES = {
    "choice": "radio",
    "truefalse": "radio",
    "evidence": "radio",
    "multi": "checkbox",
    "source": "checkbox",
    "short": "text",
    "numeric": "text",
}


def _fieldsets(html: str):
    return soup(html).select("form[data-autosave] fieldset.question")


def _option_order(html: str, app) -> dict[str, list[str]]:
    """Question key -> the option values in the order shown."""
    order = {}
    for fieldset, (_, question) in zip(_fieldsets(html), questions_of(app, attempt_id_of(html)), strict=True):
        if question.type == "match":
            order[question.id] = [o["value"] for o in fieldset.find("select").find_all("option")]
        else:
            order[question.id] = [i["value"] for i in fieldset.find_all("input") if i["type"] != "hidden"]
    return order


def test_viewing_an_assignment_does_not_start_it_and_start_does(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    overview = text_of(client.get(f"/assignments/{assignment_id}"))
    assert "Start" in overview
    assert "19 (21 points)" in overview
    assert count(app, Attempt) == 0
    html = start(client, assignment_id)
    assert count(app, Attempt) == 1
    assert len(_fieldsets(html)) == 19


def test_starting_twice_makes_one_attempt(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    token = token_from(client)
    for _ in range(3):  # a double click and a reload of the POST
        assert client.post(f"/assignments/{assignment_id}/start", data={"csrf_token": token}).status_code == 302
    assert count(app, Attempt) == 1
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert attempt.number == 1
        assert len(attempt.responses) == 19
        assert all(r.answer is None for r in attempt.responses)


def test_start_reads_assignment_class_pair_and_student_at_once_and_inserts_in_two_statements(app, classroom):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, time_limit_minutes=20)
    client = joined_client(app, code)
    token = token_from(client)
    before = utcnow()
    with sent_statements(app) as sent:
        assert client.post(f"/assignments/{assignment_id}/start", data={"csrf_token": token}).status_code == 302
    # No statement of its own for the growth pair nor the signed-in student: they come joined to the
    # assignment and its class.
    assert not any("FROM growth_pair" in s.statement or "FROM student" in s.statement for s in sent)
    first = sent[0].statement
    assert "FROM assignment" in first and all(f"JOIN {table}" in first for table in ("classroom", "student"))
    inserts = [s.statement.split()[2] for s in sent if s.statement.lstrip().upper().startswith("INSERT")]
    assert inserts == ["attempt", "response"]
    assert len(sent) == 5
    # The quiz page then: the assignment with its class and student, the attempts, the responses (the
    # questions themselves once per app, on the first view).
    assert client.get(f"/assignments/{assignment_id}").status_code == 200
    with sent_statements(app) as sent:
        assert client.get(f"/assignments/{assignment_id}").status_code == 200
    assert len(sent) == 3
    assert not any("FROM student" in s.statement for s in sent)
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert (attempt.number, attempt.mode, attempt.saves_counted, attempt.submitted_at) == (1, "online", 0, None)
        assert before <= attempt.started_at <= utcnow()
        assert attempt.deadline == attempt.started_at + timedelta(minutes=20)
        assert [r.position for r in attempt.responses] == list(range(19))


def test_every_question_is_a_fieldset_whose_legend_holds_number_prompt_and_points(app, classroom):
    code, assignment_id = classroom
    html = start(joined_client(app, code), assignment_id)
    questions = questions_of(app, attempt_id_of(html))
    for number, (fieldset, (_, question)) in enumerate(zip(_fieldsets(html), questions, strict=True), 1):
        legend = " ".join(fieldset.find("legend").get_text(" ").split())
        assert f"Question {number} of 19" in legend
        assert " ".join(question.prompt.split()) in legend
        points = "1 point" if question.points == 1 else f"{question.points:g} points"
        assert f"({points})" in legend


def test_each_type_gets_its_own_inputs(app, classroom):
    code, assignment_id = classroom
    html = start(joined_client(app, code), assignment_id)
    corpus = corpus_of(app)
    seen = set()
    for fieldset, (response_id, question) in zip(_fieldsets(html), questions_of(app, attempt_id_of(html)), strict=True):
        seen.add(question.type)
        inputs = [i for i in fieldset.find_all("input") if i["type"] != "hidden"]
        labels = [fieldset.find("label", attrs={"for": i["id"]}).get_text(strip=True) for i in inputs]
        if question.type == "match":
            assert inputs == []
            selects = fieldset.find_all("select")
            assert len(selects) == len(question.pairs)
            assert [fieldset.find("label", attrs={"for": s["id"]}).get_text(strip=True) for s in selects] == [
                left for left, _ in question.pairs
            ]
            for select_element in selects:
                options = select_element.find_all("option")
                assert (options[0]["value"], options[0].get_text()) == ("", "Choose…")
                assert sorted(o["value"] for o in options[1:]) == sorted(question.rights)
            continue
        assert {i["type"] for i in inputs} == {INPUT_TYPES[question.type]}
        assert {i["name"] for i in inputs} == {f"q-{response_id}"}
        if question.type == "numeric":
            assert inputs[0]["inputmode"] == "decimal"
        if question.type == "short":
            assert "inputmode" not in inputs[0].attrs
        if question.type == "truefalse":
            assert labels == ["True", "False"]
        if question.type in ("choice", "multi"):
            assert sorted(labels) == sorted(question.choices)
        if question.type == "source":
            assert sorted(labels) == sorted(corpus[article_id].label for article_id in question.choices)
        if question.type == "evidence":
            article = corpus[question.article]
            offered = offered_sentences(question, article)  # the report's prose: no captions, credits, signatures
            assert [i["value"] for i in inputs] == [f"{s.start}-{s.end}" for s in offered]
            assert labels == [article.slice(s) for s in offered]
            assert article.headline in fieldset.get_text()
    assert seen == {"choice", "truefalse", "evidence", "multi", "source", "short", "numeric", "match"}


def test_every_input_has_a_label_and_ids_are_unique(app, classroom):
    code, assignment_id = classroom
    page = soup(start(joined_client(app, code), assignment_id))
    controls = [i for i in page.find_all(["input", "select", "textarea"]) if i.get("type") != "hidden"]
    ids = [c["id"] for c in controls]
    assert len(ids) == len(set(ids))
    for control in controls:
        label = page.find("label", attrs={"for": control["id"]})
        assert label is not None and label.get_text(strip=True), control


def test_the_quiz_page_has_save_and_submit_and_loads_autosave_without_inline_script(app, classroom):
    code, assignment_id = classroom
    page = soup(start(joined_client(app, code), assignment_id))
    buttons = {b.get_text(strip=True): b["value"] for b in page.select("form[data-autosave] button")}
    assert buttons == {"Save": "save", "Submit answers": "submit"}
    scripts = page.find_all("script")
    assert [s.get("src") for s in scripts] == ["/static/autosave.js", "/static/word-count.js"]
    assert all(not s.get_text(strip=True) for s in scripts)
    assert page.find(id="save-status")["role"] == "status"


def test_headings_go_in_order(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    for path in ("/", f"/assignments/{assignment_id}"):
        levels = [int(h.name[1]) for h in soup(text_of(client.get(path))).find_all(["h1", "h2", "h3", "h4"])]
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)


def test_options_are_shuffled_per_student_and_stay_put_for_that_student(app, classroom):
    code, assignment_id = classroom
    ana = joined_client(app, code, "Ana Diaz")
    ben = joined_client(app, code, "Ben Okafor")
    first = _option_order(start(ana, assignment_id), app)
    again = _option_order(text_of(ana.get(f"/assignments/{assignment_id}")), app)
    assert first == again
    other = _option_order(start(ben, assignment_id), app)
    shuffled = [key for key in first if first[key] != other[key]]
    assert shuffled, "two students saw every option in the same order"
    with app.app_context():
        versions = db.session.scalars(select(QuestionVersion).where(QuestionVersion.bank_id == "harris-trip-2021"))
        authored = {v.question_key: v.question for v in versions}
    assert first["giammattei-did-not-say-do-not-come"] == ["true", "false"]  # True / False keep their order
    assert any(first[k] != list(authored[k].choices) for k in first if authored[k].type == "choice")


def test_question_order_is_shuffled_per_attempt_only_when_the_assignment_says_so(app, classroom):
    code, assignment_id = classroom
    with app.app_context():
        authored = [
            v.question_key
            for v in db.session.scalars(
                select(QuestionVersion)
                .where(QuestionVersion.bank_id == "harris-trip-2021", QuestionVersion.is_current.is_(True))
                .order_by(QuestionVersion.position)
            )
        ]
    shuffled = start(joined_client(app, code, "Ana Diaz"), assignment_id)
    keys = [r["key"] for r in stored_attempt(app, attempt_id_of(shuffled))["responses"]]
    assert sorted(keys) == sorted(authored) and keys != authored
    in_order = add_assignment(app, code, shuffle=False)
    html = start(joined_client(app, code, "Ben Okafor"), in_order)
    assert [r["key"] for r in stored_attempt(app, attempt_id_of(html))["responses"]] == authored


def test_chosen_questions_only(app, classroom):
    code, _ = classroom
    chosen = add_assignment(app, code, question_keys=["length-of-visit", "who-said-do-not-come"], shuffle=False)
    html = start(joined_client(app, code), chosen)
    assert [r["key"] for r in stored_attempt(app, attempt_id_of(html))["responses"]] == [
        "length-of-visit",
        "who-said-do-not-come",
    ]
    assert "Question 2 of 2" in soup(html).get_text()


def test_closed_and_not_yet_open_assignments_cannot_be_started(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    update_assignment(app, assignment_id, closes_at=utcnow() - timedelta(minutes=1))
    assert "This assignment is closed." in text_of(client.get(f"/assignments/{assignment_id}"))
    client.post(f"/assignments/{assignment_id}/start", data={"csrf_token": token_from(client)})
    assert count(app, Attempt) == 0
    assert "Closed" in text_of(client.get("/"))
    update_assignment(app, assignment_id, closes_at=None, opens_at=utcnow() + timedelta(days=1))
    page = text_of(client.get(f"/assignments/{assignment_id}", follow_redirects=True))
    assert "This assignment opens at" in page
    client.post(f"/assignments/{assignment_id}/start", data={"csrf_token": token_from(client)})
    assert count(app, Attempt) == 0
    assert "Opens at" in text_of(client.get("/"))


def test_students_of_another_class_get_404_and_strangers_are_sent_to_join(app, classroom, teacher_id):
    code, assignment_id = classroom
    with app.app_context():
        room = Classroom(teacher_id=teacher_id, name="Period 5")
        db.session.add(room)
        db.session.add(Assignment(classroom=room, bank_id="harris-trip-2021", title="Other"))
        db.session.commit()
        other_code = room.join_code
    outsider = joined_client(app, other_code, "Cam Lee")
    assert outsider.get(f"/assignments/{assignment_id}").status_code == 404
    response = outsider.post(f"/assignments/{assignment_id}/start", data={"csrf_token": token_from(outsider)})
    assert response.status_code == 404
    assert count(app, Attempt) == 0
    assert outsider.get("/assignments/99999").status_code == 404
    stranger = app.test_client()
    assert stranger.get(f"/assignments/{assignment_id}").headers["Location"] == "/join"


def test_paged_quizzes_show_one_question_a_page_and_previous_next_save(app, classroom):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, paged=True, shuffle=False)
    client = joined_client(app, code)
    html = start(client, assignment_id)
    assert len(_fieldsets(html)) == 1
    assert "Question 1 of 19" in soup(html).get_text()
    buttons = [b["value"] for b in soup(html).select("form[data-autosave] .actions button")]
    assert buttons == ["save", "next", "submit"]
    attempt_id = attempt_id_of(html)
    first_id, first = questions_of(app, attempt_id)[0]
    assert first.type == "choice"
    moved = post_answers(client, html, {f"q-{first_id}": first.choices[1]}, action="next")
    assert moved.headers["Location"].endswith(f"/assignments/{assignment_id}?page=2")
    assert stored_attempt(app, attempt_id)["responses"][0]["answer"] == first.choices[1]
    second = text_of(client.get(f"/assignments/{assignment_id}?page=2"))
    assert "Question 2 of 19" in soup(second).get_text()
    assert [b["value"] for b in soup(second).select(".actions button")] == ["save", "previous", "next", "submit"]
    # Saving page 2 leaves page 1's answer alone: only the questions on the page are saved.
    back = post_answers(client, second, {}, action="previous")
    assert back.headers["Location"].endswith("?page=1")
    assert stored_attempt(app, attempt_id)["responses"][0]["answer"] == first.choices[1]
    jump = post_answers(client, second, {}, action="page-19")
    assert jump.headers["Location"].endswith("?page=19")
    last = text_of(client.get(f"/assignments/{assignment_id}?page=19"))
    assert [b["value"] for b in soup(last).select(".actions button")] == ["save", "previous", "submit"]
    nav = soup(last).select(".question-nav button")
    assert len(nav) == 19
    assert "answered" in nav[0]["class"] and "answered" not in nav[1]["class"]
    assert nav[18]["aria-current"] == "step"
    assert client.get(f"/assignments/{assignment_id}?page=500").status_code == 200  # clamped, not an error
