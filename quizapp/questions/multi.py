"""Multiple answers: pick every correct choice, with partial credit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
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
    option_inputs,
    picked_values,
    picked_words,
    same_choices,
    several_picks,
)
from quizapp.questions.base import NO_CREDIT, Credit, Kind, source_spans, stored_fields
from quizapp.questions.lms_items import LmsNote, MultipleChoice, partial_credit
from quizapp.questions.paper_marks import WrittenAnswer
from quizapp.questions.printing import PrintedOption, lettered_options
from quizapp.questions.reading import is_empty, picked_texts
from quizapp.questions.slot import Slot
from quizapp.questions.tally import NO_ANSWER, UNREADABLE, ResponseCount, extra_rows, source_text


@dataclass(frozen=True)
class MultiQuestion(Question):
    """Pick every correct choice; partial credit."""

    choices: tuple[str, ...] = ()
    answers: frozenset[str] = frozenset()
    type: str = field(default="multi", init=False)


def check_subset(node: LocatedMap, check: Checker, choices: list[str] | None, answers: list[str] | None) -> None:
    """Report answers that are not among the choices (and raise ``Invalid`` when either list failed)."""
    if choices is None or answers is None:
        raise Invalid
    stray = [a for a in answers if a not in choices]
    if stray:
        check.report(node.line_of("answers"), f"answers not among the choices: {', '.join(map(repr, stray))}")
        raise Invalid


def several_credit(answers: frozenset[str], response: object) -> Credit:
    """Right picks minus wrong picks over the number of answers, never below zero."""
    if is_empty(response):
        return NO_CREDIT
    picks = picked_texts(response)
    if picks is None:
        return Credit(0.0, "The picks could not be read.")
    if not picks:
        return NO_CREDIT
    # A pick is right when it is in the key; every other pick, a choice that is not in the key or
    # something that was never offered, is wrong. So the key itself always earns full credit.
    answers = frozenset(answers)
    right = len(picks & answers)
    wrong = len(picks - answers)
    if not answers:  # a degenerate question with nothing to pick: only picking nothing is right
        return Credit(0.0 if wrong else 1.0)
    return Credit(max(0.0, (right - wrong) / len(answers)))


def several_explanation(answers: frozenset[str], response: object, noun: str) -> str | None:
    """``2 of 3 right choices, 1 wrong``: the picks that :func:`several_credit` counted; None when unread."""
    picks = None if is_empty(response) else picked_texts(response)
    if not picks or not answers:
        return None
    right, wrong = len(picks & answers), len(picks - answers)
    return f"{right} of {len(answers)} right {noun}, {wrong} wrong"


def several_rows(
    choices: tuple[str, ...],
    key: frozenset[str],
    answers: list[object],
    shown: Callable[[str], str],
    quoted: Callable[[str], str | None],
) -> list[ResponseCount]:
    """Every option, zero counts included, each counted once per attempt that picked it.

    ``shown`` gives the words a teacher reads for an option; ``quoted`` the source quote a wrong
    option was lifted from, if any.
    """
    tally: Counter[str] = Counter()
    others: Counter[str] = Counter()  # picks that are no option: an edited bank, a forged form
    special: Counter[str] = Counter()
    for answer in answers:
        picks = set() if is_empty(answer) else picked_texts(answer)
        if picks == set():  # nothing ticked
            special[NO_ANSWER] += 1
        elif picks is None:
            special[UNREADABLE] += 1
        else:
            for pick in picks:
                (tally if pick in choices else others)[pick] += 1
    rows: list[ResponseCount] = []
    for option, number in [*((choice, tally[choice]) for choice in choices), *others.items()]:
        right = option in key
        rows.append(ResponseCount(shown(option), number, right, None if right else quoted(option)))
    return rows + extra_rows(special)


def circled_in_order(choices: tuple[str, ...], written: WrittenAnswer) -> list[str]:
    """The choices whose letters are written, in authored order as an online answer stores them."""
    picked = set(written.circled())
    return [value for value in choices if value in picked]


class MultiKind(Kind[MultiQuestion]):
    """``type: multi``: ``choices`` (at least two) and ``answers``, every right one among them.

    Stored answer: the picked choices' texts, a list.
    """

    name = "multi"
    data = MultiQuestion
    keys = frozenset({"choices", "answers"})
    summary = (
        "The student ticks every one of the `choices` that applies; `answers` lists the right ones (at least "
        "one)."
    )
    scoring = "Right ticks minus wrong ticks, over the number of right answers, never below 0."
    example = """\
- id: announced-on-the-trip
  type: multi
  prompt: Which of these do the reports say were announced during Harris's trip? Pick all that apply.
  choices:
    - A Justice Department anti-corruption task force
    - A new program creating education and economic opportunities for girls
    - A visit by Harris to the southern U.S. border
  answers:
    - A Justice Department anti-corruption task force
    - A new program creating education and economic opportunities for girls
  sources:
    - article: 002_f52d19d8c2480346
      quote: the Biden administration announced that the Justice Department would create an anti-corruption task force
    - article: 002_f52d19d8c2480346
      quote: Harris also promised a new program focused on creating education and economic opportunities for girls there
  skills: [context]
  points: 2
"""

    def build(self, node: LocatedMap, common: Common, check: Checker) -> MultiQuestion:
        choices = check.text_list(node, "choices", minimum=2)
        answers = check.text_list(node, "answers")
        check_subset(node, check, choices, answers)
        return MultiQuestion(**common.fields(), choices=tuple(require(choices)), answers=frozenset(require(answers)))

    def yaml_fields(self, question: MultiQuestion) -> dict[str, Any]:
        return {"choices": list(question.choices), "answers": sorted(question.answers)}

    def from_stored(self, data: Mapping[str, Any]) -> MultiQuestion:
        return MultiQuestion(**stored_fields(data, MultiQuestion, {"answers": frozenset}))

    def credit(self, question: MultiQuestion, response: object) -> Credit:
        """Response: the texts of the picked choices. Partial credit (see :func:`several_credit`)."""
        return several_credit(question.answers, response)

    def explain_credit(self, question: MultiQuestion, response: object) -> str | None:
        return several_explanation(question.answers, response, "choices")

    def distribution(
        self, question: MultiQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """Every option; a wrong one lifted from a source quote carries that quote."""
        return several_rows(
            question.choices, question.answers, answers, lambda option: option, lambda o: source_text(question, o)
        )

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_checkboxes.html"
    form_hint = "Choose every answer that applies."
    shuffled = True

    def offered(self, question: MultiQuestion, corpus: Corpus) -> list[Choice]:
        return same_choices(question.choices)

    def parse_answer(self, question: MultiQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        return several_picks(form, response_id, self.offered(question, corpus))

    def form_inputs(
        self, question: MultiQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        return FormInputs(options=option_inputs(response_id, choices, picked_values(answer)))

    def describe_answer(self, question: MultiQuestion, answer: object, corpus: Corpus) -> list[str]:
        return picked_words(self.offered(question, corpus), answer)

    def describe_key(self, question: MultiQuestion, corpus: Corpus) -> list[str]:
        return [choice for choice in question.choices if choice in question.answers]

    def key_texts(self, question: MultiQuestion) -> tuple[str, ...]:
        return tuple(choice for choice in question.choices if choice in question.answers)

    def key_note(self, question: MultiQuestion) -> str | None:
        return None

    def cited(self, question: MultiQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def answer_grid(self, question: MultiQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        return None

    def tally_words(self, question: MultiQuestion, value: str, corpus: Corpus) -> str:
        return value  # the choice's own text

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    def lms_item(self, question: MultiQuestion, corpus: Corpus) -> MultipleChoice:
        """Partial credit as LMS shares (see :func:`~quizapp.questions.lms_items.partial_credit`)."""
        return partial_credit(question.choices, question.choices, question.answers)

    def lms_notes(self, questions: Sequence[MultiQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        return ()

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_lettered.html"
    print_key_partial = None

    def paper_values(self, question: MultiQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return question.choices, ()

    def circled_key(self, question: MultiQuestion) -> tuple[str, ...]:
        return tuple(choice for choice in question.choices if choice in question.answers)

    def paper_articles(self, question: MultiQuestion) -> tuple[str, ...]:
        return ()

    def cited_quotes(self, question: MultiQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def print_instruction(self, question: MultiQuestion) -> str:
        return "Circle the letter of every answer that applies."

    def print_body(self, question: MultiQuestion, slot: Slot, corpus: Corpus) -> tuple[PrintedOption, ...]:
        """The lettered choices."""
        return lettered_options(slot, self.circled_key(question), str)

    def print_brief(self, question: MultiQuestion, slot: Slot, corpus: Corpus) -> str:
        return ", ".join(slot.letters_for(self.circled_key(question)))

    def print_answers(self, question: MultiQuestion, corpus: Corpus) -> tuple[str, ...]:
        return self.circled_key(question)

    def read_paper(self, question: MultiQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]) -> list[str]:
        """Any number of letters."""
        return circled_in_order(question.choices, written)

    # (end of print and paper)
