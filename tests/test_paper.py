"""Paper answers read back through a version's shuffle: pure, no app, no database."""

from __future__ import annotations

import pytest

from quizapp import paper
from quizapp.banks import load_banks
from quizapp.exports import version_layout
from quizapp.exports.answers import correct_letters
from quizapp.paper import (
    UNSHUFFLED,
    PaperError,
    RowError,
    parse_paper_answers,
    read_answer,
    template_csv,
)
from quizapp.questions.evidence import evidence_numbers, offered_sentences
from quizapp.questions.match import match_key
from quizapp.scoring import score_response
from tests.conftest import QUESTIONS

SEED = "spring"
HEADER = "student,version,question,answer"
TYPES = {"choice", "multi", "truefalse", "short", "numeric", "match", "source", "evidence"}


@pytest.fixture(scope="module")
def bank(corpus):
    """The harris-trip-2021 bank: it has a question of every type."""
    (loaded,) = load_banks([QUESTIONS / "harris-trip-2021.yaml"], corpus)
    assert {q.type for q in loaded.questions} == TYPES
    return loaded


@pytest.fixture(scope="module")
def layouts(bank):
    return {
        UNSHUFFLED: version_layout(bank, None, None),
        "A": version_layout(bank, SEED, "A"),
        "B": version_layout(bank, SEED, "B"),
    }


def parse(text, layouts, corpus, students=("Ana Diaz", "Ben Ode")):
    return parse_paper_answers(text, layouts, students, corpus=corpus)


def csv_of(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def first_slot(slots, question_type):
    return next(slot for slot in slots if slot.question.type == question_type)


def key_as_written(slot, corpus) -> str:
    """The right answer as a student would write it on this slot's version."""
    question = slot.question
    if question.type in ("choice", "multi", "source"):
        return " ".join(correct_letters(slot))
    if question.type == "truefalse":
        return "T" if question.answer else "F"
    if question.type == "short":
        return question.answers[0]
    if question.type == "numeric":
        return f"{question.answer:g}"
    if question.type == "match":
        return ", ".join(f"{n}-{mark}" for n, mark in match_key(slot))
    if question.type == "evidence":
        return str(evidence_numbers(question, corpus[question.article])[0])
    raise AssertionError(question.type)


# --------------------------------------------------------------------------------------------------
# Mapping letters back through the shuffle
# --------------------------------------------------------------------------------------------------


def test_a_letter_on_version_a_and_on_version_b_is_the_same_choice(layouts, corpus):
    a, b = layouts["A"], layouts["B"]
    checked = 0
    for slot_a in a:
        if slot_a.question.type not in ("choice", "multi", "source"):
            continue
        slot_b = next(s for s in b if s.question.id == slot_a.question.id)
        for value in slot_a.choices:
            text = csv_of(
                f"Ana Diaz,A,{slot_a.number},{slot_a.letter_for(value)}",
                f"Ben Ode,B,{slot_b.number},{slot_b.letter_for(value)}",
            )
            rows, errors = parse(text, layouts, corpus)
            assert errors == []
            expected = value if slot_a.question.type == "choice" else [value]
            assert [row.answer for row in rows] == [expected, expected]
            checked += 1
    # The shuffle really moved letters: otherwise this test would prove nothing.
    moved = [s for s in a if s.choices and s.choices != next(x for x in b if x.question.id == s.question.id).choices]
    assert checked > 20 and moved


@pytest.mark.parametrize("version", ["A", "B", UNSHUFFLED])
def test_the_key_written_on_any_version_scores_full_marks(version, layouts, corpus):
    slots = layouts[version]
    text = csv_of(*(f'Ana Diaz,{version},{s.number},"{key_as_written(s, corpus)}"' for s in slots))
    rows, errors = parse(text, layouts, corpus)
    assert errors == []
    assert len(rows) == len(slots)
    assert {row.version for row in rows} == {version or None}
    by_id = {slot.question.id: slot.question for slot in slots}
    assert {by_id[row.question_id].type for row in rows} == TYPES
    for row in rows:
        score = score_response(by_id[row.question_id], row.answer)
        assert score.outcome == "correct", (row.question_id, row.written, row.answer)


def test_answers_are_stored_as_online_answers_are(layouts, corpus):
    slots = layouts["B"]
    multi = first_slot(slots, "multi")
    match = first_slot(slots, "match")
    evidence = first_slot(slots, "evidence")
    tf = first_slot(slots, "truefalse")
    numeric = first_slot(slots, "numeric")
    short = first_slot(slots, "short")
    choice = first_slot(slots, "choice")

    def read(slot, written):
        return read_answer(slot, "B", written, corpus)

    # Letters in any case and with any separator; kept once each, in the question's authored order.
    picked = [multi.choice_for("C"), multi.choice_for("A")]
    expected = [c for c in multi.question.choices if c in picked]
    for written in ("AC", "CA", "A,C", "a c", "A; C", "A and C", "(A) (C)", "A, C, A"):
        assert read(multi, written) == expected, written
    assert read(choice, " b ") == choice.choice_for("B")
    for written, stored in (("T", "true"), ("true", "true"), ("True", "true"), ("f", "false"), ("FALSE", "false")):
        assert read(tf, written) == stored
    # Typed answers are kept as written, like an online answer: the gradebook shows what the paper says.
    assert read(numeric, " 178 622 ") == "178 622"
    assert read(short, "  the Northern  Triangle ") == "the Northern  Triangle"
    lefts = match.lefts
    one_c = {lefts[0]: match.choice_for("C"), lefts[1]: match.choice_for("A")}
    for written in ("1C 2A", "1-C,2-A", "1: c; 2 = a", "1C2A", "1->C 2->A", "1) C, 2) A"):
        assert read(match, written) == one_c, written
    sentences = offered_sentences(evidence.question, corpus[evidence.question.article])
    assert read(evidence, "3") == [sentences[2].start, sentences[2].end]
    assert read(evidence, "#3") == read(evidence, " 3 ")


def test_a_question_may_be_named_by_its_id(layouts, corpus):
    slot = first_slot(layouts["B"], "choice")
    rows, errors = parse(csv_of(f"Ana Diaz,b,{slot.question.id},a"), layouts, corpus)
    assert errors == []
    assert (rows[0].number, rows[0].version, rows[0].answer) == (slot.number, "B", slot.choice_for("A"))


def test_blank_answers_and_blank_lines(layouts, corpus):
    text = "\r\n".join([HEADER, "", "Ana Diaz,A,1,", ",,,", "  ana   DIAZ ,A,2,   ", "", "Ben Ode,A,1,"]) + "\r\n"
    rows, errors = parse(text, layouts, corpus)
    assert errors == []
    assert [(row.line, row.student, row.number, row.answer) for row in rows] == [
        (3, "Ana Diaz", 1, None),
        (5, "ana DIAZ", 2, None),
        (7, "Ben Ode", 1, None),
    ]


@pytest.mark.parametrize(
    "data",
    [
        (HEADER + "\nAna Diaz,A,1,\n").encode("utf-8-sig"),
        "\ufeff" + HEADER + "\nAna Diaz,A,1,\n",
        (HEADER + "\r\nAna Diaz,A,1,\r\n").encode("utf-8"),
        ("\ufeffStudent, Version ,QUESTION,Answer,notes\nAna Diaz,A,1,,left early\n").encode("utf-8-sig"),
    ],
)
def test_utf8_with_or_without_a_byte_order_mark(data, layouts, corpus):
    rows, errors = parse(data, layouts, corpus)
    assert errors == []
    assert [(row.line, row.student) for row in rows] == [(2, "Ana Diaz")]


def test_a_quoted_answer_may_hold_commas_and_span_lines(layouts, corpus):
    multi = first_slot(layouts["A"], "multi")
    short = first_slot(layouts["A"], "short")
    text = csv_of(f'Ana Diaz,A,{multi.number},"A,B"', f'Ana Diaz,A,{short.number},"two\nlines"', "Ben Ode,A,1,")
    rows, errors = parse(text, layouts, corpus)
    assert errors == []
    assert [row.line for row in rows] == [2, 3, 5]
    assert rows[1].answer == "two\nlines"


def test_any_name_is_accepted_without_a_roster(layouts, corpus):
    rows, errors = parse(csv_of("Someone New,A,1,"), layouts, corpus, students=None)
    assert errors == [] and rows[0].student == "Someone New"


# --------------------------------------------------------------------------------------------------
# Every problem, at its line
# --------------------------------------------------------------------------------------------------


def test_every_bad_row_is_reported_at_its_line(layouts, corpus):
    b = layouts["B"]
    choice, multi, tf = first_slot(b, "choice"), first_slot(b, "multi"), first_slot(b, "truefalse")
    numeric, match, evidence = first_slot(b, "numeric"), first_slot(b, "match"), first_slot(b, "evidence")
    short = first_slot(b, "short")
    count = len(b)
    sentences = len(offered_sentences(evidence.question, corpus[evidence.question.article]))
    last_choice = paper.letter(len(choice.choices) - 1)
    last_match = paper.letter(len(match.choices) - 1)
    cases = [
        ("Ana Diaz,B,1,", None),  # line 2: fine, and it fixes Ana on version B
        ("Ann Diaz,B,2,", 'unknown student "Ann Diaz": no one in the class has that name'),
        (",B,2,", "no student name"),
        ("Ben Ode,C,1,", 'unknown version "C": this quiz has versions A or B'),
        ("Ben Ode,B,,", "no question: write its number as printed"),
        ("Ben Ode,B,99,", f"version B has no question 99 (its questions are 1 to {count})"),
        ("Ben Ode,B,who-knows,", f'unknown question "who-knows": write its number as printed (1 to {count}) or its id'),
        (
            f"Ben Ode,B,{choice.number},Z",
            f"question {choice.number} on version B has no choice Z (its choices are A to {last_choice})",
        ),
        (f"Ben Ode,B,{choice.number},A C", f'question {choice.number} on version B takes one letter, not "A C"'),
        (
            f"Ben Ode,B,{multi.number},A 3",
            f"question {multi.number} on version B: write the letter of a choice (A to "
            f'{paper.letter(len(multi.choices) - 1)}), not "A 3"',
        ),
        (f"Ben Ode,B,{tf.number},yes", f'question {tf.number} on version B: write T or F (True or False), not "yes"'),
        (
            f"Ben Ode,B,{numeric.number},about six",
            f'question {numeric.number} on version B: no number can be read from "about six"',
        ),
        (
            f"Ben Ode,B,{match.number},A1 B2",
            f'question {match.number} on version B: write the matches as 1A 2C 3B, not "A1 B2"',
        ),
        (
            f"Ben Ode,B,{match.number},9A",
            f"question {match.number} on version B has no item 9 (its items are 1 to {len(match.lefts)})",
        ),
        (
            f"Ben Ode,B,{match.number},1Z",
            f"question {match.number} on version B has no choice Z (its choices are A to {last_match})",
        ),
        (f"Ben Ode,B,{match.number},1A 1B", f"question {match.number} on version B: item 1 is matched twice"),
        (
            f"Ben Ode,B,{evidence.number},4 5",
            f'question {evidence.number} on version B: write the number of one sentence, not "4 5"',
        ),
        (
            f"Ben Ode,B,{evidence.number},{sentences + 1}",
            f"question {evidence.number} on version B: the article has sentences 1 to {sentences}, not {sentences + 1}",
        ),
        (
            f'Ben Ode,B,{short.number},"{"x" * 501}"',
            f"question {short.number} on version B: the answer is longer than 500 characters",
        ),
        ("Ben Ode,B,1,A", None),  # line 21: fine
        ("ben  ode,B,1,B", "question 1 on version B for ben ode is already given on line 21"),
        ("Ben Ode,A,2,", "Ben Ode is on version B on line 21, not version A: one paper has one version"),
        ("Ben Ode,B,3", "3 cells, but the header has 4 columns (student,version,question,answer)"),
        (
            "Ben Ode,B,3,A,C",
            '5 cells, but the header has 4 columns; an answer with commas goes in quotes ("A,C") or is written '
            "without them (A C)",
        ),
        ("Ben Ode,,3,", "no version: write the version letter printed on the paper (A or B)"),
    ]
    rows, errors = parse(csv_of(*(row for row, _ in cases)), {"A": layouts["A"], "B": b}, corpus)
    expected = [PaperError(line, message) for line, (_, message) in enumerate(cases, 2) if message]
    assert errors == expected
    assert [row.line for row in rows] == [2, 21]


def test_an_unknown_student_with_a_bad_answer_gets_both_errors(layouts, corpus):
    tf = first_slot(layouts["A"], "truefalse")
    _, errors = parse(csv_of(f"Zed,A,{tf.number},maybe"), layouts, corpus)
    # The kind lets a page offer "add these students" instead of parsing the message.
    assert [e.kind for e in errors] == [paper.UNKNOWN_STUDENT, ""]
    assert [str(e) for e in errors] == [
        'line 2: unknown student "Zed": no one in the class has that name',
        f'line 2: question {tf.number} on version A: write T or F (True or False), not "maybe"',
    ]


def test_messages_for_a_quiz_printed_without_versions(layouts, corpus):
    plain = {UNSHUFFLED: layouts[UNSHUFFLED]}
    tf = first_slot(plain[UNSHUFFLED], "truefalse")
    _, errors = parse(csv_of("Ana Diaz,A,1,", f"Ben Ode,,{tf.number},x", "Ben Ode,,99,"), plain, corpus)
    assert errors == [
        PaperError(2, 'unknown version "A": this quiz was printed without versions; leave version blank'),
        PaperError(3, f'question {tf.number}: write T or F (True or False), not "x"'),
        PaperError(
            4, f"the quiz without versions has no question 99 (its questions are 1 to {len(plain[UNSHUFFLED])})"
        ),
    ]


def test_many_versions_are_named_as_a_range(bank, corpus):
    many = {paper.letter(i): version_layout(bank, SEED, paper.letter(i)) for i in range(26)}
    _, errors = parse(csv_of("Ana Diaz,AA,1,", "Ana Diaz,7,1,"), many, corpus)
    assert [e.message for e in errors] == [
        'unknown version "AA": this quiz has versions A to Z',
        'unknown version "7": this quiz has versions A to Z',
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", PaperError(1, f"the file is empty; its first line must be the header {HEADER}")),
        ("\n\n", PaperError(1, f"the file is empty; its first line must be the header {HEADER}")),
        ("Ana Diaz,A,1,C\n", PaperError(1, f"the first line must be the header {HEADER}")),
        ("\nstudent,question,answer\n", PaperError(2, f"the header has no version column; it must be {HEADER}")),
        (
            "student,version,question,answer,answer\n",
            PaperError(1, f"the header names answer twice; it must be {HEADER}"),
        ),
        (
            "student;version;question;answer\nAna;A;1;C\n",
            PaperError(
                1,
                'the columns are separated by semicolons, not commas; save the file as "CSV UTF-8 (comma delimited)"',
            ),
        ),
        (
            csv_of('Ana Diaz,A,1,"open', "Ben Ode,A,1,"),
            PaperError(2, "the CSV cannot be read from here on: unexpected end of data"),
        ),
        (csv_of('Ana Diaz,A,1,"B"C'), PaperError(2, "the CSV cannot be read from here on: ',' expected after '\"'")),
    ],
)
def test_problems_with_the_file(text, error, layouts, corpus):
    rows, errors = parse(text, layouts, corpus)
    assert errors == [error]
    assert rows == []


def test_bytes_that_are_not_utf8_are_located(layouts, corpus):
    data = (HEADER + "\nAna Diaz,A,1,\nAndr").encode() + b"\xe9s,A,1,\n"
    assert parse(data, layouts, corpus).errors == [
        PaperError(3, 'not UTF-8 text (byte 0xE9); save the file as "CSV UTF-8 (comma delimited)"')
    ]
    utf16 = (HEADER + "\n").encode("utf-16")
    assert parse(utf16, layouts, corpus).errors == [
        PaperError(None, 'the file is UTF-16; save it as "CSV UTF-8 (comma delimited)"')
    ]


def test_a_file_over_two_megabytes_is_refused_unread(layouts, corpus):
    big = csv_of(*["Ana Diaz,A,1,"] * 200_000)
    assert len(big.encode()) > paper.MAX_BYTES
    for data in (big, big.encode()):
        assert parse(data, layouts, corpus) == ([], [PaperError(None, "the file is larger than 2 MB")])
    # Counted in bytes, not characters: accented names take two.
    accented = "é" * (paper.MAX_BYTES // 2 + 1)
    assert parse(accented, layouts, corpus).errors == [PaperError(None, "the file is larger than 2 MB")]


def test_too_many_rows_stop_at_the_first_row_over(monkeypatch, layouts, corpus):
    monkeypatch.setattr(paper, "MAX_ROWS", 3)
    text = csv_of("Ana Diaz,A,1,", "", "Ana Diaz,A,2,", "Ana Diaz,A,3,", "Ana Diaz,A,4,", "bad")
    rows, errors = parse(text, layouts, corpus)
    assert errors == [PaperError(6, "more than 3 rows; split the file and import each part")]
    assert len(rows) == 3


def test_read_answer_raises_a_value_error_for_a_grid_to_show(layouts, corpus):
    tf = first_slot(layouts["A"], "truefalse")
    assert read_answer(tf, "A", "  ", corpus) is None
    with pytest.raises(RowError, match="write T or F") as raised:
        read_answer(tf, "A", "maybe", corpus)
    assert isinstance(raised.value, ValueError)


def test_errors_print_like_compiler_messages():
    assert PaperError(7, "no student name").located("marks.csv") == "marks.csv:7: no student name"
    assert PaperError(None, "the file is larger than 2 MB").located("m.csv") == "m.csv: the file is larger than 2 MB"
    assert str(PaperError(7, "no student name")) == "line 7: no student name"


# --------------------------------------------------------------------------------------------------
# The template
# --------------------------------------------------------------------------------------------------


def test_the_template_lists_every_student_and_question_and_reads_back(bank, layouts, corpus):
    names = ["Ana Diaz", "Ben Ode", "=HYPERLINK(1)", "Cy"]
    data = template_csv(bank, names, ["A", "B"])
    assert data.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    text = data.decode("utf-8-sig")
    assert "\r\n'=HYPERLINK(1),A,1,\r\n" in text  # formula-safe: a spreadsheet shows it as text
    rows, errors = parse(data, layouts, corpus, students=names)
    assert errors == []
    count = len(bank.questions)
    assert len(rows) == len(names) * count
    assert [(r.student, r.version) for r in rows[::count]] == [
        ("Ana Diaz", "A"),
        ("Ben Ode", "B"),
        ("=HYPERLINK(1)", "A"),
        ("Cy", "B"),
    ]
    assert {r.answer for r in rows} == {None}
    assert [r.number for r in rows[:count]] == list(range(1, count + 1))


def test_a_template_without_versions_and_with_chosen_questions(bank, corpus):
    ids = [bank.questions[3].id, bank.questions[0].id]
    text = template_csv(bank, ["Ana Diaz"], question_ids=ids).decode("utf-8-sig")
    assert text.splitlines() == [HEADER, "Ana Diaz,,1,", "Ana Diaz,,2,"]
