"""A class's exam on PostgreSQL, where one is reachable: saves, the submit's scores and the results page.

The submit writes its totals in its claim of the attempt and each response's score in the flush;
both must store what the scoring engine gave each response.
"""

from __future__ import annotations

import pytest

from quizapp.db import db
from quizapp.models import Assignment, Classroom
from tests.web.conftest import add_teacher, postgres_app
from tests.web.test_student_support import (
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
)


@pytest.fixture
def pg_class():
    with postgres_app("quizapp_student") as (app, _schema):
        with app.app_context():
            room = Classroom(teacher_id=add_teacher(), name="Period 3 Civics")
            assignment = Assignment(classroom=room, bank_id="harris-trip-2021", title="Do not come")
            db.session.add_all([room, assignment])
            db.session.commit()
            yield app, room.join_code, assignment.id


def test_a_submit_on_postgres_stores_each_score_and_the_totals(pg_class):
    app, code, assignment_id = pg_class
    client = joined_client(app, code)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    items = questions_of(app, attempt_id)
    right = {}
    for response_id, question in items[:3]:
        right.update(right_answer_fields(app, response_id, question))
    assert post_answers(client, html, right, json=True).status_code == 200
    with sent_statements(app) as sent:
        # The form as the browser sends it: the answers saved, nothing changed since.
        submitted = post_answers(client, html, right, action="submit", confirm="yes")
    assert submitted.headers["Location"] == f"/attempts/{attempt_id}/results"
    # The totals in the claim, every response's score in one batch (no answer changed).
    assert [(s.head, s.batch) for s in sent if s.head.startswith("UPDATE")] == [
        ("UPDATE attempt", False), ("UPDATE response", True)
    ]

    stored = stored_attempt(app, attempt_id)
    scores = [(r["earned"], r["possible"], r["outcome"]) for r in stored["responses"]]
    assert [outcome for _, _, outcome in scores[:3]] == ["correct"] * 3
    assert all(outcome in ("wrong", "pending") for _, _, outcome in scores[3:])
    assert stored["earned"] == sum(earned or 0.0 for earned, _, _ in scores) > 0
    assert stored["possible"] == sum(possible for _, possible, _ in scores)
    assert stored["submitted_at"] is not None
    page = soup(text_of(client.get(f"/attempts/{attempt_id}/results")))
    entries = page.select("ul.result-index li")
    assert len(entries) == len(items)
    assert entries[0].find(class_="summary-outcome").get_text(" ", strip=True) == "✓ Correct"
    # A second press submits nothing again and changes no score.
    assert post_answers(client, html, right, action="submit", confirm="yes").status_code == 302
    assert stored_attempt(app, attempt_id) == stored
