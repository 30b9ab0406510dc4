"""A matching question's quotations are cited where they are said (quizapp/questions/match.py)."""

from __future__ import annotations

import textwrap

from quizapp.banks import parse_bank
from tests.conftest import FIRST, QUESTIONS

MCINERNEY = "Any of us, I would go wherever I had to go as a mother to ensure that my children had something to eat."


def match_bank(*sources: str) -> str:
    listed = "".join(f"      - article: {FIRST}\n        quote: {quote}\n" for quote in sources)
    return textwrap.dedent(f"""\
        bank: b
        title: T
        questions:
          - id: q1
            type: match
            prompt: Match each quotation to its speaker.
            pairs:
              - ["{MCINERNEY}", Mary McInerney]
              - [Guatemala's president, Alejandro Giammattei]
            sources:
        """) + listed


def test_a_quotation_cited_by_another_paragraph_is_refused(corpus):
    bank, problems = parse_bank(
        match_bank("Mary McInerney, country director for Save the Children, told CBS News."), "bank.yaml", corpus
    )
    assert bank is None
    assert [str(p) for p in problems] == [
        "bank.yaml:10: question q1: pair 1: no source is the paragraph that holds its quotation; "
        "quote a passage of that paragraph as its source"
    ]


def test_a_quotation_cited_by_its_own_paragraph_loads_and_other_pairs_need_no_source(corpus):
    bank, problems = parse_bank(match_bank("it's down to basics, not having food"), "bank.yaml", corpus)
    assert problems == []
    [source] = bank.questions[0].sources
    article = corpus[FIRST]
    assert MCINERNEY in article.slice(article.paragraph_at(source.span.start).span)


def test_the_shipped_bank_cites_the_mothers_quotation_in_its_own_paragraph(corpus):
    bank, problems = parse_bank((QUESTIONS / "harris-trip-2021.yaml").read_text(), "harris-trip-2021.yaml", corpus)
    assert problems == []
    question = next(q for q in bank.questions if q.id == "match-quote-to-speaker")
    article = corpus[FIRST]
    cited = [source.span for source in question.sources if source.article == FIRST]
    paragraphs = [article.slice(article.paragraph_at(span.start).span) for span in cited]
    assert any(MCINERNEY in paragraph for paragraph in paragraphs)
