"""Importing news articles saved from a browser: what is kept, what is dropped, and adding them safely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizapp import cli
from quizapp.commands import articles as cli_articles
from quizapp.corpus import Article, find_quote, load_corpus
from quizapp.corpus.articles import METADATA_FILE
from quizapp.corpus.html_import import (
    MAX_BYTES,
    MAX_TAGS,
    HtmlImportError,
    ImportedArticle,
    decode_html,
    html_to_article,
    import_html_file,
    write_article,
)
from tests.conftest import AP, SEEDS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NEWS = FIXTURES / "news_page.html"
NO_ARTICLE = FIXTURES / "no_article.html"
WINDOWS_1252 = FIXTURES / "windows1252.html"

# news_page.html as a reader sees it, in the page's own typography (no-break spaces, curly quotes,
# dashes): the headline, the article's own header (standfirst, byline), then the body in order.
NEWS_PARAGRAPHS = [
    "Council backs late-night bus routes after \u201cheated\u201d debate",
    "Three new routes will run until 1\u00a0a.m. from September \u2014 but only as a one-year trial.",
    "By Maria Ortega, transport reporter \u00b7 June 8, 2021",
    "VALLEY CITY \u2014 The city council voted 7\u20132 on Monday night to fund three late-night bus routes, ending a "
    "two-year campaign by shift workers who said the last bus left them stranded.",
    "\u201cWe have nurses walking home at midnight because the 11:15 is the last bus,\u201d said councillor Dana "
    "Whitfield, who proposed the measure. \u201cThat is not a transport policy \u2014 it is a gamble.\u201d",
    "The routes, numbered 14, 22 and 31, will run every 30\u00a0minutes until 1\u00a0a.m. The trial will cost "
    "$2.4\u00a0million in its first year, paid from the transit reserve.",
    "Opponents questioned the numbers. Councillor Roy Baptiste said the ridership estimates came from a survey "
    "of only 212 people.",
    "What changes for riders",
    "Route 14 will link the hospital with the Northgate estate.",
    "Route 22 will follow the river road to the industrial park.",
    "Route 31 will loop through the city centre every half hour.",
    "\u201cIt is the first time in years the council has asked us what we need,\u201d one night-shift worker told "
    "the meeting.",
    "Buses at the Central Station depot on Monday. Photo: Valley Courier",
    "Baptiste called the plan \u201ca promise the budget cannot keep\u201d and voted against it.",
    "The council\u2019s transport committee will review the figures in March. If fewer than 150\u00a0people use a "
    "route each night, it could be cut\u00a0\u2014 or merged with another.",
    "You can read the full vote record on the council\u2019s website.",
]

# Every sentence a reader sees in the article, typed the way a teacher would type it (straight quotes,
# hyphens, plain spaces). The <q> is quoted as browsers render it; the soft hyphen in "ridership" and
# the line break after "numbers." are invisible on the page, so they must not break a quote.
NEWS_SENTENCES = [
    'Council backs late-night bus routes after "heated" debate',
    "Three new routes will run until 1 a.m. from September - but only as a one-year trial.",
    "By Maria Ortega, transport reporter",
    "VALLEY CITY - The city council voted 7-2 on Monday night to fund three late-night bus routes, ending a "
    "two-year campaign by shift workers who said the last bus left them stranded.",
    '"We have nurses walking home at midnight because the 11:15 is the last bus," said councillor Dana Whitfield, '
    "who proposed the measure.",
    '"That is not a transport policy - it is a gamble."',
    "The routes, numbered 14, 22 and 31, will run every 30 minutes until 1 a.m.",
    "The trial will cost $2.4 million in its first year, paid from the transit reserve.",
    "Opponents questioned the numbers. Councillor Roy Baptiste said the ridership estimates came from a survey "
    "of only 212 people.",
    "What changes for riders",
    "Route 14 will link the hospital with the Northgate estate.",
    "Route 22 will follow the river road to the industrial park.",
    "Route 31 will loop through the city centre every half hour.",
    '"It is the first time in years the council has asked us what we need," one night-shift worker told the meeting.',
    "Buses at the Central Station depot on Monday.",
    'Baptiste called the plan "a promise the budget cannot keep" and voted against it.',
    "The council's transport committee will review the figures in March.",
    "If fewer than 150 people use a route each night, it could be cut - or merged with another.",
    "You can read the full vote record on the council's website.",
]

# Site chrome on news_page.html a reader sees around the article, and code no reader sees at all.
NEWS_CHROME = [
    "We use cookies",  # cookie banner (role=dialog)
    "Accept all",
    "The Valley Courier",  # the logo in the site header
    "Tuesday, June 8, 2021",  # the site header's edition line
    "Opinion",  # <nav>
    "Subscribe",  # <nav> and the footer's subscription promotion
    "Unlimited access to the local news you can trust.",
    "All rights reserved",  # site footer
    "Please enable JavaScript",  # <noscript>
    "Share on Twitter",  # share tools in the article header
    "Email this story",
    "Advertisement",  # the ad slot in the body
    "googletag",  # a script in the body
    "dataLayer",  # a script in <head>
    "min-height",  # <style>
    "Related",  # the related-links aside
    "Fare rise approved for 2022",
    "Get the Morning Courier",  # the newsletter promotion and its form
    "Sign up",
    "Topics:",  # the article's footer
    "Share on Facebook",
    "Most read",  # a section outside the <article>
    "River flood warning lifted",
    "opens in a new tab",  # screen-reader-only text
    "Three buses parked in a row",  # image alt text
]


def as_article(imported: ImportedArticle, article_id: str = "imported") -> Article:
    """The imported text as the corpus would hold it."""
    return Article(id=article_id, text=imported.text)


@pytest.fixture(scope="module")
def news() -> ImportedArticle:
    return import_html_file(NEWS)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A private copy of the shipped articles folder."""
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


# --- reading pages --------------------------------------------------------------------------------


def test_news_page_metadata(news):
    assert news.headline == "Council backs late-night bus routes after \u201cheated\u201d debate"
    assert news.outlet == "The Valley Courier"
    assert news.date == "2021-06-08"  # the ISO date part of article:published_time, as written


def test_news_page_paragraphs_are_the_article_in_order(news):
    assert news.paragraphs == NEWS_PARAGRAPHS
    assert news.text == "\n\n".join(NEWS_PARAGRAPHS)  # headline first, one blank line between, no trailing newline
    article = as_article(news)
    assert [article.slice(p.span) for p in article.paragraphs] == NEWS_PARAGRAPHS


@pytest.mark.parametrize("sentence", NEWS_SENTENCES)
def test_every_visible_sentence_is_found(news, sentence):
    assert find_quote(as_article(news), sentence) is not None, sentence


@pytest.mark.parametrize("chrome", NEWS_CHROME)
def test_site_chrome_is_dropped(news, chrome):
    assert chrome not in news.text
    assert find_quote(as_article(news), chrome) is None


def test_typography_is_kept_and_only_ascii_whitespace_collapses(news):
    text = news.text
    assert "\u201cheated\u201d" in text and "\u2014" in text and "7\u20132" in text and "council\u2019s" in text
    assert "30\u00a0minutes" in text and "cut\u00a0\u2014 or" in text  # &nbsp; stays a no-break space
    assert "\u00ad" not in text  # a soft hyphen is invisible and would split "ridership" for quotes
    assert "\r" not in text and "\t" not in text and "  " not in text
    assert all("\n" not in paragraph for paragraph in news.paragraphs)
    assert not text.endswith("\n") and "\n\n\n" not in text


def test_page_without_article_element():
    imported = import_html_file(NO_ARTICLE)
    # The site's logo is an <h1> too; the one the <title> names is the headline.
    assert imported.headline == "Harbour dredging to start in spring"
    assert imported.outlet == "Coastline Gazette"  # <meta name="publisher">
    assert imported.date == "2020-03-04"  # the byline's <time datetime>
    assert imported.paragraphs == [
        "Harbour dredging to start in spring",
        "By Tom Reilly, harbour correspondent. Published 4 March 2020",
        "Work to deepen the harbour channel will begin in April, the port authority confirmed on Tuesday, after a "
        "three-year wait for environmental approval.",
        "The authority\u2019s chief executive, Sinead Murphy, said the channel had silted up so badly that larger "
        "fishing boats could only enter at high tide. \u201cSome skippers have been landing their catch in the next "
        "town,\u201d she said.",
        "About 40,000 cubic metres of silt will be removed. The authority said the spoil would be tested before it "
        "is dumped at sea.",
        # text in a <div>, paragraphs broken by <br><br> as older sites do
        "Local fishermen welcomed the news.",
        "Environmental groups said they would watch the testing closely.",
        "The work is expected to take six weeks.",
    ]
    for chrome in ("Coastline Gazette", "Home", "Weather", "Most popular", "Lifeboat crew", "uses cookies"):
        assert chrome not in imported.text


def test_windows_1252_page_is_decoded_by_its_declared_charset():
    raw = WINDOWS_1252.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is windows-1252
    imported = import_html_file(WINDOWS_1252)
    assert imported.headline == "Caf\u00e9 owners fear \u201cparking chaos\u201d"
    assert imported.outlet == "Riverside Weekly"
    assert imported.date == "2019-11-21"
    assert "\u201cA coffee costs \u20ac3. A parking fine costs \u20ac60,\u201d said Ren\u00e9e Dubois" in imported.text
    assert "11\u00a0years" in imported.text and "remember\u2026?" in imported.text
    article = as_article(imported)
    for sentence in (
        "Owners of the six caf\u00e9s on Quay Street",
        "the council's new parking rules will drive customers away - and that nobody asked them first.",
        '"Which one do you think people remember...?"',  # NFKC reads the ellipsis as three dots
        "The council says the rules, which start on 1 January, will free 40 spaces for residents.",
    ):
        assert find_quote(article, sentence) is not None, sentence
    assert "Home" not in imported.text and "\u00a9" not in imported.text


def test_latin1_label_means_windows_1252_as_in_browsers():
    page = b'<meta charset="ISO-8859-1"><p>\x93Do not come,\x94 she said \x97 twice.</p>'
    assert html_to_article(page).text == "\u201cDo not come,\u201d she said \u2014 twice."


def test_utf8_byte_order_mark_wins_and_is_not_text():
    page = "\ufeff<p>Caf\u00e9 \u201cLumi\u00e8re\u201d</p>".encode()
    assert html_to_article(page).text == "Caf\u00e9 \u201cLumi\u00e8re\u201d"


def test_undeclared_non_utf8_bytes_are_a_clear_error():
    with pytest.raises(HtmlImportError, match=r"declares no character set and is not UTF-8 \(byte 0xe9"):
        decode_html(b"<p>Caf\xe9</p>")


def test_bytes_not_in_the_declared_charset_are_a_clear_error():
    with pytest.raises(HtmlImportError, match=r"declares the character set 'utf-8', but byte 0xff"):
        decode_html(b'<meta charset="utf-8"><p>\xff</p>')


@pytest.mark.parametrize("label", ["klingon", "rot13", "utf-7"])
def test_unknown_or_non_web_charsets_are_refused(label):
    with pytest.raises(HtmlImportError, match=label):
        decode_html(f'<meta charset="{label}"><p>Hello.</p>'.encode("ascii"))


def test_huge_pages_are_refused(tmp_path):
    with pytest.raises(HtmlImportError, match="limit"):
        html_to_article(b" " * (MAX_BYTES + 1))
    with pytest.raises(HtmlImportError, match="limit"):
        html_to_article("<p>" + "x" * MAX_BYTES + "</p>")
    with pytest.raises(HtmlImportError, match="limit"):
        html_to_article("<p>" + "\u00e9" * (MAX_BYTES // 2) + "</p>")  # counted in UTF-8 bytes, not characters
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no need to write 5 MB to refuse it
    with pytest.raises(HtmlImportError, match=r"huge\.html: the file is over the limit of 5,242,880 bytes"):
        import_html_file(huge)


def test_pages_of_countless_tags_are_refused_before_parsing():
    with pytest.raises(HtmlImportError, match="more than 250,000 tags"):
        html_to_article("<p>" + "<br>" * MAX_TAGS)


@pytest.mark.parametrize(
    "page",
    [
        "",
        "<html><head><title>Home</title><script>var x = 1;</script></head><body></body></html>",
        "<body><nav><a href='/'>Home</a></nav><aside>Related stories</aside><footer>\u00a9 2021</footer></body>",
        "<body><p>&nbsp;</p><p> \n </p><div hidden>Hidden text.</div></body>",
        "<body><article><h1>Only a headline</h1></article></body>",
    ],
)
def test_pages_without_article_text_are_refused(page):
    with pytest.raises(HtmlImportError, match="no article text found"):
        html_to_article(page)


def test_a_file_name_is_markup_never_a_file_to_open():
    # BeautifulSoup warns about markup that looks like a path; the importer never opens anything.
    assert html_to_article(str(NEWS)).text == str(NEWS)


def test_deeply_nested_pages_do_not_crash():
    page = "<div>" * 50_000 + "<p>Deep inside, a sentence.</p>"
    assert html_to_article(page).text == "Deep inside, a sentence."


def test_headline_from_metadata_is_not_put_in_the_text():
    page = (
        '<head><meta property="og:site_name" content="Daily Example">'
        "<title>Bridge reopens after repairs | Daily Example</title></head>"
        "<body><article><p>The bridge reopened on Friday.</p></article></body>"
    )
    imported = html_to_article(page)
    assert imported.headline == "Bridge reopens after repairs"  # the site's name is not part of the headline
    assert imported.text == "The bridge reopened on Friday."  # readers never see a <title> in the page
    assert imported.outlet == "Daily Example"
    og = html_to_article(page.replace("<title>", '<meta property="og:title" content="Bridge is open"><title>'))
    assert og.headline == "Bridge is open"


def test_a_masthead_h1_is_not_the_headline():
    page = (
        '<body><header class="masthead"><h1>The Daily Example</h1><p>Since 1901</p></header>'
        "<div class='story'><h2>Bridge reopens</h2><p>The bridge reopened on Friday.</p></div></body>"
    )
    imported = html_to_article(page)
    assert imported.headline is None
    assert imported.paragraphs == ["Bridge reopens", "The bridge reopened on Friday."]


def test_the_headlines_own_header_outside_the_article_is_kept():
    page = (
        "<head><title>Bridge reopens</title></head><body>"
        '<header class="story-head"><h1>Bridge reopens</h1><p class="byline">By Ann Lee</p></header>'
        "<article><p>The bridge reopened on Friday.</p></article></body>"
    )
    assert html_to_article(page).paragraphs == ["Bridge reopens", "By Ann Lee", "The bridge reopened on Friday."]


def test_an_article_split_around_an_advertisement_is_kept_whole():
    page = (
        "<body><div class='menu'><a href='/'>Home</a></div><div class='story'>"
        "<div class='text'><p>The first part of the story comes before the break.</p></div>"
        "<div class='inline-ad'><p>Buy a car today.</p></div>"
        "<div class='text'><p>The second part of the story comes after it.</p></div></div></body>"
    )
    assert html_to_article(page).paragraphs == [
        "The first part of the story comes before the break.",
        "The second part of the story comes after it.",
    ]


def test_structured_data_gives_headline_outlet_and_date():
    page = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", '
        '"headline": "Port deal signed", "datePublished": "2022-02-03T10:00:00Z", '
        '"publisher": {"@type": "Organization", "name": "Harbour Post"}}]}</script>'
        '<script type="application/ld+json">{not json</script>'
        "<div><p>The port signed the deal.</p></div>"
    )
    imported = html_to_article(page)
    assert (imported.headline, imported.outlet, imported.date) == ("Port deal signed", "Harbour Post", "2022-02-03")
    assert imported.text == "The port signed the deal."


def test_a_date_is_never_guessed():
    page = (
        '<body><header class="masthead"><time datetime="2030-01-01">Today</time></header>'
        "<article><p>Published on a Tuesday in June.</p><p>No year is given.</p></article></body>"
    )
    imported = html_to_article(page)
    assert imported.date is None and imported.outlet is None and imported.headline is None
    assert html_to_article('<meta property="article:published_time" content="June 8, 2021"><p>x</p>').date is None


def test_q_tables_and_line_breaks_read_as_browsers_show_them():
    page = (
        "<article><p>She said <q>I was told <q>wait</q> twice</q>.</p>"
        "<table><tr><th>Route</th><td>14</td></tr></table><p>One<br>two<br/><br>three</p></article>"
    )
    assert html_to_article(page).paragraphs == [
        "She said \u201cI was told \u2018wait\u2019 twice\u201d.",
        "Route 14",
        "One two",
        "three",
    ]


# --- writing into the articles folder ----------------------------------------------------------------


def test_write_article_adds_text_and_metadata_and_keeps_the_rest(articles, news):
    before = snapshot(articles)
    article = write_article(articles, "004_bus_routes", news, notes="Saved from the Courier's website.")
    assert article.text == news.text
    assert (articles / "004_bus_routes.txt").read_bytes() == news.text.encode("utf-8")  # nothing translated
    corpus = load_corpus(articles)
    assert list(corpus) == [*sorted(p[:-4] for p in before if p.endswith(".txt")), "004_bus_routes"]
    new = corpus["004_bus_routes"]
    assert (new.outlet, new.headline, new.date) == ("The Valley Courier", news.headline, "2021-06-08")
    assert new.notes == "Saved from the Courier's website."
    assert [new.slice(p.span) for p in new.paragraphs] == NEWS_PARAGRAPHS
    after = snapshot(articles)
    for name, data in before.items():
        if name == METADATA_FILE:
            assert after[name].startswith(data)  # comments and existing entries untouched; one block appended
        else:
            assert after[name] == data, name
    shipped = load_corpus(SEEDS)
    for article_id, original in shipped.items():
        assert corpus[article_id] == original


def test_given_metadata_wins_over_the_page(articles, news):
    article = write_article(
        articles, "bus", news, outlet=" Valley Courier ", headline="Late buses approved", date="2021-06-07"
    )
    assert (article.outlet, article.headline, article.date) == ("Valley Courier", "Late buses approved", "2021-06-07")


def test_fallbacks_are_neutral_and_no_date_is_made_up(articles):
    imported = ImportedArticle(headline=None, text="A report with no metadata.", outlet=None, date=None)
    article = write_article(articles, "anonymous", imported)
    assert (article.outlet, article.headline, article.date) == ("Unknown outlet", "[Imported article anonymous]", None)
    metadata = yaml.safe_load((articles / METADATA_FILE).read_text(encoding="utf-8"))
    assert metadata["anonymous"] == {"outlet": "Unknown outlet", "headline": "[Imported article anonymous]"}


def test_a_folder_without_metadata_gets_one(tmp_path):
    imported = ImportedArticle(headline="H", text="H\n\nBody.", outlet="O", date=None)
    write_article(tmp_path, "first", imported)
    assert load_corpus(tmp_path)["first"].outlet == "O"


def test_refuses_to_overwrite(articles, news):
    before = snapshot(articles)
    with pytest.raises(HtmlImportError, match="already exists"):
        write_article(articles, AP, news)
    assert snapshot(articles) == before
    write_article(articles, "bus", news)
    again = snapshot(articles)
    with pytest.raises(HtmlImportError, match="never overwritten"):
        write_article(articles, "bus", news)
    assert snapshot(articles) == again


@pytest.mark.parametrize("bad_id", ["", "has space", "../escape", "a/b", "story.txt", "id\n", "caf\u00e9", "a" * 101])
def test_refuses_bad_ids(articles, news, bad_id):
    before = snapshot(articles)
    with pytest.raises(HtmlImportError, match="bad article id"):
        write_article(articles, bad_id, news)
    assert snapshot(articles) == before


@pytest.mark.parametrize("bad_date", ["2021-6-8", "08/06/2021", "2021-02-30", "June 8, 2021"])
def test_refuses_bad_dates(articles, news, bad_date):
    with pytest.raises(HtmlImportError, match="bad date"):
        write_article(articles, "bus", news, date=bad_date)
    assert not (articles / "bus.txt").exists()


def test_refuses_empty_text(articles):
    with pytest.raises(HtmlImportError, match="no text"):
        write_article(articles, "empty", ImportedArticle(headline=None, text=" \n ", outlet=None, date=None))


def test_rolls_back_when_the_folder_would_not_load(articles, news):
    # A metadata file closed with a YAML document end marker loads, but anything appended after it does not.
    meta = articles / METADATA_FILE
    meta.write_bytes(meta.read_bytes() + b"...\n")
    load_corpus(articles)
    before = snapshot(articles)
    with pytest.raises(HtmlImportError, match=r"(?s)would not load with bus .*; nothing was added"):
        write_article(articles, "bus", news)
    assert snapshot(articles) == before


def test_refuses_a_folder_that_is_already_broken(articles, news):
    (articles / "orphan.txt").write_text("text", encoding="utf-8")
    (articles / METADATA_FILE).write_text("orphan: [not, a, mapping]\n", encoding="utf-8")
    before = snapshot(articles)
    with pytest.raises(HtmlImportError, match="does not load"):
        write_article(articles, "bus", news)
    assert snapshot(articles) == before


# --- the command -----------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli.main, ["import-article", *args])


def test_cli_imports_and_reports(articles):
    result = run(str(NEWS), "004_bus_routes", "--articles", str(articles), "--notes", "From the Courier.")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "id: 004_bus_routes",
        "outlet: The Valley Courier",
        f"headline: {NEWS_PARAGRAPHS[0]}",
        "author: Maria Ortega",
        "date: 2021-06-08",
        "event: none (compared with no other report by default; add one with --event)",
        f"paragraphs: {len(NEWS_PARAGRAPHS)}",
        f"first paragraph: {NEWS_PARAGRAPHS[0]}",
    ]
    assert load_corpus(articles)["004_bus_routes"].notes == "From the Courier."


def test_cli_overrides_and_default_folder(tmp_path, monkeypatch, articles):
    # Without --articles the command writes to the project's seeds/; point the project root at a copy.
    monkeypatch.setattr(cli_articles, "PROJECT_ROOT", tmp_path)
    articles.rename(tmp_path / "seeds")
    result = run(
        str(NO_ARTICLE), "harbour", "--outlet", "The Gazette", "--headline", "Dredging", "--date", "2020-03-03"
    )
    assert result.exit_code == 0, result.output
    assert "date: 2020-03-03" in result.output
    harbour = load_corpus(tmp_path / "seeds")["harbour"]
    assert (harbour.outlet, harbour.headline, harbour.date) == ("The Gazette", "Dredging", "2020-03-03")


def test_cli_import_errors_exit_1(articles, tmp_path):
    before = snapshot(articles)
    result = run(str(NEWS), AP, "--articles", str(articles))
    assert result.exit_code == 1 and "already exists" in result.output
    chrome = tmp_path / "chrome.html"
    chrome.write_text("<nav>Home</nav><script>x()</script>", encoding="utf-8")
    result = run(str(chrome), "chrome", "--articles", str(articles))
    assert result.exit_code == 1 and "chrome.html: no article text found" in result.output
    latin = tmp_path / "latin.html"
    latin.write_bytes(b"<p>Caf\xe9</p>")
    result = run(str(latin), "latin", "--articles", str(articles))
    assert result.exit_code == 1 and "not UTF-8" in result.output
    assert snapshot(articles) == before


@pytest.mark.parametrize(
    "args",
    [
        ["missing.html", "x"],
        [str(NEWS), "bad id"],
        [str(NEWS), "x", "--date", "8 June 2021"],
        [str(NEWS), "x", "--articles", "no/such/folder"],
        [str(NEWS)],
        [str(NEWS), "x", "--no-such-flag"],
    ],
)
def test_cli_usage_errors_exit_2(articles, args):
    before = snapshot(articles)
    if "--articles" not in args:
        args = [*args, "--articles", str(articles)]
    assert run(*args).exit_code == 2
    assert snapshot(articles) == before
