"""What every question kind is: the interface of :data:`quizapp.questions.KINDS`.

A kind is one class in one module (``quizapp/questions/<kind>.py``) next to its frozen dataclass,
the plain data a bank holds. The class knows everything that differs between kinds: which YAML keys
it reads and how it checks them, how a response is scored and tallied, how it is stored, and (in
the sections below) how the student answers it, how an LMS holds it and how it is printed and read
back from paper. Nothing outside :mod:`quizapp.questions` branches on a concrete kind: it asks
``kind_of(question)``. Kinds import neither Flask nor the database, so they are tested without an app.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, NamedTuple, TypeVar

from quizapp.banks.checking import SOURCE_KEYS, Checker, Common
from quizapp.banks.model import Question, Source
from quizapp.banks.yaml_source import LocatedMap
from quizapp.corpus.articles import Article, Corpus
from quizapp.corpus.span import Span
from quizapp.discernment import Judgement
from quizapp.questions.answering import ANSWER_MAX_LENGTH, Choice, FormData, FormInputs, GridResult
from quizapp.questions.lms_items import LmsItem, LmsNote
from quizapp.questions.paper_marks import WrittenAnswer
from quizapp.questions.rubric import RubricLevel, top_points
from quizapp.questions.slot import Slot
from quizapp.questions.tally import ResponseCount

Q = TypeVar("Q", bound=Question)

Outcome = Literal["correct", "partial", "wrong"]

# Earned points are rounded to this many decimals so that 2.5 * 2 / 3 style float noise never shows.
EARNED_DECIMALS = 6


@dataclass(frozen=True)
class Score:
    """Points earned out of the points possible, the outcome, and a message for unreadable input.

    ``outcome`` is ``"correct"`` when the full points were earned, ``"partial"`` when some were and
    ``"wrong"`` when none were. For a question worth no points it follows the credit the response
    would have earned, so a right answer to an unscored question still reads as correct.
    """

    earned: float
    possible: float
    outcome: Outcome
    message: str | None = None


class Credit(NamedTuple):
    """What a kind's scorer returns: the fraction of the points earned, and a message if any."""

    fraction: float
    message: str | None = None


NO_CREDIT = Credit(0.0)
"""The credit of a missing or empty response: nothing earned, nothing to say."""


def make_score(points: float, credit: Credit | tuple[float, str | None]) -> Score:
    """The score for ``credit`` on a question worth ``points``: clamped, rounded, with its outcome."""
    fraction, message = credit  # unpacked, so a scorer may return a plain (fraction, message) pair
    fraction = min(1.0, max(0.0, fraction)) if fraction == fraction else 0.0  # NaN earns nothing
    if fraction >= 1.0:
        # Exactly the possible points, so that earned == possible holds without rounding noise.
        earned, outcome = points, "correct"
    elif fraction <= 0.0:
        earned, outcome = 0.0, "wrong"
    else:
        earned, outcome = round(points * fraction, EARNED_DECIMALS), "partial"
    return Score(earned=earned, possible=points, outcome=outcome, message=message)  # type: ignore[arg-type]


def tupled(value: Any) -> Any:
    """Lists (from JSON) as tuples, nested lists included, so a stored question is hashable again."""
    if isinstance(value, list | tuple):
        return tuple(tupled(item) for item in value)
    return value


def source_spans(question: Question) -> tuple[tuple[str, Span], ...]:
    """(article id, span) of every source the question cites, in the order written."""
    return tuple((source.article, source.span) for source in question.sources)


def plain_number(value: float) -> int | float:
    """A whole number as an int, so a bank file says 178622 rather than 178622.0."""
    return int(value) if float(value).is_integer() else value


def stored_fields(
    data: Mapping[str, Any], cls: type[Question], convert: Mapping[str, Callable[[Any], Any]] | None = None
) -> dict[str, Any]:
    """The keyword arguments that rebuild ``cls`` from its stored JSON.

    Fields missing from ``data`` keep their defaults (a question stored before a field existed);
    sources become :class:`Source` objects, ``convert`` turns a field into its type (a frozenset,
    a span), and every other list becomes a tuple.
    """
    convert = convert or {}
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data or not f.init:
            continue
        value = data[f.name]
        if f.name == "sources":
            value = tuple(Source(s["article"], s["quote"], Span(*s["span"]), s.get("claim")) for s in value)
        elif f.name in convert:
            value = convert[f.name](value)
        else:
            value = tupled(value)
        fields[f.name] = value
    return fields


class Kind(ABC, Generic[Q]):
    """One kind of question. Subclasses set the class attributes and implement every abstract method.

    Methods take the kind's own dataclass (``question``); responses are whatever was stored or sent,
    and every method that reads one is tolerant of hostile input: it never raises for any response.
    """

    name: ClassVar[str]
    """The ``type:`` a bank file gives (``question.type``)."""
    data: ClassVar[type[Question]]
    """The frozen dataclass holding a question of this kind."""

    # -- The bank file ---------------------------------------------------------------------------

    keys: ClassVar[frozenset[str]]
    """The YAML keys of this kind, besides the ones every question has."""
    summary: ClassVar[str]
    """For the bank format reference: what the student does and what the kind's keys hold, in a sentence."""
    scoring: ClassVar[str]
    """For the bank format reference: how an answer is scored, in a sentence."""
    example: ClassVar[str]
    """For the bank format reference: one question of this kind as a bank file lists it (``- id: ...``),
    citing the bundled articles; the tests check that it passes the bank checker."""
    needs_sources: ClassVar[bool] = True
    """Whether ``sources`` is required (evidence questions cite through their answer)."""
    source_keys: ClassVar[frozenset[str]] = SOURCE_KEYS
    """The keys a source of this kind may have."""

    @abstractmethod
    def build(self, node: LocatedMap, common: Common, check: Checker) -> Q:
        """Build the question from its YAML mapping, or report problems and raise ``Invalid``."""

    @abstractmethod
    def yaml_fields(self, question: Q) -> dict[str, Any]:
        """This kind's own keys as a bank file writes them, in the file's order (defaults left out)."""

    # -- Storing ---------------------------------------------------------------------------------

    @abstractmethod
    def from_stored(self, data: Mapping[str, Any]) -> Q:
        """Rebuild a question from its stored JSON (:func:`quizapp.banks.serialise.question_to_dict`)."""

    # -- Scoring and the teacher's tally ---------------------------------------------------------

    typed: ClassVar[bool] = False
    """Whether the student types the answer (rather than picking from what the question offers)."""

    @abstractmethod
    def credit(self, question: Q, response: object) -> Credit:
        """The share of the points ``response`` earns (see :mod:`quizapp.scoring`)."""

    def grade(self, question: Q, response: object) -> Score:
        """Score ``response``; never raises for any response."""
        try:
            credit = self.credit(question, response)
        except Exception:  # noqa: BLE001 - a student's response must never crash the page that scores it
            credit = Credit(0.0, "This response could not be read.")
        return make_score(float(question.points), credit)

    def is_correct(self, question: Q, response: object) -> bool:
        """Whether ``response`` earns the full points."""
        return self.grade(question, response).outcome == "correct"

    def explain_credit(self, question: Q, response: object) -> str | None:
        """Why ``response`` earned part of the points, counted in this kind's parts ("2 of 3 right
        choices, 1 wrong"); None for a kind that gives all or nothing. The results add the points."""
        return None

    @abstractmethod
    def distribution(self, question: Q, answers: list[object], labels: Mapping[str, str]) -> list[ResponseCount]:
        """Count the class's ``answers`` (see :func:`quizapp.analysis.response_distribution`)."""

    # -- Discernment and parallel forms: optional, for the kinds that take part -------------------

    def judgement(self, question: Q, response: object) -> Judgement | None:
        """The response as signal detection reads it (was the item distorted, did the student say so,
        how sure), for :mod:`quizapp.discernment`; None for a kind that is no discernment item, or a
        response that holds no verdict."""
        return None

    def stratum(self, question: Q) -> str:
        """What parallel forms must balance besides skill, kind and difficulty (a discernment item: whether it
        is accurate or distorted, so each form has both); empty for nothing."""
        return ""

    def authored_difficulty(self, question: Q) -> float | None:
        """The share of students the author expects to answer right (a facility, 0-1), where the bank
        says; None where it does not. Parallel forms prefer item analysis's facility where data exists."""
        return None

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial: ClassVar[str]
    """The template that renders the question's inputs on the quiz form (``questions/_radio.html``)."""
    form_hint: ClassVar[str]
    """The line under the prompt that tells the student how to answer ("Choose one answer.")."""
    shuffled: ClassVar[bool]
    """Whether each student sees the offered options in an order of their own (see :meth:`offered`)."""
    input_mode: ClassVar[str | None] = None
    """The keyboard a typed answer's field asks for (HTML ``inputmode``); None for the usual one."""
    answer_max_length: ClassVar[int] = ANSWER_MAX_LENGTH
    """The most characters a typed answer keeps (a written paragraph needs more than a short answer)."""

    @abstractmethod
    def offered(self, question: Q, corpus: Corpus) -> list[Choice]:
        """Everything the question lets the student pick from, in authored (or reading) order.

        For a question with rows (match, grid) these are what each row chooses among. A typed
        question offers nothing.
        """

    @abstractmethod
    def parse_answer(self, question: Q, form: FormData, response_id: int, corpus: Corpus) -> Any:
        """The answer to store from ``form`` for one response; None when nothing valid was given.

        Reads only this response's fields (see :func:`~quizapp.questions.answering.field_name`),
        keeps only what :meth:`offered` offers (typed text cleaned and capped) and never raises.
        """

    @abstractmethod
    def form_inputs(
        self, question: Q, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        """The inputs :attr:`form_partial` renders, with the stored ``answer`` (of any shape) filled in.

        ``choices`` are what :meth:`offered` offers, in the order this student sees them.
        """

    def answer_warning(self, question: Q, answer: object) -> str | None:
        """What the student is asked to check before submitting this stored answer (a written answer over its
        word limit), or None. The answer is kept as it is either way; Submit asks first."""
        return None

    @abstractmethod
    def describe_answer(self, question: Q, answer: object, corpus: Corpus) -> list[str]:
        """An answer in the words the student saw, one line per pick or row.

        ``answer`` holds something (:func:`~quizapp.questions.answering.is_answered`) but may have
        any shape; what cannot be read is left out.
        """

    @abstractmethod
    def describe_key(self, question: Q, corpus: Corpus) -> list[str]:
        """The correct answer in the words the student saw, one line per part."""

    @abstractmethod
    def key_note(self, question: Q) -> str | None:
        """What else counts as right when the key alone does not say it (other spellings, a tolerance)."""

    @abstractmethod
    def cited(self, question: Q) -> tuple[tuple[str, Span], ...]:
        """The passages the results show as the question's sources, as (article id, span)."""

    @abstractmethod
    def answer_grid(self, question: Q, answer: object, corpus: Corpus) -> GridResult | None:
        """The answer box by box against the key, where the answer is a table of boxes; else None."""

    @abstractmethod
    def tally_words(self, question: Q, value: str, corpus: Corpus) -> str:
        """A value of :meth:`distribution`'s rows in the words a teacher reads (it may be a form's value)."""

    def key_texts(self, question: Q) -> tuple[str, ...]:
        """The texts a right answer is made of (keyed choices, accepted typed answers, a key's figure as
        written), for the validator's check that no other question prints them; empty where the key is
        not text the student could copy (true or false, a report, a table of ticks)."""
        return ()

    def shown_texts(self, question: Q, corpus: Corpus) -> tuple[str, ...]:
        """Everything besides the prompt the student reads in the question (its options, its rows), for
        the same check; an evidence question's article is not counted (it is the article itself)."""
        return tuple(choice.label for choice in self.offered(question, corpus))

    def rendered_passages(self, question: Q) -> tuple[str, ...]:
        """Article text the prompt shows outside quotation marks, for the student to read as a passage
        rather than as the question's own wording (a judge's statement); the reading level leaves it out."""
        return ()

    # (end of answering)

    # -- Marking: answers a teacher scores with a rubric -----------------------------------------

    needs_marking: ClassVar[bool] = False
    """Whether a teacher marks this kind's answers on a rubric (the marking queue lists its questions)."""

    def rubric(self, question: Q) -> tuple[RubricLevel, ...]:
        """The levels a teacher marks an answer with, highest first; none for a kind scored by its key."""
        return ()

    def awaits_mark(self, question: Q, answer: object) -> bool:
        """Whether this stored answer is scored by a teacher's mark rather than by :meth:`credit`.

        An unanswered question never waits: it earns nothing at once.
        """
        return False

    def grade_mark(self, question: Q, points: float) -> Score:
        """The score of a teacher's mark worth ``points`` on the question's rubric (its share of the top level)."""
        top = top_points(self.rubric(question))
        return make_score(float(question.points), Credit(points / top if top > 0 else 0.0))

    # (end of marking)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    @abstractmethod
    def lms_item(self, question: Q, corpus: Corpus) -> LmsItem:
        """The question's answering part in the LMS's vocabulary (:mod:`quizapp.questions.lms_items`).

        A kind no LMS has becomes the nearest interaction (a source question a multiple choice over
        the articles' names); :meth:`lms_notes` says so.
        """

    @abstractmethod
    def lms_notes(self, questions: Sequence[Q], corpus: Corpus) -> tuple[LmsNote, ...]:
        """What an LMS file loses of ``questions`` (this kind's, in file order; never empty), for the teacher.

        Nothing for a kind every LMS holds as quizapp does. The texts leave out the format's name,
        which the export puts in front of each.
        """

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial: ClassVar[str]
    """The print template's partial that lays out :meth:`print_body` (``templates/print/<partial>``, as ``q.body``)."""
    print_key_partial: ClassVar[str | None]
    """The partial that marks the key on the first version's body in the answer key (as ``entry.body``), or
    None when the answers in words (:meth:`print_answers`) say it all."""

    @abstractmethod
    def paper_values(self, question: Q) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(lettered, numbered) in authored order: the values a paper letters A, B, C... (the values a
        response is made of) and the items it numbers 1, 2, 3...; each version shuffles both (see :class:`Slot`)."""

    @abstractmethod
    def circled_key(self, question: Q) -> tuple[str, ...]:
        """The lettered values the key circles, in authored order; empty for a kind not answered by letters alone."""

    @abstractmethod
    def paper_articles(self, question: Q) -> tuple[str, ...]:
        """The articles a printed copy needs besides the sources: the ones it is picked from or read in."""

    @abstractmethod
    def cited_quotes(self, question: Q) -> tuple[tuple[str, Span], ...]:
        """(article id, span) of every passage the key (printed, or an LMS file's feedback) marks as quoted,
        in the order cited."""

    @abstractmethod
    def print_instruction(self, question: Q) -> str:
        """What the student is told to do on paper ("Circle the letter of ..."); empty for nothing to say."""

    @abstractmethod
    def print_body(self, question: Q, slot: Slot, corpus: Corpus) -> Any:
        """The plain values :attr:`print_partial` lays out under the prompt, in the slot's version's order."""

    @abstractmethod
    def print_brief(self, question: Q, slot: Slot, corpus: Corpus) -> str:
        """The key as the marking grid shows it for the slot's version (``C``, ``1 A, 2 C``, ``sentence 4``);
        where it can be, the very text a paper answer is typed as (a grid's ``1 AC, 2 B``)."""

    @abstractmethod
    def print_answers(self, question: Q, corpus: Corpus) -> tuple[str, ...]:
        """The right answer in the words the answer key prints, the same for every version: texts, not letters."""

    @abstractmethod
    def read_paper(self, question: Q, written: WrittenAnswer, corpus: Mapping[str, Article]) -> Any:
        """What was written on the slot's version of the paper, as an online answer stores it (see the
        ``Stored answer`` of each kind); :class:`RowError` when it cannot be read. ``written`` is never blank;
        None is no answer."""

    # (end of print and paper)
