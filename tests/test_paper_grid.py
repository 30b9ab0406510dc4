"""Grid answers on paper: each claim's number and the letters of the reports ticked, read back through
a version's shuffle of claims and reports. Pure, no app, no database."""

from __future__ import annotations

import pytest

from quizapp.banks import load_banks
from quizapp.exports import version_layout
from quizapp.exports.answers import brief_answer
from quizapp.paper import UNSHUFFLED, RowError, parse_paper_answers, read_answer
from quizapp.questions.grid import grid_key
from quizapp.scoring import score_response
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK, QUESTIONS

SEED = "spring"
HEADER = "student,version,question,answer"
GRID_ID = "who-gives-which-figure"
APRIL_EXACT = "There were 178,622 encounters at the border in April."
APRIL_ROUNDED = 'Puts April\'s encounters in the words "more than 170,000".'
ROOT_CAUSES = 'Harris spoke of the "root causes" of migration.'


@pytest.fixture(scope="module")
def bank(corpus):
    (loaded,) = load_banks([QUESTIONS / "comparing-coverage.yaml"], corpus)
    return loaded


@pytest.fixture(scope="module")
def layouts(bank):
    return {
        UNSHUFFLED: version_layout(bank, None, None),
        "A": version_layout(bank, SEED, "A"),
        "B": version_layout(bank, SEED, "B"),
    }


def grid_slot(layouts, version):
    return next(slot for slot in layouts[version] if slot.question.id == GRID_ID)


def parse(text, layouts, corpus):
    return parse_paper_answers(text, layouts, ("Ana Diaz", "Ben Ode"), corpus=corpus)


def test_unshuffled_letters_and_numbers_follow_the_bank(layouts, corpus):
    slot = grid_slot(layouts, UNSHUFFLED)
    assert slot.lefts == (APRIL_EXACT, APRIL_ROUNDED, ROOT_CAUSES)
    assert slot.choices == (FIRST, NEWSWEEK, AP, FOURTH)
    assert grid_key(slot) == ((1, "A"), (2, "B"), (3, "BD"))
    assert brief_answer(slot, corpus) == "1 A, 2 B, 3 BD"
    assert read_answer(slot, UNSHUFFLED, "1A 2B 3BD", corpus) == {
        APRIL_EXACT: [FIRST],
        APRIL_ROUNDED: [NEWSWEEK],
        ROOT_CAUSES: [NEWSWEEK, FOURTH],
    }


@pytest.mark.parametrize("version", ["A", "B", UNSHUFFLED])
def test_the_key_as_the_marking_grid_prints_it_scores_full_marks(version, layouts, corpus):
    slot = grid_slot(layouts, version)
    written = brief_answer(slot, corpus)  # "1 AC, 2 B": what the teacher sees is what may be typed
    rows, errors = parse(f'{HEADER}\nAna Diaz,{version},{slot.number},"{written}"\n', layouts, corpus)
    assert errors == []
    assert score_response(slot.question, rows[0].answer).outcome == "correct"


def test_a_tick_on_version_a_and_on_version_b_is_the_same_box(layouts, corpus):
    a, b = grid_slot(layouts, "A"), grid_slot(layouts, "B")
    # The shuffle really moved claims or reports: otherwise this test would prove nothing.
    assert (a.lefts, a.choices) != (b.lefts, b.choices)
    for claim in a.question.claims:
        for article in a.question.articles:
            written_a = f"{a.lefts.index(claim) + 1}{a.letter_for(article)}"
            written_b = f"{b.lefts.index(claim) + 1}{b.letter_for(article)}"
            assert (
                read_answer(a, "A", written_a, corpus) == read_answer(b, "B", written_b, corpus) == {claim: [article]}
            )


def test_spellings_a_teacher_may_type(layouts, corpus):
    slot = grid_slot(layouts, UNSHUFFLED)
    expected = {APRIL_EXACT: [FIRST], ROOT_CAUSES: [NEWSWEEK, FOURTH]}
    for written in ("1A 3BD", "1a, 3db", "1-A; 3: BD", "3BD 1A", " 1 A 3 B D".replace(" B D", "BD")):
        assert read_answer(slot, UNSHUFFLED, written, corpus) == expected, written
    assert read_answer(slot, UNSHUFFLED, "", corpus) is None


def test_partial_paper_answers_score_box_by_box(layouts, corpus):
    slot = grid_slot(layouts, UNSHUFFLED)
    # Claim 2 left out (its Newsweek box missed) and the fourth report's "root causes" missed: 10 of 12 boxes.
    answer = read_answer(slot, UNSHUFFLED, "1A 3B", corpus)
    score = score_response(slot.question, answer)
    assert score.outcome == "partial"
    assert score.earned == pytest.approx(slot.question.points * 10 / 12)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("4A", "question {n}: has no claim 4 (its claims are 1 to 3)"),
        ("1E", "question {n} has no choice E (its choices are A to D)"),
        ("1A 1B", "question {n}: claim 1 is written twice"),
        ("A1", 'question {n}: write each claim\'s number and the letters of the reports ticked, as 1AC 2B, not "A1"'),
        ("1A and 2B", "question {n}: write each claim's number"),
    ],
)
def test_bad_grid_answers_say_what_to_write(written, message, layouts, corpus):
    slot = grid_slot(layouts, UNSHUFFLED)
    with pytest.raises(RowError) as raised:
        read_answer(slot, UNSHUFFLED, written, corpus)
    assert message.format(n=slot.number).replace(": has", " has") in str(raised.value)


def test_a_bad_grid_row_is_reported_at_its_line(layouts, corpus):
    slot = grid_slot(layouts, "B")
    text = f"{HEADER}\nAna Diaz,B,{slot.number},1A\nBen Ode,B,{slot.number},9Z\n"
    rows, errors = parse(text, layouts, corpus)
    assert len(rows) == 1
    assert [str(e) for e in errors] == [
        f"line 3: question {slot.number} on version B has no claim 9 (its claims are 1 to 3)"
    ]
