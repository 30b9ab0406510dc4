"""The quizapp command line: validate's output and exit codes."""

from click.testing import CliRunner

from quizapp.cli import main
from tests.conftest import AP, QUESTIONS, SEEDS

BAD = f"""\
bank: bad-bank
title: Misquotes
questions:
  - id: blame
    type: truefalse
    prompt: AP quotes Ocasio-Cortez exactly as she tweeted.
    answer: false
    sources:
      - article: {AP}
        quote: then blame them for fleeing
"""


def test_shipped_banks_are_valid():
    result = CliRunner().invoke(main, ["validate", str(QUESTIONS), "--articles", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert "by type:" in result.output and "by skill:" in result.output
    assert "reading level (Flesch–Kincaid grade of the prompts' own wording): median " in result.output


def test_misquote_exits_1_with_a_located_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--articles", str(SEEDS)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f'{path}:10: question blame: quote not found in {AP} (Associated Press): "then blame them for fleeing"; '
        'closest passage: "them blame them for fleeing"'
    )


def test_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(tmp_path / "missing.yaml")]).exit_code == 2
    assert runner.invoke(main, ["validate", "--articles", str(tmp_path / "nowhere")]).exit_code == 2
    assert runner.invoke(main, ["validate", "--no-such-flag"]).exit_code == 2
