"""CSV for spreadsheets: safe to open in Excel, LibreOffice and Google Sheets, accents intact.

Student answers and names are typed by students, so an export must never let one become a formula
(CSV injection: ``=HYPERLINK("http://evil", "Click")`` or ``=cmd|' /C calc'!A0``). Following the
OWASP advice, a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(after any invisible control characters) gets a leading apostrophe, which spreadsheets read as
"this is text" and do not show. Real numbers are written as numbers so that a teacher can still sum
and sort them; a negative number is a number, not a formula, and keeps its minus sign.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from numbers import Real

# What makes a spreadsheet read a cell as a formula (or, for tab and CR, hides the character that does).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 controls other than tab, LF and CR (tab and CR are formula starts themselves), DEL and C1 controls.
_INVISIBLE = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0)]))


def safe_cell(value: object) -> str:
    """``value`` as the text of one CSV cell, neutralised against formula injection.

    None is an empty cell. A bool is TRUE or FALSE. An int, float or Decimal is written plainly,
    without a needless ``.0`` (``3``, ``-3.5``, ``0.1``) and is never prefixed. A date is ISO 8601.
    Anything else is text (``str(value)``): when it begins with one of :data:`FORMULA_STARTS` it gets
    a leading apostrophe, so the text ``"-1+2"`` stays text while the number ``-1`` stays a number.
    """
    if value is None:
        return ""
    if isinstance(value, bool):  # before the numbers: True is an int too
        return "TRUE" if value else "FALSE"
    number = _number(value)
    if number is not None:
        return number
    if isinstance(value, datetime.date | datetime.time):  # datetime is a date
        text = value.isoformat()
    else:
        text = str(value)
    # A spreadsheet may drop invisible control characters on import, so "\x00=1+1" counts as "=1+1".
    return "'" + text if text.lstrip(_INVISIBLE).startswith(FORMULA_STARTS) else text


def _number(value: object) -> str | None:
    """The text of a finite number; None for anything else (NaN and infinity are left to be text)."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        # normalize() drops trailing zeros (3.50 -> 3.5); the "f" format keeps 100 from reading 1E+2.
        text = format(value.normalize(), "f")
        return "0" if text == "-0" else text
    if isinstance(value, Real):  # float, Fraction, numpy scalars
        number = float(value)
        if not math.isfinite(number):
            return None
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))  # 3.0 -> "3", and -0.0 -> "0"
        return repr(number)  # the shortest text that reads back as the same float: 0.1, not 0.1000...
    return None


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file, ready to download: the header row, then ``rows``, every cell through :func:`safe_cell`.

    UTF-8 with a byte-order mark, because Excel reads a CSV without one in the machine's legacy code
    page and turns "Andrés" into "AndrÃ©s"; CRLF line endings, as RFC 4180 asks; quotes only where a
    cell needs them (a comma, a quote, a line break).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    # A lone surrogate (a JSON string can carry one) becomes "?" rather than failing the whole export.
    return buffer.getvalue().encode("utf-8-sig", errors="replace")
