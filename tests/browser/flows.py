"""Steps the browser flows share: joining a class, answering from the key, waiting for autosave.

The key is read from the database (the question versions an attempt was given), never from the
page: the page must not carry it. Questions are found the way a student finds them, by their
prompt (a fieldset's legend), and answered through their labels.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from quizapp.banks.model import Question
from quizapp.corpus import Corpus
from quizapp.db import db
from quizapp.models import Assignment, Attempt, Classroom, Response, ShowAnswers, Student
from quizapp.scoring import score_response
from tests.browser.conftest import no_horizontal_scroll
from tests.web.conftest import add_teacher

PHONE = {"width": 390, "height": 844}
NARROW_PHONE = {"width": 360, "height": 740}
ALL_TYPES = {"choice", "multi", "truefalse", "short", "numeric", "match", "source", "evidence"}

# Autosave is done when the status says so and no unsaved copy is left in localStorage: the script
# keeps a copy of each changed answer until a save covering it has been acknowledged.
_SAVED = """() => {
  const form = document.querySelector("form[data-autosave]");
  const status = document.getElementById("save-status");
  const prefix = "quizapp-unsaved:" + form.getAttribute("action") + ":";
  return !Object.keys(localStorage).some((key) => key.startsWith(prefix)) && status.dataset.state === "saved";
}"""


# --------------------------------------------------------------------------------------------------
# The database side: setting a quiz, reading an attempt and its key
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quiz:
    """An assignment set for a class, as a student needs it: the class code and the title."""

    code: str
    assignment_id: int
    title: str


def set_quiz(app, bank_id: str, keys: list[str], title: str, class_name: str = "Period 3 Civics") -> Quiz:
    """A teacher, a class and an assignment of ``keys`` from ``bank_id`` (shuffled, answers shown at once)."""
    with app.app_context():
        teacher_id = add_teacher()
        room = Classroom(teacher_id=teacher_id, name=class_name)
        assignment = Assignment(
            classroom=room,
            bank_id=bank_id,
            title=title,
            question_keys=keys,
            shuffle=True,
            show_answers=ShowAnswers.IMMEDIATELY,
        )
        db.session.add_all([room, assignment])
        db.session.commit()
        return Quiz(room.join_code, assignment.id, title)


@dataclass(frozen=True)
class Item:
    """One question of an attempt, in the order the page shows it."""

    response_id: int
    question: Question

    @property
    def points(self) -> float:
        return self.question.points


def attempts_of(app, assignment_id: int, name: str) -> list[Attempt]:
    """The named student's attempts at the assignment (detached: read their columns only)."""
    with app.app_context():
        attempts = list(
            db.session.scalars(
                select(Attempt)
                .join(Student, Student.id == Attempt.student_id)
                .where(Attempt.assignment_id == assignment_id, Student.name == name)
                .order_by(Attempt.number)
            )
        )
        db.session.expunge_all()
        return attempts


def attempt_items(app, assignment_id: int, name: str) -> list[Item]:
    """The questions of the named student's latest attempt, in page order, with their keys."""
    with app.app_context():
        attempt = db.session.scalar(
            select(Attempt)
            .join(Student, Student.id == Attempt.student_id)
            .where(Attempt.assignment_id == assignment_id, Student.name == name)
            .order_by(Attempt.number.desc())
        )
        assert attempt is not None, f"{name} has no attempt"
        return [Item(r.id, r.question_version.question) for r in attempt.responses]


def stored_answer(app, item: Item):
    """The answer the database holds for the item's response."""
    with app.app_context():
        return db.session.get(Response, item.response_id).answer


def stored_earns(app, item: Item) -> float:
    """What the stored answer would score: a check that the answer on the page reached the database."""
    return score_response(item.question, stored_answer(app, item)).earned


# --------------------------------------------------------------------------------------------------
# What to answer: the key (or a wrong answer) as a student would enter it
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """How to enter an answer: a radio label, checkbox labels, typed text or a select per row."""

    radio: str | None = None
    offered: tuple[str, ...] = ()  # every checkbox label, for set_checked
    checks: frozenset[str] = frozenset()
    text: str | None = None
    selects: dict[str, str] = field(default_factory=dict)


def plan(question: Question, corpus: Corpus, right: bool = True) -> Plan:
    """The right answer from the key, or an answer that earns nothing."""
    kind = question.type
    if kind == "choice":
        wrong = next(c for c in question.choices if c != question.answer)
        return Plan(radio=question.answer if right else wrong)
    if kind == "truefalse":
        return Plan(radio="True" if question.answer == right else "False")
    if kind in ("multi", "source"):
        label = (lambda c: c) if kind == "multi" else (lambda c: corpus[c].label)
        picks = set(question.answers) if right else {next(c for c in question.choices if c not in question.answers)}
        return Plan(offered=tuple(label(c) for c in question.choices), checks=frozenset(label(c) for c in picks))
    if kind == "short":
        return Plan(text=question.answers[0] if right else "I do not know")
    if kind == "numeric":
        return Plan(text=f"{question.answer:g}" if right else f"{question.answer + 1000:g}")
    if kind == "match":
        lefts = [left for left, _ in question.pairs]
        rights = [right_ for _, right_ in question.pairs]
        if not right:  # every left gets the next one's right (the rights of the shipped banks are distinct)
            rights = rights[1:] + rights[:1]
        return Plan(selects=dict(zip(lefts, rights, strict=True)))
    if kind == "evidence":
        article = corpus[question.article]
        sentence = next(s for s in article.sentences if s.overlaps(question.answer_span) == right)
        return Plan(radio=article.slice(sentence))
    if kind == "judge":  # the confidence select's option values are the bare numbers (not for expect_given)
        verdict = "Distorted" if question.distorted == right else "Accurate"
        return Plan(radio=verdict, selects={"How sure are you? (optional)": "90 %"})
    raise AssertionError(f"unknown question type {kind}")


def question_group(page: Page, question: Question) -> Locator:
    """The question's fieldset, found by its prompt (the legend names the group)."""
    return page.get_by_role("group", name=question.prompt)


def give(page: Page, item: Item, corpus: Corpus, right: bool = True) -> None:
    """Answer the question on the page by clicking, typing and choosing, as a student does."""
    group = question_group(page, item.question)
    wanted = plan(item.question, corpus, right)
    if wanted.radio is not None:
        group.get_by_label(wanted.radio, exact=True).check()
    for label in wanted.offered:
        group.get_by_label(label, exact=True).set_checked(label in wanted.checks)
    if wanted.text is not None:
        group.get_by_label("Your answer").fill(wanted.text)
    for left, right_ in wanted.selects.items():
        group.get_by_label(left, exact=True).select_option(label=right_)


def expect_given(page: Page, item: Item, corpus: Corpus, right: bool = True) -> None:
    """The page shows the answer :func:`give` entered (checked, filled, chosen)."""
    group = question_group(page, item.question)
    wanted = plan(item.question, corpus, right)
    if wanted.radio is not None:
        expect(group.get_by_label(wanted.radio, exact=True)).to_be_checked()
    for label in wanted.offered:
        expect(group.get_by_label(label, exact=True)).to_be_checked(checked=label in wanted.checks)
    if wanted.text is not None:
        expect(group.get_by_label("Your answer")).to_have_value(wanted.text)
    for left, right_ in wanted.selects.items():
        expect(group.get_by_label(left, exact=True)).to_have_value(right_)  # option values are the texts


def expect_blank(page: Page, item: Item) -> None:
    """Nothing is entered for the question yet."""
    group = question_group(page, item.question)
    expect(group.locator("input:checked")).to_have_count(0)
    for text in group.locator("input[type=text]").all():
        expect(text).to_have_value("")
    for choose in group.locator("select").all():
        expect(choose).to_have_value("")


# --------------------------------------------------------------------------------------------------
# The browser side: joining, starting, saving
# --------------------------------------------------------------------------------------------------


def join(page: Page, base_url: str, code: str, name: str) -> None:
    """Open /join, type the code and the name into their labelled fields, press Join."""
    page.goto(f"{base_url}/join")
    page.get_by_label("Class code").fill(code)
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("heading", name="Your classes", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"Welcome, {name}!")


def start(page: Page, title: str) -> None:
    """From the student's classes, open the assignment and press Start."""
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible()
    # autosave.js (which puts back answers kept on the device) has run before the student's first click.
    page.wait_for_load_state("load")


def save_status(page: Page) -> Locator:
    return page.locator("#save-status")


def wait_until_saved(page: Page) -> None:
    """Wait until autosave has saved every change (the status says "Saved at ...")."""
    expect(save_status(page)).to_have_text(re.compile(r"^Saved at "))
    page.wait_for_function(_SAVED)


def fits(page: Page) -> bool:
    """No sideways scrolling on the phone of the fixture and on a narrower 360 px one."""
    size = page.viewport_size or PHONE
    try:
        if not no_horizontal_scroll(page):
            return False
        page.set_viewport_size(NARROW_PHONE)
        return no_horizontal_scroll(page)
    finally:
        page.set_viewport_size(size)


def normalised(text: str) -> str:
    """Whitespace collapsed, as a reader sees text."""
    return " ".join(text.split())


class HeldResponses:
    """WSGI middleware: while ``holding``, a POST to a path matching ``pattern`` is handled at once (the
    database changes) but its response waits until :meth:`release`, like a slow network on the way back.

    Lets a test click Submit again while the first submission is still on its way, so that both
    requests really reach the server.
    """

    def __init__(self, wsgi_app, pattern: str):
        self.wsgi_app = wsgi_app
        self.pattern = re.compile(pattern)
        self.holding = False
        self.handled: list[str] = []
        self._handled = threading.Semaphore(0)
        self._released = threading.Event()
        self._waited = 0

    def __call__(self, environ, start_response):
        if not (self.holding and environ["REQUEST_METHOD"] == "POST" and self.pattern.search(environ["PATH_INFO"])):
            return self.wsgi_app(environ, start_response)
        statuses = []

        def remember(status, headers, exc_info=None):
            statuses.append(status)
            return start_response(status, headers, exc_info)

        response = self.wsgi_app(environ, remember)
        try:
            body = b"".join(response)  # Werkzeug sends the headers with the body, so nothing has left yet
        finally:
            if hasattr(response, "close"):
                response.close()
        self.handled.append(statuses[0])
        self._handled.release()
        self._released.wait(timeout=30)
        return [body]

    def wait_for_handled(self, count: int, timeout: float = 10) -> None:
        """Block until ``count`` held requests in all have been handled by the app."""
        while self._waited < count:
            assert self._handled.acquire(timeout=timeout), f"fewer than {count} requests reached the server"
            self._waited += 1

    def release(self) -> None:
        self.holding = False
        self._released.set()
