"""The walk-through's screenshots for the README: a teacher's and a student's pages at 360 and 1280 px.

    make screens            # or: .venv/bin/python -m tests.browser.screens [--out docs/screens]

Builds the walk-through's class (:mod:`tests.browser.walkthrough`) in a temporary database, serves the
app on localhost, and has Debian's Chromium (Playwright) walk through it: the teacher's classes, the
class, the gradebook, the item analysis, a regrade and the bank format; a student joining, answering
and reading the results. Each page is saved as ``<name>-<width>.png`` (the top of the page, as a
screen shows it), reduced to 256 colours so that the files stay small in the repository.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from quizapp.corpus_cache import corpus_of
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer
from tests.browser.flows import attempt_items, give, wait_until_saved
from tests.browser.walkthrough import EMAIL, PIN, PRACTICE_TITLE, Walkthrough, build_walkthrough
from tests.conftest import ROOT
from tests.web.conftest import PASSWORD, make_app

OUT = ROOT / "docs" / "screens"
WIDTHS = {360: 740, 1280: 800}  # width: the height of the screen shown


@dataclass(frozen=True)
class Shot:
    """One page of the walk-through: its file name, what it shows, and how to get there."""

    name: str
    caption: str
    path: Callable[[Walkthrough], str]


TEACHER_SHOTS = [
    Shot("teacher-classes", "The teacher's classes", lambda w: "/teacher/"),
    Shot(
        "teacher-class", "A class: join code, assignments and students", lambda w: f"/teacher/classes/{w.classroom_id}"
    ),
    Shot(
        "teacher-gradebook",
        "The gradebook: totals next to the names, the questions scroll",
        lambda w: f"/teacher/assignments/{w.assignment_id}/gradebook",
    ),
    Shot(
        "teacher-analysis",
        "Item analysis: every question's facility and discrimination",
        lambda w: f"/teacher/assignments/{w.assignment_id}/analysis",
    ),
    Shot(
        "teacher-regrade",
        "Regrading a question the bank changed: the two versions side by side",
        lambda w: f"/teacher/assignments/{w.assignment_id}/regrade/{w.changed_key}",
    ),
    Shot(
        "teacher-bank-format", "The bank format, every question type with an example", lambda w: "/teacher/bank-format"
    ),
]
STUDENT_SHOTS = [
    Shot("student-join", "A student joins with the class code", lambda w: "/join"),
    Shot("student-quiz", "Answering, saved as they go", lambda w: ""),
    Shot("student-results", "The results, with the passages each question quotes", lambda w: ""),
]
SHOTS = TEACHER_SHOTS + STUDENT_SHOTS


def file_names() -> list[str]:
    """Every file the walk-through saves, in order."""
    return [f"{shot.name}-{width}.png" for shot in SHOTS for width in WIDTHS]


def _save(page: Page, out: Path, name: str) -> None:
    """Screenshot the screen at every width, as small PNGs."""
    size = page.viewport_size
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        path = out / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=False)
        _shrink(path)
    if size:
        page.set_viewport_size(size)


def _shrink(path: Path) -> None:
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with WeasyPrint; without it the PNGs are just larger
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _teacher(page: Page, base: str, walkthrough: Walkthrough, out: Path) -> None:
    page.goto(f"{base}/teacher/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your classes", level=1)).to_be_visible()
    for shot in TEACHER_SHOTS:
        page.goto(f"{base}{shot.path(walkthrough)}")
        _save(page, out, shot.name)


def _student(page: Page, base: str, app, walkthrough: Walkthrough, out: Path) -> None:
    page.goto(f"{base}/join")
    _save(page, out, "student-join")
    with app.app_context():
        from quizapp.db import db
        from quizapp.models import Classroom

        code = db.session.get(Classroom, walkthrough.classroom_id).join_code
    name = "Zoe Park"
    page.get_by_label("Class code").fill(code)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Class PIN").fill(PIN)
    page.get_by_role("button", name="Join", exact=True).click()
    page.get_by_role("link", name=PRACTICE_TITLE, exact=True).click()
    page.get_by_role("button", name="Start", exact=True).click()
    items = attempt_items(app, walkthrough.practice_id, name)
    corpus = corpus_of(app)
    for number, item in enumerate(items):
        give(page, item, corpus, right=number != 1)
    wait_until_saved(page)
    page.evaluate("() => window.scrollTo(0, 0)")
    _save(page, out, "student-quiz")
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url(re.compile(r"/results$"))
    _save(page, out, "student-results")


def take_screens(out: Path = OUT) -> list[Path]:
    """Build the walk-through and save every screenshot in ``out``; returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder) / "app"
        tmp.mkdir()
        app = make_app(tmp, TESTING=False)
        walkthrough = build_walkthrough(app)
        with LiveServer(app) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                for role in (_teacher, _student):
                    context = browser.new_context(viewport={"width": 1280, "height": 800})
                    page = context.new_page()
                    if role is _teacher:
                        _teacher(page, server.url, walkthrough, out)
                    else:
                        _student(page, server.url, app, walkthrough, out)
                    context.close()
            finally:
                browser.close()
    return [out / name for name in file_names()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs (default: docs/screens)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"no Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    for path in take_screens(args.out):
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
