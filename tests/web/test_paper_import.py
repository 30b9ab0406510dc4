"""Paper answers into the database: scored paper attempts, all or nothing, replacing, and the command."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from flask import current_app
from sqlalchemy import func, select

from quizapp.cli import main
from quizapp.corpus_cache import corpus_of
from quizapp.db import db as database
from quizapp.exports import version_layout
from quizapp.exports.answers import correct_letters
from quizapp.models import Assignment, Attempt, Response, Student
from quizapp.names import name_key
from quizapp.paper import ALREADY_IMPORTED, MAX_ANSWER_LENGTH, UNSHUFFLED
from quizapp.paper_import import ImportReport, assignment_template, import_paper_answers, paper_layouts
from quizapp.student.answers import ANSWER_MAX_LENGTH
from quizapp.student.attempts import questions_for
from quizapp.teacher.gradebook import load_results
from quizapp.teacher.printing import assignment_target
from tests.conftest import QUESTIONS, SEEDS
from tests.test_paper import HEADER, key_as_written

BANK = "harris-trip-2021"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def assignment(ctx, classroom) -> Assignment:
    """The class's assignment, with Ana Diaz and Ben Ode on the roster."""
    found = database.session.get(Assignment, classroom[1])
    for name in ("Ana Diaz", "Ben Ode"):
        database.session.add(Student(classroom_id=found.classroom_id, name=name, name_key=name_key(name)))
    database.session.commit()
    return found


def key_rows(assignment, student: str, version: str, seed: str | None = None) -> list[str]:
    """The right answer to every question, as written on ``version``'s paper."""
    corpus = corpus_of(current_app)
    slots = paper_layouts(assignment, seed)[version]
    return [f'{student},{version},{slot.number},"{key_as_written(slot, corpus)}"' for slot in slots]


def imported(assignment, csv_text: str, **options) -> ImportReport:
    """Import as the paper page and the command do: the articles the app serves, committed when it worked."""
    report = import_paper_answers(assignment, csv_text, corpus=corpus_of(current_app), **options)
    if report.ok:
        database.session.commit()
    return report


def csv_of(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def counts() -> tuple[int, int, int]:
    """(attempts, responses, students) in the database."""
    return tuple(
        database.session.scalar(select(func.count()).select_from(model)) for model in (Attempt, Response, Student)
    )


def paper_attempts(student_name: str) -> list[Attempt]:
    return list(
        database.session.scalars(
            select(Attempt).join(Student).where(Student.name == student_name).order_by(Attempt.number)
        )
    )


def test_the_key_on_version_b_scores_full_marks_as_a_paper_attempt(assignment):
    questions = questions_for(assignment)
    first_choice = next(slot for slot in paper_layouts(assignment)["A"] if slot.question.type == "choice")
    wrong = next(letter for letter in "ABCD" if first_choice.choice_for(letter) != first_choice.question.answer)
    text = csv_of(*key_rows(assignment, "Ana Diaz", "B"), f"ben ode,a,{first_choice.number},{wrong}")
    report = imported(assignment, text)
    assert report.errors == ()
    assert report.summary == f"imported 2 students, {2 * len(questions)} responses"
    assert (report.answered, report.created, report.replaced) == (len(questions) + 1, (), ())
    assert (report.versions, report.seed) == (("A", "B"), None)

    (ana,) = paper_attempts("Ana Diaz")
    assert (ana.mode, ana.version, ana.number) == ("paper", "B", 1)
    assert ana.submitted_at is not None
    assert ana.earned == ana.possible == sum(v.points for v in questions)
    assert {r.outcome for r in ana.responses} == {"correct"}
    # One response per question, on the question versions the assignment uses, in version B's order.
    slots_b = paper_layouts(assignment)["B"]
    assert [r.question_version.question_key for r in ana.responses] == [s.question.id for s in slots_b]
    assert {r.question_version_id for r in ana.responses} == {v.id for v in questions}

    (ben,) = paper_attempts("Ben Ode")
    assert (ben.version, ben.earned, ben.possible) == ("A", 0, ana.possible)
    answered = [r for r in ben.responses if r.answer is not None]
    assert [(r.answer, r.outcome, r.saved_at is not None) for r in answered] == [
        (first_choice.choice_for(wrong), "wrong", True)
    ]
    assert {r.outcome for r in ben.responses} == {"wrong"}

    # The gradebook counts paper attempts as it counts online ones.
    rows = {row.name: row for row in load_results(assignment).rows}
    assert rows["Ana Diaz"].earned == rows["Ana Diaz"].possible == ana.possible
    assert rows["Ben Ode"].earned == 0


def test_the_default_seed_is_the_bank_id_as_for_export(assignment):
    assert paper_layouts(assignment) == paper_layouts(assignment, BANK)
    # What the dashboard prints for the assignment without a seed is what is read back.
    printed = assignment_target(assignment).bank
    assert paper_layouts(assignment)["B"] == version_layout(printed, None, "B")
    full = imported(
        assignment, csv_of(*key_rows(assignment, "Ana Diaz", "B", seed="spring")), seed="spring"
    )
    assert full.ok and full.seed == "spring"
    (attempt,) = paper_attempts("Ana Diaz")
    assert attempt.earned == attempt.possible
    # The same letters read with the default seed mean other choices (questions named by id, so that
    # only the letters' meaning differs, not which question a number is).
    lettered = [s for s in paper_layouts(assignment, "spring")["B"] if s.question.type in ("choice", "multi", "source")]
    rows = [f"Ben Ode,B,{s.question.id},{' '.join(correct_letters(s))}" for s in lettered]
    other = imported(assignment, csv_of(*rows))
    assert other.ok and other.seed is None
    (attempt,) = paper_attempts("Ben Ode")
    assert attempt.earned < sum(s.question.points for s in lettered)


def test_one_bad_row_and_nothing_is_written(assignment):
    before = counts()
    choice = next(slot for slot in paper_layouts(assignment)["A"] if slot.question.type == "choice")
    rows = key_rows(assignment, "Ana Diaz", "A")
    rows.insert(5, f"Ben Ode,A,{choice.number},Q")
    report = imported(assignment, csv_of(*rows))
    assert not report.ok
    assert [str(e) for e in report.errors] == [
        f"line 7: question {choice.number} on version A has no choice Q (its choices are A to "
        f"{'ABCDEFGH'[len(choice.choices) - 1]})"
    ]
    assert report.students == report.responses == 0
    assert counts() == before


def test_unknown_students_are_errors_unless_created(assignment):
    before = counts()
    text = csv_of("Ana Diaz,A,1,", "Zoe  Quinn,A,1,", "Yan,A,2,")
    report = imported(assignment, text)
    assert [str(e) for e in report.errors] == [
        'line 3: unknown student "Zoe Quinn": no one in the class has that name',
        'line 4: unknown student "Yan": no one in the class has that name',
    ]
    assert counts() == before

    created = imported(assignment, text, create_missing=True)
    assert created.ok and created.created == ("Zoe Quinn", "Yan")
    names = database.session.scalars(
        select(Student.name_key).where(Student.classroom_id == assignment.classroom_id).order_by(Student.name_key)
    ).all()
    assert names == ["ana diaz", "ben ode", "yan", "zoe quinn"]
    assert [a.mode for a in paper_attempts("Zoe Quinn")] == ["paper"]


def test_a_name_that_cannot_be_a_student_is_not_created(assignment):
    before = counts()
    report = imported(assignment, csv_of("Ana Diaz,A,1,", f"{'x' * 81},A,1,"), create_missing=True)
    assert [e.line for e in report.errors] == [3]
    assert report.errors[0].message.startswith(f'cannot add the student "{"x" * 81}": ')
    assert counts() == before


def test_two_students_of_one_name_cannot_be_told_apart(assignment):
    database.session.add(Student(classroom_id=assignment.classroom_id, name="ANA DIAZ", name_key="ana diaz"))
    database.session.commit()
    report = imported(assignment, csv_of("Ben Ode,A,1,", "ana diaz,A,1,"))
    assert [str(e) for e in report.errors] == [
        'line 3: 2 students in the class are called "ana diaz"; merge or rename them on the class page first'
    ]


def test_a_second_import_is_refused_unless_it_replaces(assignment):
    # An online attempt first: paper imports never touch it.
    ana = database.session.scalar(select(Student).where(Student.name == "Ana Diaz"))
    online = Attempt(assignment_id=assignment.id, student_id=ana.id, number=1, submitted_at=None)
    database.session.add(online)
    database.session.commit()
    online_id = online.id

    assert imported(assignment, csv_of(*key_rows(assignment, "Ana Diaz", "A"))).ok
    again = csv_of("Ben Ode,B,1,", "Ana Diaz,B,1,")
    before = counts()
    refused = imported(assignment, again)
    assert [str(e) for e in refused.errors] == [
        "line 3: Ana Diaz already has paper answers for this assignment; "
        "import with replace (--replace) to replace them"
    ]
    assert [e.kind for e in refused.errors] == [ALREADY_IMPORTED]
    assert counts() == before

    replaced = imported(assignment, again, replace=True)
    assert replaced.ok and replaced.replaced == ("Ana Diaz",)
    attempts = paper_attempts("Ana Diaz")
    assert [(a.id == online_id, a.mode, a.version, a.number) for a in attempts] == [
        (True, "online", None, 1),
        (False, "paper", "B", 2),
    ]
    assert attempts[1].earned == 0
    assert (
        database.session.scalar(select(func.count()).select_from(Response).where(Response.attempt_id == online_id)) == 0
    )


def test_versions_printed_decide_which_letters_are_read(assignment):
    two = imported(assignment, csv_of("Ana Diaz,,1,", "Ben Ode,C,1,"), versions=2)
    assert [str(e) for e in two.errors] == [
        "line 2: no version: write the version letter printed on the paper (A or B)",
        'line 3: unknown version "C": this quiz has versions A or B',
    ]
    # One version without a seed is the unshuffled quiz, as ExportOptions prints it.
    assert list(paper_layouts(assignment, None, 1)) == [UNSHUFFLED]
    assert list(paper_layouts(assignment, "spring", 1)) == ["A"]
    plain = imported(assignment, csv_of(*key_rows(assignment, "Ana Diaz", UNSHUFFLED)), versions=1)
    assert plain.ok and plain.versions == (UNSHUFFLED,)
    (attempt,) = paper_attempts("Ana Diaz")
    assert attempt.version is None and attempt.earned == attempt.possible


def test_an_assignment_without_questions(assignment):
    assignment.question_keys = []
    database.session.commit()
    report = imported(assignment, csv_of("Ana Diaz,A,1,"))
    assert [str(e) for e in report.errors] == ["this assignment has no questions"]


def test_chosen_questions_keep_the_assignments_versions(assignment):
    assignment.question_keys = ["count-on-us", "who-said-do-not-come"]
    database.session.commit()
    slots = paper_layouts(assignment)["A"]
    assert sorted(s.question.id for s in slots) == ["count-on-us", "who-said-do-not-come"]
    report = imported(assignment, csv_of(*key_rows(assignment, "Ana Diaz", "A")))
    assert report.ok and report.responses == 2


def test_the_template_lists_the_roster(assignment):
    text = assignment_template(assignment, ["A", "B"]).decode("utf-8-sig").splitlines()
    count = len(questions_for(assignment))
    assert text[0] == HEADER
    assert text[1] == "Ana Diaz,A,1," and text[1 + count] == "Ben Ode,B,1,"
    assert len(text) == 1 + 2 * count


def test_the_answer_cap_is_the_online_forms():
    assert MAX_ANSWER_LENGTH == ANSWER_MAX_LENGTH


# --------------------------------------------------------------------------------------------------
# quizapp import-responses
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(app, monkeypatch):
    """The command's app opens the test database."""
    for key, value in {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "cli-test-key",
        "QUIZAPP_QUESTIONS": str(QUESTIONS),
        "QUIZAPP_SEEDS": str(SEEDS),
    }.items():
        monkeypatch.setenv(key, value)


def test_the_command_imports_and_prints_a_summary(assignment, cli_env, tmp_path):
    path = tmp_path / "marks.csv"
    path.write_bytes(csv_of(*key_rows(assignment, "Ana Diaz", "B"), "Ben Ode,B,1,").encode("utf-8-sig"))
    count = len(questions_for(assignment))
    result = CliRunner().invoke(main, ["import-responses", str(assignment.id), str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"imported 2 students, {2 * count} responses"]
    assert f"note: versions read with the default seed, the bank id '{BANK}'" in result.stderr
    database.session.expire_all()
    (attempt,) = paper_attempts("Ana Diaz")
    assert attempt.earned == attempt.possible

    refused = CliRunner().invoke(main, ["import-responses", str(assignment.id), str(path)])
    assert refused.exit_code == 1
    assert refused.stdout.splitlines() == [
        f"{path}:2: Ana Diaz already has paper answers for this assignment; import with replace (--replace) to "
        "replace them",
        f"{path}:{count + 2}: Ben Ode already has paper answers for this assignment; import with replace "
        "(--replace) to replace them",
    ]
    assert "2 errors; nothing was imported" in refused.stderr
    replaced = CliRunner().invoke(main, ["import-responses", str(assignment.id), str(path), "--replace"])
    assert replaced.exit_code == 0, replaced.output
    assert "replaced the paper answers of 2 students" in replaced.stderr


def test_the_command_reports_each_bad_row_and_writes_nothing(assignment, cli_env, tmp_path):
    path = tmp_path / "marks.csv"
    path.write_text(csv_of("Ana Diaz,A,1,", "Newcomer,A,1,", "Ana Diaz,A,999,"), encoding="utf-8")
    before = counts()
    result = CliRunner().invoke(main, ["import-responses", str(assignment.id), str(path)])
    assert result.exit_code == 1
    count = len(questions_for(assignment))
    assert result.stdout.splitlines() == [
        f'{path}:3: unknown student "Newcomer": no one in the class has that name',
        f"{path}:4: version A has no question 999 (its questions are 1 to {count})",
    ]
    assert "note: --create-students adds the students the class does not have" in result.stderr
    database.session.expire_all()
    assert counts() == before

    created = CliRunner().invoke(
        main, ["import-responses", str(assignment.id), str(path), "--create-students", "--seed", "x"]
    )
    assert created.exit_code == 1  # the bad question number is still there
    path.write_text(csv_of("Ana Diaz,A,1,", "Newcomer,A,1,"), encoding="utf-8")
    created = CliRunner().invoke(main, ["import-responses", str(assignment.id), str(path), "--create-students"])
    assert created.exit_code == 0, created.output
    assert "added 1 student to the class: Newcomer" in created.stderr


def test_the_command_reports_a_file_problem_without_a_line(assignment, cli_env, tmp_path):
    path = tmp_path / "marks.csv"
    path.write_bytes((HEADER + "\n").encode("utf-16"))
    result = CliRunner().invoke(main, ["import-responses", str(assignment.id), str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f'{path}: the file is UTF-16; save it as "CSV UTF-8 (comma delimited)"']


def test_usage_errors_exit_2(assignment, cli_env, tmp_path):
    path = tmp_path / "marks.csv"
    path.write_text(csv_of("Ana Diaz,A,1,"), encoding="utf-8")
    runner = CliRunner()
    missing = runner.invoke(main, ["import-responses", "9999", str(path)])
    assert missing.exit_code == 2 and "no assignment with id 9999" in missing.output
    assert runner.invoke(main, ["import-responses", str(assignment.id), str(tmp_path / "nope.csv")]).exit_code == 2
    assert runner.invoke(main, ["import-responses", "one", str(path)]).exit_code == 2
    assert runner.invoke(main, ["import-responses", str(assignment.id)]).exit_code == 2
    assert runner.invoke(main, ["import-responses", str(assignment.id), str(path), "--versions", "27"]).exit_code == 2
    database.session.expire_all()
    assert counts()[0] == 0
