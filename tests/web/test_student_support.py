"""Helpers the student web tests share (joining, starting, reading the quiz form, right answers),
and tests of the small pure pieces they rest on: number and point formatting, names, codes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, NamedTuple

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import event, select

from quizapp.banks.model import Question
from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Assignment, Attempt, Classroom, Response, Student
from quizapp.names import name_key
from quizapp.questions import (
    ChoiceQuestion,
    EvidenceQuestion,
    GridQuestion,
    JudgeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    ShortQuestion,
    SourceQuestion,
    TrueFalseQuestion,
    WrittenQuestion,
)
from quizapp.student.formatting import format_number, format_points, iso_moment
from quizapp.student.identity import JoinError, clean_name, normalise_join_code
from tests.web.conftest import csrf_token

# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def soup(html: str) -> BeautifulSoup:
    """Parse a page."""
    return BeautifulSoup(html, "html.parser")


def text_of(response) -> str:
    """A response's body as text."""
    return response.get_data(as_text=True)


def join(
    client, code: str, name: str, pin: str | None = None, follow: bool = False, student_code: str | None = None
):
    """Post the join form as a student would, with a fresh CSRF token."""
    page = client.get("/join")
    data = {"code": code, "name": name, "csrf_token": csrf_token(text_of(page))}
    if pin is not None:
        data["pin"] = pin
    if student_code is not None:
        data["student_code"] = student_code
    return client.post("/join", data=data, follow_redirects=follow)


def joined_client(app, code: str, name: str = "Ana Diaz"):
    """A new browser (its own cookies) that has joined the class as ``name``."""
    client = app.test_client()
    response = join(client, code, name)
    assert response.status_code == 302, text_of(response)
    return client


def token_from(client) -> str:
    """A CSRF token for this client's session."""
    return csrf_token(text_of(client.get("/join")))


def start(client, assignment_id: int) -> str:
    """Press Start and return the quiz page's HTML."""
    response = client.post(f"/assignments/{assignment_id}/start", data={"csrf_token": token_from(client)})
    assert response.status_code == 302
    page = client.get(f"/assignments/{assignment_id}")
    assert page.status_code == 200
    return text_of(page)


def form_action(html: str) -> str:
    """Where the quiz form posts."""
    form = soup(html).find("form", attrs={"data-autosave": True})
    assert form is not None, "no quiz form on the page"
    return form["action"]


def attempt_id_of(html: str) -> int:
    """The attempt a quiz page's form saves to."""
    return int(re.search(r"/attempts/(\d+)/answers", form_action(html)).group(1))


def shown_ids(html: str) -> list[str]:
    """The response ids of the questions on a quiz page."""
    return [field["value"] for field in soup(html).find_all("input", attrs={"name": "shown"})]


def add_assignment(app, join_code: str, bank_id: str = "harris-trip-2021", **settings) -> int:
    """Another assignment for the class with ``join_code``; returns its id."""
    with app.app_context():
        room = db.session.scalar(select(Classroom).where(Classroom.join_code == join_code))
        assignment = Assignment(classroom=room, bank_id=bank_id, title=settings.pop("title", "Practice"), **settings)
        db.session.add(assignment)
        db.session.commit()
        return assignment.id


def update_assignment(app, assignment_id: int, **settings) -> None:
    """Change an assignment's rules as the teacher would."""
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        for name, value in settings.items():
            setattr(assignment, name, value)
        db.session.commit()


def questions_of(app, attempt_id: int) -> list[tuple[int, Question]]:
    """(response id, question) for each response of an attempt, in the attempt's order."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        return [(r.id, r.question_version.question) for r in attempt.responses]


def stored_attempt(app, attempt_id: int) -> dict[str, Any]:
    """An attempt's stored state, read fresh from the database."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        return {
            "submitted_at": attempt.submitted_at,
            "earned": attempt.earned,
            "possible": attempt.possible,
            "deadline": attempt.deadline,
            "responses": [
                {
                    "id": r.id,
                    "key": r.question_version.question_key,
                    "type": r.question_version.type,
                    "answer": r.answer,
                    "earned": r.earned,
                    "possible": r.possible,
                    "outcome": r.outcome,
                }
                for r in attempt.responses
            ],
        }


def count(app, model) -> int:
    """How many rows ``model`` has."""
    with app.app_context():
        return len(db.session.scalars(select(model)).all())


def right_answer_fields(app, response_id: int, question: Question) -> dict[str, Any]:
    """The form fields that answer ``question`` correctly, as a student's browser would send them."""
    name = f"q-{response_id}"
    if isinstance(question, ChoiceQuestion):
        return {name: question.answer}
    if isinstance(question, MultiQuestion | SourceQuestion):
        return {name: sorted(question.answers)}
    if isinstance(question, TrueFalseQuestion):
        return {name: "true" if question.answer else "false"}
    if isinstance(question, ShortQuestion):
        return {name: question.answers[0]}
    if isinstance(question, NumericQuestion):
        return {name: f"{question.answer:g}"}
    if isinstance(question, MatchQuestion):
        return {f"{name}-{index}": right for index, (_, right) in enumerate(question.pairs)}
    if isinstance(question, EvidenceQuestion):
        article = corpus_of(app)[question.article]
        sentence = next(s for s in article.sentences if s.overlaps(question.answer_span))
        return {name: f"{sentence.start}-{sentence.end}"}
    if isinstance(question, GridQuestion):
        return {f"{name}-{index}": list(question.carriers(claim)) for index, claim in enumerate(question.claims)}
    if isinstance(question, WrittenQuestion):  # no key: the top level's exemplar, which the teacher marks
        return {name: (question.rubric[0].exemplars or (question.rubric[0].descriptor,))[0]}
    if isinstance(question, JudgeQuestion):
        return {name: "distorted" if question.distorted else "accurate", f"{name}-0": "90"}
    raise AssertionError(f"no right answer for {question.type}")


def wrong_answer_fields(app, response_id: int, question: Question) -> dict[str, Any]:
    """Form fields that answer ``question`` wrongly (but validly: every value is one that was offered)."""
    name = f"q-{response_id}"
    if isinstance(question, ChoiceQuestion):
        return {name: next(c for c in question.choices if c != question.answer)}
    if isinstance(question, MultiQuestion | SourceQuestion):
        return {name: [next(c for c in question.choices if c not in question.answers)]}
    if isinstance(question, TrueFalseQuestion):
        return {name: "false" if question.answer else "true"}
    if isinstance(question, ShortQuestion):
        return {name: "certainly not this"}
    if isinstance(question, NumericQuestion):
        return {name: f"{question.answer + 1000:g}"}
    if isinstance(question, MatchQuestion):
        rights = question.rights
        return {
            f"{name}-{index}": next(r for r in rights if r != right) for index, (_, right) in enumerate(question.pairs)
        }
    if isinstance(question, EvidenceQuestion):
        article = corpus_of(app)[question.article]
        sentence = next(s for s in article.sentences if not s.overlaps(question.answer_span))
        return {name: f"{sentence.start}-{sentence.end}"}
    if isinstance(question, GridQuestion):  # every box the key leaves empty, and none it ticks
        return {
            f"{name}-{index}": [a for a in question.articles if a not in question.carriers(claim)]
            for index, claim in enumerate(question.claims)
        }
    if isinstance(question, WrittenQuestion):
        return {name: "I do not know."}
    if isinstance(question, JudgeQuestion):
        return {name: "accurate" if question.distorted else "distorted", f"{name}-0": "60"}
    raise AssertionError(f"no wrong answer for {question.type}")


def post_answers(client, html: str, fields: dict[str, Any], action: str | None = None, json: bool = False, **extra):
    """Post the quiz form with ``fields`` as the student's answers (plus the page's hidden fields)."""
    data: dict[str, Any] = {"csrf_token": csrf_token(html), "shown": shown_ids(html), **fields, **extra}
    page_field = soup(html).find("input", attrs={"name": "page"})
    if page_field is not None:
        data.setdefault("page", page_field["value"])
    if action:
        data["action"] = action
    headers = {"Accept": "application/json"} if json else {}
    return client.post(form_action(html), data=data, headers=headers)


def all_right(app, html: str) -> dict[str, Any]:
    """Right answers to every question of the attempt a quiz page shows."""
    fields: dict[str, Any] = {}
    for response_id, question in questions_of(app, attempt_id_of(html)):
        fields.update(right_answer_fields(app, response_id, question))
    return fields


def student_ids(app) -> list[int]:
    """Every student's id."""
    with app.app_context():
        return list(db.session.scalars(select(Student.id).order_by(Student.id)))


def response_ids_of(app, attempt_id: int) -> list[int]:
    """The response ids of an attempt."""
    with app.app_context():
        return list(db.session.scalars(select(Response.id).where(Response.attempt_id == attempt_id)))


# --------------------------------------------------------------------------------------------------
# Tests of the small pure pieces
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [(2.0, "2"), (2, "2"), (0.5, "0.5"), (2 / 3, "0.67"), (21.0, "21"), (1.25, "1.25"), (None, "0"), (100.0, "100")],
)
def test_numbers_read_without_needless_decimals(value, shown):
    assert format_number(value) == shown


def test_points_read_n_out_of_m_points():
    assert format_points(12.0, 21.0) == "12 / 21 points"
    assert format_points(0.5, 2) == "0.5 / 2 points"
    assert format_points(1.0, 1.0) == "1 / 1 point"


def test_timestamps_are_utc_even_when_the_database_forgot_the_zone():
    assert iso_moment(datetime(2021, 6, 8, 14, 5)) == "2021-06-08T14:05:00+00:00"
    assert iso_moment(datetime(2021, 6, 8, 14, 5, tzinfo=UTC)) == "2021-06-08T14:05:00+00:00"


def test_join_codes_ignore_case_spaces_and_hyphens():
    assert normalise_join_code(" k7q x3m ") == "K7QX3M"
    assert normalise_join_code("k7q-x3m") == "K7QX3M"


def test_names_are_trimmed_and_recognised_without_case_or_extra_spaces():
    assert clean_name("  Ana   Díaz ") == "Ana Díaz"
    assert name_key("Ana   DÍAZ") == name_key("ana díaz")


@pytest.mark.parametrize("name", ["", "   ", "a" * 81, "Ana\x00", "Ana\x1b[31m", "Ana\u202eziaD", "Ana\nDiaz"])
def test_unusable_names_are_refused(name):
    with pytest.raises(JoinError):
        clean_name(name)


class Sent(NamedTuple):
    """One SQL statement sent to the database, and whether it went as a batch (executemany)."""

    statement: str
    batch: bool

    @property
    def head(self) -> str:
        """Its first two words: ``SELECT attempt.id,``, ``UPDATE response``."""
        return " ".join(self.statement.split()[:2])


@contextmanager
def sent_statements(app) -> Iterator[list[Sent]]:
    """The SQL statements the app's database is sent while the block runs, in order."""
    with app.app_context():
        engine = db.engine
    sent: list[Sent] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ARG001
        sent.append(Sent(statement, executemany))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)
