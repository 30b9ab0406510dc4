"""Written questions in LMS files: GIFT's empty braces, Moodle's essay with the rubric, QTI's extendedText."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from quizapp.banks import Bank, load_banks
from quizapp.corpus import Corpus
from quizapp.exports import ExportOptions, export
from quizapp.questions import WrittenQuestion
from tests.conftest import QUESTIONS
from tests.exports.conftest import parse_xml

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


@pytest.fixture(scope="module")
def written_bank(corpus: Corpus) -> Bank:
    banks = load_banks([QUESTIONS], corpus)
    questions = [q for bank in banks for q in bank.questions if isinstance(q, WrittenQuestion)]
    return Bank(id="written", title="Written", questions=tuple(questions))


def test_gift_writes_each_written_question_as_an_essay(written_bank: Bank, corpus: Corpus) -> None:
    exported = export(written_bank, corpus, "gift", ExportOptions())
    assert any(note.startswith("GIFT: essays (who-says-so,") and "no rubric" in note for note in exported.notes)
    text = exported.data.decode("utf-8")
    for question in written_bank.questions:
        block = text.split(f"::{question.id}::", 1)[1].split("\n}", 1)[0]
        lines = block.split("{", 1)[1].strip().splitlines()
        assert all(line.strip().startswith("####") for line in lines), lines  # feedback only: an essay


def test_moodle_xml_gives_the_marker_the_rubric_and_the_word_limit(written_bank: Bank, corpus: Corpus) -> None:
    root = parse_xml(export(written_bank, corpus, "moodle-xml", ExportOptions()).data)
    essays = root.findall("question[@type='essay']")
    assert len(essays) == len(written_bank.questions)
    for element, question in zip(essays, written_bank.questions, strict=True):
        assert element.findtext("responseformat") == "plain"
        assert element.findtext("maxwordlimit") == str(question.max_words)
        info = element.findtext("graderinfo/text") or ""
        for level in question.rubric:
            assert level.label in info
        assert element.findtext("defaultgrade") == f"{question.points:g}"


def test_qti_writes_an_extended_text_interaction_scored_by_hand(written_bank: Bank, corpus: Corpus) -> None:
    package = zipfile.ZipFile(BytesIO(export(written_bank, corpus, "qti", ExportOptions()).data))
    for question in written_bank.questions:
        (name,) = [name for name in package.namelist() if name.endswith(f"item-{question.id}.xml")]
        item = parse_xml(package.read(name))
        interaction = item.find(f".//{QTI}extendedTextInteraction")
        assert interaction is not None and interaction.get("responseIdentifier") == "RESPONSE"
        declaration = item.find(f"{QTI}responseDeclaration")
        assert declaration is not None and declaration.get("baseType") == "string"
        assert declaration.find(f"{QTI}correctResponse") is None  # no key: a teacher marks it
        rubric = item.find(f".//{QTI}rubricBlock")
        assert rubric is not None and rubric.get("view") == "scorer"
        assert [li.text for li in rubric.iter(f"{QTI}li")][0].startswith(question.rubric[0].label)
        processing = item.find(f"{QTI}responseProcessing")
        assert processing is None or len(processing) == 0
