"""Regrading a changed question: the pure scoring rule, the dry run and applying each policy."""

from __future__ import annotations

import dataclasses
import re

import pytest
from sqlalchemy import select

from quizapp.db import db
from quizapp.models import Attempt, RegradeDecision, Response
from quizapp.questions import ChoiceQuestion
from quizapp.scoring import Score, score_response
from quizapp.teacher.regrade import regrade_score
from tests.web.teacher_helpers import (
    BANK,
    add_assignment,
    add_attempt,
    add_classroom,
    add_student,
    logged_in,
    post,
    store_text,
)

OLD = ChoiceQuestion(id="who", prompt="Who?", choices=("A", "B", "C"), answer="A")
NEW = dataclasses.replace(OLD, answer="B")


def _stored(question, answer) -> Score:
    return score_response(question, answer)


@pytest.mark.parametrize(
    ("policy", "answer", "earned"),
    [
        ("full", "A", 1.0), ("full", "B", 1.0), ("full", "C", 1.0), ("full", None, 1.0),
        ("both", "A", 1.0), ("both", "B", 1.0), ("both", "C", 0.0), ("both", None, 0.0),
        ("new", "A", 0.0), ("new", "B", 1.0), ("new", "C", 0.0),
        ("none", "A", 1.0), ("none", "B", 0.0), ("none", "C", 0.0),
    ],
)
def test_regrade_score(policy, answer, earned):
    score = regrade_score(OLD, NEW, answer, policy, _stored(OLD, answer))
    assert score.earned == earned and score.possible == 1.0
    assert score.outcome == ("correct" if earned else "wrong")


def test_regrade_uses_the_new_points():
    new = dataclasses.replace(NEW, points=2.0)
    assert regrade_score(OLD, new, "A", "both", _stored(OLD, "A")) == Score(2.0, 2.0, "correct")
    assert regrade_score(OLD, new, "C", "full", _stored(OLD, "C")) == Score(2.0, 2.0, "correct")
    assert regrade_score(OLD, new, "A", "new", _stored(OLD, "A")) == Score(0.0, 2.0, "wrong")
    assert regrade_score(OLD, new, "A", "none", _stored(OLD, "A")) == Score(1.0, 1.0, "correct")


def test_regrade_refuses_an_unknown_policy():
    with pytest.raises(ValueError, match="unknown regrade policy"):
        regrade_score(OLD, NEW, "A", "half", _stored(OLD, "A"))


@pytest.fixture
def changed(app, teacher_id):
    """Three students answered "who" (key: Kamala Harris); then the bank's key became Ocasio-Cortez.

    Ana answered the old key, Ben the new one, Cy nothing; everyone got "tweet" right (1 point).
    """
    with app.app_context():
        store_text(app, BANK, teacher_id)
        room = add_classroom(teacher_id)
        assignment = add_assignment(room, "class-check")
        ids = {"assignment": assignment}
        for name, who in (("Ana", "Kamala Harris"), ("Ben", "Alexandria Ocasio-Cortez"), ("Cy", None)):
            student = add_student(room, name)
            ids[name] = add_attempt(assignment, student, {"who": who, "tweet": "AOC"})
        store_text(app, BANK.replace("answer: Kamala Harris", "answer: Alexandria Ocasio-Cortez"), teacher_id)
    return ids


def _totals(app, ids) -> dict[str, tuple[float, float]]:
    with app.app_context():
        attempts = {name: db.session.get(Attempt, ids[name]) for name in ("Ana", "Ben", "Cy")}
        return {name: (a.earned, a.possible) for name, a in attempts.items()}


def _who(app, ids) -> dict[str, tuple[float, str]]:
    with app.app_context():
        out = {}
        for name in ("Ana", "Ben", "Cy"):
            response = db.session.scalar(
                select(Response).where(Response.attempt_id == ids[name]).order_by(Response.position)
            )
            out[name] = (response.earned, response.outcome)
        return out


def test_the_assignment_offers_a_regrade(app, changed):
    client = logged_in(app)
    html = client.get(f"/teacher/assignments/{changed['assignment']}").get_data(as_text=True)
    assert "Changed questions" in html and "3 answers on an earlier version" in html
    assert f"/teacher/assignments/{changed['assignment']}/regrade/who" in html


def test_no_regrade_offered_without_changes(app, teacher_id):
    with app.app_context():
        store_text(app, BANK, teacher_id)
        assignment = add_assignment(add_classroom(teacher_id), "class-check")
    client = logged_in(app)
    assert "Changed questions" not in client.get(f"/teacher/assignments/{assignment}").get_data(as_text=True)
    assert client.get(f"/teacher/assignments/{assignment}/regrade/who").status_code == 404


@pytest.mark.parametrize(
    ("policy", "who", "totals"),
    [
        ("full", {"Ana": (1.0, "correct"), "Ben": (1.0, "correct"), "Cy": (1.0, "correct")},
         {"Ana": 2.0, "Ben": 2.0, "Cy": 2.0}),
        ("both", {"Ana": (1.0, "correct"), "Ben": (1.0, "correct"), "Cy": (0.0, "wrong")},
         {"Ana": 2.0, "Ben": 2.0, "Cy": 1.0}),
        ("new", {"Ana": (0.0, "wrong"), "Ben": (1.0, "correct"), "Cy": (0.0, "wrong")},
         {"Ana": 1.0, "Ben": 2.0, "Cy": 1.0}),
        ("none", {"Ana": (1.0, "correct"), "Ben": (0.0, "wrong"), "Cy": (0.0, "wrong")},
         {"Ana": 2.0, "Ben": 1.0, "Cy": 1.0}),
    ],
)
def test_dry_run_then_apply(app, changed, policy, who, totals):
    before_who, before_totals = _who(app, changed), _totals(app, changed)
    assert before_totals == {"Ana": (2.0, 4.0), "Ben": (1.0, 4.0), "Cy": (1.0, 4.0)}
    client = logged_in(app)
    url = f"/teacher/assignments/{changed['assignment']}/regrade/who"
    choose = client.get(url)
    assert choose.status_code == 200 and "Earlier version" in choose.get_data(as_text=True)
    preview = client.get(f"{url}?policy={policy}")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Dry run: scores before and after the regrade" in html
    for name in ("Ana", "Ben", "Cy"):
        old, new = before_totals[name][0], totals[name]
        assert f'<th scope="row">{name}</th>' in html
        assert f"{old:g} / 4</td>\n                <td class=\"num\">{new:g} / 4</td>" in html
    # The dry run changed nothing.
    assert _who(app, changed) == before_who and _totals(app, changed) == before_totals
    applied = post(client, url, {"policy": policy})
    assert applied.status_code == 302
    assert _who(app, changed) == who
    assert _totals(app, changed) == {name: (total, 4.0) for name, total in totals.items()}
    with app.app_context():
        decision = db.session.scalar(select(RegradeDecision))
        assert (decision.question_key, decision.policy) == ("who", policy)
    page = client.get(f"/teacher/assignments/{changed['assignment']}").get_data(as_text=True)
    assert "Decided on" in page and "Regrade again" in page
    gradebook = client.get(f"/teacher/assignments/{changed['assignment']}/gradebook").get_data(as_text=True)
    assert f"{totals['Ben']:g} / 4" in gradebook
    attempt = client.get(f"/teacher/attempts/{changed['Ben']}").get_data(as_text=True)
    assert ("Regraded on" in attempt) == (policy != "none")


def _cells(html: str, row: str) -> list[str]:
    """The cells of the version table's row headed ``row``, as a reader sees them."""
    table = html.split('<table class="versions">', 1)[1].split("</table>", 1)[0]
    line = next(tr for tr in table.split("<tr>") if re.search(rf'<th scope="row">{row}\b', tr))
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", line, re.S)]


def test_the_earlier_and_the_new_version_stand_side_by_side(app, teacher_id):
    # The bank changed the prompt as well as the key: the teacher reads both prompts, not only the keys.
    with app.app_context():
        store_text(app, BANK, teacher_id)
        room = add_classroom(teacher_id)
        assignment = add_assignment(room, "class-check")
        add_attempt(assignment, add_student(room, "Ana"), {"who": "Kamala Harris"})
        edited = BANK.replace("answer: Kamala Harris", "answer: Alexandria Ocasio-Cortez").replace(
            'prompt: Who said "Do not come"?', 'prompt: Who criticised the words "Do not come"?'
        )
        store_text(app, edited, teacher_id)
    client = logged_in(app)
    html = client.get(f"/teacher/assignments/{assignment}/regrade/who").get_data(as_text=True)
    assert "<caption" in html and "Earlier version" in html and "New version" in html
    earlier, new = 'Who said &#34;Do not come&#34;?', 'Who criticised the words &#34;Do not come&#34;?'
    assert _cells(html, "Prompt") == [earlier, new]
    assert _cells(html, "Key") == ["Kamala Harris", "Alexandria Ocasio-Cortez"]
    assert _cells(html, "Points") == ["1", "1"]
    assert re.search(r'<th scope="row">Prompt <span class="meta">changed</span>', html)
    assert re.search(r'<th scope="row">Points <span class="meta">the same</span>', html)


def test_previewing_with_no_way_chosen_says_what_to_choose(app, changed):
    client = logged_in(app)
    url = f"/teacher/assignments/{changed['assignment']}/regrade/who"
    assert "Choose one of the four ways" not in client.get(url).get_data(as_text=True)  # not before asking
    # Without JavaScript the button sends only its own name when no radio button is ticked.
    html = client.get(f"{url}?preview=1").get_data(as_text=True)
    assert "Choose one of the four ways below, then preview the regrade." in html
    assert 'id="policy-error"' in html  # on the fieldset, which names it
    assert "Dry run" not in html


def test_apply_needs_csrf_and_a_known_policy(app, changed):
    client = logged_in(app)
    url = f"/teacher/assignments/{changed['assignment']}/regrade/who"
    assert client.post(url, data={"policy": "full"}).status_code == 400
    assert post(client, url, {"policy": "half"}).status_code == 302
    assert _totals(app, changed) == {"Ana": (2.0, 4.0), "Ben": (1.0, 4.0), "Cy": (1.0, 4.0)}
    with app.app_context():
        assert db.session.scalar(select(RegradeDecision)) is None
