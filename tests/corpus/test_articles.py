"""The shipped articles (the repository's own seeds/, the truth for every test here) and quote finding."""

import pytest

from quizapp.corpus import Article, CorpusError, closest_passage, excerpt, find_quote, load_corpus
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK, ROOT, SEEDS

# The project's original articles, beside a checkout that has them; no other test reads them.
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def test_seeds_are_byte_for_byte_copies_of_the_shared_articles():
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"{SHARED_SEEDS} is absent (only some checkouts have it): nothing to compare seeds/ with")
    originals = sorted(SHARED_SEEDS.glob("*.txt"))
    assert originals, f"{SHARED_SEEDS} holds no articles"
    missing = [path.name for path in originals if not (SEEDS / path.name).is_file()]
    differing = [
        path.name for path in originals
        if path.name not in missing and (SEEDS / path.name).read_bytes() != path.read_bytes()
    ]  # fmt: skip
    assert (missing, differing) == ([], []), f"seeds/ against {SHARED_SEEDS}: missing, differing"


def test_four_articles_with_metadata(corpus):
    assert list(corpus) == [FIRST, NEWSWEEK, AP, FOURTH]
    assert corpus[AP].outlet == "Associated Press"
    assert corpus[AP].date == "2021-06-08"
    assert corpus[NEWSWEEK].outlet == "Newsweek"
    assert corpus[NEWSWEEK].headline.startswith("Kamala Harris Sticks to 'Root Causes'")
    assert corpus[FIRST].outlet == corpus[FOURTH].outlet == "Unknown outlet"
    assert corpus[FOURTH].headline == "Migration Crisis: Kamala Harris Met Virtually with Mexican President"
    assert corpus[FIRST].headline.startswith("[")  # no headline of its own


def test_text_is_kept_exactly(corpus):
    for article in corpus.values():
        with (SEEDS / f"{article.id}.txt").open(encoding="utf-8", newline="") as handle:
            assert article.text == handle.read()


def test_paragraphs_split_at_blank_lines(corpus):
    ap = corpus[AP]
    assert len(ap.paragraphs) == 13
    assert ap.slice(ap.paragraphs[3].span) == "Rep. Alexandria Ocasio-Cortez (D-NY) criticized the U.S. stance."
    first = corpus[FIRST]
    # a blank line padded with a no-break space still separates paragraphs
    assert first.slice(first.paragraphs[0].span).endswith("migrating to the United States.")


def test_newsweek_subscription_promo_is_boilerplate(corpus):
    newsweek = corpus[NEWSWEEK]
    boilerplate = [newsweek.slice(p.span) for p in newsweek.paragraphs if p.boilerplate]
    assert boilerplate[0] == "Editor's pick"
    assert "Unlimited access to Newsweek.com" in boilerplate[-1]
    assert all("Newsweek.com" not in newsweek.slice(p.span) for p in newsweek.body)
    assert not any(p.boilerplate for p in corpus[AP].paragraphs)


def test_find_quote_across_typography(corpus):
    ap = corpus[AP]
    span = find_quote(ap, "Do not come, do not come.")
    assert ap.slice(span) == "Do not come, do not come."
    # straight quotes and a hyphen in the quote match curly quotes and an em dash in the text
    span = find_quote(corpus[FIRST], 'the United States - Mexico border: Do not come. Do not come."')
    assert corpus[FIRST].slice(span) == "the United States \u2014 Mexico border: Do not come. Do not come.\u201d"


def test_find_quote_is_case_sensitive_and_exact(corpus):
    ap = corpus[AP]
    assert find_quote(ap, "do not come, Do not come.") is None
    assert find_quote(ap, "then blame them for fleeing") is None  # AP printed "them blame them"
    assert find_quote(ap, "them blame them for fleeing") is not None
    assert find_quote(ap, "") is None
    assert find_quote(ap, "   ") is None


def test_find_quote_spans_line_breaks_and_no_break_spaces(corpus):
    first = corpus[FIRST]
    span = find_quote(first, "migrating to the United States. \"I want to emphasize")
    assert span is not None
    assert "\u00a0" in first.slice(span) and "\n" in first.slice(span)


def test_closest_passage_shows_what_the_article_says(corpus):
    passage = closest_passage(corpus[AP], "then blame them for fleeing")
    assert passage.text == "them blame them for fleeing"
    assert passage.similarity > 90
    passage = closest_passage(corpus[NEWSWEEK], "Ocasio-Cortez said in a tweet")
    assert passage.text == "Ocasio-Cortex said in a tweet"


def test_excerpt_marks_the_span_inside_its_paragraph(corpus):
    ap = corpus[AP]
    cut = excerpt(ap, find_quote(ap, "Do not come, do not come."))
    assert len(cut.paragraphs) == 1
    part = cut.paragraphs[0]
    assert part.number == 3
    assert part.marked == "Do not come, do not come."
    assert part.before.startswith("\u201cI want to emphasize")
    assert part.after == "\u201d"
    assert cut.anchor == "p3"


def test_excerpt_across_paragraphs_marks_each_part(corpus):
    first = corpus[FIRST]
    cut = excerpt(first, find_quote(first, "United States. \"I want to emphasize"))
    assert [p.number for p in cut.paragraphs] == [1, 2]
    assert cut.paragraphs[0].marked == "United States."
    assert cut.paragraphs[1].marked == "\"I want to emphasize"


def test_sentences_cover_the_body_without_breaking_abbreviations(corpus):
    ap = corpus[AP]
    texts = [ap.slice(s) for s in ap.sentences]
    assert "Rep. Alexandria Ocasio-Cortez (D-NY) criticized the U.S. stance." in texts
    assert any(t.startswith("\u201cThis is disappointing to see,\u201d she wrote on Twitter.") for t in texts)
    newsweek = corpus[NEWSWEEK]
    assert not any("Newsweek.com" in newsweek.slice(s) for s in newsweek.sentences)
    spans = ap.sentences
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_bad_metadata_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "articles.yaml").write_text("a: {outlet: X, colour: red}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown keys colour"):
        load_corpus(tmp_path)
    (tmp_path / "articles.yaml").write_text("b: {outlet: X}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="do not exist: b"):
        load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="no such folder"):
        load_corpus(tmp_path / "missing")


def test_a_quotation_of_several_sentences_stays_one_option(corpus):
    """Evidence options never cut a quotation in two (“Do not come. Do not come.” is one sentence)."""
    ap = corpus[AP]
    texts = [ap.slice(s) for s in ap.sentences]
    assert any(t.endswith("making the trek: \u201cDo not come. Do not come.\u201d") for t in texts)
    for article in corpus.values():
        for span in article.sentences:
            text = article.slice(span)
            assert text.count("\u201c") <= text.count("\u201d") + text.count('"'), text


def test_sentences_end_after_initials_only_before_a_sentence_opener():
    article = Article("t",
        "Rep. Alexandria Ocasio-Cortez (D-NY) criticized the U.S. stance. Migration to the U.S. rose. "
        'She said the U.S. Customs and Border Protection agreed. "Do not come. Do not come." Gov. Abbott spoke.'
    )
    assert [article.slice(s) for s in article.sentences] == [
        "Rep. Alexandria Ocasio-Cortez (D-NY) criticized the U.S. stance.",
        "Migration to the U.S. rose.",
        "She said the U.S. Customs and Border Protection agreed.",
        '"Do not come. Do not come."',
        "Gov. Abbott spoke.",
    ]
    article = Article("t", "Asylum seekers headed to the U.S. They were stopped at the border.")
    assert [article.slice(s) for s in article.sentences] == [
        "Asylum seekers headed to the U.S.",
        "They were stopped at the border.",
    ]


def test_quotations_are_the_words_inside_the_outer_marks(corpus):
    ap = corpus[AP]
    quotes = [ap.slice(q) for q in ap.quotations]
    assert quotes[0] == "Do not come. Do not come."
    assert "This is disappointing to see," in quotes
    # mixed typography: a straight quote opened, a curly one closed
    first = [corpus[FIRST].slice(q) for q in corpus[FIRST].quotations]
    assert first[0] == "I want to emphasize that the goal of our work is to help Guatemalans find hope at home,"
    assert Article("t", 'An "unbalanced quote here.').quotations == ()
