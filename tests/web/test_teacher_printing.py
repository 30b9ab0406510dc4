"""Printing and LMS export from the dashboard: the actions, the GET form, the files, the refusals."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from markupsafe import escape
from pypdf import PdfReader

from quizapp.corpus_cache import corpus_of
from quizapp.exports.sheet import answer_texts
from tests.web.teacher_helpers import (
    BANK,
    OTHER_EMAIL,
    add_assignment,
    add_classroom,
    assignment_versions,
    logged_in,
    store_text,
)

# Four questions of the bundled bank (choice, numeric, source, choice), in the teacher's order.
SUBSET = ["who-said-do-not-come", "length-of-visit", "do-not-come-context", "count-on-us"]
LEFT_OUT = "zero-allegations"  # a question of the bank that the assignment does not set


def squash(text: str) -> str:
    """Text without whitespace: PDF lines break anywhere, words do not change."""
    return "".join(text.split())


def pdf_text(data: bytes) -> str:
    """Every page's extracted text, squashed."""
    return squash(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


def prompts(assignment_id: int) -> dict[str, str]:
    """Question id -> prompt for the questions the assignment's students get."""
    return {v.question_key: v.question.prompt for v in assignment_versions(assignment_id)}


@pytest.fixture
def subset(app, teacher_id) -> int:
    """An assignment of four questions of harris-trip-2021 for Period 3 Civics; returns its id."""
    with app.app_context():
        return add_assignment(add_classroom(teacher_id), "harris-trip-2021", SUBSET)


@pytest.fixture
def bank_prompts(app) -> dict[str, str]:
    """Question id -> prompt of every current question of harris-trip-2021."""
    from quizapp.teacher.assignments import current_questions

    with app.app_context():
        return {v.question_key: v.question.prompt for v in current_questions("harris-trip-2021")}


def assert_download(response, media_type: str, filename: str) -> None:
    """A file the browser saves: its type, a safe name, and never kept in a cache."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.headers["Content-Type"] == media_type
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.headers["Cache-Control"] == "no-store"


def assert_refused(response, message: str) -> None:
    """The form again with a 400 and the message; nothing to download."""
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "Content-Disposition" not in response.headers
    html = response.get_data(as_text=True)
    assert "Nothing was downloaded" in html
    assert message in html, message


# --------------------------------------------------------------------------------------------------
# The actions and the form
# --------------------------------------------------------------------------------------------------


def test_bank_and_assignment_pages_offer_print_and_export(app, subset):
    client = logged_in(app)
    pages = {
        "/teacher/banks/harris-trip-2021": "/teacher/banks/harris-trip-2021/export/",
        f"/teacher/assignments/{subset}": f"/teacher/assignments/{subset}/export/",
    }
    for page, base in pages.items():
        html = client.get(page).get_data(as_text=True)
        assert "Print and export" in html, page
        for kind, label in (("quiz", "Print quiz"), ("key", "Print answer key"), ("lms", "Export for your LMS")):
            assert f'href="{base}{kind}">{label}</a>' in html, (page, kind)


def test_the_print_form_is_a_labelled_get_form_with_defaults(app, subset, bank_prompts):
    client = logged_in(app)
    response = client.get(f"/teacher/assignments/{subset}/export/quiz")
    assert response.status_code == 200 and "Content-Disposition" not in response.headers
    html = response.get_data(as_text=True)
    form = re.search(r"<form method=\"get\"[^>]*>.*?</form>", html, re.S).group(0)
    assert f'action="/teacher/assignments/{subset}/export/quiz"' in form and "csrf_token" not in form
    assert re.search(r'<input checked id="format-\d" name="format" type="radio" value="pdf">', form)
    assert re.search(r'<input checked id="paper-\d" name="paper" type="radio" value="a4">', form)
    assert re.search(r'<input checked id="appendix-\d" name="appendix" type="radio" value="full">', form)
    assert '<option selected value="1">' in form and '<option value="4">' in form and 'value="5"' not in form
    for name in ("versions", "seed"):
        assert f'<label for="{name}">' in form, name
    assert "Period 3 Civics" in html
    # The page lists the assignment's questions, and only those.
    for key in SUBSET:
        assert str(escape(bank_prompts[key])) in html, key
    assert str(escape(bank_prompts[LEFT_OUT])) not in html


def test_the_lms_form_shows_what_each_format_changes(app, teacher_id):
    client = logged_in(app)
    html = client.get("/teacher/banks/harris-trip-2021/export/lms").get_data(as_text=True)
    for label in ("Moodle GIFT", "Moodle XML", "QTI 2.1 package", "QTI 1.2 package for Canvas"):
        assert label in html
    assert "What changes in each format" in html
    assert "GIFT: source questions have no LMS type" in html
    assert "QTI: evidence questions have no LMS type" in html
    assert 'name="versions"' not in html and 'name="paper"' not in html


# --------------------------------------------------------------------------------------------------
# Downloads
# --------------------------------------------------------------------------------------------------


def test_assignment_quiz_pdf_holds_its_questions_in_two_versions(app, subset, bank_prompts):
    client = logged_in(app)
    response = client.get(f"/teacher/assignments/{subset}/export/quiz?format=pdf&versions=2&paper=letter")
    assert_download(response, "application/pdf", "period-3-civics-quiz-on-harris-trip-2021-quiz-A-B.pdf")
    assert response.data.startswith(b"%PDF-")
    text = pdf_text(response.data)
    with app.app_context():
        assigned = prompts(subset)
    assert sorted(assigned) == sorted(SUBSET)
    for key, prompt in assigned.items():
        assert squash(prompt) in text, key
    assert squash(bank_prompts[LEFT_OUT]) not in text
    assert "VersionA" in text and "VersionB" in text
    assert squash("Period 3 Civics") in text  # the title block names the class


def test_assignment_answer_key_pdf_holds_every_answer(app, subset):
    client = logged_in(app)
    response = client.get(f"/teacher/assignments/{subset}/export/key?format=pdf&appendix=none")
    assert_download(response, "application/pdf", "period-3-civics-quiz-on-harris-trip-2021-key.pdf")
    text = pdf_text(response.data)
    assert squash("Answer key") in text
    with app.app_context():
        corpus = corpus_of(app)
        for version in assignment_versions(subset):
            for answer in answer_texts(version.question, corpus):
                assert squash(answer) in text, (version.question_key, answer)


def test_html_quiz_default_seed_is_the_clis(app, teacher_id):
    client = logged_in(app)
    base = "/teacher/banks/harris-trip-2021/export/quiz?format=html&versions=2&appendix=cited"
    default = client.get(base)
    assert_download(default, "text/html; charset=utf-8", "harris-trip-2021-quiz-A-B.html")
    html = default.get_data(as_text=True)
    assert html.startswith("<!DOCTYPE html>") and "Version A" in html and "Version B" in html
    # No seed: the bank id, as `quizapp export` without --seed; another seed prints other versions.
    assert client.get(base + "&seed=harris-trip-2021").data == default.data
    assert client.get(base + "&seed=+harris-trip-2021+").data == default.data
    assert client.get(base + "&seed=spring").data != default.data
    one = client.get("/teacher/banks/harris-trip-2021/export/quiz?format=html")
    assert_download(one, "text/html; charset=utf-8", "harris-trip-2021-quiz.html")
    assert "Version A" not in one.get_data(as_text=True)


def test_html_answer_key_names_the_class_and_holds_the_answers(app, subset):
    client = logged_in(app)
    response = client.get(f"/teacher/assignments/{subset}/export/key?format=html&versions=3&seed=period-3")
    assert_download(response, "text/html; charset=utf-8", "period-3-civics-quiz-on-harris-trip-2021-key-A-B-C.html")
    html = response.get_data(as_text=True)
    assert "<h1>Quiz on harris-trip-2021 \u2014 Period 3 Civics</h1>" in html
    assert "Kamala Harris" in html  # the answer to who-said-do-not-come
    assert "Versions A, B, C" in html


@pytest.mark.parametrize(
    ("fmt", "media_type", "extension"),
    [
        ("gift", "text/plain; charset=utf-8", ".gift.txt"),
        ("moodle-xml", "application/xml", ".moodle.xml"),
        ("qti", "application/zip", ".qti.zip"),
    ],
)
def test_lms_files_hold_only_the_assignments_questions(app, subset, bank_prompts, fmt, media_type, extension):
    client = logged_in(app)
    response = client.get(f"/teacher/assignments/{subset}/export/lms?format={fmt}")
    assert_download(response, media_type, f"period-3-civics-quiz-on-harris-trip-2021{extension}")
    if fmt == "qti":
        with zipfile.ZipFile(io.BytesIO(response.data)) as package:
            assert "imsmanifest.xml" in package.namelist()
            text = " ".join(package.read(name).decode("utf-8") for name in package.namelist())
    else:
        text = response.get_data(as_text=True)
    for key in SUBSET:
        assert key in text, key
    assert LEFT_OUT not in text


def test_a_bank_lms_file_is_named_after_the_bank(app, teacher_id):
    client = logged_in(app)
    response = client.get("/teacher/banks/harris-trip-2021/export/lms?format=moodle-xml")
    assert_download(response, "application/xml", "harris-trip-2021.moodle.xml")
    assert response.data.startswith(b"<?xml")


def test_an_uploaded_bank_exports_its_current_questions(app, teacher_id):
    with app.app_context():
        store_text(app, BANK, teacher_id)
        store_text(app, BANK.replace("How many encounters", "How many border encounters"), teacher_id)
    client = logged_in(app)
    response = client.get("/teacher/banks/class-check/export/key?format=html")
    assert_download(response, "text/html; charset=utf-8", "class-check-key.html")
    html = response.get_data(as_text=True)
    assert "How many border encounters were there in April?" in html
    assert "How many encounters were there" not in html


# --------------------------------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------------------------------


def test_another_teacher_gets_404(app, teacher_id, subset):
    with app.app_context():
        store_text(app, BANK, teacher_id)
    other = logged_in(app, OTHER_EMAIL)
    for url in (
        f"/teacher/assignments/{subset}/export/quiz",
        f"/teacher/assignments/{subset}/export/key?format=html",
        f"/teacher/assignments/{subset}/export/lms?format=gift",
        "/teacher/banks/class-check/export/key?format=html",
        "/teacher/banks/class-check/export/lms?format=qti",
    ):
        response = other.get(url)
        assert response.status_code == 404, url
        assert "Content-Disposition" not in response.headers, url
    # The bundled banks are everyone's to print.
    assert other.get("/teacher/banks/harris-trip-2021/export/quiz?format=html").status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("format=pdf&versions=99", "Choose 1 to 4 versions."),
        ("format=pdf&versions=two", "Choose 1 to 4 versions."),
        ("format=pdf&paper=tabloid", "Choose A4 or US Letter paper."),
        ("format=pdf&appendix=some", "Choose the full articles, only the paragraphs the questions quote, or no"),
        ("format=exe", "Choose HTML or PDF."),
        ("format=gift", "Choose HTML or PDF."),
        ("format=html&seed=" + "x" * 101, "Use at most 100 characters for the seed."),
    ],
)
def test_bad_print_settings_are_a_400_with_a_clear_message(app, teacher_id, query, message):
    client = logged_in(app)
    assert_refused(client.get(f"/teacher/banks/harris-trip-2021/export/key?{query}"), message)


def test_bad_lms_format_and_unknown_kind(app, subset):
    client = logged_in(app)
    assert_refused(
        client.get(f"/teacher/assignments/{subset}/export/lms?format=pdf"),
        "Choose Moodle GIFT, Moodle XML, QTI 2.1 package or QTI 1.2 package for Canvas.",
    )
    assert client.get(f"/teacher/assignments/{subset}/export/exe?format=pdf").status_code == 404
    assert client.get("/teacher/banks/no-such-bank/export/quiz").status_code == 404


def test_signed_out_visitors_are_sent_to_login(app, subset):
    response = app.test_client().get(f"/teacher/assignments/{subset}/export/key?format=html")
    assert response.status_code == 302 and response.headers["Location"].startswith("/teacher/login?next=")
