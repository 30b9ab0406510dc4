"""Adding an article from the dashboard: upload a saved page, check the preview, confirm; bad input writes nothing."""

from __future__ import annotations

import html
import io
import random
import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from quizapp.corpus.html_import import MAX_BYTES
from quizapp.corpus_cache import corpus_of
from quizapp.teacher.articles import MAX_TEXT_BYTES
from tests.conftest import AP, SEEDS
from tests.web.conftest import csrf_token, make_app
from tests.web.teacher_helpers import OTHER_EMAIL, logged_in, token

FIXTURES = Path(__file__).resolve().parent.parent / "corpus" / "fixtures"
JSON_LD = FIXTURES / "jsonld_newsarticle.html"
SUGGESTED = "2023-04-12_northern-ledger_library-to-open-on-sundays-after"
IMPORT = "/teacher/articles/import"
CONFIRM = "/teacher/articles/import/confirm"


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def app(tmp_path, seeds):
    return make_app(tmp_path, QUIZAPP_SEEDS=str(seeds))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def upload(client, data: bytes, filename: str = "library-hours.html", **extra):
    form = {"csrf_token": token(client, IMPORT), "file": (io.BytesIO(data), filename), **extra}
    return client.post(IMPORT, data=form, content_type="multipart/form-data")


def fields(page: str) -> dict[str, str]:
    """The confirm form's fields as the preview page fills them in."""
    found = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name = re.search(r'\bname="([^"]+)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        if name:
            found[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return found


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_upload_preview_confirm_then_the_article_is_served_and_quotable(app, seeds):
    client = logged_in(app)
    before = snapshot(seeds)
    preview = upload(client, JSON_LD.read_bytes())
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    form = fields(page)
    assert form["article_id"] == SUGGESTED
    assert form["headline"] == "Library to open on Sundays after petition"
    assert form["outlet"] == "Northern Ledger"
    assert form["author"] == "Priya Natarajan and Owen Hughes"
    assert form["date"] == "2023-04-12"
    shown = text_of(page)
    assert "8 paragraphs; the first 5 and the last are shown" in shown
    assert "after a petition signed by 4,312 residents." in shown
    assert "Branch libraries in Eastfield and Marsh Lane will keep their current hours." in shown
    assert "Advertisement" not in shown and "Share on Facebook" not in shown
    assert snapshot(seeds) == before  # a preview writes nothing

    form.update(article_id="library-hours", outlet="The Northern Ledger", author="Priya Natarajan")
    response = client.post(CONFIRM, data=form)
    assert response.status_code == 302
    assert response.headers["Location"] == "/articles/library-hours"

    article_page = client.get("/articles/library-hours").get_data(as_text=True)
    assert "Article added as library-hours" in article_page
    assert "The Northern Ledger" in article_page and "Priya Natarajan" in article_page
    assert "2023-04-12" in article_page
    assert "Library to open on Sundays after petition" in client.get("/articles/").get_data(as_text=True)

    article = corpus_of(app)["library-hours"]
    assert article.notes == "Imported from the saved page library-hours.html."
    bank = (
        "bank: library-check\ntitle: Library check\nquestions:\n"
        "  - id: signed\n    type: numeric\n    prompt: How many signed?\n    answer: 4312\n"
        "    sources:\n      - article: library-hours\n        quote: a petition signed by 4,312 residents\n"
    )
    stored = client.post(
        "/teacher/banks",
        data={"csrf_token": token(client), "file": (io.BytesIO(bank.encode()), "library.yaml")},
        content_type="multipart/form-data",
    )
    assert stored.status_code == 302, stored.get_data(as_text=True)
    misquote = bank.replace("4,312", "4,321").replace("library-check", "library-misquote")
    refused = client.post(
        "/teacher/banks",
        data={"csrf_token": token(client), "file": (io.BytesIO(misquote.encode()), "misquote.yaml")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert (
        'misquote.yaml:10: question signed: quote not found in library-hours (The Northern Ledger): "a petition '
        'signed by 4,321 residents"; closest passage: "a petition signed by 4,312 residents"'
    ) in text_of(refused.get_data(as_text=True))


def test_emptied_fields_mean_not_known(app, seeds):
    client = logged_in(app)
    form = fields(upload(client, JSON_LD.read_bytes()).get_data(as_text=True))
    form.update(outlet="", author="", date="", headline="")
    assert client.post(CONFIRM, data=form).status_code == 302
    article = corpus_of(app)[SUGGESTED]
    assert (article.outlet, article.author, article.date) == ("Unknown outlet", None, None)
    assert article.headline == f"[Imported article {SUGGESTED}]"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (JSON_LD.read_bytes(), "library.txt", "Upload a web page saved as .html or .htm."),
        (JSON_LD.read_bytes(), "library.html.exe", "Upload a web page saved as .html or .htm."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.html", "report.html: this is not a saved web page (HTML)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.htm", "photo.htm: this is not a saved web page (HTML)"),
        (b"<html><body><nav>Home</nav><footer>(c) 2021</footer></body></html>", "menu.html", "no article text"),
        (b'<meta charset="utf-8"><p>\x93Quoted\x94</p>', "latin.html", "but byte 0x93 at offset"),
    ],
)
def test_bad_uploads_are_refused_with_a_message_and_nothing_is_written(app, seeds, data, filename, message):
    client = logged_in(app)
    before = snapshot(seeds)
    response = upload(client, data, filename)
    assert response.status_code == 422
    assert message in text_of(response.get_data(as_text=True))
    assert snapshot(seeds) == before


def test_a_file_without_content_is_refused(app, seeds):
    client = logged_in(app)
    response = client.post(IMPORT, data={"csrf_token": token(client, IMPORT)}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a saved web page (.html or .htm) to upload." in response.get_data(as_text=True)


def test_a_huge_page_is_refused_and_nothing_is_written(app, seeds):
    client = logged_in(app)
    before = snapshot(seeds)
    paragraph = b"<p>The council met again on Monday and heard from residents.</p>\n"
    data = b"<!DOCTYPE html><html><body><article>" + paragraph * (MAX_BYTES // len(paragraph) + 1)
    assert MAX_BYTES < len(data) < app.config["MAX_CONTENT_LENGTH"]
    # Encoded in memory: the test client would spool a body this large to a file it never closes.
    body, length, boundary = stream_encode_multipart(
        {"csrf_token": token(client, IMPORT), "file": FileStorage(io.BytesIO(data), "long.html")}, use_tempfile=False
    )
    response = client.post(IMPORT, data=body.getvalue(), content_type=f'multipart/form-data; boundary="{boundary}"')
    assert response.status_code == 422
    assert "The file is over the limit of 5 MB." in response.get_data(as_text=True)
    assert snapshot(seeds) == before


def test_upload_and_confirm_need_the_csrf_token(app, seeds):
    client = logged_in(app)
    before = snapshot(seeds)
    response = client.post(
        IMPORT, data={"file": (io.BytesIO(JSON_LD.read_bytes()), "a.html")}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    form = fields(upload(client, JSON_LD.read_bytes()).get_data(as_text=True))
    del form["csrf_token"]
    assert client.post(CONFIRM, data=form).status_code == 400
    assert snapshot(seeds) == before


def test_a_changed_preview_is_refused(app, seeds):
    client = logged_in(app)
    form = fields(upload(client, JSON_LD.read_bytes()).get_data(as_text=True))
    before = snapshot(seeds)
    # Text the importer did not produce cannot be smuggled in through the hidden field.
    form["page"] = form["page"][:-3] + ("AAA" if not form["page"].endswith("AAA") else "BBB")
    response = client.post(CONFIRM, data=form)
    assert response.status_code == 422
    assert "this preview was changed or is incomplete; upload the page again" in response.get_data(as_text=True)
    assert snapshot(seeds) == before


def test_another_teachers_preview_is_refused(app, seeds):
    form = fields(upload(logged_in(app), JSON_LD.read_bytes()).get_data(as_text=True))
    other = logged_in(app, OTHER_EMAIL)
    form["csrf_token"] = token(other, IMPORT)
    before = snapshot(seeds)
    response = other.post(CONFIRM, data=form)
    assert response.status_code == 422
    assert "this preview is not yours" in response.get_data(as_text=True)
    assert snapshot(seeds) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"article_id": AP}, "already exists: articles are never overwritten"),
        ({"article_id": AP.upper()}, "differs from"),
        ({"article_id": "../escape"}, "bad article id"),
        ({"article_id": ""}, "Give the article an id."),
        ({"date": "12/04/2023"}, "bad date"),
        ({"date": "2023-02-30"}, "no such day"),
        ({"headline": "x" * 301}, "Field cannot be longer than 300 characters."),
    ],
)
def test_bad_confirmations_keep_the_preview_and_write_nothing(app, seeds, change, message):
    client = logged_in(app)
    form = fields(upload(client, JSON_LD.read_bytes()).get_data(as_text=True))
    before = snapshot(seeds)
    form.update(change)
    response = client.post(CONFIRM, data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in html.unescape(page)
    assert "The article was not added" in page
    assert fields(page)["page"] == form["page"]  # the teacher can correct the field and confirm again
    assert snapshot(seeds) == before
    assert AP in corpus_of(app) and len(corpus_of(app)) == 4


def test_the_same_page_twice_gets_a_new_id_not_an_overwrite(app, seeds):
    client = logged_in(app)
    first = fields(upload(client, JSON_LD.read_bytes()).get_data(as_text=True))
    assert client.post(CONFIRM, data=first).status_code == 302
    second = fields(upload(client, JSON_LD.read_bytes()).get_data(as_text=True))
    assert second["article_id"] == f"{SUGGESTED}-2"
    stale = client.post(CONFIRM, data=first)  # the first preview again: it has been used
    assert stale.status_code == 422
    assert "this preview was already confirmed" in stale.get_data(as_text=True)


def test_a_preview_is_confirmed_once_only(app, seeds):
    client = logged_in(app)
    form = fields(upload(client, JSON_LD.read_bytes()).get_data(as_text=True))
    assert client.post(CONFIRM, data={**form, "article_id": "library-hours"}).status_code == 302
    after_first = snapshot(seeds)
    # The same signed preview under another id adds nothing more.
    again = client.post(CONFIRM, data={**form, "article_id": "library-hours-copy"})
    assert again.status_code == 422
    assert (
        "this preview was already confirmed: it added the article library-hours. A preview adds one article, "
        "once; to add the page again, upload it again"
    ) in html.unescape(again.get_data(as_text=True))
    assert snapshot(seeds) == after_first


def test_a_refused_confirmation_leaves_the_preview_usable(app, seeds):
    client = logged_in(app)
    form = fields(upload(client, JSON_LD.read_bytes()).get_data(as_text=True))
    assert client.post(CONFIRM, data={**form, "article_id": AP}).status_code == 422  # the id is taken
    assert client.post(CONFIRM, data={**form, "article_id": "library-hours"}).status_code == 302


def test_two_confirmations_at_the_same_moment_add_one_article(app, seeds):
    """Two requests (as two workers would get them) confirm the same preview at once: one wins."""
    client = logged_in(app)
    form = fields(upload(client, JSON_LD.read_bytes()).get_data(as_text=True))
    before = set(snapshot(seeds))
    start = threading.Barrier(2)
    statuses: list[int] = []

    def confirm(article_id: str) -> None:
        start.wait()
        statuses.append(client.post(CONFIRM, data={**form, "article_id": article_id}).status_code)

    threads = [threading.Thread(target=confirm, args=(name,)) for name in ("first-copy", "second-copy")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302, 422]
    assert len(set(snapshot(seeds)) - before) == 1


def test_upload_page_is_labelled_and_linked_from_the_dashboard(app):
    client = logged_in(app)
    page = client.get(IMPORT).get_data(as_text=True)
    assert '<label for="file">Saved web page (.html)</label>' in page
    assert 'accept=".html,.htm,text/html"' in page
    assert 'enctype="multipart/form-data"' in page
    assert csrf_token(page)
    assert f'href="{IMPORT}"' in client.get("/teacher/").get_data(as_text=True)


def test_preview_fields_have_labels(app):
    client = logged_in(app)
    page = upload(client, JSON_LD.read_bytes()).get_data(as_text=True)
    for name in ("article_id", "headline", "outlet", "author", "date"):
        assert f'<label for="{name}">' in page, name
    assert 'style="' not in page and "<script" not in page  # CSP: no inline style or script


def test_anonymous_visitors_cannot_upload_or_confirm(app, seeds):
    client = app.test_client()
    assert client.get(IMPORT).headers["Location"].startswith("/teacher/login?next=")
    anonymous = csrf_token(client.get("/teacher/login").get_data(as_text=True))
    before = snapshot(seeds)
    response = client.post(
        IMPORT,
        data={"csrf_token": anonymous, "file": (io.BytesIO(JSON_LD.read_bytes()), "a.html")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    assert client.post(CONFIRM, data={"csrf_token": anonymous, "article_id": "x", "page": "x"}).status_code == 403
    assert snapshot(seeds) == before


def test_articles_list_shows_authors_and_offers_teachers_the_import(app):
    client = logged_in(app)
    form = fields(upload(client, JSON_LD.read_bytes()).get_data(as_text=True))
    client.post(CONFIRM, data=form)
    listing = text_of(client.get("/articles/").get_data(as_text=True))
    assert "Northern Ledger, by Priya Natarajan and Owen Hughes, 2023-04-12" in listing
    assert "Add an article from a saved web page" in listing
    assert "Add an article" not in text_of(app.test_client().get("/articles/").get_data(as_text=True))


def _long_page(text_bytes: int) -> bytes:
    """A page whose article text is about ``text_bytes`` of UTF-8 that compresses badly (random CJK)."""
    chooser = random.Random(6)
    paragraphs = []
    while sum(len(p.encode()) for p in paragraphs) < text_bytes:
        paragraphs.append("".join(chr(chooser.randrange(0x4E00, 0x9FFF)) for _ in range(200)) + "\u3002")
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><article>{body}</article></body>'.encode()


def test_a_long_article_near_the_limit_survives_the_round_trip(app, seeds):
    # The preview travels in a form field; Flask refuses fields over MAX_FORM_MEMORY_SIZE (500 kB).
    client = logged_in(app)
    preview = upload(client, _long_page(MAX_TEXT_BYTES - 2_000), "long.html")
    assert preview.status_code == 200
    form = fields(preview.get_data(as_text=True))
    assert len(form["page"]) < app.config["MAX_FORM_MEMORY_SIZE"]
    form["article_id"] = "long-article"
    assert client.post(CONFIRM, data=form).status_code == 302
    assert len(corpus_of(app)["long-article"].text.encode()) > MAX_TEXT_BYTES - 3_000


def test_text_longer_than_any_article_is_refused(app, seeds):
    client = logged_in(app)
    before = snapshot(seeds)
    response = upload(client, _long_page(MAX_TEXT_BYTES + 1_000), "long.html")
    assert response.status_code == 422
    assert "far longer than a news article" in response.get_data(as_text=True)
    assert snapshot(seeds) == before
