"""The parsed page: text laid out as a browser shows it, and chrome told by its markings."""

from __future__ import annotations

import warnings

import pytest

from quizapp.corpus.imported_article import HtmlImportError
from quizapp.corpus.page_tree import (
    MAX_TAGS,
    collapse,
    elements,
    has_itemprop,
    is_hidden,
    is_junk_by_name,
    paragraphs,
    parse_page,
)


def laid_out(html: str) -> list[str]:
    return paragraphs(parse_page(html))


def first(html: str):
    return elements(parse_page(html))[0]


def test_blocks_are_paragraphs_and_inline_elements_are_not():
    assert laid_out("<div>The <b>council</b> <a href='#'>voted</a>.<p>Nested block.</p>After it.</div>") == [
        "The council voted.",
        "Nested block.",
        "After it.",
    ]


def test_only_ascii_whitespace_collapses_and_the_typography_stays():
    assert laid_out("<p>  1\u00a0a.m.\n\t \u2014 \u201cquoted\u201d  </p>") == ["1\u00a0a.m. \u2014 \u201cquoted\u201d"]


def test_invisible_characters_that_split_words_go_and_joiners_stay():
    assert laid_out("<p>dis\u00adtrict news\u200broom\u2060s \u200d\ufeff</p>") == ["district newsrooms \u200d"]
    assert collapse(" a\u00ad b\x00c ") == "a bc"


def test_one_line_break_is_a_space_and_two_end_a_paragraph():
    assert laid_out("<div>First line<br>same paragraph<br> <br>Second paragraph</div>") == [
        "First line same paragraph",
        "Second paragraph",
    ]


def test_q_gets_the_quote_marks_browsers_draw_outer_then_nested():
    assert laid_out("<p><q>She said <q>no</q> twice</q>.</p>") == ["\u201cShe said \u2018no\u2019 twice\u201d."]


def test_table_cells_of_a_row_read_as_one_line():
    assert laid_out("<table><tr><td>Route</td><td>Last bus</td></tr><tr><td>12</td><td>1 a.m.</td></tr></table>") == [
        "Route Last bus",
        "12 1 a.m.",
    ]


def test_ruby_annotations_show_and_their_fallback_parentheses_do_not():
    assert laid_out("<p><ruby>\u6f22<rp>(</rp><rt>kan</rt><rp>)</rp></ruby></p>") == ["\u6f22kan"]


def test_comments_and_blocks_of_only_no_break_spaces_are_not_text():
    assert laid_out("<div><!-- ad slot --><p>\u00a0 \u00a0</p><p>Text.</p></div>") == ["Text."]


@pytest.mark.parametrize(
    ("markup", "junk"),
    [
        ('<div class="ad-slot">', True),
        ('<div id="newsletter_signup">', True),
        ('<span class="sr-only">', True),
        ('<div class="photo-credit">', True),
        ('<h1 class="headline leading">', False),  # "ad" only as a whole word
        ('<div class="social-embed">', False),  # embedded posts are quoted in articles
        ('<body class="ad-free">', False),  # never the whole page
    ],
)
def test_chrome_by_class_or_id_is_whole_words_only(markup, junk):
    assert is_junk_by_name(first(markup)) is junk


@pytest.mark.parametrize(
    ("markup", "hidden"),
    [
        ("<div hidden>", True),
        ('<div style="color: red; display : none">', True),
        ('<div style="visibility:hidden">', True),
        ('<div role="Navigation">', True),
        ('<div role="main">', False),
        ('<div style="display: block">', False),
    ],
)
def test_hidden_elements_and_chrome_roles(markup, hidden):
    assert is_hidden(first(markup)) is hidden


def test_itemprop_is_one_of_a_list_of_words_in_any_case():
    assert has_itemprop(first('<div itemprop="headline articleBody">'), "articlebody")
    assert not has_itemprop(first('<div itemprop="articleBodyText">'), "articleBody")


def test_elements_are_in_document_order_and_filtered_by_name():
    soup = parse_page("<div><p id=a><time id=b></time></p><time id=c></time></div>")
    assert [tag.get("id") for tag in elements(soup, "time")] == ["b", "c"]
    assert [tag.name for tag in elements(soup)] == ["div", "p", "time", "time"]


def test_pages_of_countless_tags_are_refused_unparsed():
    with pytest.raises(HtmlImportError, match=f"more than {MAX_TAGS:,} tags"):
        parse_page("<i>" * (MAX_TAGS + 1))


def test_markup_that_looks_like_a_path_is_parsed_quietly_and_never_opened():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert laid_out("/etc/passwd") == ["/etc/passwd"]
        assert laid_out('<?xml version="1.0"?><html><p>XHTML</p></html>') == ["XHTML"]
