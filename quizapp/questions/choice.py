"""Multiple choice: one correct choice among several."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.checking import Checker, Common, Invalid, require
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
    same_choices,
)
from quizapp.questions.base import NO_CREDIT, Credit, Kind, source_spans, stored_fields
from quizapp.questions.lms_items import LmsNote, SingleChoice
from quizapp.questions.paper_marks import RowError, WrittenAnswer
from quizapp.questions.printing import PrintedOption, lettered_options
from quizapp.questions.reading import is_blank, is_empty
from quizapp.questions.slot import Slot
from quizapp.questions.tally import NO_ANSWER, UNREADABLE, ResponseCount, extra_rows, source_text


@dataclass(frozen=True)
class ChoiceQuestion(Question):
    """One correct choice among several."""

    choices: tuple[str, ...] = ()
    answer: str = ""
    type: str = field(default="choice", init=False)


class ChoiceKind(Kind[ChoiceQuestion]):
    """``type: choice``: ``choices`` (at least two) and the ``answer``, one of them.

    Stored answer: the chosen choice's text.
    """

    name = "choice"
    data = ChoiceQuestion
    keys = frozenset({"choices", "answer"})
    summary = "The student picks one of the `choices` (two or more, all different); `answer` is the right one."
    scoring = "All or nothing."
    example = """\
- id: who-said-do-not-come
  type: choice
  prompt: Who told migrants "Do not come. Do not come."?
  choices: [Kamala Harris, Alexandria Ocasio-Cortez, Alejandro Giammattei]
  answer: Kamala Harris
  sources:
    - article: 002_f52d19d8c2480346
      quote: 'She also delivered a direct warning to migrants considering making the trek: "Do not come. Do not come."'
  explanation: Harris said it in Guatemala; Ocasio-Cortez criticized the words.
  skills: [attribution]
"""

    def build(self, node: LocatedMap, common: Common, check: Checker) -> ChoiceQuestion:
        choices = check.text_list(node, "choices", minimum=2)
        answer = check.text(node, "answer")
        if choices is not None and answer is not None and answer not in choices:
            check.report(node.line_of("answer"), f"answer {answer!r} is not one of the choices")
            raise Invalid
        return ChoiceQuestion(**common.fields(), choices=tuple(require(choices)), answer=require(answer))

    def yaml_fields(self, question: ChoiceQuestion) -> dict[str, Any]:
        return {"choices": list(question.choices), "answer": question.answer}

    def from_stored(self, data: Mapping[str, Any]) -> ChoiceQuestion:
        return ChoiceQuestion(**stored_fields(data, ChoiceQuestion))

    def credit(self, question: ChoiceQuestion, response: object) -> Credit:
        """Response: the text of the chosen choice. Right only when it is exactly the key."""
        if is_empty(response):
            return NO_CREDIT
        if not isinstance(response, str):
            return Credit(0.0, "The choice could not be read.")
        return Credit(1.0 if response == question.answer else 0.0)

    def distribution(
        self, question: ChoiceQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """Every choice, zero counts included, plus any response that is not a choice."""
        tally: Counter[str] = Counter()
        others: Counter[str] = Counter()  # responses that are no choice: an edited bank, a forged form
        special: Counter[str] = Counter()  # kept apart, so that no choice text can be counted as one
        for answer in answers:
            if is_blank(answer):
                special[NO_ANSWER] += 1
            elif not isinstance(answer, str):
                special[UNREADABLE] += 1
            elif answer in question.choices:
                tally[answer] += 1
            else:
                others[answer] += 1
        rows = [
            ResponseCount(
                choice,
                tally[choice],
                choice == question.answer,
                None if choice == question.answer else source_text(question, choice),
            )
            for choice in question.choices
        ]
        rows += [ResponseCount(value, number, False) for value, number in others.items()]
        return rows + extra_rows(special)

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_radio.html"
    form_hint = "Choose one answer."
    shuffled = True

    def offered(self, question: ChoiceQuestion, corpus: Corpus) -> list[Choice]:
        return same_choices(question.choices)

    def parse_answer(self, question: ChoiceQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        return one_pick(form, response_id, self.offered(question, corpus))

    def form_inputs(
        self, question: ChoiceQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        return FormInputs(options=option_inputs(response_id, choices, picked_values(answer)))

    def describe_answer(self, question: ChoiceQuestion, answer: object, corpus: Corpus) -> list[str]:
        return picked_words(self.offered(question, corpus), answer)

    def describe_key(self, question: ChoiceQuestion, corpus: Corpus) -> list[str]:
        return [question.answer]

    def key_texts(self, question: ChoiceQuestion) -> tuple[str, ...]:
        return (question.answer,)

    def key_note(self, question: ChoiceQuestion) -> str | None:
        return None

    def cited(self, question: ChoiceQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def answer_grid(self, question: ChoiceQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        return None

    def tally_words(self, question: ChoiceQuestion, value: str, corpus: Corpus) -> str:
        return value  # the choice's own text

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    def lms_item(self, question: ChoiceQuestion, corpus: Corpus) -> SingleChoice:
        return SingleChoice(question.choices, (question.choices.index(question.answer),))

    def lms_notes(self, questions: Sequence[ChoiceQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        return ()

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_lettered.html"
    print_key_partial = None

    def paper_values(self, question: ChoiceQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return question.choices, ()

    def circled_key(self, question: ChoiceQuestion) -> tuple[str, ...]:
        return (question.answer,)

    def paper_articles(self, question: ChoiceQuestion) -> tuple[str, ...]:
        return ()

    def cited_quotes(self, question: ChoiceQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def print_instruction(self, question: ChoiceQuestion) -> str:
        return "Circle the letter of the one right answer."

    def print_body(self, question: ChoiceQuestion, slot: Slot, corpus: Corpus) -> tuple[PrintedOption, ...]:
        """The lettered choices."""
        return lettered_options(slot, self.circled_key(question), str)

    def print_brief(self, question: ChoiceQuestion, slot: Slot, corpus: Corpus) -> str:
        return ", ".join(slot.letters_for(self.circled_key(question)))

    def print_answers(self, question: ChoiceQuestion, corpus: Corpus) -> tuple[str, ...]:
        return self.circled_key(question)

    def read_paper(self, question: ChoiceQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]) -> str:
        """One letter."""
        picked = written.circled()
        if len(picked) != 1:
            raise RowError(f'{written.where} takes one letter, not "{written.text}"')
        return picked[0]

    # (end of print and paper)
