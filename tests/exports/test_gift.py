"""GIFT: escaping that Moodle's reader undoes exactly, and every question with the right answer marks."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from quizapp.exports import ExportOptions, export, gift_escape, gift_unescape
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
    WrittenQuestion,
)
from quizapp.questions.evidence import evidence_numbers, sentence_texts
from quizapp.questions.numeric import absolute_tolerance
from tests.exports.conftest import every_pick, quizapp_fraction

CONTROL = "~=#{}:"


def moodle_unescape(text: str) -> str:
    """Moodle's own two steps (qformat_gift): escaped characters become stand-in markers before parsing
    and come back afterwards. Fails if a control character is left unescaped, which would break the parse."""
    text = text.replace("\\\\", "\x00")
    for char in CONTROL:
        text = text.replace("\\" + char, f"\x01{ord(char)}\x02")
    text = text.replace("\\n", "\x03")
    leftover = [c for c in text if c in CONTROL]
    assert not leftover, f"unescaped GIFT control characters {leftover} in {text!r}"
    text = text.replace("\x00", "\\").replace("\x03", "\n")
    return re.sub("\x01(\\d+)\x02", lambda m: chr(int(m.group(1))), text)


def parse_gift(text: str) -> dict[str, dict]:
    """A small GIFT reader for the subset quizapp writes: name, prompt, one answer per line, feedback."""
    questions = {}
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("//") and not line.startswith("$CATEGORY")]
        if not lines:
            continue
        head = re.fullmatch(r"::(.+?)::\[html\](.*) \{", lines[0])
        assert head, lines[0]
        assert lines[-1] == "}"
        answers, feedback = [], None
        for line in lines[1:-1]:
            line = line.strip()
            if line.startswith("####"):
                feedback = moodle_unescape(line[4:])
            else:
                answers.append(line)
        questions[moodle_unescape(head.group(1))] = {
            "prompt": html.unescape(moodle_unescape(head.group(2))),
            "answers": answers,
            "feedback": feedback,
        }
    return questions


def split_answer(line: str) -> tuple[str, float | None, str]:
    """("=" or "~", weight in percent or None, text as Moodle reads it)."""
    mark, rest = line[0], line[1:]
    weight = None
    found = re.match(r"%(-?[0-9.]+)%", rest)
    if found:
        weight, rest = float(found.group(1)), rest[found.end() :]
    return mark, weight, moodle_unescape(rest)


def test_every_control_character_round_trips():
    text = "a ~ b = c # d { e } f : g \\ h\nnext line \\n not a newline"
    escaped = gift_escape(text)
    assert escaped == "a \\~ b \\= c \\# d \\{ e \\} f \\: g \\\\ h\\nnext line \\\\n not a newline"
    assert gift_unescape(escaped) == text
    assert moodle_unescape(escaped) == text


# Carriage returns become line breaks on the way out; \x00-\x03 are this test's own stand-in markers.
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00\x01\x02\x03")))
def test_escape_then_unescape_is_the_identity(text):
    escaped = gift_escape(text)
    assert "\n" not in escaped  # a GIFT question is one paragraph: a blank line would end it
    assert gift_unescape(escaped) == text
    assert moodle_unescape(escaped) == text


def test_awkward_texts_arrive_intact(awkward, corpus):
    parsed = parse_gift(export(awkward, corpus, "gift").data.decode("utf-8"))
    choice = parsed["special-choice"]
    assert choice["prompt"] == awkward.question("special-choice").prompt
    texts = [html.unescape(split_answer(line)[2]) for line in choice["answers"]]
    assert texts == list(awkward.question("special-choice").choices)
    assert "Escaped: ~ = # { } : \\ and &lt;mark&gt; &amp;" in choice["feedback"]
    pairs = [line for line in parsed["pairs"]["answers"]]
    assert [moodle_unescape(p[1:]).split(" -> ", 1) for p in pairs] == [
        [html.escape("left ~ one"), "right = one"],
        ["left # two", "right {two}"],
        ["left : three", "right \\ three"],
        ["", "spare -> one"],
    ]


def test_every_question_has_its_answer_marks(banks, awkward, corpus):
    for bank in [*banks, awkward]:
        text = export(bank, corpus, "gift").data.decode("utf-8")
        parsed = parse_gift(text)
        assert list(parsed) == [q.id for q in bank.questions]
        for question in bank.questions:
            entry = parsed[question.id]
            assert entry["prompt"] == question.prompt
            marked = entry["answers"] and entry["answers"][0][0] in "=~"  # an essay has no answer lines at all
            answers = [split_answer(line) for line in entry["answers"]] if marked else []
            if isinstance(question, ChoiceQuestion):
                assert [(m, html.unescape(t)) for m, _, t in answers] == [
                    ("=" if c == question.answer else "~", c) for c in question.choices
                ]
            elif isinstance(question, MultiQuestion | SourceQuestion):
                assert all(m == "~" and w is not None for m, w, _ in answers), "multi answers must be weighted"
                labels = [corpus[c].label if isinstance(question, SourceQuestion) else c for c in question.choices]
                assert [html.unescape(t) for _, _, t in answers] == labels
                weights = dict(zip(question.choices, [w for _, w, _ in answers], strict=True))
                assert abs(sum(w for w in weights.values() if w > 0) - 100) < 1e-3
                for picks in every_pick(question.choices):
                    moodle = min(1.0, max(0.0, sum(weights[p] for p in picks) / 100))
                    assert abs(moodle - quizapp_fraction(question, picks)) < 1e-4, (question.id, picks)
            elif isinstance(question, TrueFalseQuestion):
                assert entry["answers"] == ["T" if question.answer else "F"]
            elif isinstance(question, ShortQuestion):
                assert [(m, t) for m, _, t in answers] == [("=", a) for a in question.answers]
            elif isinstance(question, NumericQuestion):
                (line,) = entry["answers"]
                value, tolerance = line.removeprefix("#").split(":")
                assert float(value) == question.answer
                assert abs(float(tolerance) - absolute_tolerance(question)) < 1e-9
            elif isinstance(question, MatchQuestion):
                lines = [moodle_unescape(line[1:]).split(" -> ", 1) for line in entry["answers"]]
                expected = [[html.escape(left, quote=False), right] for left, right in question.pairs]
                assert lines == expected + [["", right] for right in question.distractors]
            elif isinstance(question, EvidenceQuestion):
                article = corpus[question.article]
                right = set(evidence_numbers(question, article))
                assert [html.unescape(t) for _, _, t in answers] == list(sentence_texts(question, article))
                assert {n for n, (m, _, _) in enumerate(answers, 1) if m == "="} == right
            elif isinstance(question, GridQuestion):
                _check_grid(question, entry["answers"], corpus)
            elif isinstance(question, WrittenQuestion):
                assert entry["answers"] == []  # empty braces: an essay
            if question.explanation:
                assert html.escape(" ".join(question.explanation.split()), quote=False) in entry["feedback"]


def _check_grid(question: GridQuestion, lines: list[str], corpus) -> None:
    """One matching line per box; Moodle's share of lines matched right is quizapp's share of boxes right."""
    pairs = [moodle_unescape(line[1:]).split(" -> ", 1) for line in lines]
    key = {html.unescape(left): right for left, right in pairs if left}
    assert list(key) == [f"{claim} \u2014 {corpus[a].label}" for claim, a in question.cells]
    assert {right for _, right in pairs} == {"Carries it", "Does not carry it"}
    for ticked in every_pick(question.cells):
        if not ticked:
            continue  # a blank grid earns nothing in quizapp, and nothing matched earns nothing in Moodle
        response: dict[str, list[str]] = {}
        for claim, article in ticked:
            response.setdefault(claim, []).append(article)
        chosen = [("Carries it" if cell in ticked else "Does not carry it") for cell in question.cells]
        moodle = sum(c == right for c, right in zip(chosen, key.values(), strict=True)) / len(key)
        assert abs(moodle - quizapp_fraction(question, response)) < 1e-6, (question.id, ticked)


def test_notes_name_what_gift_cannot_hold(banks, awkward, corpus):
    notes = " ".join(export(awkward, corpus, "gift").notes)
    assert "which-report became multiple-answer questions" in notes
    assert "which-sentence became a multiple-choice question over the 24 sentences" in notes
    assert "special-multi (3 points), relative-number (1.5 points)" in notes
    assert "typed-answer" in notes


def test_gift_is_deterministic_and_follows_the_selection(banks, corpus):
    bank = banks[0]
    assert export(bank, corpus, "gift").data == export(bank, corpus, "gift").data
    ids = (bank.questions[2].id, bank.questions[0].id)
    parsed = parse_gift(export(bank, corpus, "gift", ExportOptions(questions=ids)).data.decode("utf-8"))
    assert tuple(parsed) == ids
