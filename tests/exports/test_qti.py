"""QTI 2.1: a well-formed package whose items, scored as a QTI player would, agree with quizapp's scorer."""

from __future__ import annotations

import io
import itertools
import posixpath
import xml.etree.ElementTree as ET
import zipfile

from quizapp.exports import ExportOptions, export
from quizapp.questions import (
    ChoiceQuestion,
    EvidenceQuestion,
    GridQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    ShortQuestion,
    SourceQuestion,
    TrueFalseQuestion,
)
from quizapp.questions.evidence import evidence_numbers, offered_sentences
from quizapp.questions.numeric import absolute_tolerance
from tests.exports.conftest import every_pick, parse_xml, quizapp_fraction

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
INTERACTIONS = {
    "choice": "choiceInteraction",
    "multi": "choiceInteraction",
    "source": "choiceInteraction",
    "evidence": "choiceInteraction",
    "truefalse": "choiceInteraction",
    "judge": "choiceInteraction",
    "short": "textEntryInteraction",
    "numeric": "textEntryInteraction",
    "match": "matchInteraction",
    "grid": "matchInteraction",
    "written": "extendedTextInteraction",
}


def _package(bank, corpus, options=None) -> dict[str, ET.Element]:
    data = export(bank, corpus, "qti", options or ExportOptions()).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: parse_xml(archive.read(name)) for name in archive.namelist()}


def _score(item: ET.Element, response) -> float:
    """SCORE after response processing as a share of the item's points (``normalMaximum``)."""
    points = float(item.find(f"{QTI}outcomeDeclaration[@identifier='SCORE']").get("normalMaximum"))
    return _raw_score(item, response) / points


def _raw_score(item: ET.Element, response) -> float:
    """SCORE after response processing, for the template and the tolerance rule quizapp writes."""
    declaration = item.find(f"{QTI}responseDeclaration")
    correct = [v.text for v in declaration.iter(f"{QTI}value")]
    processing = item.find(f"{QTI}responseProcessing")
    template = processing.get("template")
    if template == TEMPLATES + "map_response":
        if response is None or response == []:
            return 0.0
        mapping = declaration.find(f"{QTI}mapping")
        entries = {}
        for entry in mapping.findall(f"{QTI}mapEntry"):
            key = entry.get("mapKey") if entry.get("caseSensitive") == "true" else entry.get("mapKey").casefold()
            entries[key] = float(entry.get("mappedValue"))
        picks = {response} if isinstance(response, str) else set(response)
        if mapping.find(f"{QTI}mapEntry").get("caseSensitive") == "false":
            picks = {p.casefold() for p in picks}
        total = sum(entries.get(p, float(mapping.get("defaultValue"))) for p in picks)
        return min(float(mapping.get("upperBound")), max(float(mapping.get("lowerBound")), total))
    equal = processing.find(f".//{QTI}equal")
    assert template is None and equal is not None
    if response is None:
        return 0.0
    margin = float(equal.get("tolerance").split()[0]) if equal.get("toleranceMode") == "absolute" else 0.0
    earned = float(processing.find(f".//{QTI}responseIf//{QTI}baseValue").text)
    return earned if abs(response - float(correct[0])) <= margin + 1e-9 else 0.0


def resolve(base: str, href: str) -> str:
    """An href as qti-sdk and every QTI player resolve it: relative to the file that holds it."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), href))


def _choices(item: ET.Element, tag: str = "simpleChoice") -> dict[str, str]:
    return {c.get("identifier"): "".join(c.itertext()) for c in item.iter(f"{QTI}{tag}")}


def test_package_manifest_test_and_items_fit_together(banks, awkward, corpus):
    for bank in [*banks, awkward]:
        files = _package(bank, corpus)
        manifest = files["imsmanifest.xml"]
        assert manifest.tag == f"{CP}manifest"
        resources = manifest.findall(f"{CP}resources/{CP}resource")
        hrefs = {r.get("href") for r in resources}
        assert hrefs == set(files) - {"imsmanifest.xml"}
        (test_resource,) = [r for r in resources if r.get("type") == "imsqti_test_xmlv2p1"]
        items = [r for r in resources if r.get("type") == "imsqti_item_xmlv2p1"]
        assert len(items) == len(bank.questions)
        assert [d.get("identifierref") for d in test_resource.findall(f"{CP}dependency")] == [
            r.get("identifier") for r in items
        ]
        test_href = test_resource.get("href")
        test = files[test_href]
        assert test.tag == f"{QTI}assessmentTest" and test.get("title") == bank.title
        refs = test.findall(f".//{QTI}assessmentItemRef")
        items = [files[resolve(test_href, r.get("href"))] for r in refs]
        assert [item.get("title") for item in items] == [q.id for q in bank.questions]
        assert [r.get("identifier") for r in refs] == [item.get("identifier") for item in items]
        # Each item holds its own points; the test sums the items' scores without weights.
        maxima = [float(i.find(f"{QTI}outcomeDeclaration[@identifier='SCORE']").get("normalMaximum")) for i in items]
        assert maxima == [q.points for q in bank.questions]
        assert test.find(f".//{QTI}weight") is None
        total = test.find(f"{QTI}outcomeProcessing//{QTI}testVariables")
        assert total.get("variableIdentifier") == "SCORE" and total.get("weightIdentifier") is None


def test_items_hold_the_bank_key_and_score_as_quizapp_does(banks, awkward, corpus):
    for bank in [*banks, awkward]:
        files = _package(bank, corpus)
        for question in bank.questions:
            item = files[f"items/item-{question.id}.xml"]
            assert item.tag == f"{QTI}assessmentItem"
            assert item.find(f"{QTI}itemBody/{QTI}p").text == question.prompt
            assert item.find(f".//{QTI}{INTERACTIONS[question.type]}") is not None
            score = item.find(f"{QTI}outcomeDeclaration[@identifier='SCORE']")
            assert score is not None and score.get("baseType") == "float"
            assert float(score.get("normalMaximum")) == question.points and score.get("normalMinimum") == "0"
            feedback = item.find(f"{QTI}modalFeedback")
            assert feedback.get("outcomeIdentifier") == "FEEDBACK" and feedback.get("showHide") == "show"
            assert item.find(f"{QTI}outcomeDeclaration[@identifier='FEEDBACK']/{QTI}defaultValue/{QTI}value").text == (
                feedback.get("identifier")
            )
            if question.explanation:
                assert " ".join(question.explanation.split()) in " ".join("".join(feedback.itertext()).split())
            assert feedback.find(f".//{QTI}strong") is not None  # the quoted passage
            _check_key(question, item, corpus)


def _check_key(question, item, corpus) -> None:
    if isinstance(question, ChoiceQuestion | TrueFalseQuestion):
        choices = _choices(item)
        for identifier, text in choices.items():
            if isinstance(question, ChoiceQuestion):
                expected = quizapp_fraction(question, text)
            else:
                expected = quizapp_fraction(question, identifier)
            assert _score(item, identifier) == expected, (question.id, text)
    elif isinstance(question, MultiQuestion | SourceQuestion):
        choices = _choices(item)
        by_label = {text: identifier for identifier, text in choices.items()}
        for picks in every_pick(question.choices):
            labels = [corpus[p].label if isinstance(question, SourceQuestion) else p for p in picks]
            qti = _score(item, [by_label[label] for label in labels])
            assert abs(qti - quizapp_fraction(question, picks)) < 1e-6, (question.id, picks)
    elif isinstance(question, EvidenceQuestion):
        article = corpus[question.article]
        right = set(evidence_numbers(question, article))
        for n, span in enumerate(offered_sentences(question, article), 1):
            assert _score(item, f"S{n}") == (1.0 if n in right else 0.0) == quizapp_fraction(question, span)
    elif isinstance(question, ShortQuestion):
        for answer in question.answers:
            assert _score(item, answer) == _score(item, answer.upper()) == 1.0
        assert _score(item, "something else") == 0.0
    elif isinstance(question, NumericQuestion):
        margin = absolute_tolerance(question)
        for value in (question.answer, question.answer - margin, question.answer + margin):
            assert _score(item, value) == quizapp_fraction(question, value) == 1.0
        for value in (question.answer - margin - 1, question.answer + margin + 1):
            assert _score(item, value) == quizapp_fraction(question, value) == 0.0
    elif isinstance(question, MatchQuestion):
        ids = {text: identifier for identifier, text in _choices(item, "simpleAssociableChoice").items()}
        # Every way of matching each left to some right; quizapp rounds points to 6 decimals.
        for assignment in itertools.product(question.rights, repeat=len(question.pairs)):
            response = dict(zip([left for left, _ in question.pairs], assignment, strict=True))
            pairs = [f"{ids[left]} {ids[right]}" for left, right in response.items()]
            assert abs(_score(item, pairs) - quizapp_fraction(question, response)) < 1e-6
    elif isinstance(question, GridQuestion):
        ids = {text: identifier for identifier, text in _choices(item, "simpleAssociableChoice").items()}
        boxes = [f"{claim} \u2014 {corpus[article].label}" for claim, article in question.cells]
        assert set(boxes) <= set(ids) and {"Carries it", "Does not carry it"} <= set(ids)
        # Every grid a student could tick, answered box by box in the QTI item.
        for ticked in every_pick(question.cells):
            if not ticked:
                continue  # a blank grid is no answer: nothing earned either way
            response: dict[str, list[str]] = {}
            for claim, article in ticked:
                response.setdefault(claim, []).append(article)
            pairs = [
                f"{ids[box]} {ids['Carries it' if cell in ticked else 'Does not carry it']}"
                for box, cell in zip(boxes, question.cells, strict=True)
            ]
            assert abs(_score(item, pairs) - quizapp_fraction(question, response)) < 1e-6, (question.id, ticked)


def test_numeric_tolerance_rule_and_templates(awkward, corpus):
    files = _package(awkward, corpus)
    relative = files["items/item-relative-number.xml"]
    equal = relative.find(f".//{QTI}equal")
    assert equal.get("toleranceMode") == "absolute" and equal.get("tolerance") == "380 380"  # 2% of 19,000
    templates = {
        name: item.find(f"{QTI}responseProcessing").get("template")
        for name, item in files.items()
        if name.startswith("items/")
    }
    assert templates.pop("items/item-relative-number.xml") is None  # its own tolerance rule
    assert set(templates.values()) == {TEMPLATES + "map_response"}
    # The numeric item's rule gives its 1.5 points; the multi's mapping shares its 3 points.
    assert relative.find(f".//{QTI}responseIf//{QTI}baseValue").text == "1.5"
    mapping = files["items/item-special-multi.xml"].find(f".//{QTI}mapping")
    assert mapping.get("upperBound") == "3"
    assert sorted(float(e.get("mappedValue")) for e in mapping) == [-1.5, -1.5, 1.5, 1.5]


def test_awkward_text_survives(awkward, corpus):
    item = _package(awkward, corpus)["items/item-special-choice.xml"]
    assert sorted(_choices(item).values()) == sorted(awkward.question("special-choice").choices)


def test_same_bank_same_bytes(banks, corpus):
    assert export(banks[0], corpus, "qti").data == export(banks[0], corpus, "qti").data
