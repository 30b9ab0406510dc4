"""The LMS exports read back by code that is not quizapp's: the official IMS schemas and gift-pegjs.

Every file of the QTI 2.1 package validates against the IMS QTI 2.1 and Content Packaging XSDs, and
the QTI 1.2 file against the IMS QTI 1.2.1 DTD (``tests/exports/schemas``, with their licence).
gift-pegjs, a GIFT parser from npm, reads the GIFT file. Each is then compared question by question
with the bank: stem, choices, key, fractions, tolerance and, where the format holds them, points.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from quizapp.banks import parse_bank
from quizapp.exports import export
from quizapp.exports.lms import lms_item, moodle_item, moodle_short_answer
from quizapp.questions.lms_items import (
    Essay,
    Matching,
    MultipleChoice,
    Numerical,
    ShortText,
    SingleChoice,
    TrueFalse,
)
from tests.conftest import AP, ROOT

etree = pytest.importorskip("lxml.etree", reason="lxml (the test extra) validates the exports against the IMS schemas")

SCHEMAS = Path(__file__).parent / "schemas"
GIFT_READER = Path(__file__).parent / "read_gift.js"
QTI12_NS = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"

ELEVEN = [f"right {n}" for n in range(1, 12)]

# What each format must not misread: a choice that looks like a GIFT weight, short answers that look
# like a GIFT format or hold Moodle's wildcard, and a question whose share is not a Moodle grade.
TRICKY = f"""\
bank: tricky-texts
title: Texts an LMS reader could misread
questions:
  - id: percent-choice
    type: choice
    prompt: How many voters?
    choices: ['%50% of voters', '%-25% of voters', '[markdown] notes', '%100% of them']
    answer: '%100% of them'
    sources:
      - article: {AP}
        quote: Do not come, do not come.
    points: 2
  - id: marker-answers
    type: short
    prompt: Type a format marker.
    answers: ['[html] text', '[PLAIN]', '5*', 'a * b', '%50% of voters']
    sources:
      - article: {AP}
        quote: Do not come, do not come.
  - id: eleven-right
    type: multi
    prompt: Pick every right one.
    choices: {json.dumps([*ELEVEN, "wrong"])}
    answers: {json.dumps(ELEVEN)}
    sources:
      - article: {AP}
        quote: Do not come, do not come.
    points: 3
"""


@pytest.fixture(scope="module")
def tricky(corpus):
    bank, problems = parse_bank(TRICKY, "tricky.yaml", corpus)
    assert bank is not None, problems
    return bank


@pytest.fixture(scope="module")
def every_bank(banks, awkward, tricky):
    return [*banks, awkward, tricky]


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _schema(path: str):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / path)))


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


# -- QTI 2.1 -----------------------------------------------------------------------------------


def test_every_qti21_file_validates_against_the_ims_schemas(every_bank, corpus):
    qti, package = _schema("qtiv2p1/imsqti_v2p1.xsd"), _schema("imscp_v1p1.xsd")
    for bank in every_bank:
        for name, data in _unzip(export(bank, corpus, "qti").data).items():
            schema = package if name == "imsmanifest.xml" else qti
            assert schema.validate(etree.fromstring(data)), (bank.id, name, str(schema.error_log.last_error))


# -- QTI 1.2 for Canvas ------------------------------------------------------------------------


def _qti12(bank, corpus):
    files = _unzip(export(bank, corpus, "qti12").data)
    manifest = etree.fromstring(files.pop("imsmanifest.xml"))
    (name,) = files
    return manifest, name, files[name]


def _without_namespaces(data: bytes):
    """The document as the QTI 1.2 DTD knows it: the DTD predates XML namespaces, so it declares no
    ``xmlns`` or ``xsi:schemaLocation``; everything else is validated as written."""
    root = etree.fromstring(data)
    for element in root.iter():
        element.tag = etree.QName(element).localname
    for attribute in list(root.attrib):
        del root.attrib[attribute]
    etree.cleanup_namespaces(root)
    return root


def test_every_qti12_file_validates_against_the_ims_dtd_and_manifest_schema(every_bank, corpus):
    dtd = etree.DTD(str(SCHEMAS / "qtiv1p2/ims_qtiasiv1p2p1.dtd"))
    package = _schema("imscp_v1p1.xsd")
    for bank in every_bank:
        manifest, name, data = _qti12(bank, corpus)
        assert package.validate(manifest), (bank.id, str(package.error_log.last_error))
        hrefs = [f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}file")]
        assert hrefs == [name]
        assert dtd.validate(_without_namespaces(data)), (bank.id, str(dtd.error_log.filter_from_errors()[:3]))


def _texts(element) -> list[str]:
    return [m.text or "" for m in element.iter(f"{QTI12_NS}mattext")]


def _field(item, label: str) -> str:
    for field in item.iter(f"{QTI12_NS}qtimetadatafield"):
        if field.findtext(f"{QTI12_NS}fieldlabel") == label:
            return field.findtext(f"{QTI12_NS}fieldentry")
    raise AssertionError(f"no {label}")


def _scoring(item) -> list:
    """The conditions that set or add SCORE (the feedback condition sets nothing)."""
    return [c for c in item.iter(f"{QTI12_NS}respcondition") if c.find(f"{QTI12_NS}setvar") is not None]


CANVAS_TYPES = {
    SingleChoice: "multiple_choice_question",
    MultipleChoice: "multiple_answers_question",
    TrueFalse: "true_false_question",
    ShortText: "short_answer_question",
    Numerical: "numerical_question",
    Matching: "matching_question",
    Essay: "essay_question",
}


def test_qti12_reads_back_question_by_question(every_bank, corpus):
    for bank in every_bank:
        _, _, data = _qti12(bank, corpus)
        items = etree.fromstring(data).findall(f".//{QTI12_NS}item")
        assert [item.get("title") for item in items] == [q.id for q in bank.questions]
        for question, item in zip(bank.questions, items, strict=True):
            expected = lms_item(question, corpus)
            assert _field(item, "question_type") == CANVAS_TYPES[type(expected)]
            assert float(_field(item, "points_possible")) == question.points
            stem = item.find(f"{QTI12_NS}presentation/{QTI12_NS}material/{QTI12_NS}mattext")
            assert stem.get("texttype") == "text/html"
            assert html.unescape(re.sub("<[^>]+>", "", stem.text)) == question.prompt
            feedback = "".join(_texts(item.find(f"{QTI12_NS}itemfeedback[@ident='general_fb']")))
            assert "<blockquote>" in feedback  # the cited passage
            if question.explanation:
                assert html.escape(" ".join(question.explanation.split()), quote=False) in feedback
            _check_qti12_key(expected, item)


def _check_qti12_key(expected, item) -> None:
    labels = {
        label.get("ident"): "".join(_texts(label)) for label in item.iter(f"{QTI12_NS}response_label") if _texts(label)
    }
    scoring = _scoring(item)
    match expected:
        case SingleChoice():
            numbered = [f"{n}. {t}" if expected.numbered else t for n, t in enumerate(expected.options, 1)]
            assert list(labels.values()) == numbered
            right = [labels[c.findtext(f".//{QTI12_NS}varequal")] for c in scoring]
            assert right == [numbered[n] for n in expected.right]
            assert all(c.findtext(f"{QTI12_NS}setvar") == "100" for c in scoring)
        case MultipleChoice():
            assert list(labels.values()) == list(expected.options)
            (condition,) = scoring
            ticked = [
                labels[v.text] for v in condition.findall(f"{QTI12_NS}conditionvar/{QTI12_NS}and/{QTI12_NS}varequal")
            ]
            assert ticked == [expected.options[n] for n in expected.right]
            # Canvas's partial credit is quizapp's: each right pick 1/right, each wrong pick -1/right.
            assert all(_close(share, (1 if n in expected.right else -1) / len(expected.right))
                       for n, share in enumerate(expected.shares))  # fmt: skip
        case TrueFalse():
            (condition,) = scoring
            assert condition.findtext(f".//{QTI12_NS}varequal") == ("true" if expected.answer else "false")
        case ShortText():
            (condition,) = scoring
            assert [v.text for v in condition.iter(f"{QTI12_NS}varequal")] == list(expected.accepted)
        case Numerical():
            (condition,) = scoring
            assert float(condition.findtext(f".//{QTI12_NS}varequal")) == expected.answer
            if expected.tolerance:
                low, high = condition.findtext(f".//{QTI12_NS}vargte"), condition.findtext(f".//{QTI12_NS}varlte")
                assert _close(float(low), expected.answer - expected.tolerance)
                assert _close(float(high), expected.answer + expected.tolerance)
        case Essay():
            assert scoring == []  # marked by the teacher: a text box and no key
            assert item.find(f".//{QTI12_NS}response_str") is not None
        case Matching():
            responses = list(item.iter(f"{QTI12_NS}response_lid"))
            lefts = [r.findtext(f"{QTI12_NS}material/{QTI12_NS}mattext") for r in responses]
            assert lefts == [left for left, _ in expected.pairs]
            matched = {c.find(f".//{QTI12_NS}varequal").get("respident"): c for c in scoring}
            for response, (_, right) in zip(responses, expected.pairs, strict=True):
                condition = matched[response.get("ident")]
                options = {lab.get("ident"): "".join(_texts(lab)) for lab in response.iter(f"{QTI12_NS}response_label")}
                assert sorted(options.values()) == sorted(expected.rights)
                assert options[condition.findtext(f".//{QTI12_NS}varequal")] == right
                share = float(condition.findtext(f"{QTI12_NS}setvar"))  # percent, to 4 decimals
                assert abs(share - 100 / len(expected.pairs)) < 1e-3


# -- GIFT, read by gift-pegjs ------------------------------------------------------------------


def _gift_pegjs(data: bytes) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: gift-pegjs cannot read the GIFT export")
    if not (ROOT / "node_modules" / "gift-pegjs").is_dir():
        pytest.skip("gift-pegjs is not installed: run `npm ci` (package.json's devDependencies)")
    result = subprocess.run([node, str(GIFT_READER)], input=data, capture_output=True, check=True, timeout=60)  # noqa: S603
    return json.loads(result.stdout)


# gift-pegjs 1.0.2 replaces each escape with a marker while parsing and turns the markers back into
# characters in every text but a matching answer (its PlainText rule skips escapedCharacterDecode);
# this is its own table, applied where it forgets to. Moodle restores them everywhere.
_PEGJS_MARKERS = {"&&092;": "\\", "&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}",
                  "&&126;": "~", "&&010": "\n"}  # fmt: skip


def _pegjs_plain(text: str) -> str:
    return re.sub("|".join(map(re.escape, _PEGJS_MARKERS)), lambda m: _PEGJS_MARKERS[m.group()], text)


def _text(parsed: dict) -> str:
    """A gift-pegjs text as Moodle shows it: ``[html]`` texts are HTML."""
    return html.unescape(parsed["text"]) if parsed["format"] == "html" else parsed["text"]


def test_gift_pegjs_reads_back_every_question(every_bank, corpus):
    for bank in every_bank:
        parsed = _gift_pegjs(export(bank, corpus, "gift").data)
        category, *questions = parsed
        assert category == {"type": "Category", "title": bank.id}
        assert [q["title"] for q in questions] == [q.id for q in bank.questions]
        for question, entry in zip(bank.questions, questions, strict=True):
            assert entry["id"] == question.id  # Moodle's idnumber
            assert _text(entry["stem"]) == question.prompt
            if question.explanation:
                feedback = entry["globalFeedback"]["text"]
                assert html.escape(" ".join(question.explanation.split()), quote=False) in feedback
            _check_gift_key(moodle_item(lms_item(question, corpus)), entry)


def _check_gift_key(expected, entry: dict) -> None:
    match expected:
        case SingleChoice():
            assert entry["type"] == "MC"
            assert [_text(c["text"]) for c in entry["choices"]] == list(expected.options)
            assert [n for n, c in enumerate(entry["choices"]) if c["isCorrect"]] == list(expected.right)
            assert all(c["weight"] == 0 for c in entry["choices"] if not c["isCorrect"])
        case MultipleChoice():
            assert entry["type"] == "MC"
            assert [_text(c["text"]) for c in entry["choices"]] == list(expected.options)
            weights = [c["weight"] / 100 for c in entry["choices"]]
            assert all(abs(w - share) < 1e-5 for w, share in zip(weights, expected.shares, strict=True))
        case TrueFalse():
            assert entry["type"] == "TF" and entry["isTrue"] is expected.answer
        case ShortText():
            assert entry["type"] == "Short"
            assert [c["text"]["text"] for c in entry["choices"]] == [moodle_short_answer(a) for a in expected.accepted]
        case Numerical():
            assert entry["type"] == "Numerical"
            assert entry["choices"] == {"type": "range", "number": expected.answer, "range": expected.tolerance}
        case Matching():
            assert entry["type"] == "Matching"
            pairs = [(_text(p["subquestion"]), _pegjs_plain(p["subanswer"])) for p in entry["matchPairs"]]
            assert pairs == [*expected.pairs, *(("", right) for right in expected.distractors)]


# -- What the tricky bank must keep --------------------------------------------------------------


def test_tricky_texts_survive_every_reader(tricky, corpus):
    gift = {q["title"]: q for q in _gift_pegjs(export(tricky, corpus, "gift").data)}
    choices = gift["percent-choice"]["choices"]
    assert [_text(c["text"]) for c in choices] == [
        "%50% of voters",
        "%-25% of voters",
        "[markdown] notes",
        "%100% of them",
    ]
    assert [c["weight"] for c in choices] == [0, 0, 0, None]  # never read as a weight
    assert {c["text"]["format"] for c in choices} == {"html"}
    answers = [c["text"] for c in gift["marker-answers"]["choices"]]
    assert [a["text"] for a in answers] == ["[html] text", "[PLAIN]", "5\\*", "a \\* b", "%50% of voters"]
    assert [c["weight"] for c in gift["marker-answers"]["choices"]][-1] == 100  # not 50
    assert [a["format"] for a in answers[:2]] == ["moodle", "moodle"]  # the marker Moodle drops is ours
    _, _, moodle = export(tricky, corpus, "moodle-xml").data.partition(b"marker-answers")
    assert b"<text>5\\*</text>" in moodle and b"<text>a \\* b</text>" in moodle


def test_eleven_right_answers_round_to_moodle_grades_with_a_note(tricky, corpus):
    question = tricky.question("eleven-right")
    for fmt in ("gift", "moodle-xml"):
        result = export(tricky, corpus, fmt)
        note = next(n for n in result.notes if "eleven-right" in n and "grade" in n)
        assert "11 right answers worth 9.09 % each" in note and "rounds each to 10 %" in note
        assert "10 of the 11 right answers already earn full marks" in note
    moodle = etree.fromstring(export(tricky, corpus, "moodle-xml").data)
    (element,) = moodle.xpath("question[idnumber='eleven-right']")
    assert [a.get("fraction") for a in element.iter("answer")] == ["10"] * 11 + ["-10"]
    parsed = {q["title"]: q for q in _gift_pegjs(export(tricky, corpus, "gift").data)}
    assert {c["weight"] for c in parsed["eleven-right"]["choices"]} == {10, -10}
    # QTI keeps quizapp's exact shares: no note there.
    assert not any("eleven-right" in n for n in export(tricky, corpus, "qti").notes)
    assert question.points == 3
