"""Judge: is this rendering of a passage accurate or distorted? A discernment item (signal detection).

The prompt shows a ``statement`` about the articles: a quotation, a figure, an attribution or a
characterisation. It is either an accurate rendering of its source passage (word for word) or a
distorted one, changed in exactly one stated way:

* ``changed-word``: one word or short phrase of the passage replaced by another;
* ``dropped-caveat``: a qualifying phrase of the passage left out;
* ``swapped-speaker``: the words given to someone else the articles name;
* ``inflated-number``: a figure of the passage made larger.

The student says accurate or distorted and, optionally, how sure they are (50-100 %). The score is
the verdict alone; the confidence feeds the Brier score and calibration chart
(:mod:`quizapp.discernment`), and the verdict the student's d′ and c, through :meth:`JudgeKind.judgement`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.checking import Checker, Common, Invalid, shown_value
from quizapp.banks.model import Question
from quizapp.banks.yaml_source import LocatedMap
from quizapp.corpus.articles import Article, Corpus
from quizapp.corpus.normalise import normalise
from quizapp.corpus.span import Span
from quizapp.discernment import CONFIDENCE_LEVELS, Judgement
from quizapp.questions.answering import (
    Choice,
    FormData,
    FormInputs,
    GridResult,
    MatchRow,
    Option,
    one_pick,
    option_inputs,
    row_field_name,
)
from quizapp.questions.base import NO_CREDIT, Credit, Kind, source_spans, stored_fields
from quizapp.questions.lms_items import LmsNote, Loss, TrueFalse, listed_ids
from quizapp.questions.paper_marks import RowError, WrittenAnswer
from quizapp.questions.reading import is_blank, parse_number, shown
from quizapp.questions.slot import Slot
from quizapp.questions.tally import NO_ANSWER, UNREADABLE, ResponseCount, extra_rows

ACCURATE = "accurate"
DISTORTED = "distorted"
VERDICTS = (ACCURATE, DISTORTED)
DISTORTIONS: dict[str, str] = {
    "changed-word": "a word changed",
    "dropped-caveat": "a caveat dropped",
    "swapped-speaker": "the speaker swapped",
    "inflated-number": "a number inflated",
}
"""The ways a rendering may be distorted, and how a key names each."""
DIFFICULTIES: dict[str, float] = {"easy": 0.85, "medium": 0.65, "hard": 0.45}
"""The author's difficulty, as the share of students expected to answer right (item analysis's facility)."""
DISTORTION_KEYS = frozenset({"type", "original", "changed"})
_MAX_CHANGE_WORDS = 6  # a change longer than this is a rewrite, not one stated distortion
_PAPER = re.compile(r"^\s*(accurate|distorted|a|d)\b[\s,;:]*(\d{2,3})?\s*%?\s*$", re.IGNORECASE)
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)])")


@dataclass(frozen=True)
class JudgeQuestion(Question):
    """A statement that renders its source passage accurately, or distorted in one stated way."""

    statement: str = ""
    distortion: str | None = None  # a key of DISTORTIONS; None for an accurate rendering
    original: str = ""  # the passage's words that were changed or dropped
    changed: str = ""  # what the statement says instead ("" for a dropped caveat)
    difficulty: str | None = None  # a key of DIFFICULTIES
    type: str = field(default="judge", init=False)

    @property
    def distorted(self) -> bool:
        """Whether the statement is a distortion (the signal the student looks for)."""
        return self.distortion is not None


def read_verdict(response: object) -> tuple[str, float | None] | None:
    """(verdict, confidence 0.5-1 or None) from a stored answer; None when it holds no verdict.

    A stored answer is ``{"verdict": "distorted", "confidence": 80}`` (confidence optional), or the
    bare verdict; a confidence that is not one of the offered levels is dropped, not guessed at.
    """
    verdict: str | None
    confidence: object = None
    if isinstance(response, str):
        verdict = response.strip().casefold()
    elif isinstance(response, Mapping):
        given, confidence = response.get("verdict"), response.get("confidence")
        verdict = given.strip().casefold() if isinstance(given, str) else None
    else:
        return None
    if verdict not in VERDICTS:
        return None
    level = confidence if isinstance(confidence, int) and not isinstance(confidence, bool) else None
    return verdict, (level / 100 if level in CONFIDENCE_LEVELS else None)


def rendered(quote: str, question_distortion: str | None, original: str, changed: str) -> str:
    """The passage as the stated distortion renders it (normalised), for checking a statement."""
    text = normalise(quote)
    if question_distortion is None:
        return text
    result = text.replace(normalise(original), normalise(changed), 1)
    return normalise(_SPACE_BEFORE_PUNCTUATION.sub(r"\1", result)).replace(",,", ",")


class JudgeKind(Kind[JudgeQuestion]):
    """``type: judge``: ``statement``, ``rendering`` (accurate or distorted), and for a distorted one,
    ``distortion`` (``type``, ``original``, ``changed``); ``difficulty`` (easy, medium, hard) optional.

    Stored answer: ``{"verdict": "accurate" | "distorted", "confidence": 50..100}`` (confidence optional).
    """

    name = "judge"
    data = JudgeQuestion
    keys = frozenset({"statement", "rendering", "distortion", "difficulty"})
    summary = (
        "The student says whether the `statement` renders its one source passage accurately or distorts it, "
        "and how sure they are; `rendering` is `accurate` or `distorted`, `distortion` (distorted only) names "
        "the `type` of change and the passage's `original` words (and the `changed` ones), `difficulty` "
        "(optional) is easy, medium or hard."
    )
    scoring = (
        "The verdict, all or nothing; the discernment page reads the verdicts as signal detection "
        "(d′ and c) and the confidences as calibration."
    )
    example = """\
- id: judge-criticized-stance
  type: judge
  prompt: "Is this what the AP report says? Rep. Alexandria Ocasio-Cortez (D-NY) attacked the U.S. stance."
  statement: Rep. Alexandria Ocasio-Cortez (D-NY) attacked the U.S. stance.
  rendering: distorted
  distortion:
    type: changed-word
    original: criticized
    changed: attacked
  sources:
    - article: 002_f52d19d8c2480346
      quote: Rep. Alexandria Ocasio-Cortez (D-NY) criticized the U.S. stance.
  skills: [language]
  difficulty: medium
"""

    def build(self, node: LocatedMap, common: Common, check: Checker) -> JudgeQuestion:
        statement = check.text(node, "statement")
        rendering = check.text(node, "rendering")
        if rendering is not None and rendering not in VERDICTS:
            check.report(node.line_of("rendering"), f"rendering must be accurate or distorted, not {rendering!r}")
            raise Invalid
        difficulty = check.text(node, "difficulty", required=False)
        if difficulty is not None and difficulty not in DIFFICULTIES:
            check.report(node.line_of("difficulty"), f"difficulty must be one of {', '.join(DIFFICULTIES)}")
            raise Invalid
        if statement is None or rendering is None:
            raise Invalid
        if normalise(statement) not in normalise(common.prompt):
            check.report(node.line_of("statement"), "the prompt must show the statement word for word")
        if len(common.sources) > 1:
            check.report(node.line_of("sources"), "a judge question renders one passage: give one source")
            raise Invalid
        distortion = self._distortion(node, rendering, check)
        question = JudgeQuestion(**common.fields(), statement=statement, difficulty=difficulty, **distortion)
        if common.sources:
            self._check_rendering(node, question, common.sources[0].quote, check)
        return question

    def _distortion(self, node: LocatedMap, rendering: str, check: Checker) -> dict[str, Any]:
        if rendering == ACCURATE:
            if "distortion" in node:
                check.report(node.line_of("distortion"), "an accurate rendering has no 'distortion'")
                raise Invalid
            return {}
        given = node.get("distortion")
        if not isinstance(given, LocatedMap):
            line = node.line_of("distortion") if "distortion" in node else node.line
            check.report(line, "a distorted rendering needs 'distortion' with its type and original words")
            raise Invalid
        check.unknown_keys(given, DISTORTION_KEYS, "distortion")
        kind = check.text(given, "type")
        original = check.text(given, "original")
        if kind is not None and kind not in DISTORTIONS:
            check.report(given.line_of("type"), f"unknown distortion {kind!r} (known: {', '.join(DISTORTIONS)})")
            raise Invalid
        changed = check.text(given, "changed", required=kind != "dropped-caveat")
        if kind is None or original is None or (kind != "dropped-caveat" and changed is None):
            raise Invalid
        if kind == "dropped-caveat" and changed is not None:
            check.report(given.line_of("changed"), "a dropped caveat changes nothing: leave out 'changed'")
            raise Invalid
        changed = changed or ""
        if normalise(original) == normalise(changed):
            check.report(given.line_of("changed"), "'changed' must differ from 'original'")
            raise Invalid
        if max(len(original.split()), len(changed.split())) > _MAX_CHANGE_WORDS and kind != "dropped-caveat":
            check.report(given.line, f"a stated change is at most {_MAX_CHANGE_WORDS} words; this is a rewrite")
            raise Invalid
        if kind == "inflated-number":
            before, after = parse_number(original), parse_number(changed)
            if before is None or after is None or not after > before:
                check.report(given.line, "an inflated number must change a number to a larger one")
                raise Invalid
        if kind == "swapped-speaker" and not any(
            normalise(changed) in a.normalised.text for a in check.corpus.values()
        ):
            check.report(given.line_of("changed"), f"{changed!r} is named in none of the articles")
            raise Invalid
        return {"distortion": kind, "original": original, "changed": changed}

    @staticmethod
    def _check_rendering(node: LocatedMap, question: JudgeQuestion, quote: str, check: Checker) -> None:
        if question.distorted and normalise(quote).count(normalise(question.original)) != 1:
            check.report(
                node.line_of("distortion"), f"the passage must hold {shown_value(question.original)} exactly once"
            )
            return
        expected = rendered(quote, question.distortion, question.original, question.changed)
        if normalise(question.statement) != expected:
            what = "the passage word for word" if not question.distorted else "the passage with only the stated change"
            check.report(node.line_of("statement"), f'the statement must be {what}: "{expected}"')

    def yaml_fields(self, question: JudgeQuestion) -> dict[str, Any]:
        fields: dict[str, Any] = {"statement": question.statement}
        fields["rendering"] = DISTORTED if question.distorted else ACCURATE
        if question.distorted:
            change = {"type": question.distortion, "original": question.original}
            fields["distortion"] = change | ({"changed": question.changed} if question.changed else {})
        if question.difficulty:
            fields["difficulty"] = question.difficulty
        return fields

    def from_stored(self, data: Mapping[str, Any]) -> JudgeQuestion:
        return JudgeQuestion(**stored_fields(data, JudgeQuestion))

    def credit(self, question: JudgeQuestion, response: object) -> Credit:
        """Response: a verdict (accurate or distorted), with or without a confidence. All or nothing."""
        if is_blank(response) or response == {}:
            return NO_CREDIT
        verdict = read_verdict(response)
        if verdict is None:
            if isinstance(response, str):
                return Credit(0.0, f"Expected accurate or distorted, not {shown(response)}.")
            return Credit(0.0, "Expected accurate or distorted.")
        return Credit(1.0 if (verdict[0] == DISTORTED) == question.distorted else 0.0)

    def judgement(self, question: JudgeQuestion, response: object) -> Judgement | None:
        """The response as signal detection sees it; None when it holds no verdict."""
        verdict = read_verdict(response)
        if verdict is None:
            return None
        return Judgement(question.distorted, verdict[0] == DISTORTED, verdict[1])

    def stratum(self, question: JudgeQuestion) -> str:
        return DISTORTED if question.distorted else ACCURATE

    def authored_difficulty(self, question: JudgeQuestion) -> float | None:
        return DIFFICULTIES.get(question.difficulty or "")

    def distribution(
        self, question: JudgeQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """Accurate and distorted, zero counts included (confidence is the calibration chart's)."""
        tally: Counter[str] = Counter()
        for answer in answers:
            verdict = read_verdict(answer)
            if is_blank(answer) or answer == {}:
                tally[NO_ANSWER] += 1
            elif verdict is None:
                tally[UNREADABLE] += 1
            else:
                tally[verdict[0]] += 1
        right = DISTORTED if question.distorted else ACCURATE
        return [ResponseCount(value, tally[value], value == right) for value in VERDICTS] + extra_rows(tally)

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_judge.html"
    form_hint = "Choose Accurate or Distorted, and how sure you are if you like."
    shuffled = False  # Accurate before Distorted, always

    def offered(self, question: JudgeQuestion, corpus: Corpus) -> list[Choice]:
        return [Choice(ACCURATE, "Accurate"), Choice(DISTORTED, "Distorted")]

    def parse_answer(self, question: JudgeQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        """The verdict and, when one of the offered levels was chosen, the confidence; None without a verdict."""
        verdict = one_pick(form, response_id, self.offered(question, corpus))
        if verdict is None:
            return None
        confidence = form.get(row_field_name(response_id, 0))
        levels = {str(level): level for level in CONFIDENCE_LEVELS}
        if isinstance(confidence, str) and confidence in levels:
            return {"verdict": verdict, "confidence": levels[confidence]}
        return {"verdict": verdict}

    def form_inputs(
        self, question: JudgeQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        verdict = read_verdict(answer)
        picked = {verdict[0]} if verdict else set()
        sure = round(verdict[1] * 100) if verdict and verdict[1] is not None else None
        select_id = f"{row_field_name(response_id, 0)}-sure"
        levels = tuple(
            Option(f"{select_id}-{level}", str(level), f"{level} %", level == sure) for level in CONFIDENCE_LEVELS
        )
        confidence = MatchRow(select_id, row_field_name(response_id, 0), "How sure are you? (optional)", levels)
        return FormInputs(options=option_inputs(response_id, choices, picked), match_rows=(confidence,))

    def describe_answer(self, question: JudgeQuestion, answer: object, corpus: Corpus) -> list[str]:
        verdict = read_verdict(answer)
        if verdict is None:
            return []
        words = [verdict[0].capitalize()]
        return words + ([f"{round(verdict[1] * 100)} % sure"] if verdict[1] is not None else [])

    def describe_key(self, question: JudgeQuestion, corpus: Corpus) -> list[str]:
        return [self._printed_verdict(question)]

    def key_note(self, question: JudgeQuestion) -> str | None:
        """What was changed, for a distortion: the key alone does not say where to look."""
        if not question.distorted:
            return "The statement gives the passage word for word."
        what = DISTORTIONS[question.distortion or ""].capitalize()
        if question.changed:
            return f'{what}: the report says "{question.original}", the statement "{question.changed}".'
        return f'{what}: the statement leaves out "{question.original}".'

    def rendered_passages(self, question: JudgeQuestion) -> tuple[str, ...]:
        return (question.statement,)  # the passage to judge, accurate or not, is the article's wording

    def cited(self, question: JudgeQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def answer_grid(self, question: JudgeQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        return None

    def tally_words(self, question: JudgeQuestion, value: str, corpus: Corpus) -> str:
        return value.capitalize() if value in VERDICTS else value

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    def lms_item(self, question: JudgeQuestion, corpus: Corpus) -> TrueFalse:
        """True for an accurate rendering: "is this accurate?"."""
        return TrueFalse(not question.distorted)

    def lms_notes(self, questions: Sequence[JudgeQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        return (
            LmsNote(
                Loss.TYPE,
                f"judge questions have no LMS type; {listed_ids(questions)} became true/false questions "
                "(true: the statement is accurate), without the student's confidence, so the LMS gives "
                "no Brier score or calibration.",
            ),
        )

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_judge.html"
    print_key_partial = None

    def paper_values(self, question: JudgeQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (), ()  # circled as the words Accurate and Distorted, which no version reorders

    def circled_key(self, question: JudgeQuestion) -> tuple[str, ...]:
        return ()

    def paper_articles(self, question: JudgeQuestion) -> tuple[str, ...]:
        return tuple(dict.fromkeys(source.article for source in question.sources))

    def cited_quotes(self, question: JudgeQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def print_instruction(self, question: JudgeQuestion) -> str:
        return "Circle Accurate or Distorted, and how sure you are."

    def print_body(self, question: JudgeQuestion, slot: Slot, corpus: Corpus) -> None:
        """Nothing: the partial prints the two verdicts and the confidence levels to circle."""
        return None

    def print_brief(self, question: JudgeQuestion, slot: Slot, corpus: Corpus) -> str:
        return self._printed_verdict(question)

    def print_answers(self, question: JudgeQuestion, corpus: Corpus) -> tuple[str, ...]:
        return (self._printed_verdict(question),)

    @staticmethod
    def _printed_verdict(question: JudgeQuestion) -> str:
        return "Distorted" if question.distorted else "Accurate"

    def read_paper(self, question: JudgeQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]) -> Any:
        """A, D, Accurate or Distorted in any case, optionally followed by the confidence circled (``D 80``)."""
        found = _PAPER.match(written.text)
        level = int(found.group(2)) if found and found.group(2) else None
        if found is None or (level is not None and level not in CONFIDENCE_LEVELS):
            raise RowError(
                f"{written.where}: write A or D (Accurate or Distorted), then the confidence circled if any "
                f'(50 to 100), not "{written.text}"'
            )
        verdict = ACCURATE if found.group(1).casefold().startswith("a") else DISTORTED
        return {"verdict": verdict} | ({"confidence": level} if level is not None else {})

    # (end of print and paper)
