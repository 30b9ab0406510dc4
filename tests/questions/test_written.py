"""Written answers marked on a rubric (quizapp/questions/written.py, rubric.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks.loader import load_banks, parse_bank
from quizapp.banks.serialise import question_from_dict, question_to_dict
from quizapp.questions import KINDS, WrittenQuestion, kind_of
from quizapp.questions.lms_items import Essay
from quizapp.questions.paper_marks import RowError, WrittenAnswer
from quizapp.questions.rubric import RubricLevel, agreement
from quizapp.questions.slot import Slot
from quizapp.questions.written import WRITTEN_MAX_LENGTH, clean_paragraphs, word_count
from quizapp.scoring import score_response

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = (
    RubricLevel("Proficient", 2.0, "Names the source and a check."),
    RubricLevel("Emerging", 1.0, "Names the source only."),
    RubricLevel("Beginning", 0.0, "Neither."),
)
QUESTION = WrittenQuestion(id="w", prompt="Why?", points=4, rubric=RUBRIC, max_words=5)
KIND = KINDS["written"]

BANK = """
bank: b
title: B
questions:
  - id: w
    type: written
    prompt: Why does the attribution matter?
    max_words: 50
    sources:
      - article: 000_9c074612a8ff18f5
        quote: according to BBC
    rubric:
{rubric}
"""
GOOD_RUBRIC = """\
      - level: Emerging
        points: 1
        descriptor: Half of it.
      - level: Proficient
        points: 2
        descriptor: All of it.
        exemplars: ["It says BBC, so I can check the BBC."]
      - level: Beginning
        points: 0
        descriptor: None of it."""


def test_the_bundled_banks_have_at_least_four_written_questions_with_rubrics(corpus) -> None:
    banks = load_banks([ROOT / "questions"], corpus)
    written = [q for bank in banks for q in bank.questions if kind_of(q).needs_marking]
    assert len(written) >= 4
    for question in written:
        assert isinstance(question, WrittenQuestion)
        assert len(question.rubric) >= 2 and question.sources


def test_a_rubric_is_read_highest_level_first_with_exemplars(corpus) -> None:
    bank, problems = parse_bank(BANK.format(rubric=GOOD_RUBRIC), "b.yaml", corpus)
    assert problems == []
    question = bank.questions[0]
    assert [level.label for level in question.rubric] == ["Proficient", "Emerging", "Beginning"]
    assert question.rubric[0].exemplars == ("It says BBC, so I can check the BBC.",)
    assert question.max_words == 50
    assert question_from_dict(question_to_dict(question)) == question


@pytest.mark.parametrize(
    ("rubric", "message"),
    [
        ("      - level: Only\n        points: 1\n        descriptor: x", "2 to 6 levels"),
        (
            "      - level: A\n        points: 1\n        descriptor: x\n      - level: B\n        points: 1\n"
            "        descriptor: y",
            "two rubric levels are worth 1 points",
        ),
        (
            "      - level: A\n        points: -1\n        descriptor: x\n      - level: B\n        points: 1\n"
            "        descriptor: y",
            "0 or more",
        ),
        (
            "      - level: A\n        points: 0\n        descriptor: x\n      - level: B\n        points: 0.0\n"
            "        descriptor: y",
            "two rubric levels",
        ),
        (
            "      - level: A\n        points: 2\n      - level: B\n        points: 0\n        descriptor: y",
            "missing required key 'descriptor'",
        ),
        (
            "      - level: A\n        points: 2\n        descriptor: x\n        exemplar: [a]\n      - level: B\n"
            "        points: 0\n        descriptor: y",
            "did you mean 'exemplars'",
        ),
    ],
)
def test_a_bad_rubric_is_a_located_problem(corpus, rubric: str, message: str) -> None:
    bank, problems = parse_bank(BANK.format(rubric=rubric), "b.yaml", corpus)
    assert bank is None
    assert any(message in problem.message for problem in problems), problems


def test_typed_text_waits_for_a_mark_and_earns_nothing_until_then() -> None:
    assert KIND.awaits_mark(QUESTION, "Because the BBC is named.")
    assert not KIND.awaits_mark(QUESTION, None) and not KIND.awaits_mark(QUESTION, "   ")
    assert score_response(QUESTION, "Because").earned == 0


@pytest.mark.parametrize(("points", "earned", "outcome"), [(2, 4, "correct"), (1, 2, "partial"), (0, 0, "wrong")])
def test_a_mark_earns_its_share_of_the_top_level(points: float, earned: float, outcome: str) -> None:
    score = KIND.grade_mark(QUESTION, points)
    assert (score.earned, score.possible, score.outcome) == (earned, 4, outcome)


def test_a_paper_level_scores_at_once_and_never_waits() -> None:
    assert score_response(QUESTION, {"level": "emerging"}).earned == 2
    assert not KIND.awaits_mark(QUESTION, {"level": "Emerging"})
    assert score_response(QUESTION, {"level": "Great"}).message == "The rubric has no level 'Great'."
    assert score_response(QUESTION, {"level": 5}).message == "The answer could not be read."


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("Proficient", "Proficient"),
        ("2", "Proficient"),
        ("0", "Beginning"),
        ("emerging", "Emerging"),
        ("1.0", "Emerging"),
    ],
)
def test_the_teacher_types_the_level_read_off_paper(written: str, level: str) -> None:
    answer = WrittenAnswer(Slot(QUESTION, (), ()), written, "question 3")
    assert KIND.read_paper(QUESTION, answer, {}) == {"level": level}


def test_a_level_the_rubric_lacks_is_refused_with_the_levels_there_are() -> None:
    with pytest.raises(RowError, match=r"question 3: write the level marked \(Proficient or 2, Emerging or 1"):
        KIND.read_paper(QUESTION, WrittenAnswer(Slot(QUESTION, (), ()), "B+", "question 3"), {})


def test_the_form_keeps_paragraphs_and_counts_words() -> None:
    form = {"q-7": "First line.\r\nSecond\x00 line \u0007here.\n\n"}

    class Form(dict):
        def getlist(self, key):
            return [self[key]] if key in self else []

    answer = KIND.parse_answer(QUESTION, Form(form), 7, {})
    assert answer == "First line.\nSecond  line  here."
    inputs = KIND.form_inputs(QUESTION, 7, answer, [], {})
    assert (inputs.text, inputs.words, inputs.max_words) == (answer, 5, 5)
    assert clean_paragraphs("x" * (WRITTEN_MAX_LENGTH + 50)) == "x" * WRITTEN_MAX_LENGTH
    assert clean_paragraphs(["a"]) is None and word_count(None) == 0


def test_the_key_is_the_rubric_and_lms_gets_an_essay() -> None:
    assert KIND.describe_key(QUESTION, {})[0] == "Proficient (2 points): Names the source and a check."
    item = KIND.lms_item(QUESTION, {})
    assert isinstance(item, Essay) and item.max_words == 5 and len(item.rubric) == 3


def test_the_tally_counts_typed_answers_together_and_paper_levels_apart() -> None:
    rows = KIND.distribution(QUESTION, ["a", "b", None, {"level": "Proficient"}], {})
    assert {(row.value, row.count, row.correct) for row in rows} == {
        ("(written answer)", 2, False),
        ("(no answer)", 1, False),
        ("Proficient", 1, True),
    }


def test_agreement_is_exact_share_and_cohens_kappa() -> None:
    # A textbook case: 50 answers, the markers agree on 35 (20 yes, 15 no).
    pairs = [(1, 1)] * 20 + [(1, 0)] * 5 + [(0, 1)] * 10 + [(0, 0)] * 15
    result = agreement(pairs)
    assert result is not None
    assert (result.pairs, result.percent) == (50, 70)
    assert result.kappa == pytest.approx(0.4)
    assert agreement([]) is None
    assert agreement([(2, 2), (2, 2)]).kappa is None  # chance agreement is total: kappa says nothing


def test_an_answer_over_the_word_limit_is_one_to_check_before_submitting() -> None:
    assert KIND.answer_warning(QUESTION, "one two three four five") is None
    assert KIND.answer_warning(QUESTION, "one two three four five six seven") == ("7 words, 2 over the limit of 5.")
    assert KIND.answer_warning(QUESTION, {"level": "Proficient"}) is None
    assert all(KINDS[name].answer_warning(QUESTION, "x " * 900) is None for name in KINDS if name != "written")
