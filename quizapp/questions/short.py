"""Short answer: typed text compared loosely with the accepted answers."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.checking import Checker, Common, require
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
from quizapp.questions.base import NO_CREDIT, Credit, Kind, source_spans, stored_fields
from quizapp.questions.lms_items import LmsNote, Loss, ShortText, listed_ids
from quizapp.questions.paper_marks import WrittenAnswer
from quizapp.questions.reading import is_blank, normalise_short_answer
from quizapp.questions.slot import Slot
from quizapp.questions.tally import NO_ANSWER, UNREADABLE, ResponseCount, grouped_rows, most_frequent_spelling


@dataclass(frozen=True)
class ShortQuestion(Question):
    """A typed answer compared loosely (case, accents, punctuation) with accepted strings."""

    answers: tuple[str, ...] = ()
    type: str = field(default="short", init=False)


class ShortKind(Kind[ShortQuestion]):
    """``type: short``: ``answers``, every accepted answer (the first is the one a key shows).

    Stored answer: the text as typed.
    """

    name = "short"
    data = ShortQuestion
    keys = frozenset({"answers"})
    summary = "The student types a few words; `answers` lists every answer accepted."
    scoring = (
        "Right when the typed answer equals an accepted one, letter case, accents, quotation marks, dashes, "
        "punctuation and spaces aside."
    )
    example = """\
- id: guatemala-president-name
  type: short
  prompt: What is the name of the Guatemalan president Harris met in Guatemala City?
  answers: [Alejandro Giammattei, Giammattei, President Giammattei]
  sources:
    - article: 002_f52d19d8c2480346
      quote: after her meeting with Guatemalan President Alejandro Giammattei on Monday
  skills: [context]
"""
    typed = True

    def build(self, node: LocatedMap, common: Common, check: Checker) -> ShortQuestion:
        answers = require(check.text_list(node, "answers"))
        return ShortQuestion(**common.fields(), answers=tuple(answers))

    def yaml_fields(self, question: ShortQuestion) -> dict[str, Any]:
        return {"answers": list(question.answers)}

    def from_stored(self, data: Mapping[str, Any]) -> ShortQuestion:
        return ShortQuestion(**stored_fields(data, ShortQuestion))

    def credit(self, question: ShortQuestion, response: object) -> Credit:
        """Response: typed text. Right when it folds (:func:`normalise_short_answer`) to an accepted answer."""
        if is_blank(response):
            return NO_CREDIT
        if not isinstance(response, str):
            return Credit(0.0, "The answer could not be read.")
        typed = normalise_short_answer(response)
        if not typed:  # only punctuation: nothing to compare, and nothing to match an empty key
            return NO_CREDIT
        accepted = {normalise_short_answer(answer) for answer in question.answers}
        return Credit(1.0 if typed in accepted else 0.0)

    def distribution(
        self, question: ShortQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """Responses grouped when they fold alike, shown in their most frequent spelling."""

        def group(answer: object) -> Hashable:
            if is_blank(answer):
                return NO_ANSWER
            if not isinstance(answer, str):
                return UNREADABLE
            # Only punctuation folds to nothing, which the scorer treats as no answer. Folding drops
            # brackets, so no typed answer can fold into one of the "(...)" labels.
            return normalise_short_answer(answer) or NO_ANSWER

        return grouped_rows(answers, group, most_frequent_spelling, lambda a: self.is_correct(question, a))

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_text.html"
    form_hint = "Type your answer."
    shuffled = False  # nothing to shuffle

    def offered(self, question: ShortQuestion, corpus: Corpus) -> list[Choice]:
        return []

    def parse_answer(self, question: ShortQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        return clean_text(form.get(field_name(response_id)))

    def form_inputs(
        self, question: ShortQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        return FormInputs(text=answer if isinstance(answer, str) else "")

    def describe_answer(self, question: ShortQuestion, answer: object, corpus: Corpus) -> list[str]:
        return typed_words(answer)

    def describe_key(self, question: ShortQuestion, corpus: Corpus) -> list[str]:
        return list(question.answers[:1])

    def key_texts(self, question: ShortQuestion) -> tuple[str, ...]:
        return question.answers

    def key_note(self, question: ShortQuestion) -> str | None:
        loose = "Capital letters, accents and punctuation do not matter."
        if len(question.answers) > 1:
            others = ", ".join(f"“{answer}”" for answer in question.answers[1:])
            return f"Also accepted: {others}. {loose}"
        return loose

    def cited(self, question: ShortQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def answer_grid(self, question: ShortQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        return None

    def tally_words(self, question: ShortQuestion, value: str, corpus: Corpus) -> str:
        return value  # a spelling a student typed

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    def lms_item(self, question: ShortQuestion, corpus: Corpus) -> ShortText:
        return ShortText(question.answers)

    def lms_notes(self, questions: Sequence[ShortQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        """An LMS folds only case; quizapp's comparison (see :meth:`credit`) forgives more."""
        return (
            LmsNote(
                Loss.SCORING,
                f"short answers ({listed_ids(questions)}) are compared ignoring case only; quizapp also "
                "ignores accents, quotes, dashes and punctuation, so add the variants students may type.",
            ),
        )

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_short.html"
    print_key_partial = None

    def paper_values(self, question: ShortQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (), ()

    def circled_key(self, question: ShortQuestion) -> tuple[str, ...]:
        return ()

    def paper_articles(self, question: ShortQuestion) -> tuple[str, ...]:
        return ()

    def cited_quotes(self, question: ShortQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def print_instruction(self, question: ShortQuestion) -> str:
        return "Write your answer on the line."

    def print_body(self, question: ShortQuestion, slot: Slot, corpus: Corpus) -> None:
        """Nothing: the partial prints the line to write on."""
        return None

    def print_brief(self, question: ShortQuestion, slot: Slot, corpus: Corpus) -> str:
        return question.answers[0]

    def print_answers(self, question: ShortQuestion, corpus: Corpus) -> tuple[str, ...]:
        """Every accepted answer."""
        return question.answers

    def read_paper(self, question: ShortQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]) -> str:
        """The words as written, scored as typed words are."""
        return written.text

    # (end of print and paper)
