"""The bundled banks as a media-literacy reviewer checks them: defensible answers score right, no
question gives another's answer away or is asked twice across banks, every report is scrutinised the
same way, in the labels students see and US spelling, and the skills are defined where teachers read."""

from __future__ import annotations

import re

import pytest

from quizapp.banks import load_banks
from quizapp.banks.model import SKILL_DEFINITIONS, SKILLS
from quizapp.corpus import normalise
from quizapp.questions import kind_of
from quizapp.scoring import score_response
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK, QUESTIONS, ROOT


@pytest.fixture(scope="module")
def banks(corpus):
    return {bank.id: bank for bank in load_banks([QUESTIONS], corpus)}


def question(banks, bank_id, question_id):
    found = banks[bank_id].question(question_id)
    assert found is not None, f"{bank_id} has no question {question_id}"
    return found


def all_questions(banks):
    return [q for bank in banks.values() for q in bank.questions]


def test_at_least_80_questions(banks):
    assert len(all_questions(banks)) >= 80


# (bank, question, response, earns full points?): answers a reviewer accepts or refuses.
RESPONSES = [
    ("harris-trip-2021", "zero-allegations", "zero", True),  # the article's own word
    ("harris-trip-2021", "zero-allegations", "0", True),
    ("harris-trip-2021", "zero-allegations", "three", False),
    ("harris-trip-2021", "root-causes-phrase", "the root causes", True),
    ("harris-trip-2021", "root-causes-phrase", "root causes", True),
    ("comparing-coverage", "misspelled-name", "Ocasio-Cortex", True),
    ("comparing-coverage", "misspelled-name", "Cortex", False),  # the prompt says "exactly as it appears"
    ("numbers-and-sources", "how-many-times-bigger", "10.4", True),
    ("numbers-and-sources", "how-many-times-bigger", "9.4", False),  # the increase, not "as large"
    ("numbers-and-sources", "candidates-killed", ["34", "35"], True),  # "nearly three dozen": under 36
    ("numbers-and-sources", "candidates-killed", ["34", "35", "36"], False),
    ("numbers-and-sources", "unaccompanied-children", ["18,800", "18,950"], True),  # "nearly 19,000"
    ("numbers-and-sources", "unaccompanied-children", ["18,800", "18,950", "19,400"], False),
    ("numbers-and-sources", "specific-april-number", [FIRST, NEWSWEEK], True),
    ("comparing-coverage", "caveat-omitted", [FIRST, FOURTH], True),
]


@pytest.mark.parametrize(("bank_id", "question_id", "response", "right"), RESPONSES)
def test_defensible_answers_score_right_and_others_do_not(banks, bank_id, question_id, response, right):
    score = score_response(question(banks, bank_id, question_id), response)
    assert (score.outcome == "correct") is right, score


def test_prompts_say_what_they_key(banks):
    # "specific number": "more than 170,000" is a figure too, so the prompt says so.
    assert "exact or rounded" in question(banks, "numbers-and-sources", "specific-april-number").prompt
    # "times bigger" reads as the increase to many: the prompt asks how many times as large.
    times = question(banks, "numbers-and-sources", "how-many-times-bigger").prompt
    assert "times as large" in times and "times bigger" not in times
    # The "Migration Crisis" report gives no April numbers, so the prompt does not ask for them.
    caveat = question(banks, "comparing-coverage", "caveat-omitted")
    assert "April" not in caveat.prompt and FOURTH in caveat.answers
    # The grid's claim keyed to Newsweek alone is about its words: 178,622 is "more than 170,000" too.
    grid = question(banks, "comparing-coverage", "who-gives-which-figure")
    rounded = [claim for claim in grid.claims if "more than 170,000" in claim]
    assert rounded and all("words" in claim for claim in rounded)
    # Newsweek's headline ("Doesn't Respond") does not support a claim that leaves room for an indirect answer.
    assert "indirectly" in question(banks, "harris-trip-2021", "harris-did-not-respond").prompt
    # The text has Harris tell reporters "Monday night"; it does not say she was in Mexico.
    assert "in Mexico" not in question(banks, "harris-trip-2021", "match-quote-to-speaker").explanation


def _cites(q, words):
    return {source.article for source in q.sources if words in normalise(source.quote)}


def test_one_question_per_passage_across_the_banks(banks, corpus):
    questions = all_questions(banks)
    asking = [
        q.id
        for q in questions
        if any("This is disappointing to see" in text for text in _texts(q, corpus)[:1] + _texts(q, corpus)[2:])
    ]
    assert asking == ["aoc-tweet-trimmed"]  # the prompt, options or rows name it; an explanation may
    which_reports = [q for q in questions if q.type in ("source", "grid") and len(_cites(q, "Do not come")) >= 2]
    assert [q.id for q in which_reports] == ["who-carries-which-quote"]


def test_every_report_gets_its_language_examined(banks):
    """Loaded and interpretive wording is asked about in the AP's and Newsweek's copy too, not only in
    the two reports of unknown outlets; and the "crisis" label is examined in all four."""
    language = [q for q in all_questions(banks) if "language" in q.skills]
    cited = {source.article for q in language for source in q.sources}
    assert {FIRST, NEWSWEEK, AP, FOURTH} <= cited
    words = " ".join(normalise(source.quote) for q in language for source in q.sources)
    for phrase in ("chummy", "hardline policies", "stem the tide", "seizing on an issue", "spike in migration"):
        assert phrase in words, phrase
    crisis = question(banks, "comparing-coverage", "crisis-in-own-voice")
    assert {FIRST, NEWSWEEK, FOURTH} <= {s.article for s in crisis.sources} and AP in crisis.choices


CURRICULUM = {
    "numbers-and-sources": ["weak-baseline", "verify-april-figure", "rounded-not-disagreeing", "record-which-figure"],
    "harris-trip-2021": ["do-not-come-context", "which-monday", "initially-ignored"],
    "comparing-coverage": [
        "do-not-come-descriptions",
        "ap-own-words",
        "chummy-evidence",
        "seizing-whose-claim",
        "crisis-in-own-voice",
        "crisis-labels",
        "newsweek-framing",
    ],
    "judging-sources": [
        "no-bylines",
        "publisher-date-dateline",
        "unknown-outlet-meaning",
        "search-migration-crisis",
        "search-aoc-report",
        "original-tweet",
        "trust-for-what",
        "migration-crisis-opinion",
        "subheadings-news-or-verdict",
        "photo-credits",
        "undated-report",
        "check-second-hand-quote",
        "wire-copy-credit",
        "which-tuesday",
    ],
}


@pytest.mark.parametrize("bank_id", sorted(CURRICULUM))
def test_what_the_best_assessments_ask_is_asked(banks, bank_id):
    for question_id in CURRICULUM[bank_id]:
        assert question(banks, bank_id, question_id).explanation


def _texts(q, corpus):
    kind = kind_of(q)
    return [q.prompt, q.explanation or "", *kind.shown_texts(q, corpus), *kind.key_texts(q)]


# British spellings a US classroom would mark: -ise verbs of this vocabulary, -our, -re, doubled l, -mme.
BRITISH = re.compile(
    r"\b(\w*(criticis|apologis|destabilis|organis|recognis|realis|emphasis|summaris|characteris)(e|ed|es|ing|ation)"
    r"|\w*(colour|favour|behaviour|honour|neighbour)\w*|programmes?|travell\w*|labell\w*|centres?|judgements?)\b",
    re.IGNORECASE,
)


def test_labels_students_see_and_us_spelling(banks, corpus):
    for q in all_questions(banks):
        text = " ".join(_texts(q, corpus))
        assert "unsigned" not in text.lower(), q.id  # none of the four has a byline: the label says which report
        british = {m.group(0) for m in BRITISH.finditer(text)}
        assert not british, (q.id, british)


def test_skills_are_defined_in_a_sentence_each_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    assert set(SKILL_DEFINITIONS) == set(SKILLS)
    for skill, sentence in SKILL_DEFINITIONS.items():
        assert sentence.endswith(".") and sentence.count(". ") == 0, skill
        assert f"| `{skill}` | {sentence} |" in readme
