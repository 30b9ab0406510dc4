"""The article view in a real browser: linked passages highlighted, accessible, fits a phone."""

from tests.browser.conftest import check_accessibility, no_horizontal_scroll
from tests.conftest import AP


def test_article_view_highlights_the_linked_passage(page, live_server, live_app):
    from quizapp.corpus import find_quote
    from quizapp.corpus_cache import corpus_of

    article = corpus_of(live_app)[AP]
    span = find_quote(article, "Do not come, do not come.")
    page.goto(f"{live_server.url}/articles/{AP}?start={span.start}&end={span.end}#p3")
    assert page.locator("mark#p-highlight").inner_text() == "Do not come, do not come."
    assert page.locator("h1").inner_text().startswith("[AP report")
    assert no_horizontal_scroll(page)
    assert check_accessibility(page, "article-view") == []
