"""No answer key reaches a student before their attempt is finished, in JSON either: autosave's
answers, the 409 after a submit, and the pages a student sees after saving (right or wrong), for a
question of every type the bank format knows."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.corpus import normalise
from quizapp.db import db
from quizapp.models import QuestionVersion
from quizapp.questions import KINDS
from tests.web.test_student_leaks import _haystack, _may_be_shown
from tests.web.test_student_support import (
    add_assignment,
    attempt_id_of,
    joined_client,
    post_answers,
    questions_of,
    right_answer_fields,
    soup,
    start,
    wrong_answer_fields,
)

ISO_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def _one_question_of_each_type(app) -> dict[str, tuple[str, str]]:
    with app.app_context():
        found: dict[str, tuple[str, str]] = {}
        for version in db.session.scalars(
            select(QuestionVersion).where(QuestionVersion.is_current.is_(True)).order_by(QuestionVersion.id)
        ):
            found.setdefault(version.type, (version.bank_id, version.question_key))
    return found


def _secrets(app, question) -> list[str]:
    """What would give the answer away, leaving out words every student sees in the prompt or options.

    (The keys of choice, multi and source questions are among the options every student is shown.)
    """
    shown = _may_be_shown(app, question)
    secrets = [source.quote for source in question.sources]
    if question.type == "short":
        secrets += list(question.answers)
    if question.type == "evidence":
        secrets.append(question.answer)
    secrets = [s for s in secrets if normalise(s) not in shown]
    if question.explanation:
        secrets.append(question.explanation)
    return secrets


def _answer_fields(app, response_id, question, right: bool) -> dict:
    make = right_answer_fields if right else wrong_answer_fields
    try:
        return make(app, response_id, question)
    except AssertionError:
        return {}  # a type the helpers do not know yet: the page's own (empty) form is still posted


def test_every_question_type_is_checked(app):
    """A new question type needs a question in a bundled bank, so that the tests below check it."""
    missing = set(KINDS) - set(_one_question_of_each_type(app))
    assert not missing, f"no bundled question of type {sorted(missing)}: add one, so that its leaks are checked"


def test_autosave_and_the_pages_after_it_give_no_answer_away(app, classroom):
    code, _ = classroom
    client = joined_client(app, code)
    for n, (kind, (bank_id, key)) in enumerate(sorted(_one_question_of_each_type(app).items())):
        assignment_id = add_assignment(app, code, bank_id=bank_id, question_keys=[key], title=f"Type {kind}")
        html = start(client, assignment_id)
        attempt_id = attempt_id_of(html)
        [(response_id, question)] = questions_of(app, attempt_id)
        secrets = _secrets(app, question)
        assert secrets, f"nothing to look for in the {kind} question {key}"
        replies = []
        for right in (False, True):
            fields = _answer_fields(app, response_id, question, right)
            typed = " ".join(normalise(str(v)) for value in fields.values() for v in (
                value if isinstance(value, list) else [value]
            ))
            saved = post_answers(client, html, fields, json=True)
            assert saved.status_code == 200, (kind, saved.get_data(as_text=True))
            assert saved.mimetype == "application/json"
            reply = saved.get_json()
            # Only when it was saved: nothing about right, wrong, points or the key.
            assert set(reply) == {"saved_at", "saved_text"}, (kind, reply)
            assert ISO_MOMENT.match(reply["saved_at"]), reply
            body = normalise(saved.get_data(as_text=True))
            assert not [s for s in secrets if normalise(s) in body], (kind, body)
            replies.append(reply)
            for url in (f"/assignments/{assignment_id}", f"/attempts/{attempt_id}/submit"):
                page = client.get(url)
                assert page.status_code == 200, url
                everything = _haystack(soup(page.get_data(as_text=True)))
                # The student's own typed answer is on their page, naturally; nothing beyond it.
                leaked = [s for s in secrets if normalise(s) in everything and normalise(s) not in typed]
                assert not leaked, (kind, right, url, leaked)
            results = client.get(f"/attempts/{attempt_id}/results")
            assert results.status_code == 302, "results of an unfinished attempt were shown"
        assert replies[0].keys() == replies[1].keys()
        # After the submit a late save is refused, and the refusal carries no key either.
        submitted = post_answers(client, html, {}, action="submit", confirm="yes")
        assert submitted.status_code == 302
        late = post_answers(client, html, _answer_fields(app, response_id, question, True), json=True)
        assert late.status_code == 409
        assert set(late.get_json()) == {"error", "results_url"}, late.get_json()
        assert not [s for s in secrets if normalise(s) in normalise(late.get_data(as_text=True))]
        assert n < len(KINDS) + 5
