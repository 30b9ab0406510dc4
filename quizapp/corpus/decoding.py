"""From the bytes of a saved page to its text, decoded as a browser decodes it.

Which encoding a charset label means is the WHATWG Encoding Standard's answer (``webencodings``), as
in every browser: "iso-8859-1", "latin1" and "ascii" all mean windows-1252 (pages declaring
ISO-8859-1 routinely hold windows-1252 curly quotes, bytes 0x93/0x94, that Latin-1 would turn into
invisible control characters), "shift_jis" means Microsoft's code page 932, and labels no browser
honours (utf-7, rot13) are refused.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import webencodings
from webencodings.labels import LABELS

from quizapp.corpus.imported_article import HtmlImportError

MAX_BYTES = 5 * 1024 * 1024  # the same limit as question bank files: a saved article is far smaller

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
)
# Browsers look for the declaration in the first 1024 bytes; saved pages often carry long inline
# styles or a "saved from" comment first, so look further. Only the first declaration counts.
_PRESCAN_BYTES = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# The standard's windows-125x and windows-874 tables give the bytes 0x80-0x9F that Microsoft left
# undefined the C1 control of the same value, where Python's cp125x codecs fail the whole page.
_C1_CONTROLS = "quizapp.corpus.decoding:c1-controls"


def _c1_control(error: UnicodeError) -> tuple[str, int]:
    if isinstance(error, UnicodeDecodeError) and 0x80 <= error.object[error.start] <= 0x9F:
        return chr(error.object[error.start]), error.start + 1
    raise error


codecs.register_error(_C1_CONTROLS, _c1_control)

# The standard's encoding that Python decodes with each codec, so that a label only Python knows
# ("euc_jp", "cp932") still means the encoding browsers decode those bytes with.
_BY_PYTHON_CODEC = {
    webencodings.lookup(name).codec_info.name: name
    for name in sorted(set(LABELS.values()) - {"replacement", "x-user-defined"})
}


def _declared_charset(head: bytes) -> str | None:
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii").lower() if found else None


def web_encoding(label: str) -> str | None:
    """The WHATWG name of the encoding a page labelled ``label`` is decoded with, or None if there is none.

    A label the standard does not list but Python knows ("latin-1", "utf_8", "euc_jp") means what
    Python's own name for it means to the standard, else the standard's encoding Python decodes with
    the same codec. None for labels of no encoding, of encodings no browser decodes (utf-7, rot13,
    EBCDIC), and of the ISO-2022 encodings the standard maps to "replacement" (browsers show one
    replacement character instead of the page).
    """
    encoding = webencodings.lookup(label)
    if encoding is not None:
        return None if encoding.name == "replacement" else str(encoding.name)
    try:
        python_name = codecs.lookup(label).name
    except LookupError:
        return None
    encoding = webencodings.lookup(python_name)
    if encoding is not None:
        return None if encoding.name == "replacement" else str(encoding.name)
    return _BY_PYTHON_CODEC.get(python_name)


def _decode(data: bytes, label: str, why: str, *, from_bom: bool = False) -> str:
    name = web_encoding(label)
    if name is None:
        try:
            codecs.lookup(label)
        except LookupError:
            raise HtmlImportError(f"{why} {label!r}, which is not a known character set") from None
        raise HtmlImportError(f"{why} {label!r}, which is not a character set web pages use")
    if name in ("utf-16le", "utf-16be") and not from_bom:
        # A UTF-16 declaration that could be read as ASCII is wrong by construction; browsers use UTF-8.
        name = "utf-8"
    elif name == "x-user-defined":
        name = "windows-1252"  # what the HTML standard reads a page declaring x-user-defined as
    errors = _C1_CONTROLS if name.startswith("windows-") else "strict"
    try:
        text, _ = webencodings.lookup(name).codec_info.decode(data, errors)
    except UnicodeDecodeError as exc:
        raise HtmlImportError(
            f"{why} {label!r}, but byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid {name}"
        ) from None
    return str(text)


def decode_html(data: bytes) -> str:
    """Decode a saved page: by its byte-order mark, else the charset it declares, else strict UTF-8."""
    if len(data) > MAX_BYTES:
        raise HtmlImportError(f"the page is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    for bom, label in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], label, "the byte-order mark says", from_bom=True)
    declared = _declared_charset(data[:_PRESCAN_BYTES])
    if declared is not None:
        return _decode(data, declared, "the page declares the character set")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HtmlImportError(
            f"the page declares no character set and is not UTF-8 (byte 0x{data[exc.start]:02x} at offset "
            f'{exc.start}); save it again from the browser, or add <meta charset="..."> naming its encoding'
        ) from None


# What a saved page starts with, after a byte-order mark, whitespace and comments: a tag. A PDF, an
# image or a word-processor file renamed to .html starts with something else.
_HTML_START = re.compile(r"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html\b|[a-z][a-z0-9-]*[\s/>])", re.IGNORECASE | re.DOTALL)
_SNIFF_CHARS = 64 * 1024
_SNIFF_BYTES = 1024
_ASCII_WHITESPACE = b"\t\n\f\r "
_NOT_HTML = (
    "this is not a saved web page (HTML): it does not start with a tag; in the browser use "
    "\u201cSave page as\u2026\u201d and choose \u201cWeb page, HTML only\u201d"
)


def check_is_html(text: str) -> str:
    """Return the decoded page ``text`` if it looks like HTML, else raise :class:`HtmlImportError`.

    Content decides, not the file name: the first thing in the file must be a tag (or a doctype or
    comment), and the page must hold no NUL characters, as binary files do.
    """
    head = text[:_SNIFF_CHARS].lstrip("\ufeff")
    if "\x00" in head or not _HTML_START.match(head):
        raise HtmlImportError(_NOT_HTML)
    return text


def read_html_bytes(data: bytes) -> str:
    """Decode an uploaded or read page (:func:`decode_html`) and check it is HTML (:func:`check_is_html`)."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # A PDF, an image or an archive: say so before decoding, not that its bytes are not UTF-8.
        head = data[:_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8).lstrip(_ASCII_WHITESPACE)
        if b"\x00" in data[:_SNIFF_BYTES] or not head.startswith(b"<"):
            raise HtmlImportError(_NOT_HTML)
    return check_is_html(decode_html(data))


def read_html_file(path: str | Path) -> str:
    """Read and decode a saved page, refusing files over :data:`MAX_BYTES` without reading them whole."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # bounded even for endless special files
    except OSError as exc:
        raise HtmlImportError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise HtmlImportError(f"{path}: the file is over the limit of {MAX_BYTES:,} bytes")
    try:
        return read_html_bytes(data)
    except HtmlImportError as exc:
        raise HtmlImportError(f"{path}: {exc}") from None
