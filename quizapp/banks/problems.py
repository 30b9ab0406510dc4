"""Problems found in a bank, located like a compiler's messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: ``PATH:LINE: question ID: message`` (the question part only where there is one)."""

    path: str
    line: int
    message: str
    question: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        if self.question:
            return f"{where} question {self.question}: {self.message}"
        return f"{where} {self.message}"


class BankError(Exception):
    """A bank could not be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
