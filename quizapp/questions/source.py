"""Which reports: a multi-select over the articles, scored as multiple answers."""

from __future__ import annotations

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
    article_choices,
    article_label,
    option_inputs,
    picked_values,
    picked_words,
    several_picks,
)
from quizapp.questions.base import Credit, Kind, source_spans, stored_fields
from quizapp.questions.lms_items import LmsNote, Loss, MultipleChoice, listed_ids, partial_credit
from quizapp.questions.multi import (
    check_subset,
    circled_in_order,
    several_credit,
    several_explanation,
    several_rows,
)
from quizapp.questions.paper_marks import WrittenAnswer
from quizapp.questions.printing import PrintedOption, lettered_options
from quizapp.questions.slot import Slot
from quizapp.questions.tally import ResponseCount


@dataclass(frozen=True)
class SourceQuestion(Question):
    """Which articles do something: a multi-select over article ids."""

    choices: tuple[str, ...] = ()  # article ids; the loader fills in all articles when omitted
    answers: frozenset[str] = frozenset()
    type: str = field(default="source", init=False)


class SourceKind(Kind[SourceQuestion]):
    """``type: source``: ``answers`` (article ids) among ``choices`` (article ids; every article when omitted).

    Stored answer: the picked article ids, a list.
    """

    name = "source"
    data = SourceQuestion
    keys = frozenset({"choices", "answers"})
    summary = (
        "The student ticks the reports that fit, shown by outlet and headline; `answers` lists the right "
        "articles' ids and `choices` the ids offered (every article when left out)."
    )
    scoring = "As `multi`: right ticks minus wrong ticks, over the number of right answers, never below 0."
    example = """\
- id: reports-quoting-do-not-come
  type: source
  prompt: Which reports quote Harris telling migrants "Do not come"? Pick every one.
  choices: [000_9c074612a8ff18f5, 002_f52d19d8c2480346, 003_ddc3df48b0ac0e99]
  answers: [000_9c074612a8ff18f5, 002_f52d19d8c2480346]
  sources:
    - article: 000_9c074612a8ff18f5
      quote: 'Mexico border: Do not come. Do not come.'
    - article: 002_f52d19d8c2480346
      quote: 'Mexico border: Do not come, do not come.'
  skills: [comparison]
"""

    def build(self, node: LocatedMap, common: Common, check: Checker) -> SourceQuestion:
        choices = list(check.corpus) if "choices" not in node else check.text_list(node, "choices", minimum=2)
        answers = check.text_list(node, "answers")
        for key, ids in (("choices", choices), ("answers", answers)):
            unknown = [a for a in ids or () if a not in check.corpus]
            if unknown:
                check.report(node.line_of(key), f"unknown article {', '.join(map(repr, unknown))} in '{key}'")
                raise Invalid
        check_subset(node, check, choices, answers)
        return SourceQuestion(
            **common.fields(), choices=tuple(require(choices)), answers=frozenset(require(answers))
        )

    def yaml_fields(self, question: SourceQuestion) -> dict[str, Any]:
        return {"choices": list(question.choices), "answers": sorted(question.answers)}

    def from_stored(self, data: Mapping[str, Any]) -> SourceQuestion:
        return SourceQuestion(**stored_fields(data, SourceQuestion, {"answers": frozenset}))

    def credit(self, question: SourceQuestion, response: object) -> Credit:
        """Response: the picked article ids. Scored exactly as a multi-select question."""
        return several_credit(question.answers, response)

    def explain_credit(self, question: SourceQuestion, response: object) -> str | None:
        return several_explanation(question.answers, response, "reports")

    def distribution(
        self, question: SourceQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """Every report, named by ``labels``; article ids carry no wording, so nothing is looked up."""
        return several_rows(
            question.choices, question.answers, answers, lambda option: labels.get(option, option), lambda o: None
        )

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_checkboxes.html"
    form_hint = "Choose every report that applies."
    shuffled = True

    def offered(self, question: SourceQuestion, corpus: Corpus) -> list[Choice]:
        return article_choices(question.choices, corpus)

    def shown_texts(self, question: SourceQuestion, corpus: Corpus) -> tuple[str, ...]:
        return ()  # the reports' names, which every page about them shows

    def parse_answer(self, question: SourceQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        return several_picks(form, response_id, self.offered(question, corpus))

    def form_inputs(
        self, question: SourceQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        return FormInputs(options=option_inputs(response_id, choices, picked_values(answer)))

    def describe_answer(self, question: SourceQuestion, answer: object, corpus: Corpus) -> list[str]:
        return picked_words(self.offered(question, corpus), answer)

    def describe_key(self, question: SourceQuestion, corpus: Corpus) -> list[str]:
        ordered = [article_id for article_id in question.choices if article_id in question.answers]
        ordered += sorted(question.answers - set(ordered))  # a key outside the choices still shows
        return [article_label(corpus, article_id) for article_id in ordered]

    def key_note(self, question: SourceQuestion) -> str | None:
        return None

    def cited(self, question: SourceQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def answer_grid(self, question: SourceQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        return None

    def tally_words(self, question: SourceQuestion, value: str, corpus: Corpus) -> str:
        return value  # already the report's name (see distribution)

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    def lms_item(self, question: SourceQuestion, corpus: Corpus) -> MultipleChoice:
        """Multiple answers over each article's outlet and headline, scored as a multi-select question."""
        labels = tuple(corpus[choice].label for choice in question.choices)
        return partial_credit(labels, question.choices, question.answers)

    def lms_notes(self, questions: Sequence[SourceQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        return (
            LmsNote(
                Loss.TYPE,
                f"source questions have no LMS type; {listed_ids(questions)} became multiple-answer "
                "questions over each article's outlet and headline.",
            ),
        )

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_lettered.html"
    print_key_partial = None

    def paper_values(self, question: SourceQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return question.choices, ()

    def circled_key(self, question: SourceQuestion) -> tuple[str, ...]:
        return tuple(choice for choice in question.choices if choice in question.answers)

    def paper_articles(self, question: SourceQuestion) -> tuple[str, ...]:
        """Every report offered, so that the student can read them."""
        return question.choices

    def cited_quotes(self, question: SourceQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def print_instruction(self, question: SourceQuestion) -> str:
        return "Circle the letter of every report that applies."

    def print_body(self, question: SourceQuestion, slot: Slot, corpus: Corpus) -> tuple[PrintedOption, ...]:
        """The lettered reports, each by its outlet and headline."""
        return lettered_options(slot, self.circled_key(question), lambda article_id: corpus[article_id].label)

    def print_brief(self, question: SourceQuestion, slot: Slot, corpus: Corpus) -> str:
        return ", ".join(slot.letters_for(self.circled_key(question)))

    def print_answers(self, question: SourceQuestion, corpus: Corpus) -> tuple[str, ...]:
        return tuple(corpus[article_id].label for article_id in self.circled_key(question))

    def read_paper(self, question: SourceQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]) -> list[str]:
        """Any number of letters, read back as article ids."""
        return circled_in_order(question.choices, written)

    # (end of print and paper)
