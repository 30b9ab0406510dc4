"""Which sentences an evidence question offers: the report's own prose, within the author's paragraphs."""

from __future__ import annotations

import textwrap

from quizapp.banks import parse_bank
from quizapp.banks.serialise import content_hash, question_from_dict, question_to_dict
from quizapp.questions import EvidenceQuestion, kind_of
from quizapp.questions.evidence import offered_sentences
from tests.conftest import AP, NEWSWEEK

FURNITURE = (
    "Alexandria Ocasio-Cortez (@AOC) June 7, 2021",  # an embedded tweet's signature
    "For more reporting from the Associated Press, see below:",
    "Hector Vivas/Getty Images",  # photo credits, and the captions they end
    "Jacquelyn Martin/AP Photo",
    "pose for an official photograph",
)


def evidence_bank(extra: str = "", answer: str = "Harris did not directly respond to Ocasio-Cortez's criticism."):
    text = textwrap.dedent(f"""\
        bank: b
        title: T
        questions:
          - id: q1
            type: evidence
            prompt: Pick the sentence.
            article: {NEWSWEEK}
            answer: "{answer}"
        """) + "".join(f"    {line}\n" for line in textwrap.dedent(extra).splitlines() if line)
    return text


def load(text, corpus):
    bank, problems = parse_bank(text, "bank.yaml", corpus)
    return bank, [str(p) for p in problems]


def test_only_the_reports_prose_is_offered(corpus):
    bank, problems = load(evidence_bank(), corpus)
    assert problems == []
    question = bank.questions[0]
    labels = [choice.label for choice in kind_of(question).offered(question, corpus)]
    assert len(labels) < len(corpus[NEWSWEEK].sentences)  # 34 of the 42 "sentences"
    assert not [label for label in labels if any(bit in label for bit in FURNITURE)]
    assert "Harris did not directly respond to Ocasio-Cortez's criticism." in labels
    # Prose next to the furniture stays: the tweet's own words, the AP copy after the pointer.
    assert "This is disappointing to see." in labels
    assert any(label.startswith("Harris told Mexican President") for label in labels)


def test_the_author_limits_the_choices_to_a_paragraph_range(corpus):
    bank, problems = load(evidence_bank("paragraphs: [10, 13]"), corpus)
    assert problems == []
    question = bank.questions[0]
    article = corpus[NEWSWEEK]
    offered = offered_sentences(question, article)
    # Paragraph 10 is the tweet's signature and 13 the "see below:" pointer: neither is offered.
    assert {article.paragraph_at(span.start).number for span in offered} == {11, 12}
    labels = [choice.label for choice in kind_of(question).offered(question, corpus)]
    assert labels[0] == "Harris did not directly respond to Ocasio-Cortez's criticism."
    assert not any("see below" in label for label in labels)
    # Scoring and the key read the same sentences; a pick outside the range is not stored.
    right = next(span for span in offered if span.overlaps(question.answer_span))
    form = {"q-7": f"{right.start}-{right.end}"}
    assert kind_of(question).parse_answer(question, form, 7, corpus) == [right.start, right.end]
    first = article.prose_sentences()[0]
    assert kind_of(question).parse_answer(question, {"q-7": f"{first.start}-{first.end}"}, 7, corpus) is None


def test_a_paragraph_range_survives_storing_and_a_question_without_one_keeps_its_hash(corpus):
    ranged, _ = load(evidence_bank("paragraphs: [10, 13]"), corpus)
    plain, _ = load(evidence_bank(), corpus)
    stored = question_to_dict(ranged.questions[0])
    assert stored["paragraphs"] == [10, 13]
    assert question_from_dict(stored) == ranged.questions[0]
    assert "paragraphs" not in question_to_dict(plain.questions[0])  # older questions' content hashes hold
    assert content_hash(plain.questions[0]) != content_hash(ranged.questions[0])
    again = kind_of(ranged.questions[0]).yaml_fields(ranged.questions[0])
    assert again["paragraphs"] == [10, 13]


def test_bad_paragraph_ranges_and_answers_outside_them_are_located(corpus):
    for extra, message in [
        ("paragraphs: 9", "'paragraphs' must be two paragraph numbers: [first, last]"),
        ("paragraphs: [9, true]", "'paragraphs' must be two paragraph numbers: [first, last]"),
        ("paragraphs: [12, 9]", "'paragraphs' must run from a first to a last paragraph, in order"),
        ("paragraphs: [1, 400]", "(the article's body has paragraphs 1-"),
        ("paragraphs: [1, 3]", "the answer is in no sentence offered (paragraphs 1-3"),
    ]:
        bank, problems = load(evidence_bank(extra), corpus)
        assert bank is None and len(problems) == 1, (extra, problems)
        assert message in problems[0] and "question q1" in problems[0], (extra, problems)
    # An answer in a photo caption is never offered, so the bank says so.
    bank, problems = load(evidence_bank(answer="Hector Vivas/Getty Images"), corpus)
    assert bank is None
    assert "photo captions, credits and post signatures are never offered" in problems[0]


def test_the_ap_report_loses_nothing(corpus):
    question = EvidenceQuestion(id="q", prompt="P", article=AP, answer="x")
    assert offered_sentences(question, corpus[AP]) == corpus[AP].sentences
