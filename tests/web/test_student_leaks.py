"""No answer key reaches the browser before submitting: every question of every bundled bank is
rendered on its own quiz page, and the page is searched for anything that would give the answer away."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from quizapp.corpus import normalise
from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import QuestionVersion
from quizapp.questions.evidence import offered_sentences
from tests.web.test_student_support import add_assignment, joined_client, soup, start

# The attributes quiz inputs may carry: nothing beyond what a browser needs to send the answer.
ALLOWED_INPUT_ATTRIBUTES = {"type", "name", "id", "value"}
ALLOWED_TEXT_ATTRIBUTES = ALLOWED_INPUT_ATTRIBUTES | {
    "maxlength", "autocomplete", "spellcheck", "autocapitalize", "inputmode", "class",
}
ALLOWED_DATA_ATTRIBUTES = {"data-autosave", "data-deadline", "data-max-words", "data-count-for"}  # the word count


def _bank_questions(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            (v.bank_id, v.question_key)
            for v in db.session.scalars(
                select(QuestionVersion).where(QuestionVersion.is_current.is_(True)).order_by(QuestionVersion.id)
            )
        ]


def _may_be_shown(app, question) -> str:
    """What a student may read before answering: the prompt and the options, from the bank itself."""
    corpus = corpus_of(app)
    parts = [question.prompt]
    if question.type in ("choice", "multi"):
        parts += question.choices
    if question.type == "source":
        parts += [corpus[article_id].label for article_id in question.choices]
    if question.type == "match":
        parts += [left for left, _ in question.pairs] + list(question.rights)
    if question.type == "evidence":
        article = corpus[question.article]
        parts += [article.label] + [article.slice(span) for span in offered_sentences(question, article)]
    if question.type == "grid":
        parts += list(question.claims) + [corpus[article_id].label for article_id in question.articles]
    return normalise(" | ".join(parts))


def _without_names(cell: str) -> str:
    """A grid cell's markup with its label's words (claim and report, which differ by design) taken out."""
    return re.sub(r"(<span[^>]*>)[^<]*(</span>)", r"\1\2", cell)


def _haystack(page) -> str:
    """Everything a browser receives as text or attribute values, normalised like quotes are."""
    attributes = [str(v) for tag in page.find_all(True) for value in tag.attrs.values() for v in (
        value if isinstance(value, list) else [value]
    )]
    return normalise(page.get_text(" ") + " " + " ".join(attributes))


def test_no_quiz_page_gives_any_answer_away(app, classroom):
    code, _ = classroom
    client = joined_client(app, code)
    checked = 0
    for bank_id, key in _bank_questions(app):
        assignment_id = add_assignment(app, code, bank_id=bank_id, question_keys=[key], title=f"Practice {checked + 1}")
        html = start(client, assignment_id)
        page = soup(html)
        fieldset = page.select_one("fieldset.question")
        everything = _haystack(page)
        with app.app_context():
            version = db.session.scalar(
                select(QuestionVersion).where(
                    QuestionVersion.bank_id == bank_id,
                    QuestionVersion.question_key == key,
                    QuestionVersion.is_current.is_(True),
                )
            )
            question = version.question
        shown = _may_be_shown(app, question)
        if question.explanation:
            assert normalise(question.explanation) not in everything, key
        secrets = [source.quote for source in question.sources]
        if question.type == "short":
            secrets += list(question.answers)
        if question.type == "evidence":
            secrets.append(question.answer)
        if question.type == "written":  # the rubric is the key: its descriptors and exemplars
            secrets += [level.descriptor for level in question.rubric]
            secrets += [exemplar for level in question.rubric for exemplar in level.exemplars]
        for secret in secrets:
            if normalise(secret) in shown:
                continue  # it is the wording of the prompt or of an option every student sees
            if len(normalise(secret)) < 2:
                continue  # a one-character answer ("0") is in every page's ids and counts; it reveals nothing
            assert normalise(secret) not in everything, (key, secret)
        assert "<!--" not in html
        assert page.find(attrs={"checked": True}) is None and page.find(attrs={"selected": True}) is None
        for control in fieldset.find_all("input"):
            allowed = ALLOWED_TEXT_ATTRIBUTES if control["type"] == "text" else ALLOWED_INPUT_ATTRIBUTES
            assert set(control.attrs) <= allowed, (key, control)
            if control["type"] == "text":
                assert control.get("value", "") == ""
        selects = fieldset.find_all("select")
        orders = {tuple(o["value"] for o in s.find_all("option")) for s in selects}
        assert len(orders) <= 1, key  # every left item offers the same options in the same order
        data_attributes = {a for tag in page.find_all(True) for a in tag.attrs if a.startswith("data-")}
        assert data_attributes <= ALLOWED_DATA_ATTRIBUTES
        if question.type == "grid":
            # Every box is built alike: nothing in a cell's markup but its id and value tells the key's cells apart.
            cells = fieldset.select("table.claims-grid td")
            assert len(cells) == len(question.claims) * len(question.articles)
            assert {tuple(sorted(td.attrs)) for td in cells} == {()}
            shapes = {
                str(td).replace(td.input["id"], "ID").replace(td.input["value"], "VALUE").replace(td.input["name"], "N")
                for td in cells
            }
            assert len({_without_names(shape) for shape in shapes}) == 1, key
        checked += 1
    assert checked == 109  # every question of the bundled banks (81, 4 written and 24 judge)


@pytest.mark.parametrize("path", ["/", "/join"])
def test_pages_before_a_quiz_carry_no_explanations(app, classroom, path):
    code, _ = classroom
    client = joined_client(app, code)
    page = _haystack(soup(client.get(path).get_data(as_text=True)))
    with app.app_context():
        explanations = [v.question.explanation for v in db.session.scalars(select(QuestionVersion))]
    assert not any(normalise(e) in page for e in explanations if e)
