"""General feedback for LMS formats: the explanation and the cited passages, built as elements.

Moodle and QTI show the feedback after a student answers. It is built with ElementTree, never by
pasting strings, so a quote holding ``<`` or ``&`` stays text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quizapp.banks.model import Question
from quizapp.corpus.articles import Corpus
from quizapp.exports.answers import cited_passages


def feedback_element(question: Question, corpus: Corpus, *, namespace: str = "", mark: str = "mark") -> ET.Element:
    """A ``<div>`` holding the explanation, then each cited passage (marked with ``mark``) and its source.

    ``namespace`` is an ElementTree namespace prefix such as ``"{http://...}"`` for formats whose
    XHTML lives in their own namespace (QTI); ``mark`` names the highlighting element, since QTI's
    XHTML has no ``<mark>``.
    """

    def tag(name: str) -> str:
        return namespace + name

    div = ET.Element(tag("div"))
    if question.explanation:
        ET.SubElement(div, tag("p")).text = question.explanation
    for passage in cited_passages(question, corpus):
        quote = ET.SubElement(div, tag("blockquote"))
        for cited in passage.paragraphs:
            paragraph = ET.SubElement(quote, tag("p"))
            paragraph.text = ""
            last: ET.Element | None = None
            for text, is_marked in cited.parts:
                if is_marked:
                    last = ET.SubElement(paragraph, tag(mark))
                    last.text = text
                elif last is None:
                    paragraph.text += text
                else:
                    last.tail = (last.tail or "") + text
        source = ET.SubElement(div, tag("p"))
        source.text = "Source: "
        ET.SubElement(source, tag("cite")).text = passage.caption
    return div


def feedback_html(question: Question, corpus: Corpus) -> str:
    """The general feedback as an HTML fragment (for Moodle's ``format="html"`` texts)."""
    return ET.tostring(feedback_element(question, corpus), encoding="unicode", method="html")
