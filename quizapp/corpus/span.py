"""Spans: where a passage stands in an article's original text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """Character offsets ``[start, end)`` in an article's original text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end
