"""Finding one's way as a teacher: the login page's way back, and one name for each place in the menus."""

from __future__ import annotations

import re

from tests.web.teacher_helpers import logged_in


def test_a_page_without_a_query_sends_the_login_back_to_it_without_a_stray_question_mark(client):
    response = client.get("/teacher/banks")
    assert response.status_code == 302
    assert response.headers["Location"] == "/teacher/login?next=/teacher/banks"


def test_a_page_with_a_query_keeps_it_on_the_way_back(client):
    response = client.get("/teacher/assignments/1/gradebook?sort=total")
    assert response.headers["Location"] == "/teacher/login?next=/teacher/assignments/1/gradebook?sort%3Dtotal"


def _links_to(page: str, href: str) -> list[str]:
    """The words of every link to ``href`` on the page."""
    found = re.findall(rf'<a href="{re.escape(href)}"[^>]*>(.*?)</a>', page)
    return [re.sub(r"<[^>]+>", "", words).strip() for words in found]


def test_the_teacher_menus_name_the_classes_page_once(app):
    client = logged_in(app)
    for url in ("/teacher/", "/teacher/banks", "/teacher/account"):
        page = client.get(url).get_data(as_text=True)
        # Not "Dashboard" in one menu and "Classes" in the other.
        assert _links_to(page, "/teacher/") == ["Classes"], url
    # A page outside the dashboard (the articles) has no teacher menu: the site header leads back, named alike.
    page = client.get("/articles/").get_data(as_text=True)
    assert _links_to(page, "/teacher/") == ["Classes"]
