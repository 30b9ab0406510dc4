"""Written answer: a short constructed response that a teacher marks on a rubric (Proficient / Emerging / Beginning)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.checking import Checker, Common, Invalid, number, shown_value
from quizapp.banks.model import Question
from quizapp.banks.yaml_source import LocatedList, LocatedMap
from quizapp.corpus.articles import Article, Corpus
from quizapp.corpus.span import Span
from quizapp.questions.answering import Choice, FormData, FormInputs, GridResult, field_name
from quizapp.questions.base import NO_CREDIT, Credit, Kind, plain_number, source_spans, stored_fields
from quizapp.questions.lms_items import Essay, LmsNote
from quizapp.questions.paper_marks import RowError, WrittenAnswer
from quizapp.questions.reading import is_blank
from quizapp.questions.rubric import RubricLevel, level_for, top_points
from quizapp.questions.slot import Slot
from quizapp.questions.tally import NO_ANSWER, UNREADABLE, ResponseCount

WRITTEN_MAX_LENGTH = 6000
"""The most characters a written answer keeps: a few paragraphs, never a pasted article."""
MAX_WORDS_LIMIT = 1000
"""The largest ``max_words`` a bank may set."""
RUBRIC_KEYS = frozenset({"level", "points", "descriptor", "exemplars"})
MAX_LEVELS = 6
WRITTEN_LABEL = "(written answer)"
"""How the tally counts every typed answer: they are told apart by the teacher's marks, not by their words."""
_LINE_BREAKS = re.compile(r"\r\n?")
PAPER_LINE_WORDS = 10  # about how many handwritten words fit on one printed line


@dataclass(frozen=True)
class WrittenQuestion(Question):
    """A written answer marked by a teacher on ``rubric`` (levels highest first), at most ``max_words`` long."""

    rubric: tuple[RubricLevel, ...] = ()
    max_words: int | None = None
    type: str = field(default="written", init=False)


def word_count(text: object) -> int:
    """How many words a typed answer has (runs of non-space characters)."""
    return len(text.split()) if isinstance(text, str) else 0


def clean_paragraphs(value: Any, limit: int = WRITTEN_MAX_LENGTH) -> str | None:
    """Typed paragraphs: line breaks kept (as ``\\n``), other control characters made spaces, trimmed and
    capped at ``limit`` characters; None when nothing is left."""
    if not isinstance(value, str):
        return None
    text = _LINE_BREAKS.sub("\n", value[: limit * 2])
    kept = "".join(" " if ch != "\n" and unicodedata.category(ch) == "Cc" else ch for ch in text)
    kept = kept.strip()[:limit].strip()
    return kept or None


def level_line(level: RubricLevel) -> str:
    """One rubric level in words: ``Proficient (2 points): descriptor``."""
    points = plain_number(level.points)
    return f"{level.label} ({points} {'point' if points == 1 else 'points'}): {level.descriptor}"


def _stored_rubric(value: Any) -> tuple[RubricLevel, ...]:
    return tuple(
        RubricLevel(str(label), float(points), str(descriptor), tuple(str(e) for e in exemplars))
        for label, points, descriptor, exemplars in value
    )


class WrittenKind(Kind[WrittenQuestion]):
    """``type: written``: ``rubric``, a list of levels (``level``, ``points``, ``descriptor``, optional
    ``exemplars``), and optional ``max_words``.

    Stored answer: the text as typed (line breaks kept), which waits for a teacher's mark; or, from a
    paper, ``{"level": label}``, the level the teacher read off the paper, scored at once.
    """

    name = "written"
    data = WrittenQuestion
    keys = frozenset({"rubric", "max_words"})
    summary = (
        "The student writes a short answer that the teacher marks on the marking queue; `rubric` lists 2 to 6 "
        "levels (each `level`, `points`, `descriptor`, optional `exemplars`), `max_words` (optional) sets the "
        "word limit the student sees."
    )
    scoring = "The points of the level the teacher marks; the score waits until every written answer is marked."
    example = """\
- id: who-says-so
  type: written
  prompt: >-
    The report on Ocasio-Cortez's criticism quotes Harris "according to BBC". Why does it matter
    that the report names where it got the quote?
  points: 2
  max_words: 80
  sources:
    - article: 000_9c074612a8ff18f5
      quote: Harris said during a press conference in the Central American country according to BBC
  rubric:
    - level: Proficient
      points: 2
      descriptor: Explains that naming the BBC lets a reader trace the quote, and names a check.
      exemplars: ["It says the BBC, so I can look up the BBC article to check."]
    - level: Emerging
      points: 1
      descriptor: Sees that naming a source helps, but gives no way to check it.
    - level: Beginning
      points: 0
      descriptor: Does not explain why the attribution matters.
  skills: [attribution, sourcing]
"""
    typed = True
    needs_marking = True
    answer_max_length = WRITTEN_MAX_LENGTH

    def build(self, node: LocatedMap, common: Common, check: Checker) -> WrittenQuestion:
        levels = self._rubric(node, check)
        max_words = self._max_words(node, check)
        return WrittenQuestion(**common.fields(), rubric=levels, max_words=max_words)

    @staticmethod
    def _rubric(node: LocatedMap, check: Checker) -> tuple[RubricLevel, ...]:
        if "rubric" not in node:
            check.report(node.line, "missing required key 'rubric' (levels, each with level, points and descriptor)")
            raise Invalid
        raw = node["rubric"]
        if not isinstance(raw, LocatedList) or not 2 <= len(raw) <= MAX_LEVELS:
            check.report(node.line_of("rubric"), f"'rubric' must be a list of 2 to {MAX_LEVELS} levels")
            raise Invalid
        levels: list[RubricLevel] = []
        for item, line in zip(raw, raw.item_lines, strict=True):
            if not isinstance(item, LocatedMap):
                check.report(line, "every rubric level must be a mapping with level, points and descriptor")
                raise Invalid
            check.unknown_keys(item, RUBRIC_KEYS, "a rubric level")
            label = check.text(item, "level", single_line=True)
            descriptor = check.text(item, "descriptor")
            points = number(item.get("points"))
            if points is None or points < 0:
                shown = shown_value(item["points"]) if "points" in item else "nothing"
                check.report(
                    item.line_of("points") if "points" in item else line,
                    f"a rubric level's points must be a number of 0 or more, not {shown}",
                )
                raise Invalid
            exemplars = check.text_list(item, "exemplars", required=False) or []
            if label is None or descriptor is None:
                raise Invalid
            if any(level.label.casefold() == label.casefold() for level in levels):
                check.report(line, f"the rubric has level {label!r} twice")
                raise Invalid
            if any(level.points == points for level in levels):
                check.report(line, f"two rubric levels are worth {plain_number(points)} points; each needs its own")
                raise Invalid
            levels.append(RubricLevel(label, points, descriptor, tuple(exemplars)))
        if top_points(levels) <= 0:
            check.report(node.line_of("rubric"), "the rubric's highest level must be worth more than 0 points")
            raise Invalid
        return tuple(sorted(levels, key=lambda level: -level.points))

    @staticmethod
    def _max_words(node: LocatedMap, check: Checker) -> int | None:
        if "max_words" not in node:
            return None
        value = number(node["max_words"])
        if value is None or not value.is_integer() or not 1 <= value <= MAX_WORDS_LIMIT:
            check.report(
                node.line_of("max_words"),
                f"max_words must be a whole number from 1 to {MAX_WORDS_LIMIT}, not {shown_value(node['max_words'])}",
            )
            raise Invalid
        return int(value)

    def yaml_fields(self, question: WrittenQuestion) -> dict[str, Any]:
        rubric = []
        for level in question.rubric:
            entry: dict[str, Any] = {
                "level": level.label,
                "points": plain_number(level.points),
                "descriptor": level.descriptor,
            }
            if level.exemplars:
                entry["exemplars"] = list(level.exemplars)
            rubric.append(entry)
        fields: dict[str, Any] = {"rubric": rubric}
        if question.max_words is not None:
            fields["max_words"] = question.max_words
        return fields

    def from_stored(self, data: Mapping[str, Any]) -> WrittenQuestion:
        return WrittenQuestion(**stored_fields(data, WrittenQuestion, {"rubric": _stored_rubric}))

    def credit(self, question: WrittenQuestion, response: object) -> Credit:
        """Response: typed text, which earns nothing until a teacher marks it (:meth:`grade_mark`); or a
        level read off paper, ``{"level": label}``, which earns its share of the top level."""
        if is_blank(response) or isinstance(response, str):
            return NO_CREDIT
        if not isinstance(response, Mapping) or not isinstance(response.get("level"), str):
            return Credit(0.0, "The answer could not be read.")
        level = self._level_named(question, response["level"])
        if level is None:
            return Credit(0.0, f"The rubric has no level {response['level']!r}.")
        top = top_points(question.rubric)
        return Credit(level.points / top if top > 0 else 0.0)

    @staticmethod
    def _level_named(question: WrittenQuestion, label: str) -> RubricLevel | None:
        return next((level for level in question.rubric if level.label.casefold() == label.strip().casefold()), None)

    def distribution(
        self, question: WrittenQuestion, answers: list[object], labels: Mapping[str, str]
    ) -> list[ResponseCount]:
        """Typed answers counted together (the teacher's marks tell them apart); paper levels by level."""
        tally: Counter[str] = Counter()
        right: dict[str, bool] = {}
        for answer in answers:
            if is_blank(answer):
                tally[NO_ANSWER] += 1
            elif isinstance(answer, str):
                tally[WRITTEN_LABEL] += 1
                right[WRITTEN_LABEL] = False
            elif isinstance(answer, Mapping) and isinstance(answer.get("level"), str):
                level = self._level_named(question, answer["level"])
                key = level.label if level is not None else UNREADABLE
                tally[key] += 1
                right[key] = level is not None and self.is_correct(question, answer)
            else:
                tally[UNREADABLE] += 1
        return [ResponseCount(value, count, right.get(value, False)) for value, count in tally.items()]

    # -- Marking: answers a teacher scores with a rubric -----------------------------------------

    def rubric(self, question: WrittenQuestion) -> tuple[RubricLevel, ...]:
        return question.rubric

    def awaits_mark(self, question: WrittenQuestion, answer: object) -> bool:
        """Typed text waits for a teacher; a level read off paper is already the teacher's mark."""
        return isinstance(answer, str) and bool(answer.strip())

    # (end of marking)

    # -- Answering: the student's form, results, and the words for an answer and the key --------
    form_partial = "questions/_textarea.html"
    form_hint = "Write your answer in a few sentences. Your teacher marks it with a rubric."
    shuffled = False  # nothing to shuffle

    def offered(self, question: WrittenQuestion, corpus: Corpus) -> list[Choice]:
        return []

    def parse_answer(self, question: WrittenQuestion, form: FormData, response_id: int, corpus: Corpus) -> Any:
        """The text as typed, line breaks kept, capped at :data:`WRITTEN_MAX_LENGTH` characters.

        Words past ``max_words`` are kept (nothing typed is lost); the form says how far over the
        limit the answer is, and the marking page shows the teacher the same count.
        """
        return clean_paragraphs(form.get(field_name(response_id)))

    def form_inputs(
        self, question: WrittenQuestion, response_id: int, answer: object, choices: Sequence[Choice], corpus: Corpus
    ) -> FormInputs:
        text = answer if isinstance(answer, str) else ""
        return FormInputs(text=text, max_words=question.max_words, words=word_count(text))

    def answer_warning(self, question: WrittenQuestion, answer: object) -> str | None:
        """An answer over ``max_words``, with the count: Submit asks before it goes in so long."""
        words = word_count(answer)
        if question.max_words is None or words <= question.max_words:
            return None
        return f"{words} words, {words - question.max_words} over the limit of {question.max_words}."

    def describe_answer(self, question: WrittenQuestion, answer: object, corpus: Corpus) -> list[str]:
        if isinstance(answer, str):
            return [answer]
        if isinstance(answer, Mapping) and isinstance(answer.get("level"), str):
            return [f"Written on paper, marked {answer['level']}"]
        return []

    def describe_key(self, question: WrittenQuestion, corpus: Corpus) -> list[str]:
        """The rubric, level by level: there is no one right answer."""
        return [level_line(level) for level in question.rubric]

    def key_note(self, question: WrittenQuestion) -> str | None:
        return "Your teacher marks the answer with this rubric."

    def cited(self, question: WrittenQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def answer_grid(self, question: WrittenQuestion, answer: object, corpus: Corpus) -> GridResult | None:
        return None

    def tally_words(self, question: WrittenQuestion, value: str, corpus: Corpus) -> str:
        return value

    # (end of answering)

    # -- LMS: the question as GIFT, Moodle XML and QTI hold it -----------------------------------

    def lms_item(self, question: WrittenQuestion, corpus: Corpus) -> Essay:
        return Essay(tuple(level_line(level) for level in question.rubric), question.max_words)

    def lms_notes(self, questions: Sequence[WrittenQuestion], corpus: Corpus) -> tuple[LmsNote, ...]:
        """Nothing: every LMS has essays marked by hand, and each export gives the marker the rubric."""
        return ()

    # (end of LMS)

    # -- Print and paper -------------------------------------------------------------------------

    print_partial = "_written.html"
    print_key_partial = None

    def paper_values(self, question: WrittenQuestion) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (), ()

    def circled_key(self, question: WrittenQuestion) -> tuple[str, ...]:
        return ()

    def paper_articles(self, question: WrittenQuestion) -> tuple[str, ...]:
        return ()

    def cited_quotes(self, question: WrittenQuestion) -> tuple[tuple[str, Span], ...]:
        return source_spans(question)

    def print_instruction(self, question: WrittenQuestion) -> str:
        limit = f" Use at most {question.max_words} words." if question.max_words else ""
        return f"Write your answer on the lines.{limit}"

    def print_body(self, question: WrittenQuestion, slot: Slot, corpus: Corpus) -> int:
        """How many lines to print: room for the word limit (or a short paragraph), at least six."""
        words = question.max_words or 60
        return max(6, min(24, -(-words // PAPER_LINE_WORDS)))

    def print_brief(self, question: WrittenQuestion, slot: Slot, corpus: Corpus) -> str:
        """The top level, as a teacher types it for a paper answer that earns full marks (``Proficient``)."""
        return question.rubric[0].label

    def print_answers(self, question: WrittenQuestion, corpus: Corpus) -> tuple[str, ...]:
        """The rubric, level by level."""
        return tuple(level_line(level) for level in question.rubric)

    def read_paper(
        self, question: WrittenQuestion, written: WrittenAnswer, corpus: Mapping[str, Article]
    ) -> dict[str, str]:
        """The level the teacher read off the paper: its name ("Proficient") or its points ("2")."""
        level = self._level_named(question, written.text)
        if level is None:
            points = number(_as_number(written.text))
            level = level_for(question.rubric, points) if points is not None else None
        if level is None:
            levels = ", ".join(f"{level.label} or {plain_number(level.points)}" for level in question.rubric)
            raise RowError(f'{written.where}: write the level marked ({levels}), not "{written.text}"')
        return {"level": level.label}

    # (end of print and paper)


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
