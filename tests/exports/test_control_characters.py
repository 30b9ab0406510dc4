"""Control characters that reach an export anyway (a bank stored before the checker refused them, an
article file edited by hand) never split a single-line field nor make an XML file unreadable."""

from __future__ import annotations

import dataclasses
import io
import zipfile

from quizapp.exports import ExportOptions, export
from quizapp.exports.spreadsheet import safe_cell
from tests.exports.conftest import parse_xml

# Every C0 control but NUL, DEL and two C1 controls, and the Unicode line separator.
CONTROLS = "".join(chr(code) for code in range(1, 32)) + "\x7f\x85\x9b\u2028"


def with_controls(bank):
    """``bank`` with control characters in its title and in the first question's prompt and explanation."""
    first = bank.questions[0]
    changed = dataclasses.replace(first, prompt=f"Which{CONTROLS}one?", explanation=f"Because{CONTROLS}so.")
    return dataclasses.replace(
        bank,
        title=f"Title\n$CATEGORY: elsewhere\n::injected::Injected question {{TRUE}}{CONTROLS}",
        questions=(changed, *bank.questions[1:]),
    )


def test_a_gift_header_stays_comment_lines(awkward, corpus):
    data = export(with_controls(awkward), corpus, "gift", ExportOptions()).data.decode("utf-8")
    header = data.split("\n\n", 1)[0].split("\n")
    assert header[0].startswith("// Title $CATEGORY: elsewhere ::injected::Injected question {TRUE}")
    assert all(line.startswith("//") or line.startswith("$CATEGORY: ") or not line for line in header)
    assert [line for line in data.split("\n") if line.startswith("$CATEGORY")] == [f"$CATEGORY: {awkward.id}"]
    assert "::injected::" not in data.replace("// Title $CATEGORY: elsewhere ::injected::", "")


def test_moodle_xml_stays_well_formed(awkward, corpus):
    data = export(with_controls(awkward), corpus, "moodle-xml", ExportOptions()).data
    quiz = parse_xml(data)
    texts = [element.text or "" for element in quiz.iter("text")]
    assert any("Which" in text and "one?" in text and "\t" in text for text in texts)


def test_every_qti_file_stays_well_formed(awkward, corpus):
    data = export(with_controls(awkward), corpus, "qti", ExportOptions()).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            parse_xml(archive.read(name))


def test_a_csv_cell_hides_no_formula_behind_an_invisible_control():
    for hidden in ("\x00", "\x07\x1b", "\x85"):
        typed = hidden + '=HYPERLINK("http://evil.example")'
        assert safe_cell(typed) == "'" + typed
    assert safe_cell("\x07Ana Diaz") == "\x07Ana Diaz"
