"""/compare in a real browser: accessible, usable by keyboard, the wide table scrolls inside its own box."""

from tests.browser.conftest import check_accessibility, no_horizontal_scroll
from tests.conftest import FIRST, FOURTH


def test_compare_page_is_accessible_and_fits_a_phone(page, live_server):
    page.goto(f"{live_server.url}/compare")
    assert page.locator("table.aligned").first.is_visible()
    assert no_horizontal_scroll(page)  # the table scrolls inside its region, not the page
    assert check_accessibility(page, "compare") == []
    # Removed and added words look different without colour: struck through and underlined.
    deleted = page.locator("table.aligned del").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    inserted = page.locator("table.aligned ins").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert deleted == "line-through" and inserted == "underline"


def test_choosing_reports_with_the_keyboard_only(page, live_server):
    page.goto(f"{live_server.url}/compare")
    assert page.locator("input[name=articles]:checked").count() == 4  # all, by default
    for article_id in (FIRST, FOURTH):  # leave Newsweek and the AP
        page.focus(f"#compare-{article_id}")
        page.keyboard.press("Space")
    page.focus("#show-quotes")
    page.keyboard.press("Space")
    page.focus("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compare?**")
    headers = page.locator("table.aligned thead th .outlet").all_inner_texts()
    assert headers == ["Newsweek", "Associated Press"]
    assert page.locator("#show-quotes").is_checked()
    assert check_accessibility(page, "compare-two") == []


def test_article_page_with_its_shared_sentences_is_accessible(page, live_server):
    page.goto(f"{live_server.url}/articles/{FIRST}")
    assert page.locator("#coverage-heading").is_visible()
    assert check_accessibility(page, "article-coverage") == []
