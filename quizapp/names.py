"""Student names: how they are tidied and how two spellings are recognised as the same student.

Plain Python, so the web app, the roster tools and the paper-answer parser share one rule.
"""

from __future__ import annotations


def tidy_name(name: str) -> str:
    """A name as typed, with surrounding and repeated spaces removed."""
    return " ".join(name.split())


def name_key(name: str) -> str:
    """How names compare: casefolded, runs of spaces collapsed ("Ana  Diaz" is "ana diaz")."""
    return " ".join(name.casefold().split())
