"""Moodle XML: well-formed, one <question> per question, and the key and points exactly as in the bank."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from quizapp.exports import ExportOptions, export
from quizapp.questions import (
    ChoiceQuestion,
    EvidenceQuestion,
    GridQuestion,
    JudgeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    ShortQuestion,
    SourceQuestion,
    TrueFalseQuestion,
)
from quizapp.questions.evidence import evidence_numbers, sentence_texts
from quizapp.questions.numeric import absolute_tolerance
from tests.exports.conftest import every_pick, parse_xml, quizapp_fraction

EXPECTED_TYPES = {
    "choice": "multichoice",
    "multi": "multichoice",
    "source": "multichoice",
    "evidence": "multichoice",
    "truefalse": "truefalse",
    "judge": "truefalse",
    "short": "shortanswer",
    "numeric": "numerical",
    "match": "matching",
    "grid": "matching",
    "written": "essay",
}


def _quiz(bank, corpus) -> ET.Element:
    data = export(bank, corpus, "moodle-xml").data
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return parse_xml(data)


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    assert found is not None, path
    return found.text or ""


def _answers(element: ET.Element) -> list[tuple[float, str]]:
    return [(float(a.get("fraction")), html.unescape(_text(a, "text"))) for a in element.findall("answer")]


def test_every_question_with_its_key_and_points(banks, awkward, corpus):
    for bank in [*banks, awkward]:
        quiz = _quiz(bank, corpus)
        assert quiz.tag == "quiz"
        category, *questions = quiz.findall("question")
        assert category.get("type") == "category" and _text(category, "category/text").endswith(bank.id)
        assert [_text(q, "name/text") for q in questions] == [q.id for q in bank.questions]
        for question, element in zip(bank.questions, questions, strict=True):
            assert element.get("type") == EXPECTED_TYPES[question.type]
            assert float(_text(element, "defaultgrade")) == question.points
            assert element.find("questiontext").get("format") == "html"
            assert html.unescape(_text(element, "questiontext/text")) == f"<p>{question.prompt}</p>"
            feedback = _text(element, "generalfeedback/text")
            assert "<mark>" in feedback  # the cited passage, highlighted
            if question.explanation:
                assert html.escape(" ".join(question.explanation.split()), quote=False) in feedback
            answers = _answers(element)
            if isinstance(question, ChoiceQuestion):
                assert _text(element, "single") == "true"
                assert answers == [(100.0 if c == question.answer else 0.0, c) for c in question.choices]
            elif isinstance(question, MultiQuestion | SourceQuestion):
                assert _text(element, "single") == "false"
                labels = [corpus[c].label if isinstance(question, SourceQuestion) else c for c in question.choices]
                assert [text for _, text in answers] == labels
                weights = dict(zip(question.choices, [f for f, _ in answers], strict=True))
                for picks in every_pick(question.choices):
                    moodle = min(1.0, max(0.0, sum(weights[p] for p in picks) / 100))
                    assert abs(moodle - quizapp_fraction(question, picks)) < 1e-4, (question.id, picks)
            elif isinstance(question, EvidenceQuestion):
                article = corpus[question.article]
                assert _text(element, "shuffleanswers") == "false"  # an article is read in order
                assert [text for _, text in answers] == list(sentence_texts(question, article))
                right = {n for n, (fraction, _) in enumerate(answers, 1) if fraction == 100}
                assert right == set(evidence_numbers(question, article))
            elif isinstance(question, TrueFalseQuestion):
                assert dict((text, f) for f, text in answers) == {
                    "true": 100.0 if question.answer else 0.0,
                    "false": 0.0 if question.answer else 100.0,
                }
            elif isinstance(question, JudgeQuestion):  # "true": the statement is accurate
                assert dict((text, f) for f, text in answers) == {
                    "true": 0.0 if question.distorted else 100.0,
                    "false": 100.0 if question.distorted else 0.0,
                }
            elif isinstance(question, ShortQuestion):
                assert answers == [(100.0, a) for a in question.answers]
                assert _text(element, "usecase") == "0"
            elif isinstance(question, NumericQuestion):
                (answer,) = element.findall("answer")
                assert float(_text(answer, "text")) == question.answer
                assert abs(float(_text(answer, "tolerance")) - absolute_tolerance(question)) < 1e-9
            elif isinstance(question, MatchQuestion):
                pairs = [
                    (html.unescape(_text(sub, "text")), _text(sub, "answer/text"))
                    for sub in element.findall("subquestion")
                ]
                assert pairs == [*question.pairs, *(("", right) for right in question.distractors)]
            elif isinstance(question, GridQuestion):
                _check_grid(question, element, corpus)


def _check_grid(question: GridQuestion, element: ET.Element, corpus) -> None:
    """One matching item per box; Moodle's share of items matched right is quizapp's share of boxes right."""
    subs = [(html.unescape(_text(sub, "text")), _text(sub, "answer/text")) for sub in element.findall("subquestion")]
    boxes = [(left, right) for left, right in subs if left]
    assert [left for left, _ in boxes] == [f"{claim} \u2014 {corpus[a].label}" for claim, a in question.cells]
    assert {right for _, right in subs} == {"Carries it", "Does not carry it"}  # both always offered
    key = dict(boxes)
    for ticked in every_pick(question.cells):
        if not ticked:
            continue  # a blank grid earns nothing in quizapp; in Moodle every item left unmatched is wrong too
        response: dict[str, list[str]] = {}
        for claim, article in ticked:
            response.setdefault(claim, []).append(article)
        chosen = {
            f"{claim} \u2014 {corpus[a].label}": "Carries it" if (claim, a) in ticked else "Does not carry it"
            for claim, a in question.cells
        }
        moodle = sum(chosen[left] == right for left, right in key.items()) / len(key)
        assert abs(moodle - quizapp_fraction(question, response)) < 1e-6, (question.id, ticked)


def test_relative_tolerance_becomes_absolute(awkward, corpus):
    questions = _quiz(awkward, corpus).findall("question")[1:]  # after the category
    element = next(q for q in questions if _text(q, "name/text") == "relative-number")
    assert _text(element, "answer/tolerance") == "380"  # 2% of 19,000


def test_awkward_text_is_escaped_once_for_xml_and_once_for_html(awkward, corpus):
    data = export(awkward, corpus, "moodle-xml").data.decode("utf-8")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" not in data  # that would show tags as text in Moodle
    assert "&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt; &amp;amp; more" in data
    assert "<b>" not in data


def test_selection_and_determinism(banks, corpus):
    bank = banks[2]
    ids = (bank.questions[5].id,)
    assert export(bank, corpus, "moodle-xml").data == export(bank, corpus, "moodle-xml").data
    quiz = parse_xml(export(bank, corpus, "moodle-xml", ExportOptions(questions=ids)).data)
    assert [_text(q, "name/text") for q in quiz.findall("question")[1:]] == list(ids)
