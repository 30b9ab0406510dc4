"""Question banks: the YAML format, its loader and the validator with located problems."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizapp.banks.model import Bank, Question, Source, Span
from quizapp.banks.problems import BankError, Problem

if TYPE_CHECKING:
    from quizapp.banks.loader import ValidationReport, load_banks, parse_bank, validate_paths

# The loader needs the question kinds, which need this package's model: it is imported on first
# use, so that importing a kind (or the model) never runs into a half-imported loader.
_LOADER_NAMES = {"ValidationReport", "load_banks", "parse_bank", "validate_paths"}


def __getattr__(name: str) -> Any:
    if name in _LOADER_NAMES:
        from quizapp.banks import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Bank",
    "BankError",
    "Problem",
    "Question",
    "Source",
    "Span",
    "ValidationReport",
    "load_banks",
    "parse_bank",
    "validate_paths",
]
