"""Ids posted by a form (ticked attempts, the questions a page showed): whatever is not an id is dropped."""

from __future__ import annotations

from collections.abc import Iterable

# Nine digits always fit PostgreSQL's integer (2,147,483,647 has ten): a longer value is no id of ours
# and must not reach the database, where it would be an error rather than "not found".
MAX_ID_DIGITS = 9


def posted_id(value: object) -> int | None:
    """``value`` as an id, or None: ASCII digits only ("²" is a digit to ``str.isdigit``, not to ``int``)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        return int(value)
    return None


def is_id(value: object) -> bool:
    """Whether ``value``, read from JSON (a signed cookie's entries), is a number an id of ours can be:
    an int, not a bool, positive and within :data:`MAX_ID_DIGITS` digits."""
    return type(value) is int and 0 < value < 10**MAX_ID_DIGITS


def posted_ids(values: Iterable[str]) -> list[int]:
    """The values that are ids, in order (see :func:`posted_id`); the others are dropped."""
    return [number for number in map(posted_id, values) if number is not None]
