"""Where the project's folders are: plain paths, importable by domain code without Flask."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
