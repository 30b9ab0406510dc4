"""IMS QTI 2.1: a content package (zip) with one assessmentItem per question and an assessmentTest.

Each item scores 0 to its points (``SCORE``, ``normalMaximum`` = points) with the standard
``map_response`` template: the mapping gives each right answer its share of the points, so one
right answer, partial credit and several accepted answers are all the same rule. A numeric answer
within a tolerance needs its own rule, since no template compares with a tolerance. The test sums
the items' scores. The explanation and cited passages are modal feedback, shown after every
attempt because the FEEDBACK outcome starts as ``general`` and no template changes it.

The test sits in ``tests/`` and the items in ``items/``, so the test refers to each item as
``../items/item-<id>.xml``: an href is resolved against the file that holds it.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from quizapp.banks.model import Bank, Question
from quizapp.corpus.articles import Corpus
from quizapp.exports.feedback import feedback_element
from quizapp.exports.layout import select_questions
from quizapp.exports.lms import conversion_notes, lms_item
from quizapp.exports.options import Exported, ExportOptions
from quizapp.exports.xml_chars import legal_xml
from quizapp.questions.lms_items import (
    Essay,
    Matching,
    MultipleChoice,
    Numerical,
    ShortText,
    SingleChoice,
    TrueFalse,
)
from quizapp.questions.wording import machine_number

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
IMSCP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
MAP_RESPONSE = TEMPLATES + "map_response"

# Elements are written unqualified under an xmlns attribute on each root: ElementTree cannot write a
# default namespace when attributes are unqualified, and registering one would change how every other
# ElementTree user in the process writes that namespace. Parsed back, the elements are in QTI's namespace.

# A fixed timestamp for every zip entry, so that the same bank gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs or {})
    if text is not None:
        element.text = text
    return element


def item_identifier(question: Question) -> str:
    """A QTI identifier for a question (an XML name may not start with a digit, as an id may)."""
    return f"item-{question.id}"


def item_path(question: Question) -> str:
    """Where a question's item file is in the package, from its root."""
    return f"items/{item_identifier(question)}.xml"


def assessment_test_path(bank: Bank) -> str:
    """Where the test file is in the package, from its root."""
    return f"tests/test-{bank.id}.xml"


class _Item:
    """Builds one assessmentItem: declarations first, then the body, processing and feedback."""

    def __init__(self, question: Question, corpus: Corpus):
        self.question = question
        self.corpus = corpus
        self.root = ET.Element(
            "assessmentItem",
            {
                "identifier": item_identifier(question),
                "title": question.id,
                "adaptive": "false",
                "timeDependent": "false",
                "xmlns": QTI,
                f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
            },
        )

    def response(self, cardinality: str, base_type: str, correct: list[str]) -> ET.Element:
        declaration = _sub(
            self.root,
            "responseDeclaration",
            {"identifier": "RESPONSE", "cardinality": cardinality, "baseType": base_type},
        )
        values = _sub(declaration, "correctResponse")
        for value in correct:
            _sub(values, "value", text=value)
        return declaration

    def mapping(
        self, declaration: ET.Element, entries: list[tuple[str, float]], *, case_sensitive: bool = True
    ) -> None:
        """Each key's share of the points (``entries`` give shares of 1); the sum bounded by 0 and the points."""
        points = self.question.points
        mapping = _sub(declaration, "mapping", {"lowerBound": "0", "upperBound": _number(points), "defaultValue": "0"})
        for key, share in entries:
            attrs = {"mapKey": key, "mappedValue": _number(share * points)}
            attrs["caseSensitive"] = "true" if case_sensitive else "false"
            _sub(mapping, "mapEntry", attrs)

    def outcomes(self) -> None:
        score = _sub(
            self.root,
            "outcomeDeclaration",
            {
                "identifier": "SCORE",
                "cardinality": "single",
                "baseType": "float",
                "normalMaximum": _number(self.question.points),
                "normalMinimum": "0",
            },
        )
        _sub(_sub(score, "defaultValue"), "value", text="0")
        feedback = _sub(
            self.root,
            "outcomeDeclaration",
            {"identifier": "FEEDBACK", "cardinality": "single", "baseType": "identifier"},
        )
        _sub(_sub(feedback, "defaultValue"), "value", text="general")

    def body(self) -> ET.Element:
        body = _sub(self.root, "itemBody")
        _sub(body, "p", text=self.question.prompt)
        return body

    def choices(self, body: ET.Element, labels: list[tuple[str, str]], *, max_choices: int, shuffle: bool) -> None:
        attrs = {"responseIdentifier": "RESPONSE", "shuffle": "true" if shuffle else "false"}
        attrs["maxChoices"] = str(max_choices)
        interaction = _sub(body, "choiceInteraction", attrs)
        for identifier, text in labels:
            _sub(interaction, "simpleChoice", {"identifier": identifier}, text)

    def processing(self, template: str | None) -> ET.Element:
        return _sub(self.root, "responseProcessing", {"template": template} if template else {})

    def modal_feedback(self) -> None:
        feedback = _sub(
            self.root,
            "modalFeedback",
            {"outcomeIdentifier": "FEEDBACK", "identifier": "general", "showHide": "show", "title": "Explanation"},
        )
        # QTI's XHTML has no <mark>: the quoted passage is <strong>.
        for child in feedback_element(self.question, self.corpus, mark="strong"):
            feedback.append(child)


def _number(value: float) -> str:
    """A QTI float: ``2``, ``0.5``, ``0.3333333333333333`` (every digit, so that shares add up to the points)."""
    return repr(float(value)).removesuffix(".0")


def _identifiers(prefix: str, count: int) -> list[str]:
    """QTI identifiers for ``count`` options in order: ``C1``, ``C2``, ..."""
    return [f"{prefix}{n}" for n in range(1, count + 1)]


def _choice_ids(values: tuple[str, ...], prefix: str) -> dict[str, str]:
    """Each text's identifier, by its position."""
    return dict(zip(values, _identifiers(prefix, len(values)), strict=True))


def assessment_item(question: Question, corpus: Corpus) -> ET.Element:
    """One question as a QTI 2.1 assessmentItem element (a grid as a matching item, one pair per box)."""
    item = _Item(question, corpus)
    interaction = lms_item(question, corpus)
    template: str | None = MAP_RESPONSE
    match interaction:
        case SingleChoice(numbered=True):
            # An article's sentences, in order and numbered; any sentence overlapping the key is
            # right, so each right one gets full credit in a mapping.
            ids = _identifiers("S", len(interaction.options))
            declaration = item.response("single", "identifier", [ids[interaction.right[0]]])
            item.mapping(declaration, [(ids[n], 1.0) for n in interaction.right])
            item.outcomes()
            labels = [(ids[n], f"{n + 1}. {text}") for n, text in enumerate(interaction.options)]
            item.choices(item.body(), labels, max_choices=1, shuffle=False)
        case SingleChoice():
            ids = _identifiers("C", len(interaction.options))
            declaration = item.response("single", "identifier", [ids[interaction.right[0]]])
            item.mapping(declaration, [(ids[n], 1.0) for n in interaction.right])
            item.outcomes()
            item.choices(item.body(), list(zip(ids, interaction.options, strict=True)), max_choices=1, shuffle=True)
        case MultipleChoice():
            ids = _identifiers("C", len(interaction.options))
            declaration = item.response("multiple", "identifier", [ids[n] for n in interaction.right])
            item.mapping(declaration, list(zip(ids, interaction.shares, strict=True)))
            item.outcomes()
            item.choices(item.body(), list(zip(ids, interaction.options, strict=True)), max_choices=0, shuffle=True)
        case TrueFalse():
            right = "true" if interaction.answer else "false"
            item.mapping(item.response("single", "identifier", [right]), [(right, 1.0)])
            item.outcomes()
            item.choices(item.body(), [("true", "True"), ("false", "False")], max_choices=1, shuffle=False)
        case ShortText():
            declaration = item.response("single", "string", [interaction.accepted[0]])
            item.mapping(declaration, [(answer, 1.0) for answer in interaction.accepted], case_sensitive=False)
            item.outcomes()
            line = _sub(item.body(), "p", text="Answer: ")
            _sub(line, "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "40"})
        case Numerical():
            item.response("single", "float", [machine_number(interaction.answer)])
            item.outcomes()
            line = _sub(item.body(), "p", text="Answer: ")
            _sub(line, "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "12"})
            template = None
        case Matching():
            _matching(item, interaction)
        case Essay():
            _essay(item, interaction)
            template = None  # marked by hand: no rule sets SCORE
        case _:
            raise ValueError(f"QTI cannot write a {type(interaction).__name__} item")
    processing = item.processing(template)
    if isinstance(interaction, Numerical):
        _tolerance_rule(processing, interaction, question.points)
    item.modal_feedback()
    return item.root


def _matching(item: _Item, interaction: Matching) -> None:
    """A matchInteraction: each left item to one right item, every pair matched right an equal share."""
    lefts = _choice_ids(tuple(left for left, _ in interaction.pairs), "L")
    rights = _choice_ids(interaction.rights, "R")
    pairs = [f"{lefts[left]} {rights[right]}" for left, right in interaction.pairs]
    declaration = item.response("multiple", "directedPair", pairs)
    item.mapping(declaration, [(pair, 1 / len(pairs)) for pair in pairs])
    item.outcomes()
    match_interaction = _sub(
        item.body(),
        "matchInteraction",
        {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxAssociations": str(len(pairs))},
    )
    left_set = _sub(match_interaction, "simpleMatchSet")
    for left, identifier in lefts.items():
        _sub(left_set, "simpleAssociableChoice", {"identifier": identifier, "matchMax": "1"}, left)
    right_set = _sub(match_interaction, "simpleMatchSet")
    for right, identifier in rights.items():
        _sub(right_set, "simpleAssociableChoice", {"identifier": identifier, "matchMax": str(len(lefts))}, right)


def _essay(item: _Item, interaction: Essay) -> None:
    """An extendedTextInteraction marked by hand; the rubric is a rubricBlock only scorers see."""
    _sub(item.root, "responseDeclaration", {"identifier": "RESPONSE", "cardinality": "single", "baseType": "string"})
    item.outcomes()
    body = item.body()
    rubric = _sub(body, "rubricBlock", {"view": "scorer"})
    levels = _sub(rubric, "ul")
    for line in interaction.rubric:
        _sub(levels, "li", text=line)
    attrs = {"responseIdentifier": "RESPONSE", "expectedLines": "10"}
    if interaction.max_words:
        attrs["expectedLength"] = str(interaction.max_words * 6)  # characters: about six a word, space included
    _sub(body, "extendedTextInteraction", attrs)


def _tolerance_rule(processing: ET.Element, interaction: Numerical, points: float) -> None:
    """SCORE the points when the response is within the tolerance of the key, else 0 (a missing answer is 0)."""
    condition = _sub(processing, "responseCondition")
    branch = _sub(condition, "responseIf")
    if interaction.tolerance:
        # The same margin below and above the key; a relative tolerance was converted to this margin.
        margin = machine_number(interaction.tolerance)
        equal = _sub(branch, "equal", {"toleranceMode": "absolute", "tolerance": f"{margin} {margin}"})
    else:
        equal = _sub(branch, "equal", {"toleranceMode": "exact"})
    _sub(equal, "variable", {"identifier": "RESPONSE"})
    _sub(equal, "correct", {"identifier": "RESPONSE"})
    _sub(_sub(branch, "setOutcomeValue", {"identifier": "SCORE"}), "baseValue", {"baseType": "float"}, _number(points))
    otherwise = _sub(condition, "responseElse")
    _sub(_sub(otherwise, "setOutcomeValue", {"identifier": "SCORE"}), "baseValue", {"baseType": "float"}, "0")


def assessment_test(bank: Bank, questions: tuple[Question, ...]) -> ET.Element:
    """The test: one section holding every item; SCORE is the sum of the items' scores, each out of its points."""
    test = ET.Element(
        "assessmentTest",
        {
            "identifier": f"test-{bank.id}",
            "title": bank.title,
            "xmlns": QTI,
            f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
        },
    )
    score = _sub(test, "outcomeDeclaration", {"identifier": "SCORE", "cardinality": "single", "baseType": "float"})
    _sub(_sub(score, "defaultValue"), "value", text="0")
    part = _sub(
        test, "testPart", {"identifier": "part-1", "navigationMode": "nonlinear", "submissionMode": "simultaneous"}
    )
    section = _sub(part, "assessmentSection", {"identifier": "section-1", "title": bank.title, "visible": "true"})
    for question in questions:
        # Relative to the test file in tests/, not to the package root.
        href = f"../{item_path(question)}"
        _sub(section, "assessmentItemRef", {"identifier": item_identifier(question), "href": href})
    processing = _sub(test, "outcomeProcessing")
    total = _sub(_sub(processing, "setOutcomeValue", {"identifier": "SCORE"}), "sum")
    _sub(total, "testVariables", {"variableIdentifier": "SCORE"})
    return test


def manifest(bank: Bank, questions: tuple[Question, ...]) -> ET.Element:
    """imsmanifest.xml: one resource per item and one for the test, which depends on them all."""
    root = ET.Element(
        "manifest",
        {"identifier": f"manifest-{bank.id}", "xmlns": IMSCP, f"{{{XSI}}}schemaLocation": f"{IMSCP} {IMSCP_XSD}"},
    )
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "QTIv2.1 Package"
    ET.SubElement(metadata, "schemaversion").text = "1.0.0"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    test_href = assessment_test_path(bank)
    test = ET.SubElement(
        resources, "resource", {"identifier": f"test-{bank.id}", "type": "imsqti_test_xmlv2p1", "href": test_href}
    )
    ET.SubElement(test, "file", {"href": test_href})
    for question in questions:
        ET.SubElement(test, "dependency", {"identifierref": item_identifier(question)})
    for question in questions:
        href = item_path(question)
        resource = ET.SubElement(
            resources,
            "resource",
            {"identifier": item_identifier(question), "type": "imsqti_item_xmlv2p1", "href": href},
        )
        ET.SubElement(resource, "file", {"href": href})
    return root


def xml_bytes(root: ET.Element) -> bytes:
    """An XML file's bytes: indented, with its declaration, without the characters XML 1.0 forbids."""
    ET.indent(root)
    return legal_xml(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def export_qti(bank: Bank, corpus: Corpus, options: ExportOptions) -> Exported:
    """The bank (or the chosen questions) as a QTI 2.1 content package (a zip)."""
    questions = select_questions(bank, options.questions)
    files = {"imsmanifest.xml": xml_bytes(manifest(bank, questions))}
    files[assessment_test_path(bank)] = xml_bytes(assessment_test(bank, questions))
    for question in questions:
        files[item_path(question)] = xml_bytes(assessment_item(question, corpus))
    notes = conversion_notes(questions, corpus, "QTI", carries_points=True, moodle=False)
    return Exported(zip_package(files), "application/zip", ".qti.zip", notes)


def zip_package(files: dict[str, bytes]) -> bytes:
    """A content package: ``files`` (path in the package, bytes) zipped in order, the same bytes every time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
