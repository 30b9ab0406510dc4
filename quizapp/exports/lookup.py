"""Finding the bank to export: a YAML file, or a bank id among the banks of a folder, validated first."""

from __future__ import annotations

from pathlib import Path

from quizapp.banks.loader import BANK_SUFFIXES, validate_paths
from quizapp.banks.model import Bank
from quizapp.banks.problems import BankError
from quizapp.corpus.articles import Corpus


def find_bank(bank_or_file: str, questions_dir: str | Path, corpus: Corpus) -> Bank:
    """The valid bank in file ``bank_or_file``, or the bank with that id in ``questions_dir``.

    Raises :class:`BankError` with every located problem when the bank does not validate, and
    LookupError when there is no such file or bank id.
    """
    path = Path(bank_or_file)
    if path.is_file():
        report = validate_paths([path], corpus)
        if report.problems:
            raise BankError(report.problems)
        return report.banks[0]
    if path.suffix in BANK_SUFFIXES or len(path.parts) > 1:
        raise LookupError(f"{bank_or_file}: no such bank file")
    report = validate_paths([questions_dir], corpus)
    bank = next((b for b in report.banks if b.id == bank_or_file), None)
    if bank is not None:
        return bank
    if report.problems:
        # The bank may be in a file that failed to load: its problems are the useful answer.
        raise BankError(report.problems)
    known = ", ".join(sorted(b.id for b in report.banks)) or "none"
    raise LookupError(f"no bank {bank_or_file!r} in {questions_dir} (banks: {known})")
