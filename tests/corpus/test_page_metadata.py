"""What a page states about its article: title, outlet, date and authors, and nothing it does not state."""

from __future__ import annotations

import json

import pytest

from quizapp.corpus.page_metadata import PageMetadata, iso_date, read_page_metadata, strip_site_name
from quizapp.corpus.page_tree import parse_page


def metadata(html: str) -> PageMetadata:
    return read_page_metadata(parse_page(html))


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_open_graph_and_article_meta_tags():
    meta = metadata(
        '<head><meta property="og:title" content=" Bridge  reopens "><meta property="og:site_name" content="Daily'
        ' Example"><meta property="article:published_time" content="2021-06-08T09:30:00Z">'
        '<meta name="author" content="By Ann Lee and Bob Ray, staff writers">'
        "<title>Bridge | Daily Example</title></head>"
    )
    assert meta == PageMetadata(
        title="Bridge reopens",
        page_title="Bridge | Daily Example",
        outlet="Daily Example",
        date="2021-06-08",
        author="Ann Lee and Bob Ray",
    )


def test_json_ld_in_a_graph_gives_what_meta_tags_do_not():
    page = json_ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": "Not the outlet"},
                {
                    "@type": ["NewsArticle"],
                    "headline": "Harbour dredging to start",
                    "datePublished": "2020-03-04",
                    "publisher": {"@type": "Organization", "name": "Coastline Gazette"},
                    "author": [{"@type": "Person", "name": "Ann Lee"}, "Bob Ray", {"url": "https://x.test/ann"}],
                },
            ],
        }
    )
    meta = metadata(page)
    assert (meta.title, meta.outlet, meta.date, meta.author) == (
        "Harbour dredging to start",
        "Coastline Gazette",
        "2020-03-04",
        "Ann Lee and Bob Ray",
    )


def test_broken_structured_data_is_ignored_not_fatal():
    meta = metadata('<script type="application/ld+json">{"@type": "NewsArticle", </script><title>Story</title>')
    assert meta == PageMetadata(title=None, page_title="Story", outlet=None, date=None, author=None)


def test_microdata_publisher_and_author():
    meta = metadata(
        '<div itemprop="publisher"><meta itemprop="name" content="Riverside Weekly"></div>'
        '<article><span itemprop="author"><span itemprop="name">Ren\u00e9e Dubois</span></span><p>Text.</p></article>'
    )
    assert (meta.outlet, meta.author) == ("Riverside Weekly", "Ren\u00e9e Dubois")


def test_urls_are_never_names():
    meta = metadata(
        '<meta name="author" content="https://example.test/staff/ann">'
        '<meta name="publisher" content="www.example.test">'
    )
    assert (meta.author, meta.outlet) == (None, None)


def test_a_byline_in_the_article_wins_over_a_teasers_byline_and_chrome_bylines_are_never_taken():
    meta = metadata(
        '<aside><p class="byline">By Wrong Person</p></aside>'
        '<div class="related"><p class="byline">By Other Writer</p></div>'
        '<article><p class="byline">By Maria Ortega, transport reporter \u00b7 June 8</p><p>Text.</p></article>'
    )
    assert meta.author == "Maria Ortega"


def test_only_iso_dates_as_written_count():
    assert iso_date("2021-06-08T09:30:00+02:00") == "2021-06-08"
    assert iso_date(" 2021-06-08") == "2021-06-08"
    assert iso_date("June 8, 2021") is None
    assert iso_date("2021-02-30") is None  # no such day
    assert iso_date("2021-06-081") is None
    assert iso_date(20210608) is None


def test_a_page_date_in_prose_is_never_turned_into_a_date():
    assert metadata('<meta name="date" content="8 June 2021"><p>Published June 8.</p>').date is None


@pytest.mark.parametrize(
    ("title", "outlet", "headline"),
    [
        ("Bridge reopens | Daily Example", "Daily Example", "Bridge reopens"),
        ("Bridge reopens \u2014 Daily Example", "Daily Example", "Bridge reopens"),
        ("Bridge reopens | Daily Example", None, "Bridge reopens | Daily Example"),
        ("Daily Example", "Daily Example", "Daily Example"),  # nothing but the name: keep it
        ("Daily Example tests bridge", "Daily Example", "Daily Example tests bridge"),
    ],
)
def test_the_site_name_is_stripped_from_the_end_of_a_title(title, outlet, headline):
    assert strip_site_name(title, outlet) == headline


def test_titles_are_the_metadata_headline_first_then_the_page_title_without_the_site():
    meta = PageMetadata(title="Bridge reopens", page_title="Bridge | Daily", outlet="Daily", date=None, author=None)
    assert meta.titles == ["Bridge reopens", "Bridge"]
    assert PageMetadata(None, None, None, None, None).titles == []
