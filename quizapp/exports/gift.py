"""Moodle GIFT: a plain-text question format, one question per paragraph.

Texts go out in GIFT's ``[html]`` format (so a ``<`` or ``&`` in a quote is shown, not parsed) and
every GIFT control character is escaped with a backslash. Types GIFT lacks become the nearest
Moodle type, with a note: a source question is a multiple-answer question over the articles'
outlets and headlines, an evidence question a multiple-choice question over the article's sentences,
a grid a matching question with one item per box (see ``GridKind.lms_item``).

Nothing a teacher wrote is read as GIFT syntax: a wrong choice carries an explicit ``%0%`` weight,
a text's leading ``%`` is never a weight and a leading ``[html]`` never a format, a short answer's
``*`` is not Moodle's wildcard, and ``// [id:...]`` keeps each question's id as its idnumber.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from quizapp.banks.model import Bank, Question
from quizapp.corpus.articles import Corpus
from quizapp.exports.feedback import feedback_element
from quizapp.exports.layout import select_questions
from quizapp.exports.lms import conversion_notes, lms_item, moodle_item, moodle_short_answer
from quizapp.exports.options import Exported, ExportOptions
from quizapp.questions.lms_items import (
    Essay,
    LmsItem,
    Matching,
    MultipleChoice,
    Numerical,
    ShortText,
    SingleChoice,
    TrueFalse,
)
from quizapp.questions.wording import machine_number, points_label
from quizapp.single_line import one_line

# The text formats GIFT reads in front of a text.
_FORMAT_MARKER = re.compile(r"\[(html|plain|moodle|markdown)\]", re.IGNORECASE)

# GIFT's control characters; the backslash comes first so that escapes are not escaped twice.
_SPECIAL = "\\~=#{}:"
_UNESCAPE = {**{c: c for c in _SPECIAL}, "n": "\n"}


def gift_escape(text: str) -> str:
    """Escape ``\\ ~ = # { } :`` with a backslash and a line break as ``\\n``, as Moodle's GIFT reader expects."""
    out = []
    for char in text.replace("\r\n", "\n").replace("\r", "\n"):
        if char in _SPECIAL:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        else:
            out.append(char)
    return "".join(out)


def gift_unescape(text: str) -> str:
    """The inverse of :func:`gift_escape`: ``\\~`` is ``~``, ``\\n`` a line break, ``\\\\`` one backslash."""
    out = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            # An unknown escape stays as written, the way Moodle leaves it.
            out.append(_UNESCAPE.get(following, "\\" + following))
        else:
            out.append(char)
    return "".join(out)


def _html(text: str) -> str:
    """Plain text as GIFT ``[html]`` text: HTML-escaped, then GIFT-escaped.

    A leading ``%`` is written ``&#37;``, so that "%50% of voters" after ``=`` is not read as a weight
    (gift-pegjs reads one there); a text beginning with a format marker goes behind ``[html]``.
    """
    escaped = html.escape(text, quote=False)
    if escaped.startswith("%"):
        escaped = "&#37;" + escaped[1:]
    return gift_escape("[html]" + escaped if _FORMAT_MARKER.match(escaped) else escaped)


def _weight(fraction: float) -> str:
    """A GIFT weight such as ``%33.33333%`` or ``%-25%`` (five decimals, as Moodle writes them)."""
    value = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return f"%{value}%"


def _answers(item: LmsItem) -> list[str]:
    """The lines inside the braces, without the general feedback."""
    match item:
        case SingleChoice():
            # A wrong option carries an explicit "%0%" weight, so that an option beginning "%50% of voters"
            # is read as text, not as a weight.
            return [("=" if n in item.right else "~%0%") + _html(option) for n, option in enumerate(item.options)]
        case MultipleChoice():
            # Always weighted "~%w%" lines, never "=": a single "=" would make Moodle show radio buttons
            # and tell the student that exactly one answer is right.
            weighted = zip(item.options, item.shares, strict=True)
            return [f"~{_weight(share)}{_html(option)}" for option, share in weighted]
        case TrueFalse():
            return ["T" if item.answer else "F"]
        case ShortText():
            # Short answers are compared with what the student types, so they stay plain text.
            return ["=" + _short_answer(answer) for answer in item.accepted]
        case Numerical():
            return [f"#{machine_number(item.answer)}:{machine_number(item.tolerance)}"]
        case Matching():
            lines = [f"={_html(left)} -> {gift_escape(right)}" for left, right in item.pairs]
            # A blank left side is how Moodle stores an extra right-hand answer that matches nothing.
            lines += [f"= -> {gift_escape(right)}" for right in item.distractors]
            return lines
        case Essay():
            return []  # empty braces: an essay, marked by hand in Moodle
    raise ValueError(f"GIFT cannot write a {type(item).__name__} item")


def _short_answer(answer: str) -> str:
    """An accepted short answer after its ``=``: plain text, Moodle's ``*`` wildcard escaped, then GIFT-escaped.

    Moodle reads a weight after a short answer's ``=`` and a leading ``[html]``, ``[plain]``,
    ``[moodle]`` or ``[markdown]`` as the text's format: an answer that begins with ``%`` gets an
    explicit ``%100%`` and one that begins with a marker an explicit ``[moodle]``, after which the
    rest is read as it stands.
    """
    text = moodle_short_answer(answer)
    if _FORMAT_MARKER.match(text):
        text = "[moodle]" + text
    weight = "%100%" if text.startswith("%") else ""
    return weight + gift_escape(text)


def gift_question(question: Question, corpus: Corpus) -> str:
    """One question in GIFT: idnumber, name, ``[html]`` prompt, answers in braces, general feedback after ``####``."""
    # "// [id:...]" is Moodle's idnumber line; the bank checker keeps ids to letters, digits and dashes.
    lines = [f"// {question.type}, {points_label(question.points)}", f"// [id:{one_line(question.id)}]"]
    lines.append(f"::{gift_escape(question.id)}::[html]{gift_escape(html.escape(question.prompt, quote=False))} {{")
    lines += ["\t" + answer for answer in _answers(moodle_item(lms_item(question, corpus)))]
    feedback = feedback_element(question, corpus)
    if len(feedback):  # an explanation or a cited passage; GIFT leaves an empty feedback out
        lines.append("\t####" + gift_escape(ET.tostring(feedback, encoding="unicode", method="html")))
    lines.append("}")
    return "\n".join(lines)


def export_gift(bank: Bank, corpus: Corpus, options: ExportOptions) -> Exported:
    """The bank (or the chosen questions) as a GIFT file for Moodle's question import."""
    questions = select_questions(bank, options.questions)
    # Comment and category lines are not escaped: a line break in them would start a line of GIFT.
    # The bank checker refuses one in a title or id; a bank stored before that check may still hold one.
    header = [
        f"// {one_line(bank.title)}",
        f"// quizapp bank {one_line(bank.id)}: {len(questions)} questions. Import into Moodle as GIFT.",
        "",
        # The category is the bank id: it is safe in a category path (no "/"), and GIFT does not
        # unescape category lines, so a title with ":" would arrive with a backslash in it.
        f"$CATEGORY: {one_line(bank.id)}",
    ]
    blocks = ["\n".join(header)] + [gift_question(q, corpus) for q in questions]
    notes = conversion_notes(questions, corpus, "GIFT", carries_points=False)
    essays = [q.id for q in questions if isinstance(lms_item(q, corpus), Essay)]
    if essays:
        notes += (f"GIFT: essays ({', '.join(essays)}) carry no rubric for the marker; use Moodle XML to include it.",)
    return Exported(("\n\n".join(blocks) + "\n").encode("utf-8"), "text/plain; charset=utf-8", ".gift.txt", notes)
