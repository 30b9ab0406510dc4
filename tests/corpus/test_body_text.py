"""Finding the headline and the body on a parsed page, given what its metadata says."""

from __future__ import annotations

import pytest

from quizapp.corpus.body_text import extract_article
from quizapp.corpus.imported_article import HtmlImportError, ImportedArticle
from quizapp.corpus.page_metadata import PageMetadata
from quizapp.corpus.page_tree import parse_page

NO_METADATA = PageMetadata(title=None, page_title=None, outlet=None, date=None, author=None)


def extract(html: str, meta: PageMetadata = NO_METADATA) -> ImportedArticle:
    return extract_article(parse_page(html), meta)


def test_the_h1_agreeing_with_the_metadata_leads_the_text_and_outlet_date_author_come_from_the_metadata():
    meta = PageMetadata(
        title="Bridge reopens after repairs",
        page_title=None,
        outlet="Daily Example",
        date="2021-06-08",
        author="Ann Lee",
    )
    page = (
        '<header class="masthead"><h1>Daily Example</h1></header>'
        "<article><h1>Bridge reopens after repairs</h1><p>The bridge reopened on Friday.</p></article>"
    )
    assert extract(page, meta) == ImportedArticle(
        headline="Bridge reopens after repairs",
        text="Bridge reopens after repairs\n\nThe bridge reopened on Friday.",
        outlet="Daily Example",
        date="2021-06-08",
        author="Ann Lee",
    )


def test_a_trimmed_title_still_agrees_with_the_h1():
    meta = PageMetadata(None, "Bridge reopens after repairs | Daily", "Daily", None, None)
    page = "<h1>Bridge reopens after repairs on Friday</h1><div><p>The bridge reopened.</p></div>"
    assert extract(page, meta).paragraphs == ["Bridge reopens after repairs on Friday", "The bridge reopened."]


def test_a_masthead_h1_never_leads_the_text_and_the_metadata_title_becomes_the_headline():
    meta = PageMetadata(title="Bridge reopens", page_title=None, outlet=None, date=None, author=None)
    imported = extract("<header><h1>Daily Example</h1></header><main><p>The bridge reopened.</p></main>", meta)
    assert imported.headline == "Bridge reopens"
    assert imported.text == "The bridge reopened."


def test_the_headlines_own_header_gives_standfirst_and_byline_before_the_body():
    page = (
        "<header><h1>Bridge reopens</h1><p>Six months late.</p><p class='byline'>By Ann Lee</p></header>"
        "<article><p>The bridge reopened.</p></article>"
    )
    meta = PageMetadata(title="Bridge reopens", page_title=None, outlet=None, date=None, author=None)
    assert extract(page, meta).paragraphs == [
        "Bridge reopens",
        "Six months late.",
        "By Ann Lee",
        "The bridge reopened.",
    ]
    # Without a title to agree with, a header's <h1> outside the article is the site's, and goes with it.
    assert extract(page).paragraphs == ["The bridge reopened."]


def test_read_more_lines_and_advertising_go_but_quoted_links_stay():
    page = (
        "<article><p>The bridge reopened.</p>"
        "<p>Read more: <a href='/a'>Bridge closed for repairs</a></p>"
        "<div class='ad-slot'><p>Buy a car</p></div>"
        "<p>Residents <a href='/b'>told the council</a> they were relieved.</p></article>"
    )
    assert extract(page).paragraphs == ["The bridge reopened.", "Residents told the council they were relieved."]


def test_without_article_markup_the_body_is_where_the_paragraphs_are():
    page = (
        "<div class='page'><div class='menu-list'><a>Home</a> <a>Sport</a></div>"
        "<div class='story'><h2>Repairs</h2><p>The bridge reopened on Friday after six months.</p>"
        "<p>Drivers had taken a long detour.</p></div>"
        "<div class='bottom'><p>Contact us</p></div></div>"
    )
    assert extract(page).paragraphs == [
        "Repairs",
        "The bridge reopened on Friday after six months.",
        "Drivers had taken a long detour.",
    ]


def test_a_teaser_article_card_is_not_the_story():
    page = (
        "<div><p>The bridge reopened on Friday after six months of repairs.</p>"
        "<p>Drivers had taken a long detour through the town centre.</p></div>"
        "<article><p>Other story</p></article>"
    )
    assert "Other story" not in extract(page).text
    assert extract(page).paragraphs[0] == "The bridge reopened on Friday after six months of repairs."


def test_the_date_of_a_marked_time_in_the_body_when_the_metadata_has_none():
    page = (
        "<header><time datetime='2030-01-01'>Today</time></header>"
        "<article><p>Text.</p><p><time datetime='2021-06-01'>1 June</time>"
        "<time itemprop='datePublished' datetime='2021-06-08T10:00'>8 June</time></p></article>"
    )
    assert extract(page).date == "2021-06-08"


def test_the_metadata_date_wins():
    meta = PageMetadata(title=None, page_title=None, outlet=None, date="2021-01-01", author=None)
    assert extract("<article><p><time datetime='2021-06-08'>x</time> Text.</p></article>", meta).date == "2021-01-01"


@pytest.mark.parametrize(
    "page",
    [
        "<nav>Home</nav><footer>\u00a9 2021</footer>",
        "<article><h1>Only a headline</h1></article>",
        "<div hidden><p>Hidden.</p></div>",
    ],
)
def test_no_article_text_is_an_error(page):
    with pytest.raises(HtmlImportError, match="no article text found"):
        extract(page)
