"""The dashboard's drafted questions: a download from the banks page, behind the login."""

from __future__ import annotations

import io
import shutil

from quizapp.banks import parse_bank
from quizapp.banks.drafting import HEADER
from quizapp.corpus_cache import corpus_of
from tests.conftest import SEEDS
from tests.web.conftest import make_app
from tests.web.teacher_helpers import logged_in, post

URL = "/teacher/banks/draft.yaml"


def test_the_banks_page_offers_the_download(app, teacher_id):
    page = logged_in(app).get("/teacher/banks").get_data(as_text=True)
    assert '<h2 id="draft">Draft questions from the articles</h2>' in page
    assert f'href="{URL}" download>Download drafted questions (YAML)</a>' in page


def test_the_download_is_a_bank_that_validates_and_can_be_uploaded(app, teacher_id):
    client = logged_in(app)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/yaml; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="drafted-questions.yaml"'
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.splitlines()[0] == HEADER
    with app.app_context():
        bank, problems = parse_bank(text, "drafted-questions.yaml", corpus_of(app))
    assert problems == []
    kinds = {"match", "source", "grid", "numeric", "truefalse", "choice", "evidence", "judge"}
    assert {q.type for q in bank.questions} == kinds
    # Uploaded as it is, it becomes a bank the teacher can assign.
    upload = post(
        client,
        "/teacher/banks",
        {"file": (io.BytesIO(text.encode("utf-8")), "drafted-questions.yaml")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302 and upload.headers["Location"].endswith("/teacher/banks/drafted-questions")
    assert "Drafted questions (review before use)" in client.get("/teacher/banks").get_data(as_text=True)


def test_the_download_needs_a_login(app):
    response = app.test_client().get(URL)
    assert response.status_code == 302
    assert "/teacher/login" in response.headers["Location"]


def test_with_no_articles_the_page_says_why_and_nothing_is_downloaded(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    app = make_app(tmp_path, QUIZAPP_SEEDS=str(seeds))
    client = logged_in(app)
    for path in seeds.iterdir():
        path.unlink()
    response = client.get(URL, follow_redirects=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "No questions could be drafted: there are no articles to draft questions from." in response.get_data(
        as_text=True
    )
