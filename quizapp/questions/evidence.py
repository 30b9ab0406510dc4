"""Evidence: pick the sentence of an article that supports a claim."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
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
    article_label,
    one_pick,
    option_inputs,
    span_value,
)
from quizapp.questions.base import NO_CREDIT, Credit, Kind, source_spans, stored_fields
from quizapp.questions.lms_items import LmsNote, Loss, SingleChoice
from quizapp.questions.paper_marks import RowError, WrittenAnswer, number_range
from quizapp.questions.printing import PrintedOption
from quizapp.questions.reading import span_of
from quizapp.questions.slot import Slot
from quizapp.questions.tally import NO_ANSWER, UNREADABLE, ResponseCount, extra_rows


@dataclass(frozen=True)
class EvidenceQuestion(Question):
    """Pick the sentence of an article that supports a claim."""

    article: str = ""
    answer: str = ""  # the quote, as authored
    answer_span: Span = Span(0, 0)
    type: str = field(default="evidence", init=False)


def evidence_numbers(question: EvidenceQuestion, article: Article) -> tuple[int, ...]:
    """The 1-based numbers of the article's sentences that overlap the key: any of them is right."""
    return tuple(n for n, span in enumerate(article.sentences, 1) if span.overlaps(question.answer_span))



def sentence_texts(article: Article) -> tuple[str, ...]:
    """The article's sentences as one-line texts (a line break inside a sentence becomes a space)."""
    return tuple(" ".join(article.slice(span).split()) for span in article.sentences)


@dataclass(frozen=True)
class NumberedArticle:
    """An evidence question's article as printed: its outlet and headline, and its numbered sentences
    paragraph by paragraph (``mark`` the number, ``correct`` when the key accepts it)."""

    label: str
    paragraphs: tuple[tuple[PrintedOption, ...], ...]


def _picked_sentence(answer: object) -> set[str]:
    """The sentence a stored answer (``[start, end]``) picks, as the form's value; empty otherwise."""
    if isinstance(answer, list | tuple) and len(answer) == 2:
        return {f"{answer[0]}-{answer[1]}"}
    return set()


class EvidenceKind(Kind[EvidenceQuestion]):
    """``type: evidence``: the ``article`` to read and the ``answer``, a quote of the supporting words.

    Any sentence that overlaps the quote is right. Stored answer: ``[start, end]`` of the picked sentence.
    """

    name = "evidence"
    data = EvidenceQuestion
    keys = frozenset({"article", "answer"})
    summary = (
        "The student picks the sentence of one article that supports the prompt's claim; `article` is its id "
        "and `answer` a quote from the right sentence (no `sources`: the answer is the citation)."
    )
    scoring = "Right when the picked sentence holds the quoted words."
    example = """\
- id: first-foreign-trip
  type: evidence
  prompt: >-
    Claim: this was the first time Harris had travelled abroad as vice president. Pick the
    sentence of the AP report that supports the claim.
  article: 002_f52d19d8c2480346
  answer: her first foreign trip as vice president
  skills: [context]
"""
    needs_sources = False

    def build(self, node: LocatedMap, common: Common, check: Checker) -> EvidenceQuestion:
        article_id = check.article(node, "article")
        answer = check.text(node, "answer")
        span = None
        if article_id is not None and answer is not None:
            span = check.quote(article_id, answer, node.line_of("answer"))
        return EvidenceQuestion(
            **common.fields(), article=require(article_id), answer=require(answer), answer_span=require(span)
        )

    def yaml_fields(self, question: EvidenceQuestion) -> dict[str, Any]:
        return {"article": question.article, "answer": question.answer}  # the loader finds the span again

    def from_stored(self, data: Mapping[str, Any]) -> EvidenceQuestion:
        return EvidenceQuestion(**stored_fields(data, EvidenceQuestion, {"answer_span": lambda s: Span(*s)}))

    def credit(self, question: EvidenceQuestion, response: object) -> Credit:
        """Response: the picked sentence as a Span, or a (start, end) pair. Right when it overlaps the key."""
        if response is None or (isinstance(response, list | tuple) and not response):
            return NO_CREDIT
        span = span_of(response)
        if span is None:
            return Credit(0.0, "No sentence could be read from the response.")
        return Credit(1.0 if span.overlaps(question.answer_span) else 0.0)

    def distribution(
        self, question: EvidenceQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """The picked sentence's span as "start-end", in reading order, for the page to show its text."""
        tally: Counter[str] = Counter()
        spans: dict[str, Span] = {}
        for answer in answers:
            if answer is None or (isinstance(answer, list | tuple) and not answer):
                tally[NO_ANSWER] += 1
                continue
            span = span_of(answer)
            if span is None:
                tally[UNREADABLE] += 1
                continue
            value = f"{span.start}-{span.end}"
            spans[value] = span
            tally[value] += 1
        rows = [
            ResponseCount(value, tally[value], self.is_correct(question, [span.start, span.end]))
            for value, span in sorted(spans.items(), key=lambda item: item[1])  # ties in reading order
        ]
        return rows + extra_rows(tally)

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_evidence.html"
    form_hint = "Read the sentences of the report and choose the one that supports the claim."
    shuffled = False  # the sentences keep their reading order

    def offered(self, question: EvidenceQuestion, corpus: Corpus) -> list[Choice]:
        article = corpus.get(question.article)
        if article is None:
            return []
        return [Choice(span_value(span), article.slice(span)) for span in article.sentences]

    def parse_answer(self, question: EvidenceQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        value = one_pick(form, response_id, self.offered(question, corpus))
        if value is None:
            return None
        start, end = value.split("-")
        return [int(start), int(end)]

    def form_inputs(
        self, question: EvidenceQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        return FormInputs(
            options=option_inputs(response_id, choices, _picked_sentence(answer)),
            article=article_label(corpus, question.article),
        )

    def describe_answer(self, question: EvidenceQuestion, answer: object, corpus: Corpus) -> list[str]:
        if question.article not in corpus:  # the article is gone: the stored span is all there is to show
            return sorted(_picked_sentence(answer))
        if isinstance(answer, list | tuple) and len(answer) == 2 and all(isinstance(x, int) for x in answer):
            return [corpus[question.article].slice(Span(answer[0], answer[1]))]
        return []

    def describe_key(self, question: EvidenceQuestion, corpus: Corpus) -> list[str]:
        article = corpus.get(question.article)
        if article is None:
            return [question.answer]
        sentences = [article.slice(span) for span in article.sentences if span.overlaps(question.answer_span)]
        return sentences or [question.answer]

    def key_note(self, question: EvidenceQuestion) -> str | None:
        return "Any sentence that contains the supporting words counts as right."

    def cited(self, question: EvidenceQuestion) -> tuple[tuple[str, Span], ...]:
        return ((question.article, question.answer_span),)  # the supporting passage is the source

    def answer_grid(self, question: EvidenceQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        return None

    def tally_words(self, question: EvidenceQuestion, value: str, corpus: Corpus) -> str:
        """A tallied "start-end" becomes the sentence it picks; anything else stays as it is."""
        article = corpus.get(question.article)
        start, dash, end = value.partition("-")
        if article is None or not dash or not (start.isdigit() and end.isdigit()):
            return value
        span = Span(int(start), int(end))
        if not 0 <= span.start < span.end <= len(article.text):
            return value
        return article.slice(span)

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    def lms_item(self, question: EvidenceQuestion, corpus: Corpus) -> SingleChoice:
        """The article's sentences, numbered in order; any sentence overlapping the quote is right."""
        article = corpus[question.article]
        right = tuple(number - 1 for number in evidence_numbers(question, article))
        return SingleChoice(sentence_texts(article), right, numbered=True)

    def lms_notes(self, questions: Sequence[EvidenceQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        """One note per question: each names its own article."""
        return tuple(
            LmsNote(
                Loss.TYPE,
                f"evidence questions have no LMS type; {question.id} became a multiple-choice question over "
                f"the {len(corpus[question.article].sentences)} sentences of {corpus[question.article].label}.",
            )
            for question in questions
        )

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_evidence.html"
    print_key_partial = None

    def paper_values(self, question: EvidenceQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (), ()  # the sentences keep the article's order on every version

    def circled_key(self, question: EvidenceQuestion) -> tuple[str, ...]:
        return ()

    def paper_articles(self, question: EvidenceQuestion) -> tuple[str, ...]:
        """The article whose sentences are picked from."""
        return (question.article,)

    def cited_quotes(self, question: EvidenceQuestion) -> tuple[tuple[str, Span], ...]:
        """The key's quote first, then the sources."""
        return ((question.article, question.answer_span), *source_spans(question))

    def print_instruction(self, question: EvidenceQuestion) -> str:
        return "Write the number of the sentence on the line."

    def print_body(self, question: EvidenceQuestion, slot: Slot, corpus: Corpus) -> NumberedArticle:
        """The article's own paragraphs, each sentence numbered: it still reads as a report."""
        article = corpus[question.article]
        right = set(evidence_numbers(question, article))
        sentences = tuple(PrintedOption(str(n), text, n in right) for n, text in enumerate(sentence_texts(article), 1))
        paragraphs = tuple(
            tuple(o for o, span in zip(sentences, article.sentences, strict=True) if paragraph.span.overlaps(span))
            for paragraph in article.body
        )
        return NumberedArticle(article.label, paragraphs)

    def print_brief(self, question: EvidenceQuestion, slot: Slot, corpus: Corpus) -> str:
        """``sentence 4``, or ``sentence 4 or 5`` when the quote runs over two."""
        numbers = evidence_numbers(question, corpus[question.article])
        return "sentence " + " or ".join(str(n) for n in numbers)

    def print_answers(self, question: EvidenceQuestion, corpus: Corpus) -> tuple[str, ...]:
        article = corpus[question.article]
        texts = sentence_texts(article)
        return tuple(f"Sentence {n}: {texts[n - 1]}" for n in evidence_numbers(question, article))

    def read_paper(
        self, question: EvidenceQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]
    ) -> list[int]:
        """The ``[start, end]`` of the sentence whose number is written, numbered as :meth:`print_body` numbers them.

        Online answers store one of ``Article.sentences``, and the sheet numbers that very tuple from 1.
        """
        number = written.sentence_number()
        article = corpus.get(question.article)
        if article is None:
            raise RowError(f"{written.where}: its article {question.article} is not among the articles")
        sentences = article.sentences
        if not 1 <= number <= len(sentences):
            raise RowError(
                f"{written.where}: the article has sentences {number_range(len(sentences))}, not {number}"
            )
        span = sentences[number - 1]
        return [span.start, span.end]

    # (end of print and paper)
