"""Aligning passages across the seed articles: what several reports carry, and nothing else."""

import pytest

from quizapp.corpus import Article, Corpus, Span
from quizapp.corpus.align import MIN_WORDS, THRESHOLD, align_articles, similarity
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK


def _alignments(corpus: Corpus):
    return align_articles(list(corpus.values()))


def _row_with(alignments, words: str):
    rows = [row for row in alignments.rows if any(words in p.text for p in row.passages)]
    assert len(rows) == 1, [r.passages for r in rows]
    return rows[0]


def test_harris_do_not_come_is_aligned_in_three_reports(corpus):
    row = _row_with(_alignments(corpus), "I want to be clear to folks")
    assert row.kind == "quote"
    assert row.article_ids == (FIRST, NEWSWEEK, AP)
    assert row.passage_for(FIRST).text.endswith("border: Do not come. Do not come.")
    assert row.passage_for(NEWSWEEK).text.endswith("border: Do not come. Do not come,")
    assert row.passage_for(AP).text.endswith("border: Do not come, do not come.")
    assert not row.identical
    assert all(p.similarity >= THRESHOLD for p in row.passages)


def test_the_tweet_is_aligned_in_three_reports_with_then_and_them(corpus):
    row = _row_with(_alignments(corpus), "set someone")
    assert row.article_ids == (FIRST, NEWSWEEK, AP)
    assert "and then blame them for fleeing" in row.passage_for(FIRST).text
    assert "and then blame them for fleeing" in row.passage_for(NEWSWEEK).text
    assert "and them blame them for fleeing" in row.passage_for(AP).text
    # Every stretch is the article's own text, in its own typography.
    for passage in row.passages:
        assert corpus[passage.article_id].slice(passage.span) == passage.text
    assert "\u2019" in row.passage_for(AP).text
    # Newsweek prints the tweet twice, quoted and embedded: the row takes the tweet as embedded, with no
    # quoted words mixed in, and every passage is one clean stretch without "she wrote in a tweet".
    assert row.passage_for(NEWSWEEK).text.startswith("Second, the US spent decades")
    assert all("wrote" not in p.text for p in row.passages)
    first = _row_with(_alignments(corpus), "100% legal method")
    assert first.article_ids == (FIRST, NEWSWEEK, AP)
    assert first.passage_for(FIRST).text.endswith("legal method of arrival,")
    assert first.passage_for(AP).text.endswith("legal method of arrival.")


def test_only_newsweek_and_ap_carry_this_is_disappointing_to_see(corpus):
    alignments = _alignments(corpus)
    row = _row_with(alignments, "This is disappointing to see")
    assert row.article_ids == (NEWSWEEK, AP)
    assert row.identical
    first = corpus[FIRST]
    assert "disappointing to see" not in first.text
    # On the first report's own sentences: its tweet is carried by the others, the intro is its alone.
    coverage = {c.text: c.carried_by for c in alignments.sentences(FIRST)}
    tweet = next(text for text in coverage if text.startswith("\u201cSecond, the US spent decades"))
    assert coverage[tweet] == (NEWSWEEK, AP)
    intro = next(text for text in coverage if text.startswith("AOC then took to Twitter"))
    assert coverage[intro] == ()


def test_newsweeks_embedded_tweet_counts_as_carried_despite_its_link(corpus):
    coverage = {c.text: c.carried_by for c in _alignments(corpus).sentences(NEWSWEEK)}
    embed = next(text for text in coverage if text.endswith("https://t.co/vADyh5H0bw"))
    assert coverage[embed] == (FIRST, AP)
    assert coverage["This is disappointing to see."] == (AP,)
    assert coverage["Hector Vivas/Getty Images"] == ()


def test_no_unrelated_sentences_are_aligned(corpus):
    """Precision: the seeds share exactly five passages; every other sentence is its report's alone."""
    alignments = _alignments(corpus)
    anchors = sorted(row.anchor.text[:40] for row in alignments.rows)
    assert anchors == [
        "At the same time, I want to be clear to ",
        "First, seeking asylum at any US border i",
        "I want to emphasize that the goal of our",
        "Second, the US spent decades contributin",
        "This is disappointing to see,",
    ]
    assert all(c.alone for c in alignments.sentences(FOURTH))
    # Related in topic, different in words: not aligned.
    ap = {c.text: c.carried_by for c in alignments.sentences(AP)}
    assert ap["Rep. Alexandria Ocasio-Cortez (D-NY) criticized the U.S. stance."] == ()
    first = {c.text: c.carried_by for c in alignments.sentences(FIRST)}
    assert first[next(t for t in first if t.startswith("According to the U.S. Customs"))] == ()


def test_rows_never_share_a_stretch_and_follow_article_order(corpus):
    rows = _alignments(corpus).rows
    for n, row in enumerate(rows):
        for other in rows[n + 1 :]:
            for passage in row.passages:
                theirs = other.passage_for(passage.article_id)
                assert theirs is None or not theirs.span.overlaps(passage.span)
    firsts = [(list(corpus).index(r.passages[0].article_id), r.passages[0].span.start) for r in rows]
    assert firsts == sorted(firsts)


def test_a_passage_is_aligned_within_one_paragraph():
    a = Article("a", 'Intro here.\n\n"We will build the new bridge over the river next year," she said.')
    b = Article("b", 'Other intro.\n\nThe mayor said: "We will build the new bridge over the river next spring."')
    row = align_articles([a, b]).rows[0]
    assert row.passage_for("a").text == "We will build the new bridge over the river next year,"
    assert row.passage_for("b").text == "We will build the new bridge over the river next spring."
    assert "\n" not in row.passage_for("b").text


def test_short_and_dissimilar_passages_are_not_aligned():
    a = Article("a", 'The plan addresses "root causes" of migration. Officials met on Monday in the capital.')
    b = Article("b", 'Critics doubt the "root causes" plan. Officials will meet on Friday at the border.')
    assert MIN_WORDS > 2
    result = align_articles([a, b])
    assert result.rows == ()
    assert result.carriers("a", Span(0, len(a.text))) == ()


def test_threshold_decides():
    a = Article("a", "The committee approved the budget for the coming school year after a long debate.")
    b = Article("b", "The committee rejected the budget for the coming school year after a short debate.")
    score = similarity(a.text, b.text)
    assert 80 < score < 95
    assert align_articles([a, b], threshold=score - 1).rows
    assert not align_articles([a, b], threshold=score + 1).rows


def test_similarity_uses_the_quote_matching_rule():
    assert similarity("\u201cDo not come\u201d \u2014 she said", '"Do not come" - she said') == 100
    assert similarity("Do not come", "do not come") < 100


def test_sentences_of_an_article_not_aligned_is_a_key_error(corpus):
    alignments = align_articles([corpus[AP], corpus[NEWSWEEK]])
    with pytest.raises(KeyError):
        alignments.sentences(FIRST)
    assert alignments.carriers(FIRST, Span(0, 10)) == ()
