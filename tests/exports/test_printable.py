"""The printed quiz and key, as a teacher would check them: in the HTML, in the PDF's text, on the page."""

from __future__ import annotations

import html
import re
import shutil
import socket
import subprocess

import pytest

from quizapp.exports import ExportOptions, render_html, version_layout
from quizapp.exports.answers import brief_answer
from quizapp.exports.printable import pdf_from_html
from quizapp.exports.sheet import answer_texts, build_sheet
from quizapp.questions.evidence import evidence_numbers
from tests.conftest import ROOT
from tests.exports.conftest import pdf_text, squash

ARTIFACTS = ROOT / "test-artifacts" / "exports"
TWO_VERSIONS = ExportOptions(versions=2, seed="spring")
KEY_TWO_VERSIONS = ExportOptions(key=True, versions=2, seed="spring")


def _page(data: bytes) -> str:
    return data.decode("utf-8")


def _visible(document: str) -> str:
    """What a reader sees of an HTML document: tags dropped, entities decoded, whitespace collapsed."""
    body = document.split("<body>", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------


def test_html_is_self_contained_and_fetches_nothing(banks, render):
    for bank in banks:
        for options in (ExportOptions(), KEY_TWO_VERSIONS):
            page = _page(render(bank, "html", options))
            assert page.startswith("<!DOCTYPE html>")
            assert '<html lang="en">' in page
            assert "<style>" in page and "@page" in page and ".question" in page, "the stylesheet is not inlined"
            assert not re.search(r"<(link|script|img|iframe|object)\b", page)
            assert not re.search(r"\b(src|href)\s*=", page)
            assert "@import" not in page and "url(" not in page


def test_the_html_has_one_main_landmark_holding_every_question(banks, render):
    # A screen reader's "jump to main" lands on the quiz (or key), as on every page of the app.
    for options in (ExportOptions(), KEY_TWO_VERSIONS):
        page = _page(render(banks[0], "html", options))
        assert page.count("<main>") == page.count("</main>") == 1
        main = page.split("<main>", 1)[1].split("</main>", 1)[0]
        assert "<h1>" in main and main.count('class="question') == page.count('class="question')


def test_every_prompt_is_numbered_with_its_points(banks, corpus, render):
    for bank in banks:
        text = _visible(_page(render(bank, "html")))
        for number, question in enumerate(bank.questions, 1):
            points = "1 point" if question.points == 1 else f"{question.points:g} points"
            assert f"{number}. {' '.join(question.prompt.split())} ({points})" in text
        assert "1.0 point" not in text and "2.0 point" not in text
        assert "Name" in text and "Class" in text and "Date" in text


def test_choices_are_lettered_in_the_versions_order(banks, corpus):
    bank = banks[1]
    sheet = build_sheet(bank, corpus, TWO_VERSIONS)
    for version in sheet.versions:
        slots = version_layout(bank, "spring", version.label)
        for printed, slot in zip(version.questions, slots, strict=True):
            if slot.question.type in ("choice", "multi"):
                assert [(o.mark, o.text) for o in printed.body] == [
                    ("ABCDEFGH"[i], c) for i, c in enumerate(slot.choices)
                ]


def test_each_type_gets_what_a_student_writes_on(awkward, render):
    page = _page(render(awkward, "html"))
    assert page.count('class="write-in"') == 3  # short, numeric, evidence
    assert '<p class="truefalse"><span>True</span> <span>False</span></p>' in page
    assert page.count('<span class="blank"></span>') == 3  # one blank per matching left
    assert '<span class="snum">1</span>' in page  # the article's sentences are numbered
    # Awkward texts are escaped, never markup.
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in page and "<b>bold</b>" not in page


def test_matching_is_two_columns_lefts_numbered_rights_lettered(awkward, corpus):
    (printed,) = [q for q in build_sheet(awkward, corpus, ExportOptions()).versions[0].questions if q.type == "match"]
    assert [left.text for left in printed.body.lefts] == ["left ~ one", "left # two", "left : three"]
    assert [right.mark for right in printed.body.rights] == ["A", "B", "C", "D"]
    assert "Some letters are not used." in printed.instruction
    assert [left.mark for left in printed.body.lefts] == ["A", "B", "C"]


def test_versions_follow_each_other_and_say_which_they_are(banks, render):
    page = _page(render(banks[0], "html", TWO_VERSIONS))
    assert page.index('id="version-A"') < page.index('id="version-B"')
    assert '<p class="version-label">Version A</p>' in page and '<p class="version-label">Version B</p>' in page
    # Each version is a named page that restarts the page count, and the running header shows its letter.
    assert "@page :nth(1 of sheet-B) { counter-reset: page 1;" in page
    assert "string-set: version content()" in page and "content: string(version)" in page
    assert "Versions A, B</title>" in page


def test_same_seed_same_bytes_other_seed_other_quiz(banks, corpus):
    bank = banks[2]
    for key in (False, True):
        first = render_html(bank, corpus, ExportOptions(key=key, versions=2, seed="spring"))
        assert first == render_html(bank, corpus, ExportOptions(key=key, versions=2, seed="spring"))
        assert first != render_html(bank, corpus, ExportOptions(key=key, versions=2, seed="autumn"))


def test_paper_sizes(banks, render):
    assert "@page { size: A4; }" in _page(render(banks[0], "html"))
    assert "@page { size: letter; }" in _page(render(banks[0], "html", ExportOptions(paper="letter")))


def test_appendix_full_cited_or_none(banks, corpus):
    bank = banks[0]
    full = build_sheet(bank, corpus, ExportOptions(appendix="full")).appendix
    cited = build_sheet(bank, corpus, ExportOptions(appendix="cited")).appendix
    assert build_sheet(bank, corpus, ExportOptions(appendix="none")).appendix == ()
    assert [a.headline for a in full] == [a.headline for a in cited]
    for whole, part in zip(full, cited, strict=True):
        article = next(a for a in corpus.values() if a.headline == whole.headline)
        # Whole: every body paragraph, numbered as in the article, and never the publisher's boilerplate.
        assert [p.number for p in whole.paragraphs] == [p.number for p in article.body]
        assert whole.complete and len(part.paragraphs) <= len(whole.paragraphs)
        for paragraph in part.paragraphs:
            assert paragraph.text == article.slice(article.body[paragraph.number - 1].span)
    assert sum(len(a.paragraphs) for a in cited) < sum(len(a.paragraphs) for a in full)
    assert "Editor's pick" not in render_html(bank, corpus, ExportOptions())
    assert "The reports" not in render_html(bank, corpus, ExportOptions(appendix="none"))


def test_key_lists_every_answer_for_every_version(banks, corpus, render):
    for bank in banks:
        page = _page(render(bank, "html", KEY_TWO_VERSIONS))
        text = _visible(page)
        for label in ("A", "B"):
            for slot in version_layout(bank, "spring", label):
                assert f"Version {label}, question {slot.number}: {brief_answer(slot, corpus)}" in text
        for question in bank.questions:
            for answer in answer_texts(question, corpus):
                assert " ".join(answer.split()) in text
            if question.explanation:
                assert " ".join(question.explanation.split()) in text
        assert page.count("<mark>") >= len(bank.questions)  # every question shows a marked passage


def test_key_marks_the_quoted_passage(awkward, corpus, render):
    page = _page(render(awkward, "html", ExportOptions(key=True)))
    assert "<mark>Do not come, do not come.</mark>" in page
    evidence = awkward.question("which-sentence")
    numbers = evidence_numbers(evidence, corpus[evidence.article])
    assert f"Answer: <strong>sentence {numbers[0]}</strong>" in page
    assert "1.5 points" in page and "3 points" in page


# --------------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("options", [TWO_VERSIONS, KEY_TWO_VERSIONS], ids=["quiz", "key"])
def test_pdf_holds_every_prompt_as_real_text_with_a_title(banks, render, options):
    for bank in banks:
        data = render(bank, "pdf", options)
        reader, pages = pdf_text(data)
        assert data.startswith(b"%PDF-") and len(reader.pages) > 0
        text = squash(" ".join(pages))
        for question in bank.questions:
            assert squash(question.prompt) in text, question.id
        kind = "Answer key" if options.key else "Quiz"
        assert reader.metadata.title == f"{bank.title} \u2014 {kind} \u2014 Versions A, B"
        # Tagged: a structure tree, and the document's language, for screen readers.
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/Lang"] == "en"


def test_pdf_versions_say_their_letter_on_every_page(banks, render):
    bank = banks[1]
    reader, pages = pdf_text(render(bank, "pdf", TWO_VERSIONS))
    assert reader.metadata.title == f"{bank.title} \u2014 Quiz \u2014 Versions A, B"
    started = [n for n, page in enumerate(pages) if "QUIZ" in page.upper() and "Name" in page and "Class" in page]
    assert len(started) == 2 and started[0] == 0, "each version starts on a fresh page with its title block"
    for n, page in enumerate(pages):
        expected = "Version A" if n < started[1] else "Version B"
        assert expected in page, f"page {n + 1} does not say {expected}"
        assert ("Version B" if expected == "Version A" else "Version A") not in page
    # Page numbers restart for each version, so each handed-out copy reads Page 1, 2, ...
    assert "Page 1" in pages[started[1]]
    for label, start, end in (("A", 0, started[1]), ("B", started[1], len(pages))):
        text = squash(" ".join(pages[start:end]))
        positions = [text.index(squash(s.question.prompt)) for s in version_layout(bank, "spring", label)]
        assert positions == sorted(positions), f"version {label} prints its questions out of order"


def test_pdf_key_holds_every_answer(banks, corpus, render):
    for bank in banks:
        reader, pages = pdf_text(render(bank, "pdf", KEY_TWO_VERSIONS))
        text = squash(" ".join(pages))
        assert "Answer key" in reader.metadata.title
        for question in bank.questions:
            for answer in answer_texts(question, corpus):
                assert squash(answer) in text, (question.id, answer)
        for label in ("A", "B"):
            for slot in version_layout(bank, "spring", label):
                assert squash(f"Version {label}, question {slot.number}: {brief_answer(slot, corpus)}") in text


def test_pdf_paper_size_and_plain_title(banks, render):
    bank = banks[0]
    few = tuple(q.id for q in bank.questions[:2])
    a4, pages = pdf_text(render(bank, "pdf", ExportOptions(questions=few, appendix="none")))
    letter, _ = pdf_text(render(bank, "pdf", ExportOptions(questions=few, appendix="none", paper="letter")))
    assert [round(float(x)) for x in a4.pages[0].mediabox[2:]] == [595, 842]
    assert [round(float(x)) for x in letter.pages[0].mediabox[2:]] == [612, 792]
    # One unshuffled quiz: no version anywhere, and only the questions asked for.
    assert a4.metadata.title == f"{bank.title} \u2014 Quiz"
    assert "Version" not in " ".join(pages)
    assert squash(bank.questions[2].prompt) not in squash(" ".join(pages))


def test_pdf_rendering_reaches_no_network(monkeypatch):
    connections = []
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: connections.append(args) or [])
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: connections.append(address))
    document = '<!DOCTYPE html><html lang="en"><title>t</title><img src="http://example.com/x.png"><p>text</p></html>'
    assert pdf_from_html(document).startswith(b"%PDF-")
    assert connections == []


# --------------------------------------------------------------------------------------------------
# Pictures of the pages, to look at
# --------------------------------------------------------------------------------------------------


def test_first_pages_as_png(banks, render, tmp_path):
    pdftoppm = shutil.which("pdftoppm") or shutil.which("pdftoppm", path="/usr/bin")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed, so the pages cannot be turned into PNG images")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    made = []
    for bank in banks:
        for name, options in (("quiz", TWO_VERSIONS), ("key", KEY_TWO_VERSIONS)):
            pdf = tmp_path / f"{bank.id}-{name}.pdf"
            pdf.write_bytes(render(bank, "pdf", options))
            prefix = ARTIFACTS / f"{bank.id}-{name}"
            for old in ARTIFACTS.glob(f"{bank.id}-{name}-*.png"):
                old.unlink()
            subprocess.run(  # noqa: S603 - a fixed local program on files this test wrote
                [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "2", str(pdf), str(prefix)],
                check=True,
                timeout=120,
            )
            made += sorted(ARTIFACTS.glob(f"{bank.id}-{name}-*.png"))
    assert len(made) == 2 * 2 * len(banks)
    pillow = pytest.importorskip("PIL.Image", reason="Pillow is not installed, so the pages are not checked for ink")
    for png in made:
        with pillow.open(png) as image:
            grey = image.convert("L")
            dark = sum(grey.histogram()[:128])
            assert grey.size[0] > 500 and dark > 2000, f"{png.name} looks blank"
