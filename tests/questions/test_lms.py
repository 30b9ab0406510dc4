"""How an LMS holds each kind (``lms_item``), what it loses (``lms_notes``), and that the writers need no more."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from quizapp.banks import Bank, Question, load_banks
from quizapp.corpus import Corpus
from quizapp.corpus.span import Span
from quizapp.exports import ExportOptions, export
from quizapp.exports.lms import conversion_notes
from quizapp.questions import (
    KINDS,
    EvidenceQuestion,
    GridQuestion,
    MultiQuestion,
    NumericQuestion,
    ShortQuestion,
    SourceQuestion,
    Tolerance,
    kind_of,
)
from quizapp.questions.evidence import offered_sentences
from quizapp.questions.lms_items import (
    Essay,
    LmsItem,
    LmsNote,
    Loss,
    Matching,
    MultipleChoice,
    Numerical,
    ShortText,
    SingleChoice,
    TrueFalse,
)
from quizapp.questions.short import ShortKind
from quizapp.scoring import score_response
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK, QUESTIONS

LMS_FORMATS = ("gift", "moodle-xml", "qti", "qti12")


@pytest.fixture(scope="module")
def shipped(corpus: Corpus) -> list[Question]:
    """Every question of the shipped banks."""
    return [question for bank in load_banks([QUESTIONS], corpus) for question in bank.questions]


def _example(questions: list[Question], name: str) -> Question:
    return next(question for question in questions if question.type == name)


# --------------------------------------------------------------------------------------------------
# An LMS scoring the item as its interaction says gives every response quizapp's credit
# --------------------------------------------------------------------------------------------------


def lms_credit(item: LmsItem, response: Any) -> float:
    """What an LMS gives a response to ``item``, as the interaction's docstring defines it."""
    match item:
        case SingleChoice():
            return 1.0 if response in item.right else 0.0
        case MultipleChoice():
            return min(1.0, max(0.0, sum(item.shares[index] for index in response)))
        case TrueFalse():
            return 1.0 if response == item.answer else 0.0
        case ShortText():
            return 1.0 if str(response).casefold() in {answer.casefold() for answer in item.accepted} else 0.0
        case Numerical():
            return 1.0 if abs(float(response) - item.answer) <= item.tolerance else 0.0
        case Matching():
            chosen = dict(response)
            return sum(chosen.get(left) == right for left, right in item.pairs) / len(item.pairs)
        case Essay():
            return float(response)  # the share of the points the marker gives
    raise AssertionError(f"no LMS scoring for {item!r}")


def responses(question: Any, item: Any, corpus: Corpus) -> Iterator[tuple[object, object]]:
    """Every response a student can give (or a telling sample of typed ones): quizapp's and the LMS's."""
    match question.type:
        case "choice":
            for index, choice in enumerate(question.choices):
                yield choice, index
        case "multi" | "source":
            choices = question.choices
            for size in range(1, len(choices) + 1):
                for picked in itertools.combinations(range(len(choices)), size):
                    yield [choices[index] for index in picked], picked
        case "truefalse":
            yield from (("true", True), ("false", False))
        case "judge":
            yield from (({"verdict": "accurate", "confidence": 90}, True), ({"verdict": "distorted"}, False))
        case "short":
            for answer in question.answers:
                yield from ((answer, answer), (answer.upper(), answer.upper()))
            yield "no such answer", "no such answer"
        case "numeric":
            for value in (item.answer, item.answer + item.tolerance, item.answer - item.tolerance - 1):
                yield repr(value), value
        case "match":
            lefts = [left for left, _ in question.pairs]
            for rights in itertools.product(question.rights, repeat=len(lefts)):
                chosen = dict(zip(lefts, rights, strict=True))
                yield chosen, chosen
        case "evidence":
            for index, span in enumerate(offered_sentences(question, corpus[question.article])):
                yield [span.start, span.end], index
        case "grid":
            # Every tick pattern but none at all, which quizapp counts as no answer; each box matched
            # to "Carries it" when ticked and "Does not carry it" when not.
            cells = question.cells
            for size in range(1, min(len(cells), 6) + 1):
                for ticked in itertools.combinations(cells, size):
                    ticks: dict[str, list[str]] = {}
                    for claim, article in ticked:
                        ticks.setdefault(claim, []).append(article)
                    boxes = {
                        left: "Carries it" if cell in ticked else "Does not carry it"
                        for (left, _), cell in zip(item.pairs, cells, strict=True)
                    }
                    yield ticks, boxes
        case "written":
            # The marker gives each level's share of the top level; quizapp reads the level off paper.
            top = max(level.points for level in question.rubric)
            for level in question.rubric:
                yield {"level": level.label}, level.points / top
        case other:
            raise AssertionError(f"no responses for kind {other!r}: add them here")


@pytest.mark.parametrize("name", sorted(KINDS))
def test_an_lms_scoring_the_item_agrees_with_quizapp(name: str, shipped: list[Question], corpus: Corpus) -> None:
    question = _example(shipped, name)
    item = kind_of(question).lms_item(question, corpus)
    compared = 0
    for ours, theirs in responses(question, item, corpus):
        expected = score_response(question, ours)
        assert lms_credit(item, theirs) == pytest.approx(expected.earned / expected.possible), (ours, theirs)
        compared += 1
    assert compared >= 2


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_is_written_by_every_lms_format(name: str, shipped: list[Question], corpus: Corpus) -> None:
    question = _example(shipped, name)
    bank = Bank(id="one", title="One", questions=(question,))
    for fmt in LMS_FORMATS:
        assert export(bank, corpus, fmt, ExportOptions()).data


# --------------------------------------------------------------------------------------------------
# What each kind becomes
# --------------------------------------------------------------------------------------------------


def test_source_choices_are_the_articles_names_not_their_ids(corpus: Corpus) -> None:
    question = SourceQuestion(id="s", prompt="Which?", choices=(AP, NEWSWEEK, FIRST), answers=frozenset({AP, FIRST}))
    item = kind_of(question).lms_item(question, corpus)
    assert item == MultipleChoice((corpus[AP].label, corpus[NEWSWEEK].label, corpus[FIRST].label), (0.5, -0.5, 0.5))
    assert item.right == (0, 2)


def test_multi_shares_are_quizapps_partial_credit(corpus: Corpus) -> None:
    question = MultiQuestion(id="m", prompt="Which?", choices=("a", "b", "c", "d"), answers=frozenset("abc"))
    item = kind_of(question).lms_item(question, corpus)
    assert item.shares == pytest.approx((1 / 3, 1 / 3, 1 / 3, -1 / 3))


def test_evidence_offers_the_articles_sentences_in_order(corpus: Corpus) -> None:
    question = _evidence(corpus)
    item = kind_of(question).lms_item(question, corpus)
    assert isinstance(item, SingleChoice)
    assert item.numbered
    assert len(item.options) == len(corpus[AP].sentences)
    assert len(item.right) == 1
    assert "first foreign trip as vice president" in item.options[item.right[0]]
    assert all("\n" not in option for option in item.options)


def test_a_relative_tolerance_becomes_a_margin_in_the_answers_units(corpus: Corpus) -> None:
    question = NumericQuestion(id="n", prompt="How many?", answer=19000, tolerance=Tolerance(0.02, relative=True))
    assert kind_of(question).lms_item(question, corpus) == Numerical(19000, 380)


def test_a_grid_becomes_one_matching_item_per_box(corpus: Corpus) -> None:
    question = GridQuestion(
        id="g",
        prompt="Who carries it?",
        claims=("Do not come",),
        articles=(AP, FOURTH),
        answers=frozenset({("Do not come", AP), ("Do not come", FOURTH)}),
    )
    item = kind_of(question).lms_item(question, corpus)
    assert item == Matching(
        (
            (f"Do not come \u2014 {corpus[AP].label}", "Carries it"),
            (f"Do not come \u2014 {corpus[FOURTH].label}", "Carries it"),
        ),
        ("Does not carry it",),  # every box carries it, so the other answer is still offered
    )
    assert item.rights == ("Carries it", "Does not carry it")


# --------------------------------------------------------------------------------------------------
# What an LMS loses: the kinds' notes, in the order a teacher reads them
# --------------------------------------------------------------------------------------------------

NATIVE = ("choice", "multi", "truefalse", "numeric", "match", "written")


@pytest.mark.parametrize("name", NATIVE)
def test_a_kind_every_lms_has_needs_no_note(name: str, shipped: list[Question], corpus: Corpus) -> None:
    assert KINDS[name].lms_notes([_example(shipped, name)], corpus) == ()


@pytest.mark.parametrize(
    ("name", "loss"),
    [
        ("source", Loss.TYPE),
        ("evidence", Loss.TYPE),
        ("grid", Loss.TYPE),
        ("judge", Loss.TYPE),
        ("short", Loss.SCORING),
    ],
)
def test_a_kind_no_lms_holds_exactly_says_what_it_loses(
    name: str, loss: Loss, shipped: list[Question], corpus: Corpus
) -> None:
    question = _example(shipped, name)
    assert set(KINDS) - set(NATIVE) == {"source", "evidence", "grid", "judge", "short"}
    notes = KINDS[name].lms_notes([question], corpus)
    assert [note.loss for note in notes] == [loss]
    assert question.id in notes[0].text


def test_a_source_note_names_every_source_question_once(corpus: Corpus) -> None:
    questions = [
        SourceQuestion(id=f"s{n}", prompt="Which?", choices=(AP, NEWSWEEK), answers=frozenset({AP})) for n in (1, 2)
    ]
    notes = KINDS["source"].lms_notes(questions, corpus)
    assert [note.text.split("; ")[1].split(" became")[0] for note in notes] == ["s1, s2"]
    assert notes[0].loss is Loss.TYPE


def test_each_evidence_question_gets_its_own_note_naming_its_article(corpus: Corpus) -> None:
    first = _evidence(corpus)
    second = dataclasses.replace(first, id="again")
    notes = KINDS["evidence"].lms_notes([first, second], corpus)
    assert len(notes) == 2
    assert all(f"{len(corpus[AP].sentences)} sentences of {corpus[AP].label}" in note.text for note in notes)
    assert [note.text.split("; ")[1].split()[0] for note in notes] == [first.id, "again"]


def test_types_no_lms_has_are_named_before_scoring_it_does_differently(corpus: Corpus) -> None:
    typed = ShortQuestion(id="typed", prompt="Type it.", answers=("root causes",))
    source = SourceQuestion(id="which", prompt="Which?", choices=(AP, NEWSWEEK), answers=frozenset({AP}))
    notes = conversion_notes([typed, source], corpus, "QTI", carries_points=True, moodle=False)
    assert [note.split(" ")[1] for note in notes] == ["source", "short"]
    assert all(note.startswith("QTI: ") for note in notes)


def test_a_new_kind_reaches_every_lms_format_through_its_item(monkeypatch: pytest.MonkeyPatch, corpus: Corpus) -> None:
    """The writers know the LMS's interactions, not the kinds: a new kind needs no change to them."""

    @dataclasses.dataclass(frozen=True)
    class SpellingQuestion(ShortQuestion):
        type: str = dataclasses.field(default="spelling", init=False)

    class SpellingKind(ShortKind):
        name = "spelling"
        data = SpellingQuestion

        def lms_item(self, question: ShortQuestion, corpus: Corpus) -> ShortText:
            return ShortText(("Giammattei", "Giamattei"))

        def lms_notes(self, questions: list[ShortQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
            return (LmsNote(Loss.SCORING, f"spellings ({questions[0].id}) are kept as typed."),)

    monkeypatch.setitem(KINDS, "spelling", SpellingKind())
    bank = Bank(id="new", title="New", questions=(SpellingQuestion(id="spell", prompt="Spell it.", answers=("x",)),))
    for fmt, prefix in (("gift", "GIFT"), ("moodle-xml", "Moodle XML"), ("qti", "QTI"), ("qti12", "QTI 1.2")):
        result = export(bank, corpus, fmt, ExportOptions())
        assert f"{prefix}: spellings (spell) are kept as typed." in result.notes
    assert b"=Giamattei" in export(bank, corpus, "gift", ExportOptions()).data
    assert b'<question type="shortanswer">' in export(bank, corpus, "moodle-xml", ExportOptions()).data


def _evidence(corpus: Corpus) -> EvidenceQuestion:
    article = corpus[AP]
    quote = "her first foreign trip as vice president"
    start = article.text.index(quote)
    return EvidenceQuestion(
        id="first-trip",
        prompt="Which sentence says it was her first trip?",
        article=AP,
        answer=quote,
        answer_span=Span(start, start + len(quote)),
    )
