"""Moodle XML: every question type Moodle can import, with points, answers and general feedback.

Texts are HTML (``format="html"``) held as XML text, so ElementTree escapes them once for XML; they
are HTML-escaped first so that a quote holding ``<`` stays text in Moodle too. Short answers and
matching answers are what a student types or picks, so they stay plain text.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from quizapp.banks.model import Bank, Question
from quizapp.corpus.articles import Corpus
from quizapp.exports.feedback import feedback_html
from quizapp.exports.layout import select_questions
from quizapp.exports.lms import conversion_notes, lms_item, moodle_item, moodle_short_answer
from quizapp.exports.options import Exported, ExportOptions
from quizapp.exports.xml_chars import legal_xml
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
from quizapp.questions.wording import machine_number

# The Moodle question type of each LMS interaction.
MOODLE_TYPES: dict[type[LmsItem], str] = {
    SingleChoice: "multichoice",
    MultipleChoice: "multichoice",
    TrueFalse: "truefalse",
    ShortText: "shortanswer",
    Numerical: "numerical",
    Matching: "matching",
    Essay: "essay",
}


def _fraction(share: float) -> str:
    """A Moodle answer fraction in percent, five decimals as Moodle writes them (``33.33333``)."""
    return f"{share * 100:.5f}".rstrip("0").rstrip(".")


def _text(parent: ET.Element, tag: str, text: str, text_format: str | None = None) -> ET.Element:
    """``<tag format=...><text>text</text></tag>``: Moodle's wrapper for every text."""
    element = ET.SubElement(parent, tag, {"format": text_format} if text_format else {})
    ET.SubElement(element, "text").text = text
    return element


def _answer(parent: ET.Element, fraction: str, text: str, text_format: str = "html") -> ET.Element:
    element = _text(parent, "answer", text, text_format)
    element.set("fraction", fraction)
    _text(element, "feedback", "", "html")
    return element


def _choices(
    element: ET.Element, values: list[tuple[str, float]], *, single: bool, shuffle: bool, numbering: str
) -> None:
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "true" if shuffle else "false"
    ET.SubElement(element, "answernumbering").text = numbering
    for text, share in values:
        _answer(element, _fraction(share), html.escape(text, quote=False))


def _body(element: ET.Element, item: LmsItem) -> None:
    """The elements of one question that hold its answers."""
    match item:
        case SingleChoice():
            values = [(option, 1.0 if n in item.right else 0.0) for n, option in enumerate(item.options)]
            # Numbered options (an article's sentences) keep their order: shuffled, they would not read as a text.
            numbering = "123" if item.numbered else "ABCD"
            _choices(element, values, single=True, shuffle=not item.numbered, numbering=numbering)
        case MultipleChoice():
            values = list(zip(item.options, item.shares, strict=True))
            _choices(element, values, single=False, shuffle=True, numbering="ABCD")
        case TrueFalse():
            _answer(element, "100" if item.answer else "0", "true", "moodle_auto_format")
            _answer(element, "0" if item.answer else "100", "false", "moodle_auto_format")
        case ShortText():
            ET.SubElement(element, "usecase").text = "0"
            for accepted in item.accepted:
                _answer(element, "100", moodle_short_answer(accepted), "moodle_auto_format")
        case Numerical():
            answer = _answer(element, "100", machine_number(item.answer), "moodle_auto_format")
            ET.SubElement(answer, "tolerance").text = machine_number(item.tolerance)
        case Matching():
            ET.SubElement(element, "shuffleanswers").text = "true"
            pairs = [*item.pairs, *(("", right) for right in item.distractors)]
            for left, right in pairs:
                # A blank left side is Moodle's extra right-hand answer that matches nothing.
                sub = _text(element, "subquestion", html.escape(left, quote=False), "html")
                answer = ET.SubElement(sub, "answer")
                ET.SubElement(answer, "text").text = right
        case Essay():
            _essay(element, item)
        case _:
            raise ValueError(f"Moodle XML cannot write a {type(item).__name__} item")


def _essay(element: ET.Element, item: Essay) -> None:
    """A plain-text essay with room for the answer, its word limit, and the rubric as the marker's information."""
    ET.SubElement(element, "responseformat").text = "plain"
    ET.SubElement(element, "responserequired").text = "1"
    ET.SubElement(element, "responsefieldlines").text = "10"
    ET.SubElement(element, "minwordlimit").text = ""
    ET.SubElement(element, "maxwordlimit").text = str(item.max_words) if item.max_words else ""
    ET.SubElement(element, "attachments").text = "0"
    ET.SubElement(element, "attachmentsrequired").text = "0"
    rubric = ET.Element("ul")
    for line in item.rubric:
        ET.SubElement(rubric, "li").text = line
    _text(element, "graderinfo", ET.tostring(rubric, encoding="unicode", method="html"), "html")
    _text(element, "responsetemplate", "", "html")


def moodle_question(question: Question, corpus: Corpus) -> ET.Element:
    """One ``<question>`` element: name, HTML prompt, general feedback, points and answers."""
    item = lms_item(question, corpus)
    element = ET.Element("question", {"type": MOODLE_TYPES[type(item)]})
    _text(element, "name", question.id)
    prompt = ET.Element("p")
    prompt.text = question.prompt
    _text(element, "questiontext", ET.tostring(prompt, encoding="unicode", method="html"), "html")
    _text(element, "generalfeedback", feedback_html(question, corpus), "html")
    ET.SubElement(element, "defaultgrade").text = machine_number(question.points)
    ET.SubElement(element, "idnumber").text = question.id
    _body(element, moodle_item(item))
    return element


def export_moodle_xml(bank: Bank, corpus: Corpus, options: ExportOptions) -> Exported:
    """The bank (or the chosen questions) as a Moodle XML ``<quiz>``, in a category named after the bank."""
    questions = select_questions(bank, options.questions)
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    _text(category, "category", f"$course$/top/{bank.id}")
    _text(category, "info", bank.title, "html")
    for question in questions:
        quiz.append(ET.Comment(f" {question.id} ({question.type}) "))
        quiz.append(moodle_question(question, corpus))
    ET.indent(quiz)
    data = legal_xml(ET.tostring(quiz, encoding="utf-8", xml_declaration=True)) + b"\n"
    notes = conversion_notes(questions, corpus, "Moodle XML", carries_points=True)
    return Exported(data, "application/xml", ".moodle.xml", notes)
