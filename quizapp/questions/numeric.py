"""Numeric: a number, right within a tolerance."""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from numbers import Real
from typing import Any

from quizapp.banks.checking import Checker, Common, Invalid, number, require, shown_value
from quizapp.banks.model import Question
from quizapp.banks.yaml_source import LocatedMap
from quizapp.corpus.articles import Article, Corpus
from quizapp.corpus.span import Span
from quizapp.questions.answering import (
    Choice,
    FormData,
    FormInputs,
    GridResult,
    clean_text,
    field_name,
    typed_words,
)
from quizapp.questions.base import NO_CREDIT, Credit, Kind, plain_number, source_spans, stored_fields
from quizapp.questions.lms_items import LmsNote, Numerical
from quizapp.questions.paper_marks import RowError, WrittenAnswer
from quizapp.questions.reading import is_blank, parse_number, shown
from quizapp.questions.slot import Slot
from quizapp.questions.tally import NO_ANSWER, NO_NUMBER, ResponseCount, grouped_rows
from quizapp.questions.wording import format_number, key_number

_TOLERANCE = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*%\s*$")


@dataclass(frozen=True)
class Tolerance:
    """How far a numeric response may be from the key: absolute, or relative to the key."""

    value: float = 0.0
    relative: bool = False

    def allows(self, key: float, response: float) -> bool:
        """True when ``response`` is within this tolerance of ``key``."""
        allowed = abs(key) * self.value if self.relative else self.value
        # A small epsilon so that 0.1 + 0.2 style float noise never costs a student a point.
        return abs(response - key) <= allowed + 1e-9 * max(1.0, abs(key))

    def __str__(self) -> str:
        if self.relative:
            return f"{self.value * 100:g}%"
        return f"{self.value:g}"


@dataclass(frozen=True)
class NumericQuestion(Question):
    """A number, right within a tolerance."""

    answer: float = 0.0
    tolerance: Tolerance = Tolerance()
    type: str = field(default="numeric", init=False)


def absolute_tolerance(question: NumericQuestion) -> float:
    """The tolerance in the answer's own units (a relative one is a share of the answer)."""
    tolerance = question.tolerance
    return abs(question.answer) * tolerance.value if tolerance.relative else tolerance.value



def numeric_answer_text(question: NumericQuestion) -> str:
    """``3`` for an exact answer, ``10.4 (accept 9.9 to 10.9)`` when there is a tolerance: the key on paper."""
    answer = key_number(question.answer)
    allowed = absolute_tolerance(question)
    if not allowed:
        return answer
    low, high = question.answer - allowed, question.answer + allowed
    return f"{answer} (accept {key_number(low)} to {key_number(high)})"


def _teacher_number(value: float) -> str:
    """A number as a teacher would write it: 178622 not 178622.0, 0.1 not 0.1000000000000000055."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


class NumericKind(Kind[NumericQuestion]):
    """``type: numeric``: ``answer`` (a number) and an optional ``tolerance``: a number, or a percentage like ``2%``.

    Stored answer: the text as typed.
    """

    name = "numeric"
    data = NumericQuestion
    keys = frozenset({"answer", "tolerance"})
    summary = (
        "The student types a number; `answer` is the number and `tolerance` how far off still counts (a "
        "number, or a share such as `2%`; 0 when left out)."
    )
    scoring = "Right within the tolerance; 178,622, 178 622 and 178622.0 all read as the same number."
    example = """\
- id: length-of-visit
  type: numeric
  prompt: According to the AP, how many days did Harris's visit to the region last?
  answer: 3
  tolerance: 0
  sources:
    - article: 002_f52d19d8c2480346
      quote: during a three-day visit to the region this week, her first foreign trip as vice president
  skills: [context, numbers]
"""
    typed = True

    def build(self, node: LocatedMap, common: Common, check: Checker) -> NumericQuestion:
        if "answer" not in node:
            check.report(node.line, "missing required key 'answer'")
            raise Invalid
        answer = number(node["answer"])
        if answer is None:
            check.report(node.line_of("answer"), f"answer must be a number, not {shown_value(node['answer'])}")
        tolerance: Tolerance | None = Tolerance()
        if "tolerance" in node:
            tolerance = self._tolerance(node, check)
        return NumericQuestion(**common.fields(), answer=require(answer), tolerance=require(tolerance))

    @staticmethod
    def _tolerance(node: LocatedMap, check: Checker) -> Tolerance | None:
        raw = node["tolerance"]
        value = number(raw)
        if value is not None and value >= 0:
            return Tolerance(value)
        if isinstance(raw, str) and (match := _TOLERANCE.match(raw)):
            return Tolerance(float(match.group(1)) / 100, relative=True)
        check.report(
            node.line_of("tolerance"),
            f"tolerance must be a non-negative number or a percentage like '2%', not {shown_value(raw)}",
        )
        return None

    def yaml_fields(self, question: NumericQuestion) -> dict[str, Any]:
        fields: dict[str, Any] = {"answer": plain_number(question.answer)}
        tolerance = question.tolerance
        if tolerance.value:
            fields["tolerance"] = f"{tolerance.value * 100:g}%" if tolerance.relative else plain_number(tolerance.value)
        return fields

    def from_stored(self, data: Mapping[str, Any]) -> NumericQuestion:
        return NumericQuestion(
            **stored_fields(data, NumericQuestion, {"tolerance": lambda t: Tolerance(t["value"], t["relative"])})
        )

    def credit(self, question: NumericQuestion, response: object) -> Credit:
        """Response: typed text (see :func:`parse_number`) or a number. Right within the tolerance."""
        if is_blank(response):
            return NO_CREDIT
        value: float | None
        if isinstance(response, str):
            value = parse_number(response)
            if value is None:
                return Credit(0.0, f"No number could be read from {shown(response)}.")
        elif isinstance(response, Real | Decimal) and not isinstance(response, bool):
            try:
                value = float(response)
            except (OverflowError, ValueError):  # an int too large for a float, or a signalling NaN
                value = None
            if value is None or not math.isfinite(value):
                return Credit(0.0, "No number could be read from the response.")
        else:
            return Credit(0.0, "No number could be read from the response.")
        return Credit(1.0 if question.tolerance.allows(question.answer, value) else 0.0)

    def distribution(
        self, question: NumericQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """Responses grouped by the number read; text that holds no number is "(no number)"."""

        def group(answer: object) -> Hashable:
            if is_blank(answer):
                return NO_ANSWER
            value: float | None = None
            if isinstance(answer, str):
                value = parse_number(answer)
            elif isinstance(answer, int | float) and not isinstance(answer, bool):
                try:
                    value = float(answer)
                except OverflowError:  # an int too large for a float
                    value = None
            if value is None or not math.isfinite(value):
                return NO_NUMBER
            return value + 0.0  # -0.0 + 0.0 is 0.0: "-0" and "0" are one answer

        # Shown as the number read, not as one student typed it: "178,622" and "178622" are one row.
        return grouped_rows(
            answers, group, lambda key, spellings: _teacher_number(float(key)), lambda a: self.is_correct(question, a)  # type: ignore[arg-type]
        )

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_text.html"
    form_hint = "Type a number."
    shuffled = False  # nothing to shuffle
    input_mode = "decimal"  # a phone shows its number pad, with the decimal point

    def offered(self, question: NumericQuestion, corpus: Corpus) -> list[Choice]:
        return []

    def parse_answer(self, question: NumericQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        return clean_text(form.get(field_name(response_id)))  # kept as typed: the scorer reads the number

    def form_inputs(
        self, question: NumericQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        return FormInputs(text=answer if isinstance(answer, str) else "")

    def describe_answer(self, question: NumericQuestion, answer: object, corpus: Corpus) -> list[str]:
        return typed_words(answer)

    def describe_key(self, question: NumericQuestion, corpus: Corpus) -> list[str]:
        return [format_number(question.answer)]

    def key_texts(self, question: NumericQuestion) -> tuple[str, ...]:
        """The figure as a report may print it: ``178622`` and ``178,622``."""
        plain = format_number(question.answer)
        grouped = f"{int(question.answer):,}" if float(question.answer).is_integer() else plain
        return tuple(dict.fromkeys((plain, grouped)))

    def key_note(self, question: NumericQuestion) -> str | None:
        if not question.tolerance.value:
            return None
        allowed = absolute_tolerance(question)
        low, high = format_number(question.answer - allowed), format_number(question.answer + allowed)
        return f"Anything from {low} to {high} counts as right."

    def cited(self, question: NumericQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def answer_grid(self, question: NumericQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        return None

    def tally_words(self, question: NumericQuestion, value: str, corpus: Corpus) -> str:
        return value  # the number read

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    def lms_item(self, question: NumericQuestion, corpus: Corpus) -> Numerical:
        """A relative tolerance becomes its margin in the answer's units: an LMS takes only that."""
        return Numerical(question.answer, absolute_tolerance(question))

    def lms_notes(self, questions: Sequence[NumericQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        return ()

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_numeric.html"
    print_key_partial = None

    def paper_values(self, question: NumericQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (), ()

    def circled_key(self, question: NumericQuestion) -> tuple[str, ...]:
        return ()

    def paper_articles(self, question: NumericQuestion) -> tuple[str, ...]:
        return ()

    def cited_quotes(self, question: NumericQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def print_instruction(self, question: NumericQuestion) -> str:
        return "Write a number on the line."

    def print_body(self, question: NumericQuestion, slot: Slot, corpus: Corpus) -> None:
        """Nothing: the partial prints the short line to write on."""
        return None

    def print_brief(self, question: NumericQuestion, slot: Slot, corpus: Corpus) -> str:
        return numeric_answer_text(question)

    def print_answers(self, question: NumericQuestion, corpus: Corpus) -> tuple[str, ...]:
        return (numeric_answer_text(question),)

    def read_paper(self, question: NumericQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]) -> str:
        """A number, kept as written (like an online answer) so that the gradebook shows what the paper says."""
        if parse_number(written.text) is None:
            raise RowError(f'{written.where}: no number can be read from "{written.text}"')
        return written.text

    # (end of print and paper)
