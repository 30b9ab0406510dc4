"""Drafted headline-against-body questions: the one sentence of the report that backs a headline's claim."""

from __future__ import annotations

import pytest

from quizapp.banks.drafting import draft_bank
from quizapp.banks.drafting_headline import content_words, headline_questions
from quizapp.corpus import Article, load_corpus
from tests.conftest import FOURTH, NEWSWEEK, SEEDS


@pytest.fixture(scope="module")
def draft():
    return draft_bank(load_corpus(SEEDS))


def drafted(headline: str, text: str) -> list:
    report = Article(id="a", text=f"{headline}\n\n{text}", outlet="The Example", headline=headline)
    return headline_questions([report], lambda a: "The Example", lambda *words: "-".join(words).lower())


def test_each_report_with_a_headline_gets_its_best_backed_claim(draft, corpus):
    evidence = {q.article: q for q in draft.bank.questions if q.type == "evidence"}
    assert set(evidence) == {NEWSWEEK, FOURTH}  # the other two have a bracketed description, no headline
    newsweek = evidence[NEWSWEEK]
    # Of "Sticks to 'Root Causes' Migration Message" and "Doesn't Respond to AOC's Criticism", the second has
    # one sentence that stands out; the first has two that talk about root causes.
    assert newsweek.prompt.startswith("The headline of Newsweek says: “Doesn't Respond to AOC's Criticism”.")
    assert newsweek.answer == "Harris did not directly respond to Ocasio-Cortez's criticism."
    assert newsweek.id == "headline-respond-aoc-criticism"
    # The body hedges where the headline does not: the explanation points at it.
    assert "The body says “directly”, which the headline leaves out" in newsweek.explanation
    fourth = evidence[FOURTH]
    assert "“Kamala Harris Met Virtually with Mexican President”" in fourth.prompt
    assert "compare them with the body's" in fourth.explanation  # no hedge dropped: the general advice
    assert fourth.answer.startswith("A virtual meeting was held between Mexican President")
    for question in evidence.values():
        assert corpus[question.article].slice(question.answer_span) == question.answer
        assert question.explanation.startswith(f"“{question.answer}”")


def test_no_other_question_quotes_the_sentence_a_headline_question_keys(draft):
    keys = [(q.article, q.answer_span) for q in draft.bank.questions if q.type == "evidence"]
    for question in draft.bank.questions:
        for source in question.sources:
            assert not any(a == source.article and span.overlaps(source.span) for a, span in keys), question.id


def test_content_words_meet_across_capitals_possessives_and_endings():
    assert content_words("Doesn't Respond to AOC's Criticism") == {"respond", "aoc", "criticism"}
    assert content_words("met virtually") == content_words("Met Virtual") == {"met", "virtual"}


def test_a_claim_is_asked_only_when_one_sentence_backs_it_clearly():
    body = "The city council approved the bridge budget on Tuesday. Mayor Ana Ruiz resigned after the vote."
    (question,) = drafted("Council Approves Bridge Budget, Mayor Resigns", body)
    # "Council Approves Bridge Budget" shares three of its four words with the first sentence and none with
    # the second; "Mayor Resigns" is too short to be asked about.
    assert question.answer == "The city council approved the bridge budget on Tuesday."
    tie = "The council approved the bridge budget. Last year the council approved a bridge budget too."
    assert drafted("Council Approves Bridge Budget", tie) == []
    assert drafted("Bridge Closes", "The bridge closes on Friday for repairs.") == []  # a label, not a claim
    assert drafted("Council Approves Bridge Budget", "It rained all week in the city.") == []
