"""Judge questions (quizapp/questions/judge.py): the bank checks, scoring, the form, paper, and the bundled bank."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.banks.loader import parse_bank
from quizapp.banks.model import SKILLS
from quizapp.corpus import Corpus, load_corpus
from quizapp.discernment import Judgement
from quizapp.questions import KINDS, JudgeQuestion
from quizapp.questions.answering import field_name, row_field_name
from quizapp.questions.paper_marks import RowError, WrittenAnswer
from quizapp.questions.slot import Slot
from quizapp.scoring import score_response
from tests.questions.scores import assert_no_answer, assert_score, assert_unreadable

ROOT = Path(__file__).resolve().parents[2]
AP = "002_f52d19d8c2480346"
QUOTE = "Rep. Alexandria Ocasio-Cortez (D-NY) criticized the U.S. stance."
KIND = KINDS["judge"]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(ROOT / "seeds")


def _bank(corpus: Corpus, statement: str, extra: str = "", *, rendering: str = "distorted", quote: str = QUOTE):
    text = f"""
bank: b
title: t
questions:
  - id: q
    type: judge
    prompt: 'A rendering of the AP report: {statement}'
    statement: '{statement}'
    rendering: {rendering}
{extra}
    sources:
      - article: {AP}
        quote: '{quote}'
"""
    return parse_bank(text, "b.yaml", corpus)


def _problems(corpus: Corpus, *args, **kwargs) -> list[str]:
    bank, problems = _bank(corpus, *args, **kwargs)
    return [problem.message for problem in problems]


def test_an_accurate_rendering_is_the_passage_word_for_word(corpus: Corpus) -> None:
    bank, problems = _bank(corpus, QUOTE, rendering="accurate")
    assert problems == [] and bank is not None
    question = bank.questions[0]
    assert isinstance(question, JudgeQuestion) and not question.distorted
    messages = _problems(corpus, QUOTE.replace("criticized", "attacked"), rendering="accurate")
    assert messages == [f'the statement must be the passage word for word: "{QUOTE}"']


CHANGED_WORD = """    distortion:
      type: changed-word
      original: criticized
      changed: attacked"""


def test_a_distortion_differs_from_the_passage_in_exactly_the_stated_way(corpus: Corpus) -> None:
    bank, problems = _bank(corpus, QUOTE.replace("criticized", "attacked"), CHANGED_WORD)
    assert problems == [] and bank is not None
    question = bank.questions[0]
    assert isinstance(question, JudgeQuestion)
    assert (question.distortion, question.original, question.changed) == ("changed-word", "criticized", "attacked")
    # A second, unstated change is refused, with the rendering the stated change gives.
    messages = _problems(corpus, "Rep. Alexandria Ocasio-Cortez (D-NY) attacked the U.S. position.", CHANGED_WORD)
    assert messages == [
        "the statement must be the passage with only the stated change: "
        '"Rep. Alexandria Ocasio-Cortez (D-NY) attacked the U.S. stance."'
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("", "a distorted rendering needs 'distortion' with its type and original words"),
        ("    distortion:\n      type: reworded\n      original: criticized\n      changed: x", "unknown distortion"),
        ("    distortion:\n      type: changed-word\n      original: praised\n      changed: attacked", "exactly once"),
        ("    distortion:\n      type: changed-word\n      original: criticized\n      changed: criticized", "differ"),
        ("    distortion:\n      type: inflated-number\n      original: criticized\n      changed: attacked", "number"),
        (
            "    distortion:\n      type: swapped-speaker\n      original: Ocasio-Cortez\n      changed: Napoleon",
            "none",
        ),
        ("    distortion:\n      type: dropped-caveat\n      original: U.S.\n      changed: x", "leave out"),
        ("    distortion:\n      type: changed-word\n      original: criticized\n      colour: x", "unknown key"),
    ],
)
def test_a_wrongly_stated_distortion_is_a_located_problem(corpus: Corpus, extra: str, message: str) -> None:
    messages = _problems(corpus, QUOTE.replace("criticized", "attacked"), extra)
    assert any(message in m for m in messages), messages


def test_each_named_distortion_checks_its_own_rule(corpus: Corpus) -> None:
    quote = "U.S. border authorities encountered nearly 19,000 unaccompanied children in March, the highest on record."
    inflated = "    distortion:\n      type: inflated-number\n      original: 19,000\n      changed: 29,000"
    assert _problems(corpus, quote.replace("19,000", "29,000"), inflated, quote=quote)[:1] == [
        "quote not found in 002_f52d19d8c2480346 (Associated Press): " + f'"{quote}"'
    ]  # the passage is Newsweek's: the source is checked against the article first
    smaller = "    distortion:\n      type: inflated-number\n      original: Rep.\n      changed: Rep"
    assert "an inflated number must change a number to a larger one" in _problems(corpus, QUOTE, smaller)
    swapped = "    distortion:\n      type: swapped-speaker\n      original: Ocasio-Cortez\n      changed: Giammattei"
    assert _problems(corpus, QUOTE.replace("Ocasio-Cortez", "Giammattei"), swapped) == []
    dropped = "    distortion:\n      type: dropped-caveat\n      original: (D-NY)"
    assert _problems(corpus, "Rep. Alexandria Ocasio-Cortez criticized the U.S. stance.", dropped) == []


def test_the_prompt_must_show_the_statement(corpus: Corpus) -> None:
    text = f"""
bank: b
title: t
questions:
  - id: q
    type: judge
    prompt: Is this accurate?
    statement: '{QUOTE}'
    rendering: accurate
    sources: [{{article: {AP}, quote: '{QUOTE}'}}]
"""
    _, problems = parse_bank(text, "b.yaml", corpus)
    assert [p.message for p in problems] == ["the prompt must show the statement word for word"]


# --------------------------------------------------------------------------------------------------
# Scoring, the signal-detection reading, and the form
# --------------------------------------------------------------------------------------------------

DISTORTED = JudgeQuestion(
    id="q", prompt="p", statement="s", distortion="changed-word", original="a", changed="b", points=2
)
ACCURATE = JudgeQuestion(id="q", prompt="p", statement="s")


@pytest.mark.parametrize(
    "response", [{"verdict": "distorted"}, {"verdict": "distorted", "confidence": 70}, "distorted", " Distorted "]
)
def test_the_verdict_alone_earns_the_points(response: object) -> None:
    assert_score(score_response(DISTORTED, response), 2, 2, "correct")
    assert_score(score_response(ACCURATE, response), 0, 1, "wrong")


@pytest.mark.parametrize("response", [None, "", {}])
def test_no_verdict_is_no_answer(response: object) -> None:
    assert_no_answer(score_response(DISTORTED, response))


@pytest.mark.parametrize("response", ["maybe", {"verdict": "fake"}, {"confidence": 80}, 1, [True], b"distorted"])
def test_hostile_responses_are_unreadable(response: object) -> None:
    assert_unreadable(score_response(DISTORTED, response))


def test_a_response_reads_as_a_judgement_for_signal_detection() -> None:
    assert KIND.judgement(DISTORTED, {"verdict": "accurate", "confidence": 90}) == Judgement(True, False, 0.9)
    assert KIND.judgement(ACCURATE, {"verdict": "distorted", "confidence": 55}) == Judgement(False, True, None)
    assert KIND.judgement(ACCURATE, None) is None
    assert all(kind.judgement(ACCURATE, "accurate") is None for name, kind in KINDS.items() if name != "judge")


def test_the_form_sends_the_verdict_and_an_offered_confidence_only(corpus: Corpus) -> None:
    def posted(*pairs: tuple[str, str]) -> object:
        return KIND.parse_answer(DISTORTED, MultiDict(list(pairs)), 7, corpus)

    verdict, sure = field_name(7), row_field_name(7, 0)
    assert posted((verdict, "distorted"), (sure, "80")) == {"verdict": "distorted", "confidence": 80}
    assert posted((verdict, "accurate"), (sure, "85")) == {"verdict": "accurate"}  # no such level
    assert posted((verdict, "accurate"), (sure, "")) == {"verdict": "accurate"}
    assert posted((sure, "90")) is None
    assert posted((verdict, "<script>"), (sure, "90")) is None
    inputs = KIND.form_inputs(
        DISTORTED, 7, {"verdict": "distorted", "confidence": 60}, KIND.offered(DISTORTED, corpus), corpus
    )
    assert [(o.label, o.selected) for o in inputs.options] == [("Accurate", False), ("Distorted", True)]
    (row,) = inputs.match_rows
    assert row.field == sure and [o.value for o in row.options if o.selected] == ["60"]
    assert KIND.describe_answer(DISTORTED, {"verdict": "distorted", "confidence": 60}, corpus) == [
        "Distorted",
        "60 % sure",
    ]


def test_the_key_says_what_was_changed() -> None:
    assert KIND.key_note(DISTORTED) == 'A word changed: the report says "a", the statement "b".'
    dropped = JudgeQuestion(id="q", prompt="p", statement="s", distortion="dropped-caveat", original="in the past")
    assert KIND.key_note(dropped) == 'A caveat dropped: the statement leaves out "in the past".'


def test_a_paper_answer_is_a_verdict_and_the_confidence_circled() -> None:
    def read(text: str) -> object:
        return KIND.read_paper(DISTORTED, WrittenAnswer(Slot(1, DISTORTED), text, "question 1"), {})

    assert read("D") == {"verdict": "distorted"}
    assert read("a 90") == {"verdict": "accurate", "confidence": 90}
    assert read("Distorted 100%") == {"verdict": "distorted", "confidence": 100}
    for bad in ("X", "D 85", "D 40", "AD"):
        with pytest.raises(RowError, match="question 1"):
            read(bad)


# --------------------------------------------------------------------------------------------------
# The bundled bank
# --------------------------------------------------------------------------------------------------


def test_the_bundled_discernment_bank_is_balanced_over_the_six_skills(corpus: Corpus) -> None:
    path = ROOT / "questions" / "discernment.yaml"
    bank, problems = parse_bank(path.read_text(encoding="utf-8"), str(path), corpus)
    assert problems == [] and bank is not None
    judged = [q for q in bank.questions if isinstance(q, JudgeQuestion)]
    assert len(judged) >= 24
    per_skill = Counter((skill, q.distorted) for q in judged for skill in q.skills)
    for skill in SKILLS:
        assert per_skill[(skill, True)] == per_skill[(skill, False)] >= 2, skill
    assert {q.distortion for q in judged if q.distorted} == {
        "changed-word",
        "dropped-caveat",
        "swapped-speaker",
        "inflated-number",
    }
