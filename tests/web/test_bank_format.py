"""The bank format page: linked from the upload form, every kind with its example, and the example bank to download."""

from __future__ import annotations

import html
import re

from quizapp.banks import parse_bank
from quizapp.corpus_cache import corpus_of
from quizapp.questions import KINDS
from tests.web.teacher_helpers import logged_in


def test_the_upload_form_links_to_the_format_served_by_the_app(app):
    client = logged_in(app)
    page = client.get("/teacher/banks").get_data(as_text=True)
    assert "README" not in page
    assert '<a href="/teacher/bank-format">bank format</a>' in page


def test_the_format_page_shows_every_kind_with_its_example(app):
    client = logged_in(app)
    response = client.get("/teacher/bank-format")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    headings = re.findall(r'<h3 id="type-([a-z]+)"><code>type: \1</code></h3>', page)
    assert headings == list(KINDS)
    examples = [
        html.unescape(code)
        for code in re.findall(r'<pre class="yaml-example"[^>]*><code>(.*?)</code></pre>', page, re.S)
    ]
    for name, kind in KINDS.items():
        assert kind.example in examples, name
    assert re.search(r"<h1>The bank format</h1>", page) and page.index("<h2") < page.index("<h3")


def test_the_example_bank_downloads_and_uploads_as_it_is(app):
    client = logged_in(app)
    response = client.get("/teacher/bank-format/example.yaml")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="format-examples.yaml"'
    with app.app_context():
        bank, problems = parse_bank(response.get_data(), "format-examples.yaml", corpus_of(app))
    assert problems == [] and bank is not None and len(bank.questions) == len(KINDS)


def test_the_format_is_for_teachers(client):
    assert client.get("/teacher/bank-format").headers["Location"] == "/teacher/login?next=/teacher/bank-format"
