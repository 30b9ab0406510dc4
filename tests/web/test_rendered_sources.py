"""The sources on a results page are rendered once per question and kept (quizapp.rendered_sources):
what every student sees must still be the question's own passages, linked under the app's own address."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.web.test_student_support import attempt_id_of, joined_client, post_answers, start, text_of


def _results(app, classroom, name: str, **request) -> str:
    """The results page of ``name``'s attempt, submitted with nothing answered."""
    code, assignment_id = classroom
    client = joined_client(app, code, name)
    html = start(client, assignment_id)
    attempt_id = attempt_id_of(html)
    assert post_answers(client, html, {}, action="submit", confirm="yes").status_code == 302
    page = client.get(f"/attempts/{attempt_id}/results", **request)
    assert page.status_code == 200
    return text_of(page)


def _sources(html: str) -> dict[str, str]:
    """Each result's sources (its excerpts block), by the result's question prompt."""
    found = {}
    for section in BeautifulSoup(html, "html.parser").select("section.result"):
        excerpts = section.select_one("div.excerpts")
        if excerpts is not None:
            found[section.select_one("p.result-prompt").get_text()] = str(excerpts)
    return found


def test_each_student_sees_each_questions_own_sources(app, classroom):
    first, second = _sources(_results(app, classroom, "Ana Diaz")), _sources(_results(app, classroom, "Ben Okafor"))
    assert len(first) >= 10  # the bank's questions, shuffled or not, each with its sources
    assert first == second  # the second student's come from the kept copy: the same passages for each prompt
    assert len(set(first.values())) == len(first)  # no question shows another's passages
    do_not_come = next(html for prompt, html in first.items() if "Do not come" in prompt or "do not come" in prompt)
    assert "<mark>" in do_not_come and "Read it in the full article" in do_not_come


def test_source_links_follow_the_address_the_app_is_served_under(app, classroom):
    _results(app, classroom, "Ana Diaz")  # rendered and kept for the app served at /
    under_prefix = _results(app, classroom, "Ben Okafor", environ_overrides={"SCRIPT_NAME": "/quiz"})
    links = [a["href"] for a in BeautifulSoup(under_prefix, "html.parser").select("div.excerpts a")]
    assert links and all(link.startswith("/quiz/articles/") for link in links)
