"""Question banks: the YAML format, its loader and the validator with located problems."""

from quizapp.banks.loader import ValidationReport, load_banks, parse_bank, validate_paths
from quizapp.banks.model import Bank, Question, Source, Span
from quizapp.banks.problems import BankError, Problem

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
