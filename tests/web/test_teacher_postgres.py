"""The teacher's results, regrades and roster changes on PostgreSQL, where one is reachable.

The aggregate queries (counts per class, the roster's last activity, the responses as JSON text)
are written once for both databases; this runs them on PostgreSQL, in a schema of its own.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Assignment, Attempt, Student
from tests.web.conftest import add_teacher, postgres_app
from tests.web.teacher_helpers import BANK, known_class, logged_in, parse_csv, post, store_text


@pytest.fixture
def pg():
    with postgres_app("quizapp_teacher") as (app, _schema):
        yield app


def test_results_pages_regrade_and_merge_on_postgres(pg):
    with pg.app_context():
        teacher_id = add_teacher()
    ids = known_class(pg, teacher_id)
    client = logged_in(pg)
    base = f"/teacher/assignments/{ids['assignment']}"
    for url in ("/teacher/", f"/teacher/classes/{ids['classroom']}", base, f"{base}/gradebook?sort=total&dir=desc",
                f"{base}/analysis", f"{base}/skills", f"/teacher/attempts/{ids['attempt:Dee']}"):
        assert client.get(url).status_code == 200, url
    analysis = " ".join(re.sub(r"<[^>]+>", " ", client.get(f"{base}/analysis").get_data(as_text=True)).split())
    assert "17106 2 40 % wrong" in analysis and "Alexandria Ocasio-Cortez 1 20 % wrong" in analysis
    rows = parse_csv(client.get(f"{base}/responses.csv").data)
    assert [row[4] for row in rows if row[0] == "Dee"] == ["Alexandria Ocasio-Cortez", "17,106", "AOC", "True"]
    with pg.app_context():
        store_text(pg, BANK.replace("answer: Kamala Harris", "answer: Alexandria Ocasio-Cortez"), teacher_id)
    assert "Changed questions" in client.get(base).get_data(as_text=True)
    assert post(client, f"{base}/regrade/who", {"policy": "new"}).status_code == 302
    with pg.app_context():
        assert db.session.get(Attempt, ids["attempt:Ana"]).earned == 2.0
        assert db.session.get(Attempt, ids["attempt:Dee"]).earned == 2.0
    assert "Decided on" in client.get(base).get_data(as_text=True)
    merge = {"other": str(ids["Ben"]), "choosing": "yes", "keep": [str(ids["attempt:Ana"]), str(ids["attempt:Ben"])]}
    with pg.app_context():
        db.session.get(Assignment, ids["assignment"]).attempts_allowed = 2
        db.session.commit()
    assert post(client, f"/teacher/students/{ids['Ana']}/merge", merge).status_code == 302
    with pg.app_context():
        assert db.session.get(Student, ids["Ben"]) is None
        numbers = db.session.scalars(
            select(Attempt.number).where(Attempt.student_id == ids["Ana"]).order_by(Attempt.number)
        ).all()
        assert numbers == [1, 2]
