"""Every module of the package imports on its own: no import cycle hides behind the order create_app imports in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import quizapp

PACKAGE = Path(quizapp.__file__).parent

# Run in a fresh interpreter. Importing every module once loads the libraries they use; then, for
# each module, a forked child with no quizapp module loaded imports that one module alone, as
# `python -c "import X"` would, without loading Flask, SQLAlchemy and WeasyPrint again each time.
_CHECK = """
import importlib, os, sys, traceback
names = sys.argv[1:]
for name in names:
    try:
        importlib.import_module(name)
    except Exception:
        pass  # the children below report it
for loaded in [m for m in sys.modules if m == "quizapp" or m.startswith("quizapp.")]:
    del sys.modules[loaded]
running, failed = set(), 0
for name in names:
    if len(running) >= (os.cpu_count() or 1):
        pid, status = os.wait()
        running.discard(pid)
        failed += status != 0
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            print(f"--- import {name} failed:", flush=True)
            traceback.print_exc(file=sys.stdout)
            sys.stdout.flush()
            os._exit(1)
        os._exit(0)
    running.add(pid)
for pid in running:
    failed += os.waitpid(pid, 0)[1] != 0
sys.exit(1 if failed else 0)
"""


def module_names() -> list[str]:
    """Every module of the quizapp package, by its dotted name."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_the_package_has_the_modules_the_check_walks():
    names = module_names()
    assert {"quizapp", "quizapp.web", "quizapp.paper_import", "quizapp.teacher.views.accounts"} <= set(names)


def test_every_module_imports_on_its_own_in_a_fresh_interpreter():
    result = subprocess.run(  # noqa: S603 - our own interpreter and module names
        [sys.executable, "-c", _CHECK, *module_names()],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
