"""Browser tests: the real app served on localhost, driven by Playwright in Debian's Chromium.

They skip, saying why, where Chromium or Playwright is missing; `.ci/run` installs both so CI runs them.
Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from quizapp.db import db as database
from tests.conftest import ROOT
from tests.web.conftest import make_app

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
# Chromium's own background traffic is refused on a closed school network; these keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark every test in this folder ``browser``, so that ``-m "not browser"`` leaves them out.

    pytest calls this hook of a folder's conftest only for the tests collected in that folder.
    """
    item.add_marker(pytest.mark.browser)


def _skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does this)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (make test installs the test extras)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class LiveServer:
    """The app served by Werkzeug in a background thread on a free port."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_app(tmp_path):
    """A fresh app (temporary SQLite database, bundled banks loaded); CSRF stays on as in production."""
    app = make_app(tmp_path, TESTING=False)
    yield app
    with app.app_context():
        database.session.remove()
        database.engine.dispose()


@pytest.fixture
def live_server(live_app) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a cheap phone
    page = context.new_page()
    yield page
    context.close()


def check_accessibility(page, name: str) -> list[dict]:
    """Run axe-core on the page; return serious and critical violations. Saves a screenshot too."""
    screenshot(page, name)
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (npm install; .ci/run does this)")
    # Evaluated through the DevTools protocol, so the page's strict CSP stays on while axe runs.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_horizontal_scroll(page) -> bool:
    """True when the page fits the viewport's width (nothing to scroll sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


