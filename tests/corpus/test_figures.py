"""Figures in the text: value, qualifier, what they count, and the same figure across reports."""

import pytest

from quizapp.corpus import Article
from quizapp.corpus.figures import article_figures, compare_figures, find_figures
from tests.conftest import FIRST, NEWSWEEK


def test_the_april_border_figures_side_by_side(corpus):
    groups = {g.key: g for g in compare_figures(list(corpus.values()))}
    encounters = groups["encounter"]
    assert encounters.article_ids == (FIRST, NEWSWEEK)
    shown = [
        (article_id, corpus[article_id].slice(f.span), f.value, f.bound, f.period)
        for article_id, f in encounters.figures
    ]
    assert shown == [
        (FIRST, "178,622", 178_622, "exact", "April"),
        (FIRST, "17,106", 17_106, "exact", "April 2020"),
        (NEWSWEEK, "more than 170,000", 170_000, "over", "April"),
    ]


def test_newsweek_figures_with_qualifiers(corpus):
    figures = {f.number: f for f in article_figures(corpus[NEWSWEEK])}
    children = figures["19,000"]
    assert (children.value, children.qualifier, children.bound) == (19_000, "nearly", "under")
    assert children.label == "unaccompanied children" and children.period == "March"
    assert corpus[NEWSWEEK].slice(children.span) == "nearly 19,000"
    assert corpus[NEWSWEEK].slice(children.sentence).startswith("U.S. border authorities encountered")
    years = figures["20"]
    assert (years.value, years.bound, years.label, years.period) == (20, "over", "years", None)
    assert figures["three-dozen"].value == 36


def test_dates_and_codes_are_not_figures(corpus):
    numbers = [f.number for a in corpus.values() for f in article_figures(a)]
    for not_a_figure in ("2020", "2021", "7", "8", "19", "95"):
        assert not_a_figure not in numbers
    assert find_figures("On June 7, 2021, in April 2020, COVID-19 hit D-NY and I-95.") == ()
    assert find_figures("a two-thirds majority") == ()


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "bound", "label"),
    [
        ("about 1.5 million people fled", 1_500_000, "about", "about", "people"),
        ("at least 2,000 migrants were stopped", 2_000, "at least", "over", "migrants"),
        ("almost 300 children arrived", 300, "almost", "under", "children"),
        ("Over 40 percent of voters agreed", 40, "over", "over", "voters"),
        ("fewer than 12,500.5 tonnes", 12_500.5, "fewer than", "under", "tonnes"),
        ("the two foreign leaders met", 2, None, "exact", "foreign leaders"),
    ],
)
def test_qualifiers_values_and_labels(text, value, qualifier, bound, label):
    (figure,) = find_figures(text)
    assert (figure.value, figure.qualifier, figure.bound, figure.label) == (value, qualifier, bound, label)


def test_a_figure_without_a_noun_takes_the_label_before_it():
    figures = find_figures("with 178,622 encounters for the month of April, compared to 17,106 in April 2020.")
    assert [(f.value, f.label, f.period) for f in figures] == [
        (178_622, "encounters", "April"),
        (17_106, "encounters", "April 2020"),
    ]


def test_percent_unit_and_spans_in_the_article():
    article = Article("x", "Intro.\n\nAsylum is a 100% legal method, she said.")
    (figure,) = article_figures(article)
    assert figure.unit == "%" and figure.value == 100
    assert article.slice(figure.span) == "100%"
    assert figure.text == "100% legal method"


def test_figures_in_one_report_only_are_not_grouped():
    a = Article("a", "Police counted 4,000 marchers.")
    b = Article("b", "Organisers said nearly 10,000 marchers came. Five buses were late.")
    c = Article("c", "About 300 buses were late.")
    groups = compare_figures([a, b, c])
    assert [(g.key, g.article_ids) for g in groups] == [("marcher", ("a", "b")), ("bus", ("b", "c"))]
