"""What an export is asked for, and what it gives back: plain values shared by every format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Paper = Literal["a4", "letter"]
Appendix = Literal["full", "cited", "none"]

PAPERS: tuple[Paper, ...] = ("a4", "letter")
APPENDICES: tuple[Appendix, ...] = ("full", "cited", "none")
MAX_VERSIONS = 26  # one capital letter per version: A to Z


class ExportError(ValueError):
    """The options cannot be honoured for this bank (an unknown question id, too many versions...)."""


@dataclass(frozen=True)
class ExportOptions:
    """How to export a bank.

    ``key`` asks for the answer key instead of the students' quiz; ``versions`` and ``seed`` ask for
    shuffled versions A, B, ... (a seed alone gives one shuffled version A; neither gives the bank's
    own order); ``questions`` picks question ids in the order given (empty: every question);
    ``paper`` and ``appendix`` shape the printed page. LMS formats use only ``questions``.
    """

    key: bool = False
    versions: int = 1
    seed: str | None = None
    questions: tuple[str, ...] = ()
    paper: Paper = "a4"
    appendix: Appendix = "full"

    def __post_init__(self) -> None:
        if not 1 <= self.versions <= MAX_VERSIONS:
            raise ExportError(f"versions must be between 1 and {MAX_VERSIONS}, not {self.versions}")
        if self.paper not in PAPERS:
            raise ExportError(f"paper must be one of {', '.join(PAPERS)}, not {self.paper!r}")
        if self.appendix not in APPENDICES:
            raise ExportError(f"appendix must be one of {', '.join(APPENDICES)}, not {self.appendix!r}")

    @property
    def shuffled(self) -> bool:
        """True when the questions and choices are shuffled into lettered versions."""
        return self.versions > 1 or self.seed is not None


@dataclass(frozen=True)
class Exported:
    """A rendered export: the bytes to write or send, how to label them, and notes for the teacher.

    ``notes`` say where a format could not carry something exactly (a question type the LMS lacks,
    points it cannot store); the command line prints them on standard error.
    """

    data: bytes
    media_type: str
    extension: str
    notes: tuple[str, ...] = ()
