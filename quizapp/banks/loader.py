"""Loading and validating bank files: every problem in every file, located, in one pass."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.banks.lint import lint
from quizapp.banks.model import Bank, Question
from quizapp.banks.problems import BankError, Problem
from quizapp.banks.reading_level import reading_level
from quizapp.banks.schema import BANK_KEYS, ID_PATTERN, Checker, build_question
from quizapp.banks.yaml_source import MAX_BYTES, LocatedList, LocatedMap, YamlProblem, read_yaml
from quizapp.corpus.articles import Corpus

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass
class ValidationReport:
    """What validating some files found: the banks that loaded cleanly and every problem."""

    banks: list[Bank] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    warnings: list[Problem] = field(default_factory=list)
    """Lint on the banks that loaded (:mod:`quizapp.banks.lint`): they load, ``validate --strict`` fails."""

    @property
    def ok(self) -> bool:
        """True when there are no problems at all."""
        return not self.problems

    def summary(self) -> str:
        """Banks, questions by type and by skill, and the prompts' reading level, for the command line."""
        questions = [q for bank in self.banks for q in bank.questions]
        by_type = Counter(q.type for q in questions)
        by_skill = Counter(skill for q in questions for skill in q.skills)
        lines = [f"{len(self.banks)} bank{'s' if len(self.banks) != 1 else ''}, {len(questions)} questions"]
        lines += [f"  {bank.id}: {len(bank.questions)} questions ({bank.path})" for bank in self.banks]
        lines.append("by type: " + ", ".join(f"{name} {n}" for name, n in sorted(by_type.items())))
        if by_skill:
            lines.append("by skill: " + ", ".join(f"{name} {n}" for name, n in sorted(by_skill.items())))
        level = reading_level(questions)
        if level is not None:
            lines.append(level.summary())
        return "\n".join(lines)


def parse_bank(text: str | bytes, path: str, corpus: Corpus) -> tuple[Bank | None, list[Problem]]:
    """Check one bank's YAML text; the bank is returned only when there are no problems."""
    check = Checker(path, corpus)
    try:
        document = read_yaml(text)
    except YamlProblem as exc:
        return None, [Problem(path, exc.line, exc.message)]
    if not isinstance(document, LocatedMap):
        return None, [Problem(path, 1, "a bank must be a YAML mapping with 'bank', 'title' and 'questions'")]
    check.unknown_keys(document, set(BANK_KEYS), "bank")
    # The questions are checked one by one (build_question), so that a problem names its question.
    check.control_characters(document, skip={"questions"})
    for key, required in BANK_KEYS.items():
        if required and key not in document:
            check.report(document.line, f"missing required key '{key}'")
    bank_id = check.text(document, "bank", single_line=True) if "bank" in document else None
    if bank_id is not None and not ID_PATTERN.fullmatch(bank_id):
        check.report(document.line_of("bank"), "bank id may hold only a-z, 0-9 and '-'")
        bank_id = None
    title = check.text(document, "title", single_line=True) if "title" in document else None
    description = check.text(document, "description", required=False)
    questions = _questions(document, check)
    if check.problems or bank_id is None or title is None:
        return None, sorted(check.problems)
    return Bank(bank_id, title, tuple(questions), description, path, document.line_of("bank")), []


def _questions(document: LocatedMap, check: Checker) -> list[Question]:
    raw = document.get("questions")
    if "questions" not in document:
        return []
    if not isinstance(raw, LocatedList) or not raw:
        check.report(document.line_of("questions"), "'questions' must be a list of at least one question")
        return []
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for node, line in zip(raw, raw.item_lines, strict=True):
        question = build_question(node, line, check)
        question_id = check.question
        if question_id is not None and isinstance(node, LocatedMap):
            id_line = node.line_of("id")
            if question_id in seen:
                check.report(id_line, f"duplicate question id (first used on line {seen[question_id]})")
            else:
                seen[question_id] = id_line
        if question is not None:
            questions.append(question)
    check.question = None
    return questions


def bank_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders into bank files (``*.yaml``, ``*.yml``), sorted within each folder."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 0, "no such file or folder"))
    return files, problems


def validate_paths(paths: Iterable[str | Path], corpus: Corpus) -> ValidationReport:
    """Validate every bank under ``paths``; bank ids must be unique across all of them."""
    files, problems = bank_files(paths)
    report = ValidationReport(problems=problems, files=len(files))
    first_seen: dict[str, str] = {}
    for file in files:
        name = str(file)
        try:
            if file.stat().st_size > MAX_BYTES:
                report.problems.append(Problem(name, 1, f"file is over the limit of {MAX_BYTES:,} bytes"))
                continue
            data = file.read_bytes()
        except OSError as exc:
            report.problems.append(Problem(name, 0, f"cannot read: {exc.strerror}"))
            continue
        bank, found = parse_bank(data, name, corpus)
        report.problems.extend(found)
        if bank is None:
            continue
        if bank.id in first_seen:
            message = f"duplicate bank id '{bank.id}' (also in {first_seen[bank.id]})"
            report.problems.append(Problem(name, bank.line, message))
            continue
        first_seen[bank.id] = name
        report.banks.append(bank)
    report.warnings = lint(report.banks, corpus)
    return report


def load_banks(paths: Iterable[str | Path], corpus: Corpus) -> list[Bank]:
    """Load banks for use; raise :class:`BankError` with every problem if any file is invalid."""
    report = validate_paths(paths, corpus)
    if report.problems:
        raise BankError(report.problems)
    return report.banks
