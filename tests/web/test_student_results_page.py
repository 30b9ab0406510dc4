"""The results page of a long quiz: a summary at the top, "Not answered" for what was left empty,
the bank's question numbers beside the student's, partial credit explained; and the same words
for an empty answer in the teacher's gradebook and CSV."""

from __future__ import annotations

import re

from quizapp import corpus_cache
from quizapp.db import db
from quizapp.models import Assignment
from quizapp.questions import MultiQuestion
from quizapp.student.attempts import questions_for
from tests.web.teacher_helpers import logged_in, parse_csv
from tests.web.test_student_support import (
    add_assignment,
    attempt_id_of,
    joined_client,
    post_answers,
    questions_of,
    right_answer_fields,
    sent_statements,
    soup,
    start,
    stored_attempt,
    text_of,
    token_from,
    update_assignment,
)


def _bank_numbers(app, assignment_id: int) -> dict[str, int]:
    with app.app_context():
        versions = questions_for(db.session.get(Assignment, assignment_id))
        return {version.question_key: number for number, version in enumerate(versions, 1)}


def _submit_some(app, client, assignment_id: int):
    """Answer the first question right and a multi question with one right pick only; leave the rest empty."""
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    items = questions_of(app, attempt_id)
    fields = right_answer_fields(app, *items[0])
    multi_id, multi = next(
        (rid, q) for rid, q in items[1:] if isinstance(q, MultiQuestion) and len(q.answers) >= 2
    )
    fields[f"q-{multi_id}"] = [sorted(multi.answers)[0]]
    asked = post_answers(client, html, fields, action="submit")
    assert asked.headers["Location"] == f"/attempts/{attempt_id}/submit"
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token_from(client)})
    return attempt_id, items, multi


def test_the_results_open_with_a_summary_and_say_not_answered(app, classroom):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, shuffle=True)
    client = joined_client(app, code)
    attempt_id, items, multi = _submit_some(app, client, assignment_id)
    page = soup(text_of(client.get(f"/attempts/{attempt_id}/results")))
    stored = stored_attempt(app, attempt_id)

    summary = page.find("section", class_="results-summary")
    assert summary.find("h2").get_text(strip=True) == "Summary"
    earned, possible = stored["earned"], stored["possible"]
    assert f"({round(100 * earned / possible)}%)" in summary.get_text()
    skills = [row.find("th").get_text(strip=True) for row in summary.select("table.skill-summary tbody tr")]
    assert "Attribution" in skills
    # One line per question, in the student's order, linking to its result, with its outcome.
    entries = summary.select("ul.result-index li")
    assert len(entries) == len(items)
    for number, entry in enumerate(entries, 1):
        link = entry.find("a")
        assert link["href"] == f"#result-{number}"
        assert page.find(id=f"result-{number}") is not None
    assert entries[0].find(class_="summary-outcome").get_text(" ", strip=True) == "✓ Correct"
    unanswered = [
        n for n, r in enumerate(stored["responses"], 1) if r["answer"] in (None, [], {}, "") and n != 1
    ]
    assert unanswered
    for number in unanswered:
        assert "Not answered" in entries[number - 1].get_text()
        heading = page.find(id=f"result-{number}").get_text(" ", strip=True)
        assert "Not answered" in heading and "Wrong" not in heading
    # Every result ends with a way back up.
    assert len(page.select("p.back-to-top a[href='#main']")) == len(items)


def test_partial_credit_is_explained(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    attempt_id, items, multi = _submit_some(app, client, assignment_id)
    page = soup(text_of(client.get(f"/attempts/{attempt_id}/results")))
    number = next(n for n, (_, q) in enumerate(items, 1) if q.id == multi.id)
    result = page.find(id=f"result-{number}").find_parent("section")
    note = result.find(class_="credit-note").get_text(strip=True)
    right = len(multi.answers)
    points = multi.points / right
    shown = f"{points:g}" if points == int(points) else f"{points:.2f}".rstrip("0")
    assert note == f"1 of {right} right choices, 0 wrong: {shown} of {multi.points:g} points"
    assert result.find(class_="outcome").get_text(" ", strip=True) == "◐ Partially correct"


def test_question_numbers_name_the_banks_number_where_the_order_differs(app, classroom):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, shuffle=True)
    client = joined_client(app, code)
    attempt_id, items, _ = _submit_some(app, client, assignment_id)
    in_bank = _bank_numbers(app, assignment_id)
    page = soup(text_of(client.get(f"/attempts/{attempt_id}/results")))
    teacher = soup(text_of(logged_in(app).get(f"/teacher/attempts/{attempt_id}")))
    moved = 0
    for number, (_, question) in enumerate(items, 1):
        bank = in_bank[question.id]
        expected = f"Question {number}" if bank == number else f"Question {number} (bank Q{bank})"
        moved += bank != number
        for shown in (page, teacher):
            heading = shown.find(id=f"result-{number}")
            assert re.match(rf"{re.escape(expected)}(?!\d)", heading.get_text(" ", strip=True)), heading
    assert moved  # the shuffle moved some (seeded by the attempt, so the same every run)


def test_an_empty_answer_reads_not_answered_in_the_gradebook_and_the_csv(app, classroom):
    code, assignment_id = classroom
    client = joined_client(app, code)
    attempt_id, items, _ = _submit_some(app, client, assignment_id)
    teacher = logged_in(app)
    html = text_of(teacher.get(f"/teacher/assignments/{assignment_id}/gradebook"))
    row = next(tr for tr in soup(html).select("tbody tr") if "Ana Diaz" in tr.get_text())
    cells = [td.get_text(" ", strip=True) for td in row.select("td.num")]
    assert cells.count("— not answered") == len(items) - 2
    assert "0" not in cells  # nothing answered scored 0 here: the empty ones read as not answered
    assert "— means not answered in the counted attempt (it counts as 0 points)" in html
    rows = parse_csv(teacher.get(f"/teacher/assignments/{assignment_id}/responses.csv").data)
    header, body = rows[0], rows[1:]
    outcome = header.index("Outcome")
    answer = header.index("Answer")
    assert {line[outcome] for line in body if line[answer] == ""} == {"not answered"}
    assert "wrong" not in {line[outcome] for line in body if line[answer] == ""}
    assert {line[outcome] for line in body if line[answer] != ""} <= {"correct", "partial", "wrong"}


def test_the_status_counts_attempts_in_plain_words(app, classroom):
    code, assignment_id = classroom
    update_assignment(app, assignment_id, attempts_allowed=2)
    client = joined_client(app, code)
    _submit_some(app, client, assignment_id)
    home = soup(text_of(client.get("/")))
    assert "1 of 2 attempts used." in home.get_text()
    assert "best of 1" not in home.get_text()
    _submit_some(app, client, assignment_id)
    assert "Your best of 2 attempts (2 of 2 used)." in soup(text_of(client.get("/"))).get_text()


def test_a_grid_left_empty_shows_the_key_box_by_box_without_calling_boxes_right(app, classroom):
    code, _ = classroom
    assignment_id = add_assignment(
        app, code, bank_id="comparing-coverage", question_keys=["who-carries-which-quote"], title="Grid"
    )
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    post_answers(client, html, {}, action="submit")
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token_from(client)})
    result = soup(text_of(client.get(f"/attempts/{attempt_id}/results"))).select_one("section.result")
    assert result.find(class_="outcome").get_text(" ", strip=True) == "○ Not answered"
    assert result.select_one(".grid-tally") is None  # not "3 of 8 boxes right" for a grid nobody ticked
    cells = {" ".join(td.get_text(" ", strip=True).split()) for td in result.select("table.grid-result td")}
    assert {cell.rsplit(": ", 1)[1] for cell in cells} == {
        "☐ Not ticked this report carries it",
        "☐ Not ticked this report does not carry it",
    }
    assert not result.select("td.cell-right, td.cell-wrong")


def test_a_results_page_reads_no_question_content_once_the_questions_are_parsed(app, classroom):
    """A class opens its results at one moment: each page reads 4 statements, and no question's JSON
    (a version's question is parsed once per process), yet shows every question and its outcome."""
    code, assignment_id = classroom
    client = joined_client(app, code)
    attempt_id, items, _ = _submit_some(app, client, assignment_id)
    client.get(f"/attempts/{attempt_id}/results")  # the questions are parsed by now (the submit scored them)
    with sent_statements(app) as sent:
        page = soup(text_of(client.get(f"/attempts/{attempt_id}/results")))
    assert len(sent) == 4
    assert not any("question_version.data" in s.statement for s in sent)
    assert len(page.select("ul.result-index li")) == len(items)
    assert page.select("ul.result-index li")[0].find(class_="summary-outcome").get_text(" ", strip=True) == "✓ Correct"


def test_a_results_page_looks_at_the_seeds_folder_once(app, classroom, monkeypatch):
    """Each question's sources ask for the articles; the folder is checked for changes once a request,
    not once a question, and the page still cites every source."""
    code, assignment_id = classroom
    client = joined_client(app, code)
    attempt_id, _, _ = _submit_some(app, client, assignment_id)
    seeds = str(app.config["QUIZAPP_SEEDS"])
    scans = []
    real_scandir = corpus_cache.os.scandir

    def counting_scandir(path):
        if str(path) == seeds:
            scans.append(path)
        return real_scandir(path)

    monkeypatch.setattr(corpus_cache.os, "scandir", counting_scandir)
    page = soup(text_of(client.get(f"/attempts/{attempt_id}/results")))
    assert len(scans) == 1
    assert len(page.select("figure.excerpt")) > 1
