"""Submitting and scoring, results against the sources, when answers are shown, time limits,
more than one attempt, and the list of assignments with each one's status."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from quizapp.corpus import excerpt
from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Attempt, ShowAnswers, utcnow
from quizapp.student.attempts import submit_attempt
from tests.web.test_student_support import (
    add_assignment,
    all_right,
    attempt_id_of,
    count,
    joined_client,
    post_answers,
    questions_of,
    right_answer_fields,
    soup,
    start,
    stored_attempt,
    text_of,
    token_from,
    update_assignment,
    wrong_answer_fields,
)


def _submit(client, html: str, fields: dict):
    return post_answers(client, html, fields, action="submit")


def _expire(app, attempt_id: int) -> None:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        attempt.deadline = utcnow() - timedelta(minutes=1)
        db.session.commit()


def test_all_right_answers_earn_full_marks(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    submitted = _submit(client, html, all_right(app, html))
    assert submitted.headers["Location"] == f"/attempts/{attempt_id}/results"
    stored = stored_attempt(app, attempt_id)
    assert stored["submitted_at"] is not None
    assert (stored["earned"], stored["possible"]) == (21.0, 21.0)
    for response in stored["responses"]:
        assert response["outcome"] == "correct", response
        assert response["earned"] == response["possible"] > 0
    page = text_of(client.get(submitted.headers["Location"]))
    assert "Your answers are submitted." in page
    assert soup(page).find(class_="score").get_text(strip=True) == "21 / 21 points"


def test_a_blank_quiz_asks_first_then_scores_nothing(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    asked = _submit(client, html, {})
    assert asked.headers["Location"] == f"/attempts/{attempt_id}/submit"
    assert stored_attempt(app, attempt_id)["submitted_at"] is None
    confirm = text_of(client.get(asked.headers["Location"]))
    assert "You have not answered 19 of the 19 questions" in confirm
    assert len(soup(confirm).select("ul.unanswered li a")) == 19
    done = client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token_from(client)})
    assert done.headers["Location"] == f"/attempts/{attempt_id}/results"
    stored = stored_attempt(app, attempt_id)
    assert (stored["earned"], stored["possible"]) == (0.0, 21.0)
    assert {r["outcome"] for r in stored["responses"]} == {"wrong"}
    page = text_of(client.get(done.headers["Location"]))
    assert "0 / 21 points" in page
    assert page.count("No answer") == 19


def test_a_known_mix_of_answers_scores_exactly(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    fields, expected = {}, {}
    for response_id, question in questions_of(app, attempt_id):
        if question.type == "choice":
            fields.update(right_answer_fields(app, response_id, question))
            expected[question.id] = question.points
        elif question.type == "multi":
            fields[f"q-{response_id}"] = [sorted(question.answers)[0]]  # one right pick of several
            expected[question.id] = round(question.points / len(question.answers), 6)
        else:
            fields.update(wrong_answer_fields(app, response_id, question))
            expected[question.id] = 0.0
    _submit(client, html, fields)
    stored = stored_attempt(app, attempt_id)
    assert {r["key"]: r["earned"] for r in stored["responses"]} == expected
    assert stored["earned"] == round(sum(expected.values()), 6)
    partial = next(r for r in stored["responses"] if r["type"] == "multi")
    assert partial["outcome"] == "partial"
    page = soup(text_of(client.get(f"/attempts/{attempt_id}/results")))
    assert "Partially correct" in page.get_text()


def test_submitting_twice_records_one_submission(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    _submit(client, html, all_right(app, html))
    first = stored_attempt(app, attempt_id)
    again = _submit(client, html, {})  # the resent form, now with nothing ticked
    assert again.headers["Location"] == f"/attempts/{attempt_id}/results"
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token_from(client)})
    assert stored_attempt(app, attempt_id) == first
    assert count(app, Attempt) == 1
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert submit_attempt(attempt, utcnow()) is False


def test_racing_submissions_score_once(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    post_answers(client, html, all_right(app, html), json=True)
    outcomes: list[bool] = []
    barrier = threading.Barrier(4)

    def submit_now():
        with app.app_context():
            attempt = db.session.get(Attempt, attempt_id)
            barrier.wait()
            outcomes.append(submit_attempt(attempt, utcnow()))
            db.session.remove()

    threads = [threading.Thread(target=submit_now) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False, False, False, True]
    assert stored_attempt(app, attempt_id)["earned"] == 21.0


def test_results_show_each_answer_against_its_source(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    _submit(client, html, all_right(app, html))
    page = soup(text_of(client.get(f"/attempts/{attempt_id}/results")))
    corpus = corpus_of(app)
    sections = page.select("section.result")
    questions = questions_of(app, attempt_id)
    assert len(sections) == len(questions)
    for section, (_, question) in zip(sections, questions, strict=True):
        assert " ".join(question.prompt.split()) in " ".join(section.get_text(" ").split())
        outcome = section.find(class_="outcome")
        assert outcome.find(class_="outcome-icon")["aria-hidden"] == "true"
        assert outcome.get_text(" ", strip=True).endswith("Correct")
        assert "Correct answer" in section.get_text()
        if question.explanation:
            assert " ".join(question.explanation.split())[:60] in " ".join(section.get_text(" ").split())
        cited = (
            [(question.article, question.answer_span)]
            if question.type == "evidence"
            else [(s.article, s.span) for s in question.sources]
        )
        figures = section.select(".excerpts figure.excerpt")
        assert len(figures) == len(cited)
        for figure, (article_id, span) in zip(figures, cited, strict=True):
            article = corpus[article_id]
            cut = excerpt(article, span)
            assert [m.get_text() for m in figure.find_all("mark")] == [p.marked for p in cut.paragraphs]
            assert article.outlet in figure.find("cite").get_text()
            link = figure.find("a")["href"]
            assert link == f"/articles/{article_id}?start={span.start}&end={span.end}#{cut.anchor}"
        if question.type == "evidence":
            sentence = next(s for s in corpus[question.article].sentences if s.overlaps(question.answer_span))
            assert corpus[question.article].slice(sentence) in section.find("dd").get_text()
        if question.type == "source":
            answer_text = section.find("dd").get_text()
            assert all(corpus[a].label in answer_text for a in question.answers)


def test_show_answers_never_hides_the_key_and_says_so(app, classroom):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, show_answers=ShowAnswers.NEVER)
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    _submit(client, html, all_right(app, html))
    page = text_of(client.get(f"/attempts/{attempt_id}/results"))
    assert "points" not in page  # the score is withheld with the answers
    assert "chosen not to show the answers and scores" in page
    parsed = soup(page)
    assert parsed.find("mark") is None and parsed.find(class_="outcome") is None
    assert "Correct answer" not in page and "Explanation" not in page
    for _, question in questions_of(app, attempt_id):
        if question.explanation:
            assert " ".join(question.explanation.split())[:60] not in " ".join(parsed.get_text(" ").split())


def test_show_answers_after_close_waits_for_the_closing_time(app, classroom):
    code, assignment_id = classroom
    closes = utcnow() + timedelta(days=2)
    update_assignment(app, assignment_id, show_answers=ShowAnswers.AFTER_CLOSE, closes_at=closes)
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    _submit(client, html, all_right(app, html))
    hidden = text_of(client.get(f"/attempts/{attempt_id}/results"))
    assert "Your teacher will show the answers and scores after the assignment closes on" in hidden
    assert f"{closes:%b %Y}" in hidden
    assert "<mark>" not in hidden and "Correct answer" not in hidden
    update_assignment(app, assignment_id, closes_at=utcnow() - timedelta(minutes=1))
    shown = text_of(client.get(f"/attempts/{attempt_id}/results"))
    assert "<mark>" in shown and "Correct answer" in shown


def test_nobody_else_sees_an_attempt(app, classroom):
    code, assignment_id = classroom
    ana = joined_client(app, code, "Ana Diaz")
    html = start(ana, assignment_id)
    attempt_id = attempt_id_of(html)
    assert ana.get(f"/attempts/{attempt_id}/results").headers["Location"] == f"/assignments/{assignment_id}"
    _submit(ana, html, all_right(app, html))
    ben = joined_client(app, code, "Ben Okafor")
    token = token_from(ben)
    assert ben.get(f"/attempts/{attempt_id}/results").status_code == 404
    assert ben.get(f"/attempts/{attempt_id}/submit").status_code == 404
    assert ben.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token}).status_code == 404
    assert app.test_client().get(f"/attempts/{attempt_id}/results").status_code == 404


def test_after_the_time_limit_saving_is_refused_and_the_saved_answers_are_submitted(app, classroom):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, time_limit_minutes=20)
    client = joined_client(app, code)
    before = utcnow()
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    deadline = stored_attempt(app, attempt_id)["deadline"].replace(tzinfo=before.tzinfo)
    assert timedelta(minutes=19) < deadline - before <= timedelta(minutes=21)
    assert "Submit by" in html
    right = all_right(app, html)
    first_field = f"q-{questions_of(app, attempt_id)[0][0]}"
    in_time = {k: v for k, v in right.items() if k == first_field or k.startswith(f"{first_field}-")}
    post_answers(client, html, in_time, json=True)
    _expire(app, attempt_id)
    late = post_answers(client, html, right, json=True)
    assert late.status_code == 409
    assert late.get_json()["results_url"] == f"/attempts/{attempt_id}/results"
    stored = stored_attempt(app, attempt_id)
    assert stored["submitted_at"] is not None
    assert [r["answer"] is not None for r in stored["responses"]] == [True] + [False] * 18
    assert stored["earned"] == stored["responses"][0]["possible"]
    # The Save button after the deadline goes to the results and says why.
    page = post_answers(client, html, right, action="save")
    assert page.headers["Location"] == f"/attempts/{attempt_id}/results"


def test_an_expired_attempt_is_submitted_when_the_student_comes_back(app, classroom):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, time_limit_minutes=5)
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    _expire(app, attempt_id)
    home = text_of(client.get("/"))
    assert "Submitted" in home and "0 / 21 points" in home
    assert stored_attempt(app, attempt_id)["submitted_at"] is not None
    late_submit = _submit(client, html, all_right(app, html))
    assert late_submit.headers["Location"] == f"/attempts/{attempt_id}/results"
    assert stored_attempt(app, attempt_id)["earned"] == 0.0


def test_attempts_allowed_gives_another_attempt_until_they_are_used(app, classroom):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, attempts_allowed=2)
    client = joined_client(app, code)
    first_html = start(client, assignment_id)
    first = attempt_id_of(first_html)
    _submit(client, first_html, {})
    client.post(f"/attempts/{first}/submit", data={"csrf_token": token_from(client)})
    results = text_of(client.get(f"/attempts/{first}/results"))
    assert "Start another attempt" in results and "You have 1 attempt left." in results
    second_html = start(client, assignment_id)
    second = attempt_id_of(second_html)
    assert second != first
    assert "attempt 2 of 2" in second_html
    _submit(client, second_html, all_right(app, second_html))
    assert "Start another attempt" not in text_of(client.get(f"/attempts/{second}/results"))
    refused = client.post(f"/assignments/{assignment_id}/start", data={"csrf_token": token_from(client)})
    assert "You have used all 2 of your attempts." in text_of(client.get(refused.headers["Location"]))
    with app.app_context():
        numbers = db.session.scalars(select(Attempt.number).order_by(Attempt.number)).all()
    assert numbers == [1, 2]
    home = text_of(client.get("/"))
    assert "21 / 21 points" in home  # the best attempt counts


def test_one_attempt_means_no_second_one(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    _submit(client, html, all_right(app, html))
    assert "Start another attempt" not in text_of(client.get(f"/attempts/{attempt_id_of(html)}/results"))
    client.post(f"/assignments/{assignment_id}/start", data={"csrf_token": token_from(client)})
    assert count(app, Attempt) == 1


def test_home_lists_each_assignment_with_its_status(app, classroom):
    code, assignment_id = classroom
    now = utcnow()
    in_progress = add_assignment(app, code, title="Half done")
    submitted = add_assignment(app, code, title="All done", question_keys=["length-of-visit"])
    add_assignment(app, code, title="Missed it", closes_at=now - timedelta(days=1))
    add_assignment(app, code, title="Next week", opens_at=now + timedelta(days=7))
    client = joined_client(app, code)
    start(client, in_progress)
    html = start(client, submitted)
    _submit(client, html, all_right(app, html))
    page = soup(text_of(client.get("/")))
    statuses = {
        item.find("h3").get_text(strip=True): " ".join(item.find("p").get_text(" ", strip=True).split())
        for item in page.select(".assignment-list li")
    }
    assert statuses["Do not come"] == "Not started"
    assert statuses["Half done"] == "In progress"
    assert statuses["All done"] == "Submitted · 1 / 1 point"
    assert statuses["Missed it"] == "Closed"
    assert statuses["Next week"].startswith("Opens at ")


def test_a_save_landing_between_submits_read_and_its_claim_neither_beats_the_submit_nor_skews_its_score(
    app, classroom, monkeypatch
):
    # Submit reads and scores the answers before it claims the attempt; a save committed in between
    # (another request) must not win over the submitted form, nor leave a score computed from stale answers.
    code, assignment_id = classroom
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    response_id, question = questions_of(app, attempt_id)[0]
    post_answers(client, html, wrong_answer_fields(app, response_id, question), json=True)
    wrong = next(r["answer"] for r in stored_attempt(app, attempt_id)["responses"] if r["id"] == response_id)
    right = all_right(app, html)
    assert post_answers(client, html, right, json=True).status_code == 200
    saved = next(r["answer"] for r in stored_attempt(app, attempt_id)["responses"] if r["id"] == response_id)
    assert saved != wrong

    import quizapp.student.attempts as attempts

    claim = attempts.claim_scored

    def save_lands_first(attempt, now):
        with db.engine.connect() as other:  # another request's save, committed before this claim
            table = db.metadata.tables["response"]
            other.execute(table.update().where(table.c.id == response_id).values(answer=wrong))
            other.commit()
        return claim(attempt, now)

    monkeypatch.setattr(attempts, "claim_scored", save_lands_first)
    assert _submit(client, html, right).status_code == 302
    stored = stored_attempt(app, attempt_id)
    assert stored["submitted_at"] is not None
    assert (stored["earned"], stored["possible"]) == (21.0, 21.0)
    assert all(response["outcome"] == "correct" for response in stored["responses"])
    assert next(r["answer"] for r in stored["responses"] if r["id"] == response_id) == saved
