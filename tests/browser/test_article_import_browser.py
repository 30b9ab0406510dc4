"""Adding an article from a saved page in a real browser, keyboard only: upload, preview, correct, confirm."""

from __future__ import annotations

import shutil

import pytest

from quizapp.db import db as database
from tests.browser.conftest import LiveServer, check_accessibility
from tests.browser.flows import fits
from tests.conftest import ROOT, SEEDS
from tests.web.conftest import PASSWORD, add_teacher, make_app

PAGE = ROOT / "tests" / "corpus" / "fixtures" / "subscription_wall.html"


@pytest.fixture
def importing_server(tmp_path):
    """The app on a private copy of the articles folder, so importing never touches the shipped seeds."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    app = make_app(tmp_path, TESTING=False, QUIZAPP_SEEDS=str(seeds))
    with app.app_context():
        add_teacher(email="rivera@school.example")
    with LiveServer(app) as server:
        yield server, seeds
    with app.app_context():
        database.session.remove()
        database.engine.dispose()


def _accessible(page, name: str) -> None:
    assert check_accessibility(page, name) == []
    assert fits(page), f"{name} scrolls sideways on a phone"


def test_a_teacher_adds_a_saved_page_with_the_keyboard(page, importing_server):
    from playwright.sync_api import expect

    server, seeds = importing_server
    page.goto(f"{server.url}/teacher/login")
    page.get_by_label("Email").fill("rivera@school.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your classes", level=1)).to_be_visible()

    page.get_by_role("link", name="Add an article").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an article from a saved web page")
    _accessible(page, "article-import")

    page.get_by_label("Saved web page (.html)").set_input_files(str(PAGE))
    page.get_by_role("button", name="Upload and preview").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the article before adding it")
    expect(page.get_by_text("Households served by Vale Water will pay 9% more from April")).to_be_visible()
    expect(page.get_by_label("Author")).to_have_value("Lena Fischer")
    expect(page.get_by_label("Publication date")).to_have_value("2024-01-17")
    assert not (seeds / "water-bills.txt").exists()
    _accessible(page, "article-preview")

    id_field = page.get_by_label("Article id")
    id_field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("water-bills")
    page.keyboard.press("Tab")  # to the headline, then on to the button
    for _ in range(5):  # outlet, author, date, event, the button
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add the article")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Water bills to rise 9% as reservoir repairs begin")
    expect(page.get_by_text("Article added as water-bills")).to_be_visible()
    expect(page.get_by_text("Subscribe to continue reading")).to_have_count(0)
    assert (seeds / "water-bills.txt").read_text(encoding="utf-8").startswith("Water bills to rise 9%")
    _accessible(page, "article-imported")
