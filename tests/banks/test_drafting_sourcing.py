"""Drafted questions on whom a report credits: another outlet, someone named, no one named, or no one."""

from __future__ import annotations

import pytest

from quizapp.banks.drafting import draft_bank
from quizapp.banks.drafting_sourcing import CHOICES, NAMED, OUTLET, OWN_VOICE, UNNAMED, sourcing_questions
from quizapp.corpus import Article, Corpus, load_corpus
from tests.conftest import FIRST, FOURTH, SEEDS


@pytest.fixture(scope="module")
def draft():
    return draft_bank(load_corpus(SEEDS))


def credited(draft) -> dict[str, list]:
    found: dict[str, list] = {}
    for question in draft.bank.questions:
        if question.type == "choice":
            found.setdefault(question.answer, []).append(question)
    return found


def drafted(*sentences: str) -> list[tuple[str, str]]:
    """Each sentence as a report of its own (no quotations in any), by the key the drafter gives it."""
    articles = [
        Article(id=f"r{i}", text=text, outlet="The Example", headline=f"Report {i}") for i, text in enumerate(sentences)
    ]
    questions = sourcing_questions(articles, lambda a: a, lambda *words: "-".join(words) + str(len(words)))
    return [(q.sources[0].article, q.answer) for q in questions]


def test_second_hand_sourcing_credits_another_outlet(draft, corpus):
    # Newsweek's "Harris said, according to the Associated Press", CBS News's two and the BBC's are
    # passages other drafted questions ask about (a judge statement, the match, the grid): left to them.
    (post,) = credited(draft)[OUTLET]
    assert post.sources[0].article == FIRST and "According to the New York Post" in post.prompt
    assert "second-hand" in post.explanation and "“According to the New York Post”" in post.explanation
    # The claim comes with its source, not the attribution alone.
    assert "Vice President Harris was met with protesters" in post.prompt
    assert post.choices == CHOICES and post.skills == ("sourcing", "attribution")
    (source,) = post.sources
    assert corpus[source.article].slice(source.span) == source.quote
    others = [(s.article, s.span) for q in draft.bank.questions if q.type != "choice" for s in q.sources]
    for questions in credited(draft).values():
        for source in (source for question in questions for source in question.sources):
            assert not any(a == source.article and span.overlaps(source.span) for a, span in others)


def test_attribution_phrases_named_and_unnamed(draft):
    (harris,) = credited(draft)[NAMED]
    assert "“According to Harris, most people do not want to leave their home country.”" in harris.prompt
    unnamed = credited(draft)[UNNAMED]
    assert [q.sources[0].article for q in unnamed] == [FOURTH, FOURTH]
    allegedly, them = unnamed
    # A quotation inside the quoted passage is printed in single marks.
    assert "Harris allegedly moved to ‘fill’ her schedule" in allegedly.prompt
    assert allegedly.explanation.startswith("“allegedly” names no one")
    assert "“According to them, the Biden administration’s bad policy changes" in them.prompt
    assert them.explanation.startswith("“According to them” names no one")


def test_unsourced_figures_are_the_reports_own_voice(draft):
    figures = credited(draft)[OWN_VOICE]
    assert [q.prompt.rsplit("credit for ", 1)[1] for q in figures] == ["“record-breaking”?"]
    assert all(q.skills == ("sourcing", "numbers") for q in figures)
    # The AP's "highest on record" for 19,000 children is a numeric question's sentence: left to it, as a
    # quoted clause would print its answer ("20-year high" is a judge statement's).
    assert not any("on record" in q.prompt for q in figures)


def test_every_report_yields_a_question(draft, corpus):
    cited = {source.article for question in draft.bank.questions for source in question.sources}
    assert cited == set(corpus)


def test_sentences_are_sorted_by_whom_they_credit():
    found = drafted(
        "Officials reopened the bridge on Friday, CBS News reports.",
        "The mayor knew of the cracks, Ana Ruiz told the BBC on Monday.",
        "According to them, the repairs took twice as long as planned.",
        "The contractor reportedly billed the city for work never done.",
        "According to the Department of Transport, the bridge is safe now.",
        "Traffic on the bridge is now at a 30-year high this spring.",
        "The mayor defended her record on the bridge at the meeting.",  # a record that is no figure
        "The court, the state's highest, heard the case in June.",  # a superlative without a figure
        "Traffic on the bridge hit a record high last year, the city said.",  # a figure credited to the city
    )
    assert found == [("r0", OUTLET), ("r1", OUTLET), ("r2", UNNAMED), ("r3", UNNAMED), ("r4", NAMED), ("r5", OWN_VOICE)]


def test_a_report_without_quotations_yields_questions():
    text = (
        "According to the Associated Press, the bridge will close in May for repairs to its deck.\n\n"
        "The mayor allegedly knew of the cracks in its supports for several years before the closure.\n\n"
        "Rents near the bridge have climbed to a 30-year high since the works began last spring."
    )
    draft = draft_bank(Corpus({"a": Article(id="a", text=text, outlet="The Example", headline="Bridge to close")}))
    # The headline's "Bridge to close" is backed by the first sentence: a headline question takes it.
    assert [(q.type, q.answer) for q in draft.bank.questions] == [
        ("choice", UNNAMED),
        ("choice", OWN_VOICE),
        ("evidence", "According to the Associated Press, the bridge will close in May for repairs to its deck."),
    ]
    assert draft.bank.questions[0].prompt == (
        "The Example writes: “The mayor allegedly knew of the cracks in its supports for several years before the "
        "closure.” Who does the report credit for this?"
    )


def test_no_more_than_two_of_a_kind_and_other_reports_first():
    found = drafted(
        "The mayor allegedly knew of the cracks. The contractor allegedly billed twice for the same work.",
        "The council reportedly hid the report from the public.",
        "The engineer allegedly signed off on the plans unread.",
    )
    # The first report's second sentence waits for the next report's first.
    assert found == [("r0", UNNAMED), ("r1", UNNAMED)]
