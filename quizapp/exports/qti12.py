"""QTI 1.2 for Canvas: the package Canvas's "QTI .zip file" import reads natively (text2qti's target).

One ``questestinterop`` file holds the whole quiz as an ``assessment``; each question is an ``item``
whose metadata gives Canvas its question type (``multiple_choice_question``, ...) and its
``points_possible``. Canvas scores each type by its own rule, which the response processing
states in QTI's words: one ``respcondition`` per right choice for multiple choice; every right
choice and no wrong one for multiple answers (Canvas then gives (right - wrong) / right picks, floored
at 0: quizapp's own rule); one ``varequal`` per accepted short answer; a number equal to the key
``or`` within its margin; for matching, one drop-down per left item, each matched right a share.
The explanation and the cited passages are the general feedback (``general_fb``).

Each LMS item type is written by one function in :data:`ITEM_WRITERS`; a new type is one more.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from quizapp.banks.model import Bank, Question
from quizapp.corpus.articles import Corpus
from quizapp.exports.feedback import feedback_html
from quizapp.exports.layout import select_questions
from quizapp.exports.lms import conversion_notes, lms_item
from quizapp.exports.options import Exported, ExportOptions
from quizapp.exports.qti import IMSCP, IMSCP_XSD, XSI, xml_bytes, zip_package
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

QTI12 = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI12_XSD = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
RESPONSE = "response1"
GENERAL_FEEDBACK = "general_fb"


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs or {})
    if text is not None:
        element.text = text
    return element


def _material(parent: ET.Element, text: str, texttype: str = "text/plain") -> ET.Element:
    """``<material><mattext>``: HTML goes in as text (``text/html``), escaped once for XML."""
    material = _sub(parent, "material")
    _sub(material, "mattext", {"texttype": texttype}, text)
    return material


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    metadata = _sub(parent, "qtimetadata")
    for label, entry in fields.items():
        field = _sub(metadata, "qtimetadatafield")
        _sub(field, "fieldlabel", text=label)
        _sub(field, "fieldentry", text=entry)


class ItemXml:
    """One ``item`` as it is built: the presentation, then the response processing, then feedback."""

    def __init__(self, question: Question, question_type: str):
        self.question = question
        self.root = ET.Element("item", {"ident": f"item-{question.id}", "title": question.id})
        _metadata(
            _sub(self.root, "itemmetadata"),
            {"question_type": question_type, "points_possible": machine_number(question.points)},
        )
        self.presentation = _sub(self.root, "presentation")
        prompt = ET.Element("p")
        prompt.text = question.prompt
        _material(self.presentation, ET.tostring(prompt, encoding="unicode", method="html"), "text/html")
        self.processing = _sub(self.root, "resprocessing")
        outcomes = _sub(self.processing, "outcomes")
        _sub(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
        # Canvas shows the general feedback after every answer: a condition that always holds.
        always = _sub(self.processing, "respcondition", {"continue": "Yes"})
        _sub(_sub(always, "conditionvar"), "other")
        _sub(always, "displayfeedback", {"feedbacktype": "Response", "linkrefid": GENERAL_FEEDBACK})

    def choices(self, ident: str, cardinality: str, options: list[tuple[str, str]]) -> ET.Element:
        """A ``response_lid`` offering ``options`` (identifier, text)."""
        response = _sub(self.presentation, "response_lid", {"ident": ident, "rcardinality": cardinality})
        render = _sub(response, "render_choice")
        for identifier, text in options:
            _material(_sub(render, "response_label", {"ident": identifier}), text)
        return response

    def typed(self, fibtype: str) -> None:
        """A box to type in: ``response_str`` with ``render_fib`` of ``fibtype`` (String or Decimal)."""
        response = _sub(self.presentation, "response_str", {"ident": RESPONSE, "rcardinality": "Single"})
        _sub(_sub(response, "render_fib", {"fibtype": fibtype}), "response_label", {"ident": "answer1"})

    def condition(self, score: float, *, action: str = "Set", continues: bool = False) -> ET.Element:
        """A ``respcondition`` that sets (or adds) ``score`` percent; returns its ``conditionvar`` to fill."""
        respcondition = _sub(self.processing, "respcondition", {"continue": "Yes" if continues else "No"})
        conditionvar = _sub(respcondition, "conditionvar")
        _sub(respcondition, "setvar", {"action": action, "varname": "SCORE"}, _percent(score))
        return conditionvar


def _percent(share: float) -> str:
    return machine_number(round(share * 100, 4))


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{n}" for n in range(1, count + 1)]


def _single_choice(item: ItemXml, choice: SingleChoice) -> None:
    ids = _ids("C", len(choice.options))
    texts = [f"{n}. {text}" if choice.numbered else text for n, text in enumerate(choice.options, 1)]
    item.choices(RESPONSE, "Single", list(zip(ids, texts, strict=True)))
    for n in choice.right:  # several right sentences: each earns full credit
        _sub(item.condition(1.0), "varequal", {"respident": RESPONSE}, ids[n])


def _multiple_choice(item: ItemXml, choice: MultipleChoice) -> None:
    ids = _ids("C", len(choice.options))
    item.choices(RESPONSE, "Multiple", list(zip(ids, choice.options, strict=True)))
    # Canvas reads the key from this condition: every right option ticked and no wrong one.
    every = _sub(item.condition(1.0), "and")
    for identifier, share in zip(ids, choice.shares, strict=True):
        if share > 0:
            _sub(every, "varequal", {"respident": RESPONSE}, identifier)
        else:
            _sub(_sub(every, "not"), "varequal", {"respident": RESPONSE}, identifier)


def _true_false(item: ItemXml, truth: TrueFalse) -> None:
    item.choices(RESPONSE, "Single", [("true", "True"), ("false", "False")])
    _sub(item.condition(1.0), "varequal", {"respident": RESPONSE}, "true" if truth.answer else "false")


def _short_text(item: ItemXml, short: ShortText) -> None:
    item.typed("String")
    conditionvar = item.condition(1.0)
    for accepted in short.accepted:  # Canvas reads each varequal as one accepted answer
        _sub(conditionvar, "varequal", {"respident": RESPONSE}, accepted)


def _numerical(item: ItemXml, number: Numerical) -> None:
    item.typed("Decimal")
    conditionvar = item.condition(1.0)
    exact = machine_number(number.answer)
    if not number.tolerance:
        _sub(conditionvar, "varequal", {"respident": RESPONSE}, exact)
        return
    # Canvas's "exact answer with margin": the key, or anything from key - margin to key + margin.
    either = _sub(conditionvar, "or")
    _sub(either, "varequal", {"respident": RESPONSE}, exact)
    within = _sub(either, "and")
    _sub(within, "vargte", {"respident": RESPONSE}, machine_number(number.answer - number.tolerance))
    _sub(within, "varlte", {"respident": RESPONSE}, machine_number(number.answer + number.tolerance))


def _matching(item: ItemXml, matching: Matching) -> None:
    rights = dict(zip(matching.rights, _ids("R", len(matching.rights)), strict=True))
    options = [(identifier, text) for text, identifier in rights.items()]
    share = 1 / len(matching.pairs)
    for n, (left, right) in enumerate(matching.pairs, 1):
        ident = f"{RESPONSE}_L{n}"
        # One drop-down per left item, its text in front of the choices.
        response = item.choices(ident, "Single", options)
        response.insert(0, _left_material(left))
        _sub(item.condition(share, action="Add", continues=True), "varequal", {"respident": ident}, rights[right])


def _essay(item: ItemXml, essay: Essay) -> None:
    """Canvas's essay: a text box and no scoring condition (the teacher marks it; Canvas keeps no rubric)."""
    item.typed("String")


def _left_material(text: str) -> ET.Element:
    material = ET.Element("material")
    _sub(material, "mattext", {"texttype": "text/plain"}, text)
    return material


ItemWriter = Callable[[ItemXml, Any], None]

ITEM_WRITERS: dict[type[LmsItem], tuple[str, ItemWriter]] = {
    SingleChoice: ("multiple_choice_question", _single_choice),
    MultipleChoice: ("multiple_answers_question", _multiple_choice),
    TrueFalse: ("true_false_question", _true_false),
    ShortText: ("short_answer_question", _short_text),
    Numerical: ("numerical_question", _numerical),
    Matching: ("matching_question", _matching),
    Essay: ("essay_question", _essay),
}
"""Each LMS item type: Canvas's question type and the function that writes its presentation and scoring."""


def canvas_item(question: Question, corpus: Corpus) -> ET.Element:
    """One question as a QTI 1.2 ``item`` for Canvas, with its points and general feedback."""
    interaction = lms_item(question, corpus)
    try:
        question_type, write = ITEM_WRITERS[type(interaction)]
    except KeyError:
        raise ValueError(f"QTI 1.2 cannot write a {type(interaction).__name__} item") from None
    item = ItemXml(question, question_type)
    write(item, interaction)
    feedback = _sub(item.root, "itemfeedback", {"ident": GENERAL_FEEDBACK})
    _material(_sub(feedback, "flow_mat"), feedback_html(question, corpus), "text/html")
    return item.root


def assessment_file(bank: Bank, questions: tuple[Question, ...], corpus: Corpus) -> ET.Element:
    """``questestinterop`` holding the quiz: one assessment, one section, one item per question."""
    root = ET.Element("questestinterop", {"xmlns": QTI12, f"{{{XSI}}}schemaLocation": f"{QTI12} {QTI12_XSD}"})
    assessment = _sub(root, "assessment", {"ident": quiz_identifier(bank), "title": bank.title})
    _metadata(assessment, {"cc_maxattempts": "1"})
    section = _sub(assessment, "section", {"ident": "root_section"})
    for question in questions:
        section.append(canvas_item(question, corpus))
    return root


def quiz_identifier(bank: Bank) -> str:
    """The assessment's identifier, also its folder in the package."""
    return f"quiz-{bank.id}"


def manifest(bank: Bank) -> ET.Element:
    """imsmanifest.xml: one QTI 1.2 resource, the assessment file."""
    root = ET.Element(
        "manifest",
        {"identifier": f"manifest-{bank.id}", "xmlns": IMSCP, f"{{{XSI}}}schemaLocation": f"{IMSCP} {IMSCP_XSD}"},
    )
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", text="IMS Content")
    _sub(metadata, "schemaversion", text="1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    href = assessment_path(bank)
    resource = _sub(
        resources, "resource", {"identifier": quiz_identifier(bank), "type": "imsqti_xmlv1p2", "href": href}
    )
    _sub(resource, "file", {"href": href})
    return root


def assessment_path(bank: Bank) -> str:
    """Where the assessment file is in the package, as text2qti and Canvas's own export place it."""
    return f"{quiz_identifier(bank)}/{quiz_identifier(bank)}.xml"


def export_qti12(bank: Bank, corpus: Corpus, options: ExportOptions) -> Exported:
    """The bank (or the chosen questions) as a QTI 1.2 package for Canvas's quiz import (a zip)."""
    questions = select_questions(bank, options.questions)
    files = {
        "imsmanifest.xml": xml_bytes(manifest(bank)),
        assessment_path(bank): xml_bytes(assessment_file(bank, questions, corpus)),
    }
    notes = conversion_notes(questions, corpus, "QTI 1.2", carries_points=True, moodle=False)
    return Exported(zip_package(files), "application/zip", ".qti12.zip", notes)
