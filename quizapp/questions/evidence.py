"""Evidence: pick the sentence of an article that supports a claim."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.checking import Checker, Common, Invalid, require
from quizapp.banks.model import Question
from quizapp.banks.yaml_source import LocatedList, LocatedMap
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
    # The article's paragraphs (first, last) the sentences are offered from; None: the whole report.
    # Left out of the stored question when None, so questions written before it keep their content hash.
    paragraphs: tuple[int, int] | None = field(default=None, metadata={"omit_if_default": True})
    type: str = field(default="evidence", init=False)


def offered_sentences(question: EvidenceQuestion, article: Article) -> tuple[Span, ...]:
    """The sentences the question offers, in reading order: the report's prose (no photo captions,
    credits, post signatures or pointers), within the question's paragraph range if it has one.
    The quiz, the paper and the LMS files all number these, so a sentence has one number everywhere."""
    first, last = question.paragraphs or (None, None)
    return article.prose_sentences(first, last)


def evidence_numbers(question: EvidenceQuestion, article: Article) -> tuple[int, ...]:
    """The 1-based numbers of the offered sentences that overlap the key: any of them is right."""
    return tuple(
        n for n, span in enumerate(offered_sentences(question, article), 1) if span.overlaps(question.answer_span)
    )


def sentence_texts(question: EvidenceQuestion, article: Article) -> tuple[str, ...]:
    """The offered sentences as one-line texts (a line break inside a sentence becomes a space)."""
    return tuple(" ".join(article.slice(span).split()) for span in offered_sentences(question, article))


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
    """``type: evidence``: the ``article`` to read and the ``answer``, a quote of the supporting words;
    optionally ``paragraphs: [first, last]``, the article's paragraphs (numbered as its page numbers
    them) whose sentences are offered.

    Any sentence that overlaps the quote is right. Stored answer: ``[start, end]`` of the picked sentence.
    """

    name = "evidence"
    data = EvidenceQuestion
    keys = frozenset({"article", "answer", "paragraphs"})
    summary = (
        "The student picks the sentence of one article that supports the prompt's claim; `article` is its id "
        "and `answer` a quote from the right sentence (no `sources`: the answer is the citation); optional "
        "`paragraphs` ([first, last], paragraph numbers) offers only the sentences of those paragraphs."
    )
    scoring = "Right when the picked sentence holds the quoted words."
    example = """\
- id: first-foreign-trip
  type: evidence
  prompt: >-
    Claim: this was the first time Harris had traveled abroad as vice president. Pick the
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
        paragraphs = self._paragraphs(node, check, check.corpus[article_id] if article_id is not None else None)
        question = EvidenceQuestion(
            **common.fields(),
            article=require(article_id),
            answer=require(answer),
            answer_span=require(span),
            paragraphs=paragraphs,
        )
        if not evidence_numbers(question, check.corpus[question.article]):
            where = f"paragraphs {paragraphs[0]}-{paragraphs[1]}" if paragraphs else "the report's own sentences"
            check.report(
                node.line_of("answer"),
                f"the answer is in no sentence offered ({where}; photo captions, credits and post signatures are "
                "never offered)",
            )
            raise Invalid
        return question

    @staticmethod
    def _paragraphs(node: LocatedMap, check: Checker, article: Article | None) -> tuple[int, int] | None:
        """``paragraphs: [first, last]``: two paragraph numbers of the article's body, in order; None if absent."""
        if "paragraphs" not in node:
            return None
        value, line = node["paragraphs"], node.line_of("paragraphs")
        if (
            not isinstance(value, LocatedList)
            or len(value) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in value)
        ):
            check.report(line, "'paragraphs' must be two paragraph numbers: [first, last]")
            raise Invalid
        first, last = int(value[0]), int(value[1])
        count = len(article.body) if article is not None else None
        if first < 1 or last < first or (count is not None and last > count):
            within = f" (the article's body has paragraphs 1-{count})" if count is not None else ""
            check.report(line, f"'paragraphs' must run from a first to a last paragraph, in order{within}")
            raise Invalid
        return first, last

    def yaml_fields(self, question: EvidenceQuestion) -> dict[str, Any]:
        fields: dict[str, Any] = {"article": question.article, "answer": question.answer}  # the span is found again
        if question.paragraphs is not None:
            fields["paragraphs"] = list(question.paragraphs)
        return fields

    def from_stored(self, data: Mapping[str, Any]) -> EvidenceQuestion:
        convert = {"answer_span": lambda s: Span(*s), "paragraphs": lambda p: tuple(p) if p else None}
        return EvidenceQuestion(**stored_fields(data, EvidenceQuestion, convert))

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
        return [Choice(span_value(span), article.slice(span)) for span in offered_sentences(question, article)]

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
        offered = offered_sentences(question, article)
        sentences = [article.slice(span) for span in offered if span.overlaps(question.answer_span)]
        return sentences or [question.answer]

    def key_texts(self, question: EvidenceQuestion) -> tuple[str, ...]:
        return (question.answer,)

    def shown_texts(self, question: EvidenceQuestion, corpus: Corpus) -> tuple[str, ...]:
        return ()  # the article's sentences are what the student reads in every question about it

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
        if article is None or not dash or not (value.isascii() and start.isdigit() and end.isdigit()):
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
        return SingleChoice(sentence_texts(question, article), right, numbered=True)

    def lms_notes(self, questions: Sequence[EvidenceQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        """One note per question: each names its own article."""
        return tuple(
            LmsNote(
                Loss.TYPE,
                f"evidence questions have no LMS type; {question.id} became a multiple-choice question over "
                f"the {len(offered_sentences(question, corpus[question.article]))} sentences of "
                f"{corpus[question.article].label}.",
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
        texts = sentence_texts(question, article)
        sentences = tuple(PrintedOption(str(n), text, n in right) for n, text in enumerate(texts, 1))
        placed = tuple(zip(sentences, offered_sentences(question, article), strict=True))
        in_paragraphs = (tuple(o for o, span in placed if paragraph.span.overlaps(span)) for paragraph in article.body)
        paragraphs = tuple(numbered for numbered in in_paragraphs if numbered)  # captions and the like hold none
        return NumberedArticle(article.label, paragraphs)

    def print_brief(self, question: EvidenceQuestion, slot: Slot, corpus: Corpus) -> str:
        """``sentence 4``, or ``sentence 4 or 5`` when the quote runs over two."""
        numbers = evidence_numbers(question, corpus[question.article])
        return "sentence " + " or ".join(str(n) for n in numbers)

    def print_answers(self, question: EvidenceQuestion, corpus: Corpus) -> tuple[str, ...]:
        article = corpus[question.article]
        texts = sentence_texts(question, article)
        return tuple(f"Sentence {n}: {texts[n - 1]}" for n in evidence_numbers(question, article))

    def read_paper(
        self, question: EvidenceQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]
    ) -> list[int]:
        """The ``[start, end]`` of the sentence whose number is written, numbered as :meth:`print_body` numbers them.

        Online answers store one of :func:`offered_sentences`, and the sheet numbers that very tuple from 1.
        """
        number = written.sentence_number()
        article = corpus.get(question.article)
        if article is None:
            raise RowError(f"{written.where}: its article {question.article} is not among the articles")
        sentences = offered_sentences(question, article)
        if not 1 <= number <= len(sentences):
            raise RowError(
                f"{written.where}: the article has sentences {number_range(len(sentences))}, not {number}"
            )
        span = sentences[number - 1]
        return [span.start, span.end]

    # (end of print and paper)
