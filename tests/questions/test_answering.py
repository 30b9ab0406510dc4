"""Answering, kind by kind and without an app: the form a kind offers, what it stores from a posted
form, and the words for an answer and the key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.banks.drafting import draft_questions
from quizapp.banks.loader import load_banks
from quizapp.banks.model import Question
from quizapp.corpus import Corpus, Span
from quizapp.questions import KINDS, kind_of
from quizapp.questions.answering import FormInputs, field_name, is_answered, row_field_name
from quizapp.questions.multi import MultiQuestion
from quizapp.questions.numeric import NumericQuestion, Tolerance
from quizapp.questions.short import ShortQuestion
from quizapp.questions.truefalse import TrueFalseQuestion
from quizapp.student.quiz import shuffled_for
from tests.conftest import AP, QUESTIONS, SEEDS

TEMPLATES = Path(__file__).resolve().parents[2] / "quizapp" / "templates"
RESPONSE = 41  # the response id the forms below belong to


def _bank_questions() -> list[Question]:
    from quizapp.corpus import load_corpus

    corpus = load_corpus(SEEDS)
    questions = [q for bank in load_banks(sorted(QUESTIONS.glob("*.yaml")), corpus) for q in bank.questions]
    return questions + draft_questions(corpus)


QUESTIONS_OF_EVERY_KIND = _bank_questions()


def first_of(name: str) -> Any:
    """The first question of kind ``name`` in the bundled banks (typed Any: each test knows its kind)."""
    return next(q for q in QUESTIONS_OF_EVERY_KIND if q.type == name)


ONE_OF_EACH_KIND = list({q.type: q for q in reversed(QUESTIONS_OF_EVERY_KIND)}.values())  # each kind's first


def _sentence(corpus: Corpus, question: Any, right: bool) -> Span:
    article = corpus[question.article]
    return next(s for s in article.sentences if s.overlaps(question.answer_span) == right)


# What a student's browser posts to answer each kind right, as (field, value) pairs.
RIGHT_FIELDS: dict[str, Callable[[Any, Corpus], list[tuple[str, str]]]] = {
    "choice": lambda q, c: [(field_name(RESPONSE), q.answer)],
    "multi": lambda q, c: [(field_name(RESPONSE), a) for a in sorted(q.answers)],
    "source": lambda q, c: [(field_name(RESPONSE), a) for a in sorted(q.answers)],
    "truefalse": lambda q, c: [(field_name(RESPONSE), "true" if q.answer else "false")],
    "judge": lambda q, c: [(field_name(RESPONSE), "distorted" if q.distorted else "accurate")],
    "short": lambda q, c: [(field_name(RESPONSE), q.answers[0])],
    "numeric": lambda q, c: [(field_name(RESPONSE), f"{q.answer:g}")],
    "match": lambda q, c: [(row_field_name(RESPONSE, i), right) for i, (_, right) in enumerate(q.pairs)],
    "evidence": lambda q, c: [(field_name(RESPONSE), f"{_sentence(c, q, True).start}-{_sentence(c, q, True).end}")],
    "grid": lambda q, c: [
        (row_field_name(RESPONSE, i), article) for i, claim in enumerate(q.claims) for article in q.carriers(claim)
    ],
    # No key to post: the top level's exemplar (or its descriptor), which a teacher then marks.
    "written": lambda q, c: [(field_name(RESPONSE), (q.rubric[0].exemplars or (q.rubric[0].descriptor,))[0])],
}


def _ids(question: Question) -> str:
    return f"{question.type}:{question.id}"


def test_the_tests_cover_every_kind() -> None:
    assert set(RIGHT_FIELDS) == set(KINDS)
    assert {q.type for q in QUESTIONS_OF_EVERY_KIND} == set(KINDS)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_kind_names_a_partial_that_exists_and_a_hint(name: str) -> None:
    kind = KINDS[name]
    assert (TEMPLATES / kind.form_partial).is_file()
    assert kind.form_hint.endswith(".") and len(kind.form_hint) > 10


def test_only_numbers_ask_for_the_decimal_keypad() -> None:
    assert {name for name, kind in KINDS.items() if kind.input_mode} == {"numeric"}
    assert KINDS["numeric"].input_mode == "decimal"


@pytest.mark.parametrize("question", QUESTIONS_OF_EVERY_KIND, ids=_ids)
def test_the_key_posted_is_stored_scores_full_points_and_reads_as_the_key(question: Question, corpus: Corpus) -> None:
    kind = kind_of(question)
    answer = kind.parse_answer(question, MultiDict(RIGHT_FIELDS[question.type](question, corpus)), RESPONSE, corpus)
    assert is_answered(answer)
    if kind.needs_marking:  # the answer waits for the teacher, whose top level earns full points
        assert kind.awaits_mark(question, answer)
        assert kind.grade_mark(question, kind.rubric(question)[0].points).outcome == "correct"
        assert lines_of(kind, question, answer, corpus) == [answer]
        return
    assert kind.is_correct(question, answer)
    lines = kind.describe_answer(question, answer, corpus)
    if question.type == "evidence":  # the key lists every sentence that holds the quote; the answer picks one
        assert lines[0] in kind.describe_key(question, corpus)
    else:
        assert lines == kind.describe_key(question, corpus)


def lines_of(kind: Any, question: Question, answer: object, corpus: Corpus) -> list[str]:
    """An answer in words, as the results page shows it."""
    return kind.describe_answer(question, answer, corpus)


def _posted_again(inputs: FormInputs) -> MultiDict:
    """What a browser sends back from a form filled in as ``inputs`` says, untouched by the student."""
    fields = [(field_name(RESPONSE), option.value) for option in inputs.options if option.selected]
    if inputs.text:
        fields.append((field_name(RESPONSE), inputs.text))
    for match_row in inputs.match_rows:
        fields += [(match_row.field, option.value) for option in match_row.options if option.selected]
    for grid_row in inputs.grid_rows:
        fields += [(grid_row.field, cell.value) for cell in grid_row.cells if cell.selected]
    return MultiDict(fields)


@pytest.mark.parametrize("question", QUESTIONS_OF_EVERY_KIND, ids=_ids)
@pytest.mark.parametrize("right", [True, False], ids=["right", "other"])
def test_a_saved_answer_is_filled_back_into_the_form_as_it_was_posted(
    question: Question, right: bool, corpus: Corpus
) -> None:
    kind = kind_of(question)
    fields = RIGHT_FIELDS[question.type](question, corpus)
    if not right:  # another valid answer: the last thing offered, or something typed
        offered = kind.offered(question, corpus)
        fields = [(name, offered[-1].value if offered else "12.5 or so") for name, _ in fields[:1]]
    answer = kind.parse_answer(question, MultiDict(fields), RESPONSE, corpus)
    choices = shuffled_for(7, question, kind.offered(question, corpus))
    inputs = kind.form_inputs(question, RESPONSE, answer, choices, corpus)
    assert kind.parse_answer(question, _posted_again(inputs), RESPONSE, corpus) == answer
    empty = kind.form_inputs(question, RESPONSE, None, choices, corpus)
    assert _posted_again(empty) == MultiDict()


@pytest.mark.parametrize("question", QUESTIONS_OF_EVERY_KIND, ids=_ids)
def test_only_this_responses_fields_and_offered_values_are_stored(question: Question, corpus: Corpus) -> None:
    kind = kind_of(question)
    someone_else = [
        (name.replace(f"q-{RESPONSE}", "q-42"), value) for name, value in RIGHT_FIELDS[question.type](question, corpus)
    ]
    assert kind.parse_answer(question, MultiDict(someone_else), RESPONSE, corpus) is None
    forged = MultiDict(
        [(field_name(RESPONSE), "0-99999"), *((row_field_name(RESPONSE, i), "not offered") for i in range(4))]
    )
    stored = kind.parse_answer(question, forged, RESPONSE, corpus)
    assert stored is None or kind.typed  # typed text is the answer, whatever it says


@pytest.mark.parametrize("name", ["short", "numeric"])
def test_typed_text_is_cleaned_and_capped(name: str, corpus: Corpus) -> None:
    question = ShortQuestion("q", "p", answers=("x",)) if name == "short" else NumericQuestion("q", "p", answer=1)
    kind = KINDS[name]
    read = lambda text: kind.parse_answer(question, MultiDict({field_name(RESPONSE): text}), RESPONSE, corpus)  # noqa: E731
    assert read("  12\x00,5\t ") == "12 ,5"
    assert read(" \x07 ") is None
    assert len(read("9" * 5000)) == 500
    assert read(None) is None


HOSTILE_ANSWERS = ["text", 3, True, [1, 2], ["a", 5], {"a": "b"}, {"x": [None, 3]}, [[1]], 10**400]
HOSTILE_FORMS = [
    MultiDict([(field_name(RESPONSE), "x" * 100_000), (field_name(RESPONSE), "1-2-3")]),
    MultiDict([(field_name(RESPONSE), "-"), (row_field_name(RESPONSE, 0), "")]),
    MultiDict([(row_field_name(RESPONSE, i), "\x00") for i in range(50)]),
]


@pytest.mark.parametrize("question", ONE_OF_EACH_KIND, ids=_ids)
def test_any_stored_answer_or_posted_form_is_read_without_raising(question: Question, corpus: Corpus) -> None:
    kind = kind_of(question)
    for answer in HOSTILE_ANSWERS:
        lines = kind.describe_answer(question, answer, corpus)
        assert all(isinstance(line, str) for line in lines), answer
        kind.form_inputs(question, RESPONSE, answer, kind.offered(question, corpus), corpus)
        kind.answer_grid(question, answer, corpus)
    for form in HOSTILE_FORMS:
        stored = kind.parse_answer(question, form, RESPONSE, corpus)
        assert stored is None or (kind.typed and len(stored) <= kind.answer_max_length)


def test_answers_read_in_the_words_the_student_saw(corpus: Corpus) -> None:
    multi = MultiQuestion("m", "p", choices=("c", "a", "b"), answers=frozenset({"a"}))
    assert KINDS["multi"].describe_answer(multi, ["b", "gone", "c"], corpus) == ["c", "b", "gone"]  # offered order
    truth = TrueFalseQuestion("t", "p", answer=False)
    assert KINDS["truefalse"].describe_answer(truth, "false", corpus) == ["False"]
    assert KINDS["truefalse"].describe_key(truth, corpus) == ["False"]
    source = first_of("source")
    assert KINDS["source"].describe_answer(source, [AP], corpus) == [corpus[AP].label]


def test_key_notes_say_what_else_counts() -> None:
    short = ShortQuestion("s", "p", answers=("Kamala Harris", "Harris"))
    assert KINDS["short"].key_note(short) == (
        "Also accepted: “Harris”. Capital letters, accents and punctuation do not matter."
    )
    assert KINDS["short"].key_note(ShortQuestion("s", "p", answers=("x",))) == (
        "Capital letters, accents and punctuation do not matter."
    )
    within = NumericQuestion("n", "p", answer=200, tolerance=Tolerance(0.05, relative=True))
    assert KINDS["numeric"].key_note(within) == "Anything from 190 to 210 counts as right."
    assert KINDS["numeric"].key_note(NumericQuestion("n", "p", answer=200)) is None
    assert KINDS["numeric"].describe_key(NumericQuestion("n", "p", answer=0.125), Corpus({})) == ["0.12"]
    for name in ("choice", "multi", "truefalse", "source", "match"):
        question = first_of(name)
        assert KINDS[name].key_note(question) is None
    for name in ("evidence", "grid"):
        question = first_of(name)
        assert (KINDS[name].key_note(question) or "").endswith("right.")


@pytest.mark.parametrize("name", sorted(KINDS))
def test_options_are_shuffled_per_student_only_where_order_carries_no_meaning(name: str, corpus: Corpus) -> None:
    question = max(
        (q for q in QUESTIONS_OF_EVERY_KIND if q.type == name), key=lambda q: len(KINDS[name].offered(q, corpus))
    )
    offered = KINDS[name].offered(question, corpus)
    orders = {tuple(c.value for c in shuffled_for(student, question, offered)) for student in range(30)}
    assert shuffled_for(3, question, offered) == shuffled_for(3, question, offered)  # the same on every visit
    if name in ("choice", "multi", "source", "match"):
        assert len(orders) > 1
    else:  # true before false, a report's sentences in reading order, a grid's columns as authored; typed: nothing
        assert orders == {tuple(c.value for c in offered)}


def test_a_grid_answer_is_shown_box_by_box(corpus: Corpus) -> None:
    grid = first_of("grid")
    kind = KINDS["grid"]
    first = grid.claims[0]
    answer = {first: list(grid.carriers(first))}  # the first row as the key ticks it, the others left empty
    boxes = kind.answer_grid(grid, answer, corpus)
    assert boxes is not None
    assert boxes.columns == tuple(corpus[a].label for a in grid.articles)
    assert [claim for claim, _ in boxes.rows] == list(grid.claims)
    assert boxes.cell_count == len(grid.claims) * len(grid.articles)
    assert all(cell.right for cell in boxes.rows[0][1])
    left_empty_by_the_key = sum(1 for claim in grid.claims[1:] for a in grid.articles if (claim, a) not in grid.answers)
    assert boxes.right_count == len(grid.articles) + left_empty_by_the_key
    assert boxes.right_count / boxes.cell_count == pytest.approx(kind.credit(grid, answer).fraction)
    for name in sorted(set(KINDS) - {"grid"}):
        assert KINDS[name].answer_grid(first_of(name), "anything", corpus) is None


def test_an_evidence_question_cites_its_supporting_passage_and_tallies_sentences(corpus: Corpus) -> None:
    evidence = first_of("evidence")
    kind = KINDS["evidence"]
    assert kind.cited(evidence) == ((evidence.article, evidence.answer_span),)
    sentence = _sentence(corpus, evidence, False)
    text = corpus[evidence.article].slice(sentence)
    assert kind.tally_words(evidence, f"{sentence.start}-{sentence.end}", corpus) == text
    length = len(corpus[evidence.article].text)
    for kept in ("(no answer)", "(unreadable)", f"5-{length + 1}", "7-3", "a-b"):
        assert kind.tally_words(evidence, kept, corpus) == kept


@pytest.mark.parametrize("name", sorted(set(KINDS) - {"evidence"}))
def test_other_kinds_cite_their_sources_and_tally_in_their_own_words(name: str, corpus: Corpus) -> None:
    question = next(q for q in QUESTIONS_OF_EVERY_KIND if q.type == name and q.sources)
    kind = KINDS[name]
    assert kind.cited(question) == tuple((s.article, s.span) for s in question.sources)
    assert kind.tally_words(question, "5-10", corpus) == "5-10"


def test_an_article_that_is_gone_leaves_the_stored_pick_readable() -> None:
    gone = Corpus({})
    evidence = first_of("evidence")
    kind = KINDS["evidence"]
    assert kind.offered(evidence, gone) == []
    assert kind.describe_answer(evidence, [5, 10], gone) == ["5-10"]
    assert kind.describe_key(evidence, gone) == [evidence.answer]
    assert kind.tally_words(evidence, "5-10", gone) == "5-10"
    source = first_of("source")
    assert [c.label for c in KINDS["source"].offered(source, gone)] == list(source.choices)
