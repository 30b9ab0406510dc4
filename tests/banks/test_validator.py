"""Every defect the validator must catch, at the right line and question."""

import textwrap

import pytest

from quizapp.banks import parse_bank, validate_paths
from quizapp.questions import ChoiceQuestion, EvidenceQuestion, NumericQuestion, SourceQuestion
from tests.conftest import AP, FIRST

GOOD = f"""\
bank: harris-test
title: '"Do not come": a test bank'
questions:
  - id: who-said
    type: choice
    prompt: Who told migrants "Do not come"?
    choices: [Kamala Harris, Alexandria Ocasio-Cortez]
    answer: Kamala Harris
    sources:
      - article: {AP}
        quote: Do not come, do not come.
    skills: [attribution]
"""


def problems_of(text, corpus):
    bank, problems = parse_bank(textwrap.dedent(text), "bank.yaml", corpus)
    assert (bank is None) == bool(problems)
    return [str(p) for p in problems]


def test_a_good_bank_loads(corpus):
    bank, problems = parse_bank(GOOD, "bank.yaml", corpus)
    assert problems == []
    question = bank.questions[0]
    assert isinstance(question, ChoiceQuestion)
    assert question.answer == "Kamala Harris"
    assert corpus[AP].slice(question.sources[0].span) == "Do not come, do not come."
    assert question.points == 1.0
    assert question.line == 4


def question(body, sources=True):
    """A one-question bank: the question's keys start on line 5, its sources follow them."""
    lines = textwrap.dedent(body).strip().splitlines()
    if sources:
        lines += ["sources:", f"  - article: {AP}", "    quote: Do not come, do not come."]
    return "bank: b\ntitle: T\nquestions:\n  - id: q1\n" + "".join(f"    {line}\n" for line in lines)


# (question body, expected problem lines)
DEFECTS = [
    (
        "type: choice\nprompt: P\nchoices: [A, B]\nanswer: C",
        ["bank.yaml:8: question q1: answer 'C' is not one of the choices"],
    ),
    (
        "type: choice\nprompt: P\nchoices: [A, B]\nanswer: A\nexplaination: typo",
        ["bank.yaml:9: question q1: unknown key 'explaination' in question (did you mean 'explanation'?)"],
    ),
    ("type: essay\nprompt: P", ["bank.yaml:5: question q1: unknown type 'essay' (known: choice, multi, "
                                "truefalse, short, numeric, match, source, evidence, grid, written, judge)"]),
    ("type: choice\nchoices: [A, B]\nanswer: A", ["bank.yaml:4: question q1: missing required key 'prompt'"]),
    ("type: choice\nprompt: P\nchoices: [A, A]\nanswer: A", ["bank.yaml:7: question q1: 'choices' lists 'A' twice"]),
    (
        "type: multi\nprompt: P\nchoices: [A, B, C]\nanswers: [A, D]",
        ["bank.yaml:8: question q1: answers not among the choices: 'D'"],
    ),
    ("type: truefalse\nprompt: P\nanswer: yes please", ["bank.yaml:7: question q1: answer must be true or false"]),
    (
        "type: numeric\nprompt: P\nanswer: lots",
        ["bank.yaml:7: question q1: answer must be a number, not 'lots'"],
    ),
    (
        "type: numeric\nprompt: P\nanswer: 3\ntolerance: about 2",
        ["bank.yaml:8: question q1: tolerance must be a non-negative number or a percentage like '2%', "
         "not 'about 2'"],
    ),
    (
        "type: numeric\nprompt: P\nanswer: 3\ntolerance: -1",
        ["bank.yaml:8: question q1: tolerance must be a non-negative number or a percentage like '2%', not -1"],
    ),
    (
        "type: match\nprompt: P\npairs:\n  - [Harris, Do not come]\n  - [Harris, Period]",
        ["bank.yaml:9: question q1: duplicate left item 'Harris' in 'pairs'"],
    ),
    (
        "type: source\nprompt: P\nanswers: [999_nope]",
        ["bank.yaml:7: question q1: unknown article '999_nope' in 'answers'"],
    ),
    (
        "type: short\nprompt: P\nanswers: [AP]\nskills: [spelling]",
        ["bank.yaml:8: question q1: unknown skill 'spelling' (known: attribution, numbers, sourcing, comparison, "
         "language, context)"],
    ),
    ("type: short\nprompt: P\nanswers: [AP]\npoints: 0", ["bank.yaml:8: question q1: points must be a positive "
                                                           "number, not 0"]),
]


@pytest.mark.parametrize(("body", "expected"), DEFECTS)
def test_each_defect_is_reported_at_its_line(body, expected, corpus):
    assert problems_of(question(body), corpus) == expected


def test_missing_sources_is_an_error_except_for_evidence(corpus):
    assert problems_of(question("type: short\nprompt: P\nanswers: [AP]", sources=False), corpus) == [
        "bank.yaml:4: question q1: missing required key 'sources' (at least one article and quote)"
    ]
    text = question(f"type: evidence\nprompt: P\narticle: {AP}\nanswer: Do not come, do not come.", sources=False)
    bank, problems = parse_bank(text, "bank.yaml", corpus)
    assert problems == []
    assert isinstance(bank.questions[0], EvidenceQuestion)


def test_misquote_shows_the_closest_passage(corpus):
    text = GOOD.replace("quote: Do not come, do not come.", "quote: then blame them for fleeing")
    assert problems_of(text, corpus) == [
        f'bank.yaml:11: question who-said: quote not found in {AP} (Associated Press): "then blame them for '
        f'fleeing"; closest passage: "them blame them for fleeing"'
    ]


def test_evidence_answer_must_be_in_its_article(corpus):
    text = question(f"type: evidence\nprompt: P\narticle: {AP}\nanswer: Kamala Go Home.", sources=False)
    [problem] = problems_of(text, corpus)
    assert problem.startswith(f'bank.yaml:8: question q1: quote not found in {AP} (Associated Press): "Kamala Go')


def test_unknown_article_in_sources(corpus):
    text = GOOD.replace(f"article: {AP}", "article: 004_missing")
    [problem] = problems_of(text, corpus)
    assert problem.startswith("bank.yaml:10: question who-said: unknown article '004_missing' (known: ")


def test_duplicate_question_ids(corpus):
    text = GOOD + GOOD.split("questions:\n", 1)[1]
    expected = "bank.yaml:13: question who-said: duplicate question id (first used on line 4)"
    assert problems_of(text, corpus) == [expected]


def test_every_problem_in_a_file_is_reported(corpus):
    text = GOOD.replace("answer: Kamala Harris", "answer: Joe Biden").replace("skills:", "skils:")
    text = text.replace("Do not come, do not come.", "Do not come, do not come!")
    found = problems_of(text, corpus)
    assert [line.split(":")[1] for line in found] == ["8", "11", "12"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- just\n- a list\n", "bank.yaml:1: a bank must be a YAML mapping with 'bank', 'title' and 'questions'"),
        ("bank: b\ntitle: [unclosed\n", "bank.yaml:3: YAML syntax error: "),
        ("bank: b\ntitle: T\ncolour: red\nquestions: []\n", "bank.yaml:3: unknown key 'colour' in bank"),
        ("bank: Bad_Id\ntitle: T\nquestions: []\n", "bank.yaml:1: bank id may hold only a-z, 0-9 and '-'"),
        ("title: T\nquestions: []\n", "bank.yaml:1: missing required key 'bank'"),
        ("bank: b\ntitle: T\nquestions: []\n", "bank.yaml:3: 'questions' must be a list of at least one question"),
        ("bank: b\ntitle: T\nquestions:\n  - 42\n", "bank.yaml:4: each question must be a mapping"),
        ("bank: b\nbank: c\n", "bank.yaml:2: duplicate key 'bank'"),
    ],
)
def test_bank_level_defects(text, expected, corpus):
    found = problems_of(text, corpus)
    assert found and found[0].startswith(expected)


def test_numeric_tolerances_parse(corpus):
    bank, problems = parse_bank(question("type: numeric\nprompt: P\nanswer: 178622\ntolerance: 2%"), "b.yaml", corpus)
    assert problems == []
    numeric = bank.questions[0]
    assert isinstance(numeric, NumericQuestion)
    assert numeric.tolerance.relative and numeric.tolerance.value == pytest.approx(0.02)


def test_source_choices_default_to_every_article(corpus):
    bank, problems = parse_bank(question(f"type: source\nprompt: P\nanswers: [{FIRST}]"), "b.yaml", corpus)
    assert problems == []
    assert isinstance(bank.questions[0], SourceQuestion)
    assert bank.questions[0].choices == tuple(corpus)


def test_duplicate_bank_ids_across_files(tmp_path, corpus):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("# the same bank again\n" + GOOD, encoding="utf-8")
    report = validate_paths([tmp_path], corpus)
    assert [str(p) for p in report.problems] == [
        f"{tmp_path / 'b.yaml'}:2: duplicate bank id 'harris-test' (also in {tmp_path / 'a.yaml'})"
    ]
    assert [b.id for b in report.banks] == ["harris-test"]
