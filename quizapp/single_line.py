"""Control characters in typed and uploaded text: which ones a field refuses, and how to say so.

One rule for the forms (names, titles, emails, codes), the login redirect and the bank checker. A
single-line field refuses every C0 and C1 control character, tab, CR and LF included, and the
Unicode line and paragraph separators: a line break in a class name or a bank title would split a
header, a CSV row or a GIFT comment it is written into. Multi-line text (a prompt, an explanation)
keeps tab, CR, LF and the separators, and refuses the other controls, which are invisible, and
which XML 1.0 (Moodle XML, QTI) cannot carry at all.
"""

from __future__ import annotations

import re
from typing import Any

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""What some reader takes for the end of a line: LF, CR, VT, FF, the file/group/record separators,
NEL, and Unicode's line and paragraph separators."""

_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_INVISIBLE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str, *, single_line: bool = True) -> str | None:
    """The first character of ``text`` the field refuses, or None.

    ``single_line``: a name, a title, an id, an email; otherwise tab, CR, LF and the Unicode line
    and paragraph separators are allowed (text that may run over several lines).
    """
    found = (_ANY_CONTROL if single_line else _INVISIBLE_CONTROL).search(text)
    return found.group() if found else None


def describe(char: str) -> str:
    """``a line break``, ``a tab`` or ``the invisible control character U+0007``, for messages."""
    if char in LINE_BREAKS:
        return "a line break"
    if char == "\t":
        return "a tab"
    return f"the invisible control character U+{ord(char):04X}"


def one_line(text: str) -> str:
    """``text`` with every run of control characters and spaces around them made one space, for
    writing a single-line field (a comment, a header) from text that was not checked."""
    return re.sub(r" *(?:[\x00-\x1f\x7f-\x9f\u2028\u2029] *)+", " ", text).strip()


class SingleLine:
    """A WTForms validator: the field's text is one line without control characters.

    The message names the field and the character: "Class name must be one line: remove the line break."
    """

    def __call__(self, form: Any, field: Any) -> None:  # noqa: ARG002 - WTForms passes the form too
        """Raise ``ValidationError`` when the field's data holds a character :func:`control_character` finds."""
        char = control_character(field.data) if isinstance(field.data, str) else None
        if char is None:
            return
        from wtforms.validators import ValidationError  # here, so that the bank checker loads no form library

        label = field.label.text
        if char in LINE_BREAKS:
            raise ValidationError(f"{label} must be one line: remove the line break.")
        if char == "\t":
            raise ValidationError(f"{label} cannot hold a tab: use a space instead.")
        raise ValidationError(f"{label} holds {describe(char)}; remove it (type the text again rather than paste it).")
