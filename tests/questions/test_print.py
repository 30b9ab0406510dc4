"""Print and paper, kind by kind: what a paper letters and numbers, what each kind prints and keys, and
how what a student wrote on paper reads back. Pure: no app, no database. (That the print and paper
modules never branch on a kind is checked for the whole package by test_registry.py.)"""

from __future__ import annotations

import re

import pytest

from quizapp.banks import load_banks
from quizapp.exports import version_layout
from quizapp.exports.answers import articles_for, correct_letters
from quizapp.exports.printable import environment
from quizapp.exports.sheet import printed_question
from quizapp.questions import KINDS, kind_of
from quizapp.questions.base import source_spans
from quizapp.questions.evidence import evidence_numbers, offered_sentences
from quizapp.questions.paper_marks import RowError, WrittenAnswer
from quizapp.questions.slot import Slot, letter
from quizapp.scoring import score_response
from tests.conftest import QUESTIONS

SEED = "spring"
WHERE = "question 7 on version B"
ALL_KINDS = sorted(KINDS)


@pytest.fixture(scope="module")
def banks(corpus):
    return load_banks(sorted(QUESTIONS.glob("*.yaml")), corpus)


@pytest.fixture(scope="module")
def slots(banks):
    """Every question as printed unshuffled and on versions A and B, by kind name."""
    by_kind: dict[str, list[Slot]] = {name: [] for name in KINDS}
    for bank in banks:
        for version in (None, "A", "B"):
            for slot in version_layout(bank, SEED if version else None, version):
                by_kind[slot.question.type].append(slot)
    return by_kind


def written(slot: Slot, text: str) -> WrittenAnswer:
    return WrittenAnswer(slot, text, WHERE)


def test_the_bundled_banks_print_every_kind(slots):
    assert all(slots[name] for name in KINDS)


@pytest.mark.parametrize("name", ALL_KINDS)
def test_every_kind_names_print_partials_that_exist(name):
    kind = KINDS[name]
    environment().get_template(kind.print_partial)
    if kind.print_key_partial is not None:
        environment().get_template(kind.print_key_partial)


@pytest.mark.parametrize("name", ALL_KINDS)
def test_a_version_letters_and_numbers_what_the_kind_says_reordered(name, slots):
    for slot in slots[name]:
        lettered, numbered = kind_of(slot.question).paper_values(slot.question)
        assert sorted(slot.choices) == sorted(lettered)
        assert sorted(slot.lefts) == sorted(numbered)


def _as_written(slot: Slot, brief: str) -> str:
    """The marking grid's answer as a student writes it: a number without the range a key accepts, one
    sentence number; every other kind is written exactly as its key is."""
    if slot.question.type == "numeric":
        return brief.split(" (accept ")[0]
    if slot.question.type == "evidence":
        return brief.removeprefix("sentence ").split(" or ")[0]
    return brief


@pytest.mark.parametrize("name", ALL_KINDS)
def test_the_key_on_the_marking_grid_written_on_paper_reads_back_as_full_marks(name, slots, corpus):
    for slot in slots[name]:
        question = slot.question
        kind = kind_of(question)
        text = _as_written(slot, kind.print_brief(question, slot, corpus))
        answer = kind.read_paper(question, written(slot, text), corpus)
        assert score_response(question, answer).outcome == "correct", (question.id, text, answer)


@pytest.mark.parametrize("name", ALL_KINDS)
def test_the_printed_body_carries_the_key_in_the_versions_order(name, slots, corpus):
    for slot in slots[name]:
        question = slot.question
        body = kind_of(question).print_body(question, slot, corpus)
        if name in ("choice", "multi", "source"):
            assert [option.mark for option in body] == [letter(i) for i in range(len(slot.choices))]
            assert tuple(option.mark for option in body if option.correct) == correct_letters(slot)
            if name == "source":
                assert [option.text for option in body] == [corpus[a].label for a in slot.choices]
        elif name == "match":
            right_of = dict(question.pairs)
            assert [left.text for left in body.lefts] == list(slot.lefts)
            assert [left.mark for left in body.lefts] == [slot.letter_for(right_of[left]) for left in slot.lefts]
            assert [right.text for right in body.rights] == list(slot.choices)
        elif name == "grid":
            ticked = {
                (claim.text, slot.choices[i]) for claim, ticks in body.rows for i, tick in enumerate(ticks) if tick
            }
            assert ticked == question.answers
        elif name == "evidence":
            numbers = [int(s.mark) for paragraph in body.paragraphs for s in paragraph]
            assert numbers == list(range(1, len(offered_sentences(question, corpus[question.article])) + 1))
            right = [int(s.mark) for paragraph in body.paragraphs for s in paragraph if s.correct]
            assert right == list(evidence_numbers(question, corpus[question.article]))
        elif name == "written":  # ruled lines: room for the word limit, never fewer than six
            assert body >= 6 and body >= (question.max_words or 0) // 10
        else:  # circled as words or written on a line: nothing to print but the partial itself
            assert body is None


@pytest.mark.parametrize("name", ALL_KINDS)
def test_every_partial_prints_its_kinds_body(name, slots, corpus):
    partial = environment().get_template(KINDS[name].print_partial)
    for slot in slots[name]:
        page = partial.render(q=printed_question(slot, corpus))
        assert page.strip()
        if slot.choices:  # every letter a paper answer may name is on the page
            assert all(re.search(rf">{letter(i)}<", page) for i in range(len(slot.choices)))


def test_the_answer_key_in_words_gives_texts_not_letters(slots, corpus):
    for name in ("choice", "multi", "source"):
        for slot in slots[name]:
            question = slot.question
            kind = kind_of(question)
            label = (lambda value: corpus[value].label) if name == "source" else (lambda value: value)
            assert kind.print_answers(question, corpus) == tuple(label(v) for v in kind.circled_key(question))
    for slot in slots["grid"]:
        question = slot.question
        lines = kind_of(question).print_answers(question, corpus)
        assert [line.split(" \u2014 ")[0] for line in lines] == list(question.claims)


def test_an_evidence_key_marks_its_own_quote_first_and_other_kinds_only_their_sources(slots):
    for name in KINDS:
        for slot in slots[name]:
            question = slot.question
            quotes = kind_of(question).cited_quotes(question)
            if name == "evidence":
                assert quotes == ((question.article, question.answer_span), *source_spans(question))
            else:
                assert quotes == source_spans(question)


def test_every_article_a_question_is_answered_from_is_printed(slots, corpus):
    for name in KINDS:
        for slot in slots[name]:
            question = slot.question
            printed = {article.id for article in articles_for([question], corpus)}
            assert set(kind_of(question).paper_articles(question)) <= printed
    assert kind_of(slots["source"][0].question).paper_articles(slots["source"][0].question)
    assert not any(kind_of(s.question).paper_articles(s.question) for s in slots["choice"])


# --------------------------------------------------------------------------------------------------
# What cannot be read is said, with where it stands and what to write
# --------------------------------------------------------------------------------------------------


def _read(slot: Slot, text: str, corpus):
    return kind_of(slot.question).read_paper(slot.question, written(slot, text), corpus)


def test_a_choice_takes_one_letter_it_shows(slots, corpus):
    slot = slots["choice"][0]
    last = letter(len(slot.choices) - 1)
    with pytest.raises(RowError, match=rf"^{WHERE} takes one letter, not \"A C\"$"):
        _read(slot, "A C", corpus)
    with pytest.raises(RowError, match=rf"^{WHERE} has no choice Z \(its choices are A to {last}\)$"):
        _read(slot, "Z", corpus)
    with pytest.raises(RowError, match=rf"^{WHERE}: write the letter of a choice"):
        _read(slot, "A?", corpus)
    assert _read(slot, "(a)", corpus) == slot.choices[0]


def test_several_letters_read_back_once_each_in_authored_order(slots, corpus):
    slot = slots["multi"][-1]
    picked = _read(slot, "B and A, b", corpus)
    assert picked == [c for c in slot.question.choices if c in {slot.choices[0], slot.choices[1]}]


def test_true_or_false_is_read_from_t_f_or_the_words(slots, corpus):
    slot = slots["truefalse"][0]
    assert [_read(slot, text, corpus) for text in ("T", "false", "TRUE", "f")] == ["true", "false", "true", "false"]
    with pytest.raises(RowError, match=rf"^{WHERE}: write T or F"):
        _read(slot, "yes", corpus)


def test_a_number_is_kept_as_written_when_one_can_be_read(slots, corpus):
    slot = slots["numeric"][0]
    assert _read(slot, "1 234,5", corpus) == "1 234,5"
    with pytest.raises(RowError, match=rf"^{WHERE}: no number can be read from \"about ten\"$"):
        _read(slot, "about ten", corpus)


def test_matches_and_grid_rows_name_each_number_once(slots, corpus):
    match, grid = slots["match"][0], slots["grid"][0]
    with pytest.raises(RowError, match=rf"^{WHERE}: item 1 is matched twice$"):
        _read(match, "1A 1B", corpus)
    with pytest.raises(RowError, match=rf"^{WHERE} has no item 99 \(its items are 1 to {len(match.lefts)}\)$"):
        _read(match, "99A", corpus)
    with pytest.raises(RowError, match=rf"^{WHERE}: write the matches as 1A 2C 3B"):
        _read(match, "A1", corpus)
    with pytest.raises(RowError, match=rf"^{WHERE}: claim 1 is written twice$"):
        _read(grid, "1A 1B", corpus)
    with pytest.raises(RowError, match=rf"^{WHERE} has no claim 99 "):
        _read(grid, "1A 99B", corpus)
    assert _read(grid, "1A", corpus) == {grid.lefts[0]: [grid.choices[0]]}


def test_a_grid_checks_each_row_as_written_so_the_first_problem_is_named(slots, corpus):
    grid = slots["grid"][0]
    # The bad claim number comes before the bad shape, so it is what the teacher is told about.
    with pytest.raises(RowError, match=rf"^{WHERE} has no claim 99 "):
        _read(grid, "99A ???", corpus)
    match = slots["match"][0]
    # A match reads the whole cell's shape first.
    with pytest.raises(RowError, match=rf"^{WHERE}: write the matches as"):
        _read(match, "99A ???", corpus)


def test_an_evidence_sentence_is_one_of_the_articles_numbers(slots, corpus):
    slot = slots["evidence"][0]
    article = corpus[slot.question.article]
    first = offered_sentences(slot.question, article)[0]
    assert _read(slot, "#1", corpus) == [first.start, first.end]
    count = len(offered_sentences(slot.question, article))
    with pytest.raises(RowError, match=rf"^{WHERE}: the article has sentences 1 to {count}, not {count + 1}$"):
        _read(slot, str(count + 1), corpus)
    with pytest.raises(RowError, match=rf"^{WHERE}: write the number of one sentence"):
        _read(slot, "4 or 5", corpus)

