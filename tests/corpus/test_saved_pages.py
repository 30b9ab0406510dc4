"""Realistic saved news pages: what each one yields (metadata and body), bad input, ids, replacing, and
the promise that matters: an imported article is one a bank can quote, and a misquote is caught."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizapp import cli
from quizapp.banks import validate_paths
from quizapp.corpus import Article, find_quote, load_corpus
from quizapp.corpus.articles import METADATA_FILE
from quizapp.corpus.events import events_of
from quizapp.corpus.html_import import (
    MAX_BYTES,
    HtmlImportError,
    ImportedArticle,
    check_article_id,
    html_to_article,
    import_html_file,
    read_html_bytes,
    suggest_article_id,
    write_article,
)
from tests.conftest import AP, SEEDS

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A private copy of the shipped articles folder."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


# Each page: the metadata it must yield, the byline lines after the headline, its first paragraph, its last
# paragraph, and text on the page that is not the article (menus, ads, share buttons, related links,
# subscription walls, newsletter sign-ups, photo credits) and must not be in the text.
PAGES = {
    "jsonld_newsarticle.html": dict(
        headline="Library to open on Sundays after petition",
        outlet="Northern Ledger",  # JSON-LD publisher, not the WebSite's name in the same @graph
        author="Priya Natarajan and Owen Hughes",  # a JSON-LD list of Person objects
        date="2023-04-12",
        byline=["By Priya Natarajan and Owen Hughes \u00b7 12 April 2023"],
        first="The central library will open on Sundays from May, the county council said on Tuesday, after a "
        "petition signed by 4,312 residents.",
        last="Branch libraries in Eastfield and Marsh Lane will keep their current hours.",
        kept=["The reading room of the central library."],  # a caption readers see under the photo
        junk=[
            "Skip to content", "Sign in", "Advertisement", "Share on Facebook", "Copy link", "Read more",
            "Library cuts: what the council decided", "Sign up to the Ledger Daily", "in your inbox",
            "Photograph: Dan Reyes", "More from Local", "New bus timetable", "Promoted stories", "gadgets",
            "Northern Ledger Ltd",
        ],
    ),
    "opengraph_only.html": dict(
        headline="Town votes to keep its last covered bridge",
        outlet="Millbrook Herald",  # og:site_name
        author="Jordan Blake",  # meta name=author; article:author is a profile URL, never a name
        date="2022-09-30",  # article:published_time
        byline=[],
        first="Millbrook residents voted 612 to 488 on Thursday to repair the Mill Street covered bridge rather "
        "than replace it with a concrete span.",
        last="Selectboard chair Ben Ortiz said work could start in the spring and would close the bridge for about "
        "four months.",
        kept=[],
        junk=[
            "Subscribe", "E-edition", "Obituaries", "Share this", "Print", "Related", "Bridge closed to trucks",
            "thoughts on", "Great news", "Most popular", "County fair", "WordPress", "__INITIAL_STATE__",
            "September 30, 2022",
        ],
    ),
    "subscription_wall.html": dict(
        headline="Water bills to rise 9% as reservoir repairs begin",
        outlet="The Daily Courant",
        author="Lena Fischer",  # rel=author in the byline
        date="2024-01-17",
        byline=["By Lena Fischer, Environment Correspondent", "17 January 2024"],
        first="Households served by Vale Water will pay 9% more from April, the company said on Wednesday, to fund "
        "repairs to the Hollins reservoir dam.",
        last="The consumer group WaterWatch said the company had paid \u00a3210 million in dividends over five years "
        "while the repairs waited.",
        # The paywalled part of the story is text the teacher (a subscriber) saw: it stays.
        kept=["Engineers found cracks in the dam\u2019s spillway during an inspection in 2022."],
        junk=[
            "Subscribe to continue reading", "unlimited access", "Already a subscriber", "Log in",
            "free articles left", "Register for free", "save 50%", "Subscribe for \u00a31", "\u00a9 2024",
        ],
    ),
    "no_metadata.html": dict(
        headline="School garden wins county prize",  # only the page's <h1>
        outlet=None,
        author=None,
        date=None,
        byline=[],
        first="Pupils at Hill Top Primary have won the county's school garden prize for a vegetable plot they built "
        "on an old car park.",
        last="The prize is \u00a3500, which the school will spend on a greenhouse.",
        kept=['"The children did the digging, the planting and the weighing," said teacher Alan Price.'],
        junk=["Home", "Archive", "Contact", "Copyright 2021", "All rights reserved"],
    ),
    # Unclosed <p>s, a <head> never closed, unquoted attributes, overlapping <b><i>, a stray </span>, a
    # script writing markup, no </body></html>; windows-1252 declared without quotes.
    "malformed.html": dict(
        headline="Ferry timetable cut to four sailings a day",
        outlet="Island Echo",
        author="Carys Jones",  # meta author "By Carys Jones": the "By" is not part of the name
        date="2020-11-02",
        byline=["By Carys Jones"],
        first="The island\u2019s ferry will run four times a day instead of six from December, the operator said "
        "on Monday.",
        last="The council will ask the operator to keep the 07:40 sailing \u2014 the \u00a3 cost is not yet known.",
        kept=["Islanders who work on the mainland said the first sailing, at 07:40, was the only one that got them "
        "to work on time."],
        junk=["Home", "Ferries", "Share", "Tweet", "About us", "document.write", "Island Echo"],
    ),
}  # fmt: skip


@pytest.fixture(scope="module", params=sorted(PAGES))
def page(request) -> tuple[dict, ImportedArticle]:
    return PAGES[request.param], import_html_file(FIXTURES / request.param)


def test_metadata_of_each_page(page):
    expected, imported = page
    found = (imported.headline, imported.outlet, imported.author, imported.date)
    assert found == (expected["headline"], expected["outlet"], expected["author"], expected["date"])


def test_body_of_each_page_from_first_to_last_paragraph(page):
    expected, imported = page
    paragraphs = imported.paragraphs
    assert paragraphs[0] == expected["headline"]  # the headline the page shows leads the text
    byline = expected["byline"]  # the byline is text readers see above the story: it stays
    assert paragraphs[1 : 1 + len(byline)] == byline
    assert paragraphs[1 + len(byline)] == expected["first"]
    assert paragraphs[-1] == expected["last"]
    for text in expected["kept"]:
        assert text in imported.text


def test_no_site_chrome_in_each_page(page):
    expected, imported = page
    article = Article(id="page", text=imported.text)
    for junk in expected["junk"]:
        assert junk not in imported.text, junk
        assert find_quote(article, junk) is None, junk


def test_every_paragraph_of_each_page_can_be_quoted(page):
    _, imported = page
    article = Article(id="page", text=imported.text)
    for paragraph in imported.paragraphs:
        assert find_quote(article, paragraph) is not None, paragraph


def test_malformed_page_really_is_windows_1252_and_unclosed():
    raw = (FIXTURES / "malformed.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b"</p>" not in raw and b"</head>" not in raw and b"</html>" not in raw


# --- authors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "author"),
    [
        ('<script type="application/ld+json">{"@type": "NewsArticle", "author": "Ann Lee"}</script>', "Ann Lee"),
        (
            '<script type="application/ld+json">{"@type": "Article", "author": {"@type": "Person", "name": "Ann Lee",'
            ' "url": "https://x.example/ann"}}</script>',
            "Ann Lee",
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"name": "Ann Lee"}, '
            '{"name": "Bob Ray"}, "Cy Diaz", {"name": "Ann Lee"}]}</script>',
            "Ann Lee, Bob Ray and Cy Diaz",  # every name once, in order
        ),
        ('<meta name="author" content="Ann Lee">', "Ann Lee"),
        ('<meta name="author" content="By Ann Lee and Bob Ray">', "Ann Lee and Bob Ray"),
        ('<meta property="article:author" content="https://facebook.com/ann">', None),
        ('<p>By <a rel="author" href="/ann">Ann Lee</a></p>', "Ann Lee"),
        ('<span itemprop="author" itemscope><span itemprop="name">Ann Lee</span></span>', "Ann Lee"),
        ('<p class="article-byline">By Ann Lee, Bob Ray and Cy Diaz, staff writers \u00b7 June 8</p>',
         "Ann Lee, Bob Ray and Cy Diaz"),
        ('<p class="byline">By J. R. Smith. Published 2020-01-02</p>', "J. R. Smith"),
        ('<p class="byline">by our reporter</p>', None),  # no name is given: none is made up
        ('<div class="author-bio">' + "Ann writes about schools. " * 20 + "</div>", None),
    ],
)  # fmt: skip
def test_authors_from_structured_data_meta_links_and_bylines(markup, author):
    page = f"<html><head></head><body>{markup}<article><p>The story itself.</p></article></body></html>"
    imported = html_to_article(page)
    assert imported.author == author
    assert imported.text.endswith("The story itself.")


def test_json_ld_author_wins_over_the_byline_and_meta():
    page = (
        '<meta name="author" content="Desk Editor"><script type="application/ld+json">'
        '{"@type": "NewsArticle", "author": {"name": "Ann Lee"}}</script>'
        '<article><p class="byline">By Someone Else</p><p>Text.</p></article>'
    )
    assert html_to_article(page).author == "Ann Lee"


def test_bylines_of_teasers_and_related_stories_are_not_the_authors():
    page = (
        '<div class="top-stories"><p class="byline">By Teaser Writer</p><p><a href="/x">Other story</a></p></div>'
        '<aside><a rel="author" href="/a">Sidebar Columnist</a></aside>'
        '<article><p class="byline">By <a rel="author" href="/ann">Ann Lee</a></p><p>The story itself.</p>'
        '<div class="related"><p class="byline">By Related Writer</p></div></article>'
    )
    assert html_to_article(page).author == "Ann Lee"
    without_link = page.replace('<a rel="author" href="/ann">Ann Lee</a>', "Ann Lee")
    assert html_to_article(without_link).author == "Ann Lee"  # the article's byline before the teaser's


def test_nested_author_elements_without_a_name_give_no_author():
    # Only the first few dozen candidates are looked at (each walks up to the root); none names anyone.
    page = '<div class="author">' * 5_000 + "<p>Deep text.</p>"
    imported = html_to_article(page)
    assert imported.author is None and imported.text == "Deep text."


# --- bad input: a clear message, nothing written ----------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli.main, ["articles", "import", *args])


def test_bad_encoding_is_a_clear_error_and_writes_nothing(articles, tmp_path):
    page = tmp_path / "mislabelled.html"
    # Declares UTF-8 but was saved as windows-1252: the curly quotes are bytes 0x93 and 0x94.
    page.write_bytes(b'<html><head><meta charset="utf-8"></head><body><p>\x93Do not come,\x94 she said.</p></body>')
    before = snapshot(articles)
    result = run(str(page), "--articles", str(articles))
    assert result.exit_code == 1
    assert "mislabelled.html: the page declares the character set 'utf-8', but byte 0x93 at offset" in result.output
    assert snapshot(articles) == before


def test_a_huge_page_is_refused_with_its_size_and_writes_nothing(articles, tmp_path):
    # A real-looking page whose text runs past the limit: refused before it is parsed.
    paragraph = "<p>The council met again on Monday and heard from residents about the plans.</p>\n"
    body = paragraph * (MAX_BYTES // len(paragraph) + 10)
    page = tmp_path / "huge.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>Long</title></head><body><article>{body}</article></body>")
    assert page.stat().st_size > MAX_BYTES
    before = snapshot(articles)
    result = run(str(page), "--articles", str(articles))
    assert result.exit_code == 1
    assert "huge.html: the file is over the limit of 5,242,880 bytes" in result.output
    assert snapshot(articles) == before


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"Just some notes about the story, pasted as plain text.\n",
        b"PK\x03\x04\x14\x00\x06\x00",  # a .docx
    ],
)
def test_files_that_are_not_web_pages_are_refused(articles, tmp_path, data):
    page = tmp_path / "story.html"
    page.write_bytes(data)
    before = snapshot(articles)
    result = run(str(page), "--articles", str(articles))
    assert result.exit_code == 1
    assert "story.html: this is not a saved web page (HTML)" in result.output
    assert snapshot(articles) == before


def test_pages_that_start_with_a_comment_doctype_or_bom_are_web_pages():
    for text in ("<!-- saved from url=(0020)x -->\n<html>", "\ufeff<!DOCTYPE html>", "  \n<p>Text</p>"):
        assert read_html_bytes(text.encode("utf-8")) == text.lstrip("\ufeff")  # the mark is not text


# --- ids --------------------------------------------------------------------------------------------


def test_suggested_id_is_date_outlet_headline_in_ascii():
    imported = import_html_file(FIXTURES / "jsonld_newsarticle.html")
    assert suggest_article_id(imported) == "2023-04-12_northern-ledger_library-to-open-on-sundays-after"
    cafe = ImportedArticle(
        headline="Caf\u00e9 owners fear \u201cparking chaos\u201d at Qu\u00e4y St.", text="x", outlet="Le Monde",
        date=None,
    )  # fmt: skip
    assert suggest_article_id(cafe) == "le-monde_cafe-owners-fear-parking-chaos-at"


def test_suggested_id_never_names_an_existing_article():
    imported = ImportedArticle(headline="Bridge reopens", text="x", outlet=None, date="2022-01-02")
    assert suggest_article_id(imported, ["2022-01-02_bridge-reopens"]) == "2022-01-02_bridge-reopens-2"
    taken = ["2022-01-02_Bridge-Reopens", "2022-01-02_bridge-reopens-2"]  # case-insensitive file systems
    assert suggest_article_id(imported, taken) == "2022-01-02_bridge-reopens-3"


def test_a_page_with_nothing_to_name_it_by_still_gets_a_valid_id():
    nameless = ImportedArticle(headline="\u65b0\u95fb", text="x", outlet=None, date=None)  # no ASCII letters
    assert suggest_article_id(nameless) == "imported-article"
    long = ImportedArticle(headline="word " * 50, text="x", outlet="outlet " * 50, date="2021-06-08")
    assert check_article_id(suggest_article_id(long, [suggest_article_id(long)]))


def test_cli_derives_the_id_and_never_overwrites(articles):
    page = str(FIXTURES / "opengraph_only.html")
    first = run(page, "--articles", str(articles))
    assert first.exit_code == 0, first.output
    assert "id: 2022-09-30_millbrook-herald_town-votes-to-keep-its-last" in first.output
    assert "author: Jordan Blake" in first.output
    second = run(page, "--articles", str(articles))
    assert second.exit_code == 0, second.output
    assert "id: 2022-09-30_millbrook-herald_town-votes-to-keep-its-last-2" in second.output
    corpus = load_corpus(articles)
    assert len(corpus) == 6
    assert corpus["2022-09-30_millbrook-herald_town-votes-to-keep-its-last"].author == "Jordan Blake"


def test_cli_given_id_and_overrides(articles):
    result = run(
        str(FIXTURES / "no_metadata.html"), "--id", "garden", "--articles", str(articles),
        "--outlet", "Hill Top Village News", "--author", "A. Reporter", "--date", "2021-05-04",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    garden = load_corpus(articles)["garden"]
    assert (garden.outlet, garden.author, garden.date) == ("Hill Top Village News", "A. Reporter", "2021-05-04")
    metadata = yaml.safe_load((articles / METADATA_FILE).read_text(encoding="utf-8"))
    assert metadata["garden"]["author"] == "A. Reporter"


def test_cli_sets_the_event_so_the_article_joins_its_own_comparison(articles):
    result = run(
        str(FIXTURES / "no_metadata.html"), "--id", "garden", "--articles", str(articles),
        "--event", "  Hill Top   garden show ",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "event: Hill Top garden show" in result.output
    metadata = yaml.safe_load((articles / METADATA_FILE).read_text(encoding="utf-8"))
    assert metadata["garden"]["event"] == "Hill Top garden show"
    events = events_of(load_corpus(articles))
    assert ("Hill Top garden show", ("garden",)) in [(event.name, event.ids) for event in events]
    plain = run(str(FIXTURES / "no_metadata.html"), "--id", "garden-2", "--articles", str(articles))
    assert "event: none (compared with no other report by default; add one with --event)" in plain.output
    assert "event" not in yaml.safe_load((articles / METADATA_FILE).read_text(encoding="utf-8"))["garden-2"]


def test_cli_without_metadata_says_what_is_missing(articles):
    result = run(str(FIXTURES / "no_metadata.html"), "--id", "garden", "--articles", str(articles))
    assert result.exit_code == 0, result.output
    assert "outlet: Unknown outlet" in result.output
    assert "author: none (the page names none; add one with --author)" in result.output
    assert "date: none (the page gives none; add one with --date)" in result.output


def test_old_command_name_still_works_but_is_not_listed(articles):
    result = CliRunner().invoke(
        cli.main, ["import-article", str(FIXTURES / "malformed.html"), "ferry", "--articles", str(articles)]
    )
    assert result.exit_code == 0, result.output
    assert load_corpus(articles)["ferry"].outlet == "Island Echo"
    listing = CliRunner().invoke(cli.main, ["--help"]).output
    assert "import-article" not in listing and "articles" in listing


def test_articles_list(articles):
    run(str(FIXTURES / "subscription_wall.html"), "--id", "water", "--articles", str(articles))
    result = CliRunner().invoke(cli.main, ["articles", "list", "--articles", str(articles)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert f"{AP}\t2021-06-08\tAssociated Press: " in result.stdout
    assert (
        "water\t2024-01-17\tThe Daily Courant (by Lena Fischer): Water bills to rise 9% as reservoir repairs begin"
        in lines
    )


# --- replacing ---------------------------------------------------------------------------------------


def test_replace_rewrites_the_article_and_only_its_entry(articles):
    write_article(articles, "story", import_html_file(FIXTURES / "no_metadata.html"), notes="First version.")
    write_article(articles, "later", import_html_file(FIXTURES / "opengraph_only.html"))
    before = (articles / METADATA_FILE).read_text(encoding="utf-8")
    with pytest.raises(HtmlImportError, match="never overwritten"):
        write_article(articles, "story", import_html_file(FIXTURES / "malformed.html"))
    assert (articles / METADATA_FILE).read_text(encoding="utf-8") == before

    new = import_html_file(FIXTURES / "malformed.html")
    article = write_article(articles, "story", new, replace=True)
    assert article.text == new.text and article.outlet == "Island Echo" and article.notes is None
    after = (articles / METADATA_FILE).read_text(encoding="utf-8")
    head, _, _ = before.partition("story:\n")
    assert after.startswith(head)  # the comments and the seed entries before it are untouched
    assert after.index("story:") < after.index("later:")  # replaced where it stood, not appended
    corpus = load_corpus(articles)
    assert corpus["later"].outlet == "Millbrook Herald"
    assert len(corpus) == 6


def test_cli_replace_reimports_to_the_same_derived_id(articles):
    page = str(FIXTURES / "subscription_wall.html")
    assert run(page, "--articles", str(articles)).exit_code == 0
    result = run(page, "--articles", str(articles), "--replace", "--author", "L. Fischer")
    assert result.exit_code == 0, result.output
    assert "note: replaced the article 2024-01-17_the-daily-courant_water-bills-to-rise-9-as;" in result.stderr
    corpus = load_corpus(articles)
    assert len(corpus) == 5
    assert corpus["2024-01-17_the-daily-courant_water-bills-to-rise-9-as"].author == "L. Fischer"


def test_a_failed_replace_restores_the_old_article(articles, monkeypatch):
    from quizapp.corpus import article_store

    write_article(articles, "story", import_html_file(FIXTURES / "no_metadata.html"))
    before = snapshot(articles)
    real = article_store.load_corpus
    calls = []

    def check_fails_after_writing(folder):
        calls.append(folder)
        if len(calls) > 1:  # the first load checks the folder; the second proves the new article loads
            raise ValueError("simulated failure while checking")
        return real(folder)

    monkeypatch.setattr(article_store, "load_corpus", check_fails_after_writing)
    with pytest.raises(HtmlImportError, match="nothing was added"):
        write_article(articles, "story", import_html_file(FIXTURES / "malformed.html"), replace=True)
    assert len(calls) == 2
    assert snapshot(articles) == before  # the old text and the old entry, byte for byte


# --- the promise: an imported article can be quoted by a bank, and a misquote is caught -------------

BANK = """\
bank: library-hours
title: Library hours
questions:
  - id: petition
    type: numeric
    prompt: How many residents signed the petition?
    answer: 4312
    sources:
      - article: {article}
        quote: {quote}
"""


def test_an_imported_page_is_quotable_by_a_bank_and_misquotes_are_located(articles, tmp_path):
    result = run(str(FIXTURES / "jsonld_newsarticle.html"), "--id", "library", "--articles", str(articles))
    assert result.exit_code == 0, result.output
    corpus = load_corpus(articles)

    good = tmp_path / "good.yaml"
    good.write_text(BANK.format(article="library", quote="after a petition signed by 4,312 residents"))
    report = validate_paths([good], corpus)
    assert report.problems == []

    bad = tmp_path / "bad.yaml"
    bad.write_text(BANK.format(article="library", quote="after a petition signed by 4,321 residents"))
    report = validate_paths([bad], corpus)
    assert [str(p) for p in report.problems] == [
        f"{bad}:10: question petition: quote not found in library (Northern Ledger): "
        '"after a petition signed by 4,321 residents"; closest passage: "after a petition signed by 4,312 residents"'
    ]

    junk = tmp_path / "junk.yaml"  # text of the page that is not the article cannot be quoted
    junk.write_text(BANK.format(article="library", quote="Sign up to the Ledger Daily"))
    assert "quote not found in library" in str(validate_paths([junk], corpus).problems[0])


def test_the_command_line_validate_accepts_a_bank_quoting_an_imported_page(articles, tmp_path):
    run(str(FIXTURES / "jsonld_newsarticle.html"), "--id", "library", "--articles", str(articles))
    bank = tmp_path / "bank.yaml"
    bank.write_text(textwrap.dedent(BANK.format(article="library", quote='"This is a start."')))
    result = CliRunner().invoke(cli.main, ["validate", str(bank), "--articles", str(articles)])
    assert result.exit_code == 0, result.output
