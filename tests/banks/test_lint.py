"""The checks across questions: misquoted explanations (problems), answers another question prints and
questions two banks ask twice (warnings, which ``validate --strict`` fails on)."""

import textwrap

from click.testing import CliRunner

from quizapp.banks import parse_bank, validate_paths
from quizapp.cli import main
from tests.conftest import AP, FIRST, NEWSWEEK, QUESTIONS, SEEDS


def bank_text(questions: str, bank: str = "b") -> str:
    return f"bank: {bank}\ntitle: T\nquestions:\n" + textwrap.indent(textwrap.dedent(questions).strip() + "\n", "  ")


def messages(text, corpus):
    bank, problems = parse_bank(text, "bank.yaml", corpus)
    return [str(p) for p in problems]


FIGURE = f"""\
- id: figure
  type: numeric
  prompt: How many encounters in April 2020?
  answer: 17106
  sources:
    - article: {FIRST}
      quote: compared to 17,106 in April 2020
  explanation: >-
    EXPLANATION
"""


def test_a_misquote_in_an_explanation_is_a_located_problem(corpus):
    # The drafter once wrote "17,106 encounters": the report says "compared to 17,106 in April 2020".
    text = bank_text(FIGURE.replace("EXPLANATION", 'The report gives "17,106 encounters" for April 2020.'))
    assert messages(text, corpus) == [
        f'bank.yaml:11: question figure: explanation quotes "17,106 encounters", which is not in the articles '
        f'it cites: {FIRST} (Unknown outlet); closest passage: "178,622 encounters"'
    ]


def test_explanation_quotes_that_match_pass(corpus):
    explanation = (
        '"Compared to 17,106 in April 2020." The report credits "the U.S. Customs and Border Protection" '
        '... and "Southwest Land Border Encounters have spiked tremendously," it says; the prompt asks '
        '"How many encounters"; the "Migration Crisis" report is another.'
    )
    text = bank_text(FIGURE.replace("EXPLANATION", explanation))
    assert messages(text, corpus) == []


def test_an_explanation_may_quote_only_the_articles_the_question_cites(corpus):
    # Newsweek's words, in a question that cites only the first report: cite Newsweek too.
    text = bank_text(FIGURE.replace("EXPLANATION", 'Crossings "have increased steadily since April 2020".'))
    assert len(messages(text, corpus)) == 1
    cited = FIGURE.replace(
        "  explanation:", f"    - article: {NEWSWEEK}\n      quote: increased steadily\n  explanation:"
    ).replace("EXPLANATION", 'Crossings "have increased steadily since April 2020".')
    assert messages(bank_text(cited), corpus) == []


def test_a_quotation_inside_a_quotation_may_use_single_quotes(corpus):
    zero = f"""\
    - id: zero
      type: short
      prompt: How many allegations?
      answers: [zero]
      sources:
        - article: {AP}
          quote: zero
      explanation: The AP writes that he was "insisting there were 'zero' allegations of corruption against him".
    """
    assert messages(bank_text(zero), corpus) == []
    assert len(messages(bank_text(zero.replace("'zero' allegations", "'no' allegations")), corpus)) == 1


NAME = f"""\
- id: name
  type: short
  prompt: Type the name of the Guatemalan president Harris met.
  answers: [Giammattei, Alejandro Giammattei]
  sources:
    - article: {AP}
      quote: Guatemalan President Alejandro Giammattei
- id: ignored
  type: choice
  prompt: What did Giammattei do when the AP asked about corruption?
  choices: [He ignored the question., He walked out.]
  answer: He ignored the question.
  sources:
    - article: {AP}
      quote: Giammattei initially ignored the question.
"""


def test_an_answer_printed_in_another_question_is_a_warning(tmp_path, corpus):
    path = tmp_path / "b.yaml"
    path.write_text(bank_text(NAME))
    report = validate_paths([path], corpus)
    assert report.problems == [] and len(report.banks) == 1  # a warning never stops the bank loading
    assert [str(w) for w in report.warnings] == [
        f'{path}:4: question name: warning: its answer "Giammattei" is printed in question ignored (line 11, prompt)'
    ]


def test_options_another_question_offers_alike_are_no_giveaway(tmp_path, corpus):
    who = f"""\
    - id: who-warned
      type: choice
      prompt: Who said "Do not come"?
      choices: [Kamala Harris, Alejandro Giammattei]
      answer: Kamala Harris
      sources:
        - article: {AP}
          quote: Do not come, do not come.
    - id: who-asked
      type: choice
      prompt: Who asked for a clearer message?
      choices: [Alejandro Giammattei, Kamala Harris]
      answer: Alejandro Giammattei
      sources:
        - article: {FIRST}
          quote: We asked the United States government to send more of a clear message
    - id: who-fire
      type: choice
      prompt: Who wrote about a house on fire?
      choices: [Alexandria Ocasio-Cortez, Kamala Harris]
      answer: Alexandria Ocasio-Cortez
      sources:
        - article: {AP}
          quote: set someone's house on fire
    """
    path = tmp_path / "b.yaml"
    path.write_text(bank_text(who))
    warnings = [str(w) for w in validate_paths([path], corpus).warnings]
    # Harris is offered by who-asked beside Giammattei, a wrong option of who-warned: nothing singled out.
    # who-fire offers Harris as its only other name, without any of who-warned's wrong options.
    assert warnings == [
        f'{path}:4: question who-warned: warning: its answer "Kamala Harris" is printed in question '
        "who-fire (line 20, options)"
    ]


def test_a_numeric_key_is_found_as_a_report_prints_it(tmp_path, corpus):
    text = bank_text(
        FIGURE.replace("EXPLANATION", "A figure.")
        + f"""\
- id: ratio
  type: choice
  prompt: The report gives 178,622 for April and 17,106 for April 2020. Is the rise large?
  choices: ['Yes', 'No']
  answer: 'Yes'
  sources:
    - article: {FIRST}
      quote: with 178,622 encounters for the month of April
"""
    )
    path = tmp_path / "b.yaml"
    path.write_text(text)
    assert [w.message for w in validate_paths([path], corpus).warnings] == [
        'warning: its answer "17,106" is printed in question ratio (line 13, prompt)'
    ]


TWICE = f"""\
- id: QID
  type: source
  prompt: Which reports quote Harris telling migrants "Do not come"?
  answers: [{FIRST}, {AP}]
  sources:
    - article: {FIRST}
      quote: 'Mexico border: Do not come. Do not come.'
    - article: {AP}
      quote: 'Mexico border: Do not come, do not come.'
"""


def test_a_question_two_banks_ask_is_a_warning(tmp_path, corpus):
    (tmp_path / "a.yaml").write_text(bank_text(TWICE.replace("QID", "first"), bank="a"))
    (tmp_path / "b.yaml").write_text(
        bank_text(TWICE.replace("QID", "again").replace("'Mexico border: ", "'"), bank="b")
    )
    report = validate_paths([tmp_path], corpus)
    assert [str(w) for w in report.warnings] == [
        f"{tmp_path / 'b.yaml'}:4: question again: warning: asks about the same passages as question first of bank a "
        f"({tmp_path / 'a.yaml'}:4); assigned together, the two banks ask it twice"
    ]
    # Within one bank it is the author's choice (a question and its harder twin); across banks, a warning.
    (tmp_path / "b.yaml").unlink()
    assert validate_paths([tmp_path], corpus).warnings == []


def test_strict_fails_on_warnings_and_plain_validate_does_not(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text(bank_text(NAME))
    runner = CliRunner()
    plain = runner.invoke(main, ["validate", str(path), "--articles", str(SEEDS)])
    assert plain.exit_code == 0
    assert f"{path}:4: question name: warning: its answer" in plain.output
    strict = runner.invoke(main, ["validate", "--strict", str(path), "--articles", str(SEEDS)])
    assert strict.exit_code == 1
    assert "0 problems and 1 warning in 1 file" in strict.output


def test_the_bundled_banks_pass_strict():
    result = CliRunner().invoke(main, ["validate", "--strict", str(QUESTIONS), "--articles", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


def test_a_single_word_in_quotation_marks_is_a_term_not_a_quotation(corpus):
    text = bank_text(FIGURE.replace("EXPLANATION", 'A figure without its "baseline" means little.'))
    assert messages(text, corpus) == []
