"""True or false: a statement about the articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.checking import Checker, Common, Invalid
from quizapp.banks.model import Question
from quizapp.banks.yaml_source import LocatedMap
from quizapp.corpus.articles import Article, Corpus
from quizapp.corpus.span import Span
from quizapp.questions.answering import (
    Choice,
    FormData,
    FormInputs,
    GridResult,
    one_pick,
    option_inputs,
    picked_values,
    picked_words,
)
from quizapp.questions.base import NO_CREDIT, Credit, Kind, source_spans, stored_fields
from quizapp.questions.lms_items import LmsNote, TrueFalse
from quizapp.questions.paper_marks import RowError, WrittenAnswer
from quizapp.questions.reading import is_blank, shown
from quizapp.questions.slot import Slot
from quizapp.questions.tally import NO_ANSWER, UNREADABLE, ResponseCount, extra_rows

# What a paper answer may say, and the stored answer it stands for.
_PAPER_TRUTH = {"t": "true", "true": "true", "f": "false", "false": "false"}

@dataclass(frozen=True)
class TrueFalseQuestion(Question):
    """A statement that is true or false."""

    answer: bool = True
    type: str = field(default="truefalse", init=False)


def read_truth(response: object) -> bool | None:
    """A bool, or the text "true"/"false" in any case, as a bool; None for anything else (0 and 1 included)."""
    if isinstance(response, bool):
        return response
    if isinstance(response, str) and response.strip().casefold() in ("true", "false"):
        return response.strip().casefold() == "true"
    return None


class TrueFalseKind(Kind[TrueFalseQuestion]):
    """``type: truefalse``: ``answer`` is true or false.

    Stored answer: ``"true"`` or ``"false"``.
    """

    name = "truefalse"
    data = TrueFalseQuestion
    keys = frozenset({"answer"})
    summary = "The student says whether the prompt's claim is true; `answer` is `true` or `false`."
    scoring = "All or nothing."
    example = """\
- id: giammattei-did-not-say-do-not-come
  type: truefalse
  prompt: Guatemala's President Alejandro Giammattei also told migrants "Do not come."
  answer: false
  sources:
    - article: 000_9c074612a8ff18f5
      quote: We asked the United States government to send more of a clear message
  skills: [attribution]
"""

    def build(self, node: LocatedMap, common: Common, check: Checker) -> TrueFalseQuestion:
        if "answer" not in node:
            check.report(node.line, "missing required key 'answer'")
            raise Invalid
        if not isinstance(node["answer"], bool):
            check.report(node.line_of("answer"), "answer must be true or false")
            raise Invalid
        return TrueFalseQuestion(**common.fields(), answer=node["answer"])

    def yaml_fields(self, question: TrueFalseQuestion) -> dict[str, Any]:
        return {"answer": question.answer}

    def from_stored(self, data: Mapping[str, Any]) -> TrueFalseQuestion:
        return TrueFalseQuestion(**stored_fields(data, TrueFalseQuestion))

    def credit(self, question: TrueFalseQuestion, response: object) -> Credit:
        """Response: a bool, or the text "true" or "false" in any case. All or nothing."""
        if is_blank(response):
            return NO_CREDIT
        value = read_truth(response)
        if value is None and isinstance(response, str):
            return Credit(0.0, f"Expected true or false, not {shown(response)}.")
        if value is None:  # 0 and 1 included: a form never sends them, so they are not guessed at
            return Credit(0.0, "Expected true or false.")
        return Credit(1.0 if value == question.answer else 0.0)

    def distribution(
        self, question: TrueFalseQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """"True" and "False", zero counts included."""
        tally: Counter[str] = Counter()
        for answer in answers:
            value = read_truth(answer)
            if is_blank(answer):
                tally[NO_ANSWER] += 1
            elif value is None:  # as the scorer: 0 and 1 are not guessed at
                tally[UNREADABLE] += 1
            else:
                tally[str(value)] += 1
        rows = [ResponseCount(str(value), tally[str(value)], value == question.answer) for value in (True, False)]
        return rows + extra_rows(tally)

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_radio.html"
    form_hint = "Choose True or False."
    shuffled = False  # True before False, always

    def offered(self, question: TrueFalseQuestion, corpus: Corpus) -> list[Choice]:
        return [Choice("true", "True"), Choice("false", "False")]

    def parse_answer(self, question: TrueFalseQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        return one_pick(form, response_id, self.offered(question, corpus))

    def form_inputs(
        self, question: TrueFalseQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        return FormInputs(options=option_inputs(response_id, choices, picked_values(answer)))

    def describe_answer(self, question: TrueFalseQuestion, answer: object, corpus: Corpus) -> list[str]:
        return picked_words(self.offered(question, corpus), answer)

    def describe_key(self, question: TrueFalseQuestion, corpus: Corpus) -> list[str]:
        return ["True" if question.answer else "False"]

    def key_note(self, question: TrueFalseQuestion) -> str | None:
        return None

    def cited(self, question: TrueFalseQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def answer_grid(self, question: TrueFalseQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        return None

    def tally_words(self, question: TrueFalseQuestion, value: str, corpus: Corpus) -> str:
        return value  # "True" or "False"

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    def lms_item(self, question: TrueFalseQuestion, corpus: Corpus) -> TrueFalse:
        return TrueFalse(question.answer)

    def lms_notes(self, questions: Sequence[TrueFalseQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        return ()

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_truefalse.html"
    print_key_partial = None

    def paper_values(self, question: TrueFalseQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (), ()  # circled as the words True and False, which no version reorders

    def circled_key(self, question: TrueFalseQuestion) -> tuple[str, ...]:
        return ()

    def paper_articles(self, question: TrueFalseQuestion) -> tuple[str, ...]:
        return ()

    def cited_quotes(self, question: TrueFalseQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def print_instruction(self, question: TrueFalseQuestion) -> str:
        return "Circle True or False."

    def print_body(self, question: TrueFalseQuestion, slot: Slot, corpus: Corpus) -> None:
        """Nothing: the partial prints the two words."""
        return None

    def print_brief(self, question: TrueFalseQuestion, slot: Slot, corpus: Corpus) -> str:
        return self._printed_truth(question)

    def print_answers(self, question: TrueFalseQuestion, corpus: Corpus) -> tuple[str, ...]:
        return (self._printed_truth(question),)

    @staticmethod
    def _printed_truth(question: TrueFalseQuestion) -> str:
        return "True" if question.answer else "False"

    def read_paper(self, question: TrueFalseQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]) -> str:
        """T, F, True or False in any case."""
        value = _PAPER_TRUTH.get(written.text.casefold())
        if value is None:
            raise RowError(f'{written.where}: write T or F (True or False), not "{written.text}"')
        return value

    # (end of print and paper)
