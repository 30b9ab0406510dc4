"""Every teacher page at a phone's 360 px and a desktop's 1280 px, with the walk-through's class.

No page scrolls sideways as a whole. A table wider than its box scrolls inside it and shows it: the
row headers stay put, and the caption says to scroll sideways (only while there is more to see). The
gradebook's totals are in view at 1280 px without scrolling; the class page's students table fits.
The pages are found from the app's routes, so a new teacher page is checked without being listed.
"""

from __future__ import annotations

import pytest
from flask import url_for
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import check_accessibility
from tests.browser.screens import OUT as SCREENS
from tests.browser.screens import file_names
from tests.browser.walkthrough import EMAIL, STUDENTS, Walkthrough, build_walkthrough
from tests.conftest import ROOT
from tests.web.conftest import PASSWORD, login

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# What a table says of itself: [scrollWidth, clientWidth, the caption's cue shown?, first column sticky?]
_TABLES = """() => [...document.querySelectorAll('.table-wrap')].map((wrap) => {
  const caption = wrap.querySelector('caption');
  const cue = caption ? parseFloat(getComputedStyle(caption, '::after').fontSize) > 0 : null;
  const header = wrap.querySelector('tbody th[scope=row]');
  return [wrap.scrollWidth, wrap.clientWidth, cue, header ? getComputedStyle(header).position : null];
})"""


# Scroll timelines, which show the caption's cue, are brought up to date once a frame: wait for two.
_NEXT_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def teacher_pages(app, walkthrough: Walkthrough) -> list[str]:
    """The URL of every teacher page a GET shows as HTML, with the walk-through's ids filled in."""
    values = walkthrough.url_values()
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("teacher.") or "GET" not in (rule.methods or ()):
            continue
        converter = rule._converters.get("kind")  # the export pages: one rule, several kinds
        for kind in sorted(converter.items) if converter is not None else [None]:
            arguments = {name: values[name] for name in rule.arguments if name != "kind"}
            if kind is not None:
                arguments["kind"] = kind
            with app.test_request_context():
                urls.append(url_for(rule.endpoint, **arguments))
    client = app.test_client()
    assert login(client, EMAIL).status_code == 302
    pages = []
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":  # not the downloads
            pages.append(url)
    return pages


def _cue(caption: Locator) -> str | None:
    """The words the caption shows after its text (drawn by CSS, kept from screen readers), if shown at all."""
    content, size = caption.evaluate(
        "c => ((after) => [after.content, after.fontSize])(getComputedStyle(c, '::after'))"
    )
    return None if float(size.removesuffix("px")) == 0 else content.split('" / "')[0].strip('"')


def log_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/teacher/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your classes", level=1)).to_be_visible()


@pytest.fixture
def walkthrough(live_app) -> Walkthrough:
    return build_walkthrough(live_app)


def test_no_teacher_page_scrolls_sideways_and_wide_tables_show_they_scroll(page, live_server, live_app, walkthrough):
    # Logged out first: the login page is a teacher's page too.
    urls = ["/teacher/login"]
    log_in(page, live_server.url)
    urls += teacher_pages(live_app, walkthrough)
    assert len(urls) > 25 and f"/teacher/assignments/{walkthrough.assignment_id}/gradebook" in urls
    problems = []
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.evaluate(_NEXT_FRAMES)
            width = size["width"]
            if not page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"):
                problems.append(f"{url} scrolls sideways at {width} px")
            for scroll_width, client_width, cue, header in page.evaluate(_TABLES):
                scrolls = scroll_width > client_width
                if cue is not None and cue != scrolls:
                    problems.append(
                        f"{url} at {width} px: a table that {'scrolls' if scrolls else 'fits'} "
                        f"{'does not say so' if scrolls else 'says to scroll'}"
                    )
                if header is not None and header != "sticky":
                    problems.append(f"{url} at {width} px: the row headers scroll away")
        if url == "/teacher/login":
            log_in(page, live_server.url)
    assert problems == []


def test_the_gradebook_shows_the_totals_at_1280_and_keeps_the_names_in_view(browser, live_server, walkthrough):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        log_in(page, live_server.url)
        page.goto(f"{live_server.url}/teacher/assignments/{walkthrough.assignment_id}/gradebook")
        table = page.locator("table.gradebook")
        wrap = page.locator(".table-wrap", has=table)
        box = wrap.bounding_box()
        assert box is not None
        # 19 questions do not fit: the table scrolls, and says so.
        assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")
        assert _cue(table.locator("caption")) == "Scroll sideways for more columns →"
        for header in ("Total", "%", "Status"):
            cell = table.locator("thead th", has_text=header).first.bounding_box()
            assert cell is not None, header
            assert box["x"] <= cell["x"] and cell["x"] + cell["width"] <= box["x"] + box["width"], header
        first = table.locator("tbody tr").first
        expect(first.locator("td").first).to_have_text("11 / 21")  # the total, next to the name
        # Scrolled to the last column, the names are where they were and still on top.
        name = first.get_by_role("rowheader")
        before = name.bounding_box()
        wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
        after = name.bounding_box()
        assert before is not None and after is not None and abs(after["x"] - before["x"]) <= 1  # half a border
        hit = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('th')?.textContent.trim()",
            [after["x"] + 10, after["y"] + after["height"] / 2],
        )
        assert hit == STUDENTS[0]
        assert check_accessibility(page, "teacher-gradebook-1280") == []
    finally:
        context.close()


def test_the_class_page_shows_every_students_actions_at_1280(browser, live_server, walkthrough):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        log_in(page, live_server.url)
        page.goto(f"{live_server.url}/teacher/classes/{walkthrough.classroom_id}")
        roster = page.get_by_role("table", name="24 students in Period 3 Civics")
        assert roster.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
        assert _cue(roster.locator("caption")) is None
        row = roster.locator("tbody tr").first
        row.scroll_into_view_if_needed()
        for action in ("Rename", "Merge", "Remove"):
            expect(row.get_by_role("link", name=action)).to_be_in_viewport()  # not off to the right
        # On a phone the same table scrolls inside its box, and its caption says so.
        page.set_viewport_size(PHONE)
        assert roster.evaluate("t => t.parentElement.scrollWidth > t.parentElement.clientWidth")
        page.evaluate(_NEXT_FRAMES)
        assert _cue(roster.locator("caption")) == "Scroll sideways for more columns →"
    finally:
        context.close()


def test_the_new_pages_pass_the_accessibility_checks(browser, live_server, walkthrough):
    # The pages this issue changed most, on a phone: no serious or critical axe-core violation.
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        log_in(page, live_server.url)
        regrade = f"/teacher/assignments/{walkthrough.assignment_id}/regrade/{walkthrough.changed_key}"
        for name, url in (
            ("teacher-bank-format", "/teacher/bank-format"),
            ("teacher-regrade-unchosen", f"{regrade}?preview=1"),
            ("teacher-analysis-360", f"/teacher/assignments/{walkthrough.assignment_id}/analysis"),
            ("teacher-class-360", f"/teacher/classes/{walkthrough.classroom_id}"),
            ("articles-by-event", "/articles/"),
            ("compare-event", "/compare"),
        ):
            page.goto(f"{live_server.url}{url}")
            assert check_accessibility(page, name) == [], url
    finally:
        context.close()


def test_the_readme_shows_every_screenshot_of_the_walk_through_and_they_are_small() -> None:
    # `make screens` writes them (tests/browser/screens.py); the README shows each, and nothing else lies there.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = file_names()
    assert len(names) >= 12
    for name in names:
        assert f'<img src="docs/screens/{name}"' in readme, name
        path = SCREENS / name
        assert path.exists(), f"{name}: run make screens"
        assert path.stat().st_size < 120_000, f"{name} is {path.stat().st_size // 1024} KB"
    assert sorted(p.name for p in SCREENS.glob("*.png")) == sorted(names)
