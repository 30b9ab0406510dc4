"""Numbers in the words a student or a teacher reads them: shared by every kind and every format.

Two styles, on purpose: a score or a typed answer reads short (``2``, ``0.67``); a key on paper or
in an LMS file gives a number exactly as printed (``178,622``, ``10.4``), and an LMS file without
thousands separators (``178622``).
"""

from __future__ import annotations


def format_number(value: float | int | None) -> str:
    """A number as people write it: ``2`` not ``2.0``, ``0.67`` not ``0.6666666666666666``."""
    if value is None:
        return "0"
    number = round(float(value), 2)
    if number.is_integer():
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")


def key_number(value: float) -> str:
    """A number as printed on a key: thousands grouped, no float noise (``178,622``, ``10.4``)."""
    text = f"{value:,.9f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def machine_number(value: float) -> str:
    """A number as an LMS file holds it: like :func:`key_number`, without thousands separators."""
    return key_number(value).replace(",", "")


def points_label(points: float) -> str:
    """``1 point``, ``2 points``, ``1.5 points``: never ``1.0 points``."""
    return f"{points:g} point" + ("" if points == 1 else "s")
