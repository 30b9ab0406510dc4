"""Decoding saved pages as browsers do: charset labels mean what the WHATWG Encoding Standard says.

The importer used to carry its own table of labels meaning windows-1252 and a list of Python codecs
that are not web encodings; the first tests pin that every label of that table, and every refusal,
still decodes (or is refused) exactly as before.
"""

from __future__ import annotations

import pytest

from quizapp.corpus.decoding import (
    MAX_BYTES,
    check_is_html,
    decode_html,
    read_html_bytes,
    read_html_file,
    web_encoding,
)
from quizapp.corpus.imported_article import HtmlImportError

# Every label of the old hand-made table, plus "latin-1", which it also listed though the standard
# does not: each read a page as windows-1252, with the five bytes cp1252 leaves undefined as C1 controls.
OLD_WINDOWS_1252_LABELS = [
    "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
    "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "latin-1", "us-ascii",
    "windows-1252", "x-cp1252",
]  # fmt: skip
# The old list of Python codecs no browser uses, each refused by name.
OLD_NOT_WEB_ENCODINGS = ["idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined", "utf-7"]

WINDOWS_1252_BODY = b"<p>\x93Caf\xe9\x94 \x96 \x80 3 \x85 \x81\x8d\x8f\x90\x9d</p>"
WINDOWS_1252_TEXT = "<p>\u201cCaf\u00e9\u201d \u2013 \u20ac 3 \u2026 \x81\x8d\x8f\x90\x9d</p>"


def declared(label: str, body: bytes) -> bytes:
    return f'<meta charset="{label}">'.encode("ascii") + body


@pytest.mark.parametrize("label", OLD_WINDOWS_1252_LABELS + [label.upper() for label in OLD_WINDOWS_1252_LABELS])
def test_every_label_of_the_old_table_still_reads_windows_1252(label):
    page = declared(label, WINDOWS_1252_BODY)
    assert decode_html(page) == f'<meta charset="{label}">' + WINDOWS_1252_TEXT
    assert web_encoding(label) == "windows-1252"


@pytest.mark.parametrize("label", OLD_NOT_WEB_ENCODINGS + ["rot13", "base64", "UTF-7"])
def test_python_codecs_browsers_do_not_use_are_still_refused_by_name(label):
    with pytest.raises(HtmlImportError, match=rf"'{label.lower()}', which is not a character set web pages use"):
        decode_html(declared(label, b"<p>Hello.</p>"))
    assert web_encoding(label) is None


@pytest.mark.parametrize("label", ["klingon", "utf-9", "iso-8859-99"])
def test_unknown_labels_are_still_refused_as_unknown(label):
    with pytest.raises(HtmlImportError, match=rf"'{label}', which is not a known character set"):
        decode_html(declared(label, b"<p>Hello.</p>"))


@pytest.mark.parametrize("label", ["utf-8", "utf8", "UTF-8", "unicode-1-1-utf-8", "utf_8", "u8"])
def test_utf8_labels_read_utf8(label):
    assert decode_html(declared(label, "<p>Caf\u00e9 \u201cLumi\u00e8re\u201d</p>".encode())).endswith(
        "<p>Caf\u00e9 \u201cLumi\u00e8re\u201d</p>"
    )


@pytest.mark.parametrize("label", ["shift_jis", "Shift_JIS", "sjis", "windows-31j", "ms932", "cp932"])
def test_shift_jis_labels_read_japanese(label):
    body = "<p>\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b</p>".encode("shift_jis")
    assert decode_html(declared(label, body)).endswith("<p>\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b</p>")


def test_shift_jis_is_microsofts_code_page_as_in_browsers():
    # The standard's Shift_JIS is code page 932: the circled digits (NEC row 13), which Python's
    # strict shift_jis refused, decode, and 0x8160 is the fullwidth tilde browsers show.
    assert decode_html(declared("shift_jis", b"<p>\x87\x40 \x81\x60</p>")).endswith("<p>\u2460 \uff5e</p>")


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("latin1", "windows-1252"),
        ("latin_1", "windows-1252"),  # Python's spelling: the same encoding in the standard's
        ("iso-8859-9", "windows-1254"),  # the standard reads Latin-5 as its Windows superset
        ("tis-620", "windows-874"),
        ("gb2312", "gbk"),
        ("euc_jp", "euc-jp"),
        ("cp932", "shift_jis"),
        ("koi8", "koi8-r"),
        ("x-mac-roman", "macintosh"),
        ("utf-16", "utf-16le"),
        ("  UTF-8\t", "utf-8"),
        ("iso-2022-kr", None),  # "replacement": browsers show one replacement character, never the page
        ("hz-gb-2312", None),
        ("cp437", None),  # a DOS code page no browser decodes
        ("klingon", None),
    ],
)
def test_web_encoding_names_what_browsers_decode_with(label, name):
    assert web_encoding(label) == name


def test_latin5_reads_windows_1254_quotes_as_browsers_do():
    # Old behaviour differed here: Python's iso8859-9 turned 0x93/0x94 into invisible C1 controls.
    assert decode_html(declared("iso-8859-9", b"<p>\x93\xd0ehir\x94</p>")).endswith("<p>\u201c\u011eehir\u201d</p>")


def test_windows_code_pages_read_their_undefined_bytes_as_c1_controls():
    assert decode_html(declared("windows-1250", b"<p>\x81\x8a</p>")).endswith("<p>\x81\u0160</p>")
    assert decode_html(declared("windows-1254", b"<p>\x8e</p>")).endswith("<p>\x8e</p>")


def test_bytes_a_code_page_does_not_define_above_the_c1_range_are_refused():
    with pytest.raises(HtmlImportError, match=r"'windows-1255', but byte 0xd9 at offset 32 is not valid windows-1255"):
        decode_html(declared("windows-1255", b"<p>\xd9</p>"))


def test_iso_2022_kr_is_refused_not_decoded():
    with pytest.raises(HtmlImportError, match="'iso-2022-kr', which is not a character set web pages use"):
        decode_html(declared("iso-2022-kr", b"<p>Hello.</p>"))


def test_x_user_defined_reads_as_windows_1252_as_the_html_standard_says():
    assert decode_html(declared("x-user-defined", b"<p>\x93Hi\x94</p>")).endswith("<p>\u201cHi\u201d</p>")


@pytest.mark.parametrize("label", ["utf-16", "utf-16le", "UTF-16BE", "unicode"])
def test_a_utf16_declaration_in_bytes_read_as_ascii_means_utf8(label):
    assert decode_html(declared(label, "<p>Caf\u00e9</p>".encode())).endswith("<p>Caf\u00e9</p>")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
)
def test_a_byte_order_mark_wins_over_the_declaration_and_is_not_text(bom, codec):
    page = '<meta charset="windows-1252"><p>\u201cCaf\u00e9\u201d \u65e5</p>'
    assert decode_html(bom + page.encode(codec)) == page


def test_a_broken_utf16_page_names_the_byte_order_mark():
    with pytest.raises(HtmlImportError, match=r"the byte-order mark says 'utf-16le', but byte 0x00 at offset 2"):
        decode_html(b"\xff\xfe<\x00\x00\xd8")  # a lone surrogate


def test_an_xml_declaration_names_the_charset():
    assert decode_html(b'<?xml version="1.0" encoding="ISO-8859-1"?><p>\x93x\x94</p>').endswith("<p>\u201cx\u201d</p>")


def test_only_the_first_declaration_counts():
    page = b'<meta charset="windows-1251"><meta charset="utf-8"><p>\xc0</p>'
    assert decode_html(page).endswith("<p>\u0410</p>")  # Cyrillic A, not an invalid UTF-8 byte


def test_a_declaration_after_a_long_saved_from_comment_is_found():
    page = b"<!--" + b" " * 30_000 + b'--><meta charset="windows-1252"><p>\x93x\x94</p>'
    assert decode_html(page).endswith("<p>\u201cx\u201d</p>")


def test_no_declaration_means_strict_utf8():
    assert decode_html("<p>\u00e9</p>".encode()) == "<p>\u00e9</p>"
    with pytest.raises(HtmlImportError, match=r"declares no character set and is not UTF-8 \(byte 0xe9 at offset 6\)"):
        decode_html(b"<p>Caf\xe9</p>")


def test_pages_over_the_limit_are_refused_before_decoding():
    with pytest.raises(HtmlImportError, match=f"the limit is {MAX_BYTES:,}"):
        decode_html(b"<p>" + b"x" * MAX_BYTES)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n<</Type/Catalog>>", b"\x89PNG\r\n\x1a\n<html>", b"PK\x03\x04<html>", b"<html>\x00\x00</html>", b""],
)
def test_bytes_that_are_not_a_web_page_are_refused_before_decoding(data):
    with pytest.raises(HtmlImportError, match="this is not a saved web page"):
        read_html_bytes(data)


def test_check_is_html_reads_the_content_not_the_name():
    assert check_is_html("\ufeff <!-- saved from url=(0014)about:internet -->\n<!DOCTYPE html><p>x</p>")
    with pytest.raises(HtmlImportError, match="not a saved web page"):
        check_is_html("Dear parents, the trip is on Friday.")


def test_read_html_file_names_the_file_in_its_errors(tmp_path):
    page = tmp_path / "story.html"
    page.write_bytes(declared("utf-8", b"<p>\xff</p>"))
    with pytest.raises(HtmlImportError, match=r"story\.html: the page declares the character set 'utf-8', but byte"):
        read_html_file(page)
    with pytest.raises(HtmlImportError, match=r"missing\.html: cannot read it"):
        read_html_file(tmp_path / "missing.html")
    page.write_bytes(declared("windows-1252", b"<p>\x93x\x94</p>"))
    assert read_html_file(str(page)).endswith("<p>\u201cx\u201d</p>")
