"""Domain code loads without Flask or SQLAlchemy: the rule `lint-imports` checks, checked here by importing.

The list of domain modules and of what they may not load is the import-linter contract in
pyproject.toml, so the two checks cannot drift apart.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import quizapp

PROJECT_ROOT = Path(quizapp.__file__).resolve().parent.parent
# The modules that serve the web app or hold the database; they may use Flask and SQLAlchemy.
APP_SIDE = {
    "quizapp.articles",
    "quizapp.bank_store",
    "quizapp.cli",
    "quizapp.commands",
    "quizapp.config",
    "quizapp.corpus_cache",
    "quizapp.db",
    "quizapp.error_pages",
    "quizapp.lti",
    "quizapp.migrate",
    "quizapp.models",
    "quizapp.moments",
    "quizapp.paper_import",
    "quizapp.rate_limit",
    "quizapp.rendered_sources",
    "quizapp.serve",
    "quizapp.setup",
    "quizapp.student",
    "quizapp.teacher",
    "quizapp.templating",
    "quizapp.web",
}


def domain_contract() -> dict:
    settings = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in settings["tool"]["importlinter"]["contracts"] if c["id"] == "domain"]
    return contract


DOMAIN = domain_contract()


def loaded_after_importing(module: str) -> list[str]:
    """The modules a fresh interpreter holds after importing ``module`` alone."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")])}
    program = f"import importlib, sys; importlib.import_module({module!r}); print('\\n'.join(sys.modules))"
    result = subprocess.run(  # noqa: S603 - our own interpreter, a fixed program
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout.split()


@pytest.mark.parametrize("module", DOMAIN["source_modules"])
def test_a_domain_module_loads_neither_flask_nor_sqlalchemy(module):
    loaded = loaded_after_importing(module)
    assert module in loaded
    forbidden = [
        name
        for name in loaded
        if any(name == banned or name.startswith(banned + ".") for banned in DOMAIN["forbidden_modules"])
    ]
    assert forbidden == [], f"importing {module} loads {forbidden}"


def test_the_web_side_does_load_flask():
    """The check above can fail: importing the app side in the same way does show Flask."""
    assert "flask" in loaded_after_importing("quizapp.web")


def test_every_quizapp_module_is_either_domain_or_app_side():
    """A new package is placed on one side, so that domain code is never left out of the contract."""
    modules = {f"quizapp.{info.name}" for info in pkgutil.iter_modules(quizapp.__path__)}
    unplaced = modules - set(DOMAIN["source_modules"]) - APP_SIDE
    assert unplaced == set(), (
        f"{sorted(unplaced)}: add domain code to source_modules of the 'domain' contract in pyproject.toml, "
        "or web and database code to APP_SIDE in this file"
    )
