"""Reading level: Flesch–Kincaid grades checked against counts made by hand, and the question's own wording."""

from __future__ import annotations

import pytest

from quizapp.banks import Source, Span
from quizapp.banks.reading_level import (
    BankReadingLevel,
    Counts,
    counts,
    flesch_kincaid_grade,
    own_wording,
    prompt_grade,
    reading_level,
    syllables,
)
from quizapp.questions import JudgeQuestion, NumericQuestion, SourceQuestion, Tolerance


def fk(words: int, sentences: int, syllables: int) -> float:
    """The formula as published, written out again so a slip in the module's copy shows."""
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


@pytest.mark.parametrize(
    ("text", "words", "sentences", "syllable_count"),
    [
        # the(1) cat(1) sat(1) on(1) the(1) mat(1)
        ("The cat sat on the mat.", 6, 1, 6),
        # which(1) reports(2) quote(1) these(1) words(1) | O-ca-si-o-Cor-tez(6) said(1) it(1)
        ("Which reports quote these words? Ocasio-Cortez said it.", 8, 2, 14),
        # U.S.(2, a letter each) bor-der(2) au-thor-i-ties(4) en-coun-tered(3) near-ly(2) 19,000(1)
        # un-ac-com-pa-nied(5) chil-dren(2) in(1) March(1); "U.S." ends no sentence
        ("U.S. border authorities encountered nearly 19,000 unaccompanied children in March.", 10, 1, 23),
        # "Rep." is a title, not a sentence end; "Yes" after the last mark is a sentence of its own
        ("Rep. Smith spoke! Did he? Yes", 6, 3, 6),
        # the(1) 46-year-old(1+1+1: one word, counted part by part) aren't(2) here(1)
        ("The 46-year-old aren't here", 4, 1, 7),
    ],
)
def test_counts_and_grade_match_a_hand_count(text: str, words: int, sentences: int, syllable_count: int) -> None:
    assert counts(text) == Counts(words, sentences, syllable_count)
    assert flesch_kincaid_grade(text) == pytest.approx(fk(words, sentences, syllable_count))


def test_hand_computed_grades() -> None:
    assert flesch_kincaid_grade("The cat sat on the mat.") == pytest.approx(-1.45)
    # 0.39 × 8/2 + 11.8 × 14/8 − 15.59 = 1.56 + 20.65 − 15.59
    assert flesch_kincaid_grade("Which reports quote these words? Ocasio-Cortez said it.") == pytest.approx(6.62)
    # 0.39 × 10 + 11.8 × 2.3 − 15.59: one long sentence of long words reads past grade 12
    assert flesch_kincaid_grade(
        "U.S. border authorities encountered nearly 19,000 unaccompanied children in March."
    ) == pytest.approx(15.45)


def test_syllables_come_from_the_dictionary_then_from_hyphenation() -> None:
    assert syllables("destabilization") == 6  # de-sta-bi-li-za-tion
    assert syllables("every") == 3  # the CMU dictionary's ev-er-y, where hyphenation gives two
    assert syllables("Harris’s") == 3  # a curly apostrophe is an apostrophe
    assert syllables("Blorptastic") == 3  # not in the dictionary: blorp-tas-tic by hyphenation
    assert syllables("NATO") == 2 and syllables("U.K.") == 2


def test_a_text_without_words_has_no_grade() -> None:
    with pytest.raises(ValueError, match="without words"):
        flesch_kincaid_grade("… — ?")


def test_quoted_article_text_counts_as_one_word() -> None:
    quoted = ['"Do not come. Do not come," she said.']
    prompt = "Harris said: “Do not come. Do not come” Which reports quote these words?"
    # A passage followed by a capital letter ends its sentence, as the closing mark does on the page.
    assert own_wording(prompt, quoted) == "Harris said: this. Which reports quote these words?"
    # A cloze quotes its sentence cut at the gap and at the ellipses; each part is the source's.
    source = "Encounters spiked, with 178,622 encounters for the month of April, compared to 17,106 in April 2020."
    cloze = "Newsweek writes: “…with ____ encounters for the month of April.” What number is missing?"
    assert own_wording(cloze, [source]) == "Newsweek writes: this. What number is missing?"
    assert flesch_kincaid_grade(own_wording(cloze, [source])) == pytest.approx(fk(7, 2, 10))


def test_quotation_marks_around_the_questions_own_words_are_counted() -> None:
    quoted = ["with 178,622 encounters for the month of April"]
    # Not in the sources: a term the question discusses is its own wording.
    assert own_wording("What does “root causes” mean here?", quoted) == "What does “root causes” mean here?"
    # A part of one word beside a gap proves nothing: "with ____ encounters" is counted too.
    assert own_wording("Fill in “with ____ encounters”.", quoted) == "Fill in “with ____ encounters”."
    # Words the source has only in another order are not its passage.
    assert own_wording("Is “April the month” right?", quoted) == "Is “April the month” right?"


def test_a_judge_statement_is_the_articles_wording() -> None:
    statement = "Harris told reporters the trip had been a success, according to officials."
    judge = JudgeQuestion(
        id="judge-harris",
        prompt=f"Is this what Newsweek says? {statement}",
        sources=(Source("a", statement, Span(0, len(statement))),),
        statement=statement,
    )
    # is(1) this(1) what(1) News-week(2) says(1) | this(1): 6 words, 7 syllables, 2 sentences
    assert prompt_grade(judge) == pytest.approx(fk(6, 2, 7))


def test_a_bank_reading_level_names_its_hardest_prompt() -> None:
    quote = "U.S. border authorities encountered nearly 19,000 unaccompanied children in March"
    easy = NumericQuestion(
        id="easy",
        prompt=f"Newsweek writes: “{quote.replace('19,000', '____')}.” What number is missing?",
        sources=(Source("a", quote, Span(0, len(quote))),),
        answer=19000.0,
        tolerance=Tolerance(),
    )
    hard = SourceQuestion(id="hard", prompt=f"Which reports say that {quote}?", choices=("a", "b"))
    level = reading_level([easy, hard])
    assert level is not None
    assert level.highest == pytest.approx(prompt_grade(hard)) and level.hardest == "hard"
    assert level.median == pytest.approx((prompt_grade(easy) + prompt_grade(hard)) / 2)
    assert "highest 1" in level.summary() and "(hard)" in level.summary()
    assert reading_level([]) is None
    # A prompt of marks alone (the validator takes any text) has no grade: it is left out, not an error.
    marks = SourceQuestion(id="marks", prompt="?!", choices=("a", "b"))
    assert reading_level([marks]) is None
    assert reading_level([marks, hard]) == BankReadingLevel(prompt_grade(hard), prompt_grade(hard), "hard")


def test_a_long_prompt_full_of_dots_is_counted_in_one_pass() -> None:
    text = "Stop. " * 50_000 + "U.S. " * 50_000
    assert counts(text) == Counts(100_000, 50_001, 50_000 + 100_000)
