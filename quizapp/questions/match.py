"""Matching: each left item to its right item; distractors are extra rights."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.checking import Checker, Common, Invalid, require
from quizapp.banks.model import Question
from quizapp.banks.yaml_source import LocatedList, LocatedMap
from quizapp.corpus.articles import Article, Corpus, find_quote
from quizapp.corpus.span import Span
from quizapp.questions.answering import (
    Choice,
    FormData,
    FormInputs,
    GridResult,
    MatchRow,
    Option,
    row_field_name,
    same_choices,
)
from quizapp.questions.base import NO_CREDIT, Credit, Kind, source_spans, stored_fields
from quizapp.questions.lms_items import LmsNote, Matching
from quizapp.questions.paper_marks import RowError, WrittenAnswer
from quizapp.questions.printing import PrintedOption
from quizapp.questions.reading import is_blank
from quizapp.questions.slot import Slot, letter
from quizapp.questions.tally import ARROW, NO_ANSWER, UNREADABLE, ResponseCount, source_text


@dataclass(frozen=True)
class MatchQuestion(Question):
    """Match each left item to its right item; distractors are extra rights."""

    pairs: tuple[tuple[str, str], ...] = ()
    distractors: tuple[str, ...] = ()
    type: str = field(default="match", init=False)

    @property
    def rights(self) -> tuple[str, ...]:
        """Every right-hand option, distinct, in authored order, distractors last."""
        seen: dict[str, None] = {}
        for _, right in self.pairs:
            seen.setdefault(right, None)
        for right in self.distractors:
            seen.setdefault(right, None)
        return tuple(seen)


def _text_at(mapping: Mapping[Any, Any], key: str) -> str | None:
    """The text ``mapping`` holds for ``key``; None when it holds nothing, or something other than text."""
    value = mapping.get(key)
    return value if isinstance(value, str) else None


def _cited_where_said(question: MatchQuestion, text: str, check: Checker) -> bool:
    """Whether a source of ``question`` stands in the paragraph where ``text``, if a quotation, is found.

    The results show a pair's sources with it, so a pair holding a quotation (words inside quotation
    marks in a cited article) must cite the paragraph that holds it, not, say, the next one naming the
    speaker. Any other text (a name, a description) needs no such source.
    """
    found = False
    for article_id in dict.fromkeys(source.article for source in question.sources):
        article = check.corpus.get(article_id)
        span = find_quote(article, text) if article is not None else None
        if article is None or span is None or not any(q.start <= span.start < q.end for q in article.quotations):
            continue
        found = True
        paragraph = article.paragraph_at(span.start)
        if paragraph is not None and any(
            source.article == article_id and source.span.overlaps(paragraph.span) for source in question.sources
        ):
            return True
    return not found


@dataclass(frozen=True)
class MatchColumns:
    """A matching question as printed: numbered lefts with a blank each, and lettered rights.

    A left's ``mark`` is the letter of its right on this version (the key); its number is its place.
    """

    lefts: tuple[PrintedOption, ...]
    rights: tuple[PrintedOption, ...]


def match_key(slot: Slot) -> tuple[tuple[int, str], ...]:
    """(left number, right letter) for each left of a matching question, as this version shows them."""
    question = slot.question
    if not isinstance(question, MatchQuestion):
        raise TypeError(f"question {question.id} is not a matching question")
    right_of = dict(question.pairs)
    return tuple((n, slot.letter_for(right_of[left])) for n, left in enumerate(slot.lefts, 1))


class MatchKind(Kind[MatchQuestion]):
    """``type: match``: ``pairs`` of ``[left, right]`` (at least two) and optional ``distractors``.

    Stored answer: ``{left: chosen right}``.
    """

    name = "match"
    data = MatchQuestion
    keys = frozenset({"pairs", "distractors"})
    summary = (
        "The student matches each left to a right; `pairs` lists each [left, right] (lefts all different) and "
        "`distractors` extra rights that match nothing."
    )
    scoring = "The share of the lefts matched right."
    example = """\
- id: match-quote-to-speaker
  type: match
  prompt: Match each quotation to the person the reports say spoke it.
  pairs:
    - ["Seeking asylum at any US border is a 100% legal method of arrival.", Alexandria Ocasio-Cortez]
    - ["Other than Canada, we are the closest neighbors to each other.", Kamala Harris]
  distractors: [Joe Biden]
  sources:
    - article: 002_f52d19d8c2480346
      quote: First, seeking asylum at any US border is a 100% legal method of arrival.
    - article: 001_7fad2d6b9e816ba7
      quote: Other than Canada, we are the closest neighbors to each other," Harris told reporters Monday night.
  skills: [attribution]
"""

    def build(self, node: LocatedMap, common: Common, check: Checker) -> MatchQuestion:
        pairs = self._pairs(node, check)
        distractors: list[str] = []
        if "distractors" in node:
            distractors = require(check.text_list(node, "distractors", minimum=0))
        if pairs is not None:
            rights = {right for _, right in pairs}
            for item in distractors:
                if item in rights:
                    check.report(node.line_of("distractors"), f"distractor {item!r} is also a right-hand answer")
                    raise Invalid
        question = MatchQuestion(**common.fields(), pairs=tuple(require(pairs)), distractors=tuple(distractors))
        uncited = [
            n
            for n, pair in enumerate(question.pairs, 1)
            if not all(_cited_where_said(question, text, check) for text in pair)
        ]
        if uncited:
            check.report(
                node.line_of("sources"),
                f"pair {', '.join(map(str, uncited))}: no source is the paragraph that holds its quotation; "
                "quote a passage of that paragraph as its source",
            )
            raise Invalid
        return question

    @staticmethod
    def _pairs(node: LocatedMap, check: Checker) -> list[tuple[str, str]] | None:
        if "pairs" not in node:
            check.report(node.line, "missing required key 'pairs'")
            return None
        raw = node["pairs"]
        if not isinstance(raw, LocatedList) or len(raw) < 2:
            check.report(node.line_of("pairs"), "'pairs' must be a list of at least two [left, right] pairs")
            return None
        pairs: list[tuple[str, str]] = []
        lefts: set[str] = set()
        for item, line in zip(raw, raw.item_lines, strict=True):
            if (
                not isinstance(item, LocatedList)
                or len(item) != 2
                or any(isinstance(x, bool | LocatedMap | LocatedList) or x is None or not str(x).strip() for x in item)
            ):
                check.report(line, "each pair must be a list of two texts: [left, right]")
                return None
            left, right = str(item[0]).strip(), str(item[1]).strip()
            if left in lefts:
                check.report(line, f"duplicate left item {left!r} in 'pairs'")
                return None
            lefts.add(left)
            pairs.append((left, right))
        return pairs

    def yaml_fields(self, question: MatchQuestion) -> dict[str, Any]:
        return {"pairs": [list(pair) for pair in question.pairs], "distractors": list(question.distractors)}

    def from_stored(self, data: Mapping[str, Any]) -> MatchQuestion:
        return MatchQuestion(**stored_fields(data, MatchQuestion))

    def credit(self, question: MatchQuestion, response: object) -> Credit:
        """Response: a mapping from left item to chosen right item. Credit per pair matched."""
        if response is None:
            return NO_CREDIT
        if not isinstance(response, Mapping):
            return Credit(0.0, "The matches could not be read.")
        if not question.pairs:  # a degenerate question with nothing to match
            return Credit(1.0)
        # Lefts the question does not have are ignored; a non-text right simply fails to match.
        matched = sum(1 for left, right in question.pairs if _text_at(response, left) == right)
        return Credit(matched / len(question.pairs))

    def explain_credit(self, question: MatchQuestion, response: object) -> str | None:
        """``3 of 4 pairs matched``, as :meth:`credit` counts them."""
        if not isinstance(response, Mapping) or not question.pairs:
            return None
        matched = sum(1 for left, right in question.pairs if _text_at(response, left) == right)
        return f"{matched} of {len(question.pairs)} pairs matched"

    def distribution(
        self, question: MatchQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """"left → right" for each pair chosen, and every correct pair (zero counts included)."""
        tally: Counter[tuple[str, str]] = Counter()  # insertion order: each pair in the order first met
        lefts = [left for left, _ in question.pairs]
        key = dict(question.pairs)
        unanswered: Counter[str] = Counter()
        unreadable = 0
        for answer in answers:
            if answer is None:
                unanswered.update(lefts)
            elif not isinstance(answer, Mapping):
                unreadable += 1
            else:
                for left in lefts:
                    right = answer.get(left)
                    if is_blank(right):
                        unanswered[left] += 1
                    elif isinstance(right, str):
                        tally[left, right] += 1
                    else:
                        tally[left, UNREADABLE] += 1
        # Authored order for ties: the lefts as written, and for each left its key, then the rights
        # in the order the question offers them, then anything else in the order it was met.
        order = {right: index for index, right in enumerate(question.rights)}
        rows: list[ResponseCount] = []
        for left in lefts:
            chosen = dict.fromkeys([key[left], *(right for (pair_left, right) in tally if pair_left == left)])
            # sorted() is stable, so rights the question never offered keep the order they were met in.
            rights = sorted(chosen, key=lambda right: (right != key[left], order.get(right, len(order))))
            for right in rights:
                right_pair = right == key[left]
                quoted = None if right_pair or right == UNREADABLE else source_text(question, right)
                rows.append(ResponseCount(f"{left}{ARROW}{right}", tally[left, right], right_pair, quoted))
            if unanswered[left]:
                rows.append(ResponseCount(f"{left}{ARROW}{NO_ANSWER}", unanswered[left], False))
        if unreadable:
            rows.append(ResponseCount(UNREADABLE, unreadable, False))
        return rows

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_match.html"
    form_hint = "Choose a match for each item."
    shuffled = True  # the right-hand options; the left items keep their order

    def offered(self, question: MatchQuestion, corpus: Corpus) -> list[Choice]:
        return same_choices(question.rights)

    def parse_answer(self, question: MatchQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        offered = [choice.value for choice in self.offered(question, corpus)]
        matches = {}
        for index, (left, _) in enumerate(question.pairs):
            right = form.get(row_field_name(response_id, index))
            if isinstance(right, str) and right in offered:
                matches[left] = right
        return matches or None

    def form_inputs(
        self, question: MatchQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        saved = answer if isinstance(answer, dict) else {}
        rows = []
        for index, (left, _) in enumerate(question.pairs):
            row_field = row_field_name(response_id, index)
            options = tuple(
                Option(f"{row_field}-{position}", choice.value, choice.label, saved.get(left) == choice.value)
                for position, choice in enumerate(choices)
            )
            rows.append(MatchRow(row_field, row_field, left, options))
        return FormInputs(match_rows=tuple(rows))

    def describe_answer(self, question: MatchQuestion, answer: object, corpus: Corpus) -> list[str]:
        if not isinstance(answer, Mapping):
            return []
        return [f"{left}{ARROW}{answer[left]}" for left, _ in question.pairs if isinstance(answer.get(left), str)]

    def describe_key(self, question: MatchQuestion, corpus: Corpus) -> list[str]:
        return [f"{left}{ARROW}{right}" for left, right in question.pairs]

    def shown_texts(self, question: MatchQuestion, corpus: Corpus) -> tuple[str, ...]:
        return tuple(left for left, _ in question.pairs) + question.rights

    def key_note(self, question: MatchQuestion) -> str | None:
        return None

    def cited(self, question: MatchQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def answer_grid(self, question: MatchQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        return None

    def tally_words(self, question: MatchQuestion, value: str, corpus: Corpus) -> str:
        return value  # already "left → right"

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    def lms_item(self, question: MatchQuestion, corpus: Corpus) -> Matching:
        return Matching(question.pairs, question.distractors)

    def lms_notes(self, questions: Sequence[MatchQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        return ()

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_match.html"
    print_key_partial = None

    def paper_values(self, question: MatchQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The rights are lettered, the lefts numbered."""
        return question.rights, tuple(left for left, _ in question.pairs)

    def circled_key(self, question: MatchQuestion) -> tuple[str, ...]:
        return ()

    def paper_articles(self, question: MatchQuestion) -> tuple[str, ...]:
        return ()

    def cited_quotes(self, question: MatchQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def print_instruction(self, question: MatchQuestion) -> str:
        """Says when letters are left over or used twice, so that a student does not expect one each."""
        instruction = "Write the letter of the matching item on each line."
        if len(question.rights) > len(question.pairs):
            instruction += " Some letters are not used."
        if len({right for _, right in question.pairs}) < len(question.pairs):
            instruction += " A letter may be used more than once."
        return instruction

    def print_body(self, question: MatchQuestion, slot: Slot, corpus: Corpus) -> MatchColumns:
        right_of = dict(question.pairs)
        return MatchColumns(
            lefts=tuple(PrintedOption(slot.letter_for(right_of[left]), left) for left in slot.lefts),
            rights=tuple(PrintedOption(letter(i), value) for i, value in enumerate(slot.choices)),
        )

    def print_brief(self, question: MatchQuestion, slot: Slot, corpus: Corpus) -> str:
        """``1 C, 2 A``: each left's number and its right's letter."""
        return ", ".join(f"{n} {mark}" for n, mark in match_key(slot))

    def print_answers(self, question: MatchQuestion, corpus: Corpus) -> tuple[str, ...]:
        return tuple(f"{left}{ARROW}{right}" for left, right in question.pairs)

    def read_paper(
        self, question: MatchQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]
    ) -> dict[str, str]:
        """``1A 2C 3B``: left numbers and right letters as the version prints them; each left once."""
        shape = f'{written.where}: write the matches as 1A 2C 3B, not "{written.text}"'
        pairs = list(written.numbered_marks(shape))  # the whole cell's shape first, then what it says
        matches: dict[str, str] = {}
        for number, mark in pairs:
            left = written.left(number, "item")
            if left in matches:
                raise RowError(f"{written.where}: item {number} is matched twice")
            matches[left] = written.choice(mark)
        return matches

    # (end of print and paper)
