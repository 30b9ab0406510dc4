"""/compare, the article page's list of shared sentences, and aligned sources on a student's results."""

from __future__ import annotations

import shutil

import pytest

from quizapp import create_app
from quizapp.corpus_cache import alignments_of, corpus_of
from tests.conftest import AP, FIRST, FOURTH, NEWSWEEK, SEEDS
from tests.web.conftest import make_app
from tests.web.test_student_support import (
    add_assignment,
    all_right,
    joined_client,
    post_answers,
    soup,
    start,
)


def _page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return soup(response.get_data(as_text=True))


def _table(page):
    return page.find("table", class_="aligned")


def _columns(table) -> list[str]:
    return [th.find("span", class_="outlet").get_text() for th in table.find("thead").find_all("th")[1:]]


def _row(table, words: str):
    rows = [tr for tr in table.find("tbody").find_all("tr") if words in tr.get_text()]
    assert len(rows) == 1, [r.get_text(" ", strip=True)[:80] for r in rows]
    return rows[0].find_all("td")


def _marks(cell) -> list[tuple[str, str]]:
    """(tag, words) for each <del>/<ins>, without the hidden 'removed:'/'added:' cue."""
    found = []
    for mark in cell.find_all(["del", "ins"]):
        cue = mark.find("span", class_="visually-hidden").get_text()
        assert cue == {"del": "removed: ", "ins": "added: "}[mark.name]
        found.append((mark.name, mark.get_text()[len(cue) :]))
    return found


def test_compare_defaults_to_all_reports_with_outlet_headline_and_date(client, corpus):
    page = _page(client, "/compare")
    table = _table(page)
    assert _columns(table) == ["Unknown outlet", "Newsweek", "Associated Press", "Unknown outlet"]
    ap_header = table.find("thead").find_all("th")[3].get_text(" ", strip=True)
    assert corpus[AP].headline in ap_header and "2021-06-08" in ap_header
    boxes = page.find_all("input", attrs={"name": "articles"})
    assert [b["value"] for b in boxes] == [FIRST, NEWSWEEK, AP, FOURTH]
    for box in boxes:  # every checkbox has a label
        assert page.find("label", attrs={"for": box["id"]})


def test_harris_do_not_come_in_three_reports_with_the_comma_marked(client):
    first, newsweek, ap, fourth = _row(_table(_page(client, "/compare")), "I want to be clear to folks")
    assert "aligned-base" in first["class"]
    assert first.find("p", class_="aligned-text").get_text().endswith("Do not come. Do not come.")
    assert _marks(first) == []
    assert _marks(newsweek) == [("del", "come."), ("ins", "come,")]
    assert _marks(ap) == [("ins", "At the same time,"), ("del", "come. Do"), ("ins", "come, do")]
    assert fourth.get_text(strip=True) == "Not in this report"


def test_the_tweet_in_three_reports_with_them_blame_them_marked(client):
    first, newsweek, ap, fourth = _row(_table(_page(client, "/compare?show=quotes")), "set someone")
    assert "then blame them for fleeing" in first.get_text()
    assert ("del", "then") not in _marks(newsweek)
    assert ("del", "then") in _marks(ap) and ("ins", "them") in _marks(ap)
    assert fourth.get_text(strip=True) == "Not in this report"


def test_which_reports_include_this_is_disappointing_to_see(client):
    first, newsweek, ap, fourth = _row(_table(_page(client, "/compare")), "This is disappointing to see")
    assert first.get_text(strip=True) == "Not in this report"
    assert newsweek.find("p", class_="aligned-text").get_text() == "This is disappointing to see,"
    assert ap.find("p", class_="aligned-text").get_text() == "This is disappointing to see,"
    assert _marks(ap) == []
    assert fourth.get_text(strip=True) == "Not in this report"


def test_april_border_figures_side_by_side(client):
    page = _page(client, "/compare?show=numbers")
    figures = page.find("table", class_="figures")
    encounters = next(tr for tr in figures.find("tbody").find_all("tr") if tr.th.get_text() == "encounters")
    first, newsweek, ap, fourth = encounters.find_all("td")
    assert [s.get_text() for s in first.find_all("strong")] == ["178,622 encounters", "17,106 encounters"]
    assert "(April)" in first.get_text() and "(April 2020)" in first.get_text()
    assert [s.get_text() for s in newsweek.find_all("strong")] == ["more than 170,000 encounters"]
    assert newsweek.find("mark").get_text() == "more than 170,000"
    assert ap.get_text(strip=True) == fourth.get_text(strip=True) == "No figure for this"
    # the numbers filter leaves out passages without digits
    table = _table(page)
    assert "This is disappointing to see" not in table.get_text()
    assert "100% legal method" in table.get_text()


def test_quotes_filter_leaves_out_figures(client):
    page = _page(client, "/compare?show=quotes")
    assert page.find("table", class_="figures") is None
    assert page.find("input", attrs={"name": "show", "value": "quotes"}).has_attr("checked")


def test_a_chosen_pair_shows_only_their_columns_and_shared_rows(client):
    page = _page(client, f"/compare?articles={AP}&articles={NEWSWEEK}")
    table = _table(page)
    assert _columns(table) == ["Newsweek", "Associated Press"]  # corpus order, not URL order
    text = table.get_text()
    assert "This is disappointing to see" in text
    assert "I want to emphasize" not in text  # shared by the first report and AP only
    checked = [b["value"] for b in page.find_all("input", attrs={"name": "articles"}) if b.has_attr("checked")]
    assert checked == [NEWSWEEK, AP]


def test_reports_with_nothing_in_common_say_so(client):
    page = _page(client, f"/compare?articles={FOURTH}&articles={AP}")
    assert _table(page) is None
    assert "None of these reports carries a passage that another of them carries too." in page.get_text()


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("articles=nope&articles=" + AP, 404, "There is no article with the id “nope”"),
        ("articles=" + "x" * 5000, 404, "There is no article with the id “" + "x" * 40 + "”"),
        ("articles=../../etc/passwd&articles=" + AP, 404, "“../../etc/passwd”"),
        ("articles=" + AP, 400, "Choose at least two reports to compare."),
        (f"articles={AP}&articles={AP}", 400, "Choose at least two reports to compare."),
        ("&".join(f"articles=a{n}" for n in range(13)), 400, "Choose at most 12 reports to compare."),
        ("show=everything", 400, "“Show” must be one of: all, quotes, numbers."),
        ("show=", 400, "“Show” must be one of"),
    ],
)
def test_hostile_parameters_get_a_clear_message(client, query, status, message):
    page = _page(client, f"/compare?{query}", status)
    error = page.find("p", attrs={"role": "alert"})
    assert message in error.get_text()
    assert len(error.get_text()) < 300
    assert _table(page) is None
    assert page.find("form", class_="compare-form")  # the form is there to try again


def test_unknown_ids_keep_the_valid_choices_checked(client):
    page = _page(client, f"/compare?articles={AP}&articles=missing", 404)
    checked = [b["value"] for b in page.find_all("input", attrs={"name": "articles"}) if b.has_attr("checked")]
    assert checked == [AP]


def test_empty_choices_mean_the_default(client):
    page = _page(client, "/compare?articles=&articles=%20&show=all")
    assert len(_columns(_table(page))) == 4


def test_duplicates_count_once(client):
    page = _page(client, f"/compare?articles={AP}&articles={NEWSWEEK}&articles={AP}")
    assert _columns(_table(page)) == ["Newsweek", "Associated Press"]


def test_article_page_lists_shared_sentences_and_those_alone(client, corpus):
    page = _page(client, f"/articles/{FIRST}")
    section = page.find("section", class_="coverage")
    shared = section.find("ul", attrs={"aria-labelledby": "coverage-shared"}).find_all("li")
    tweet = next(li for li in shared if "Second, the US spent decades" in li.get_text())
    assert "Also in: Newsweek" in tweet.get_text(" ", strip=True)
    assert "Associated Press" in tweet.get_text()
    assert len(shared) == 4
    alone = section.find("ul", attrs={"aria-labelledby": "coverage-alone"}).get_text()
    assert "AOC then took to Twitter" in alone
    assert "178,622 encounters" in alone  # the figure is not worded the same anywhere else
    assert "Second, the US spent decades" not in alone
    page = _page(client, f"/articles/{FOURTH}")
    assert "No sentence of this article is in another report." in page.get_text()


def test_alignment_is_computed_once_per_corpus_and_again_after_a_reload(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    app = make_app(tmp_path, QUIZAPP_SEEDS=str(seeds))
    first = alignments_of(app)
    assert alignments_of(app) is first
    assert alignments_of(app, (NEWSWEEK, AP)) is alignments_of(app, (NEWSWEEK, AP))
    text = (seeds / f"{AP}.txt").read_text(encoding="utf-8")
    (seeds / f"{AP}.txt").write_text(text.replace("them blame them", "then blame them"), encoding="utf-8")
    after = alignments_of(app)
    assert after is not first
    row = next(r for r in after.rows if any("set someone" in p.text for p in r.passages))
    assert "then blame them" in row.passage_for(AP).text
    page = soup(app.test_client().get("/compare").get_data(as_text=True))
    assert "them blame them" not in page.get_text()
    assert len(corpus_of(app)) == 4


def test_results_show_sources_from_several_reports_aligned(app, classroom):
    code, _ = classroom
    assignment_id = add_assignment(app, code, bank_id="comparing-coverage")
    client = joined_client(app, code)
    html = start(client, assignment_id)
    submitted = post_answers(client, html, all_right(app, html), action="submit")
    page = _page(client, submitted.headers["Location"])
    sections = page.find_all("section", class_="result")
    tweet = next(
        s for s in sections if "and them blame them for fleeing" in s.find("p", class_="result-prompt").get_text()
    )
    table = _table(tweet)
    assert _columns(table) == ["Unknown outlet", "Newsweek", "Associated Press"]
    first, newsweek, ap = table.find("tbody").find_all("td")
    assert ("del", "then") in _marks(ap) and ("ins", "them") in _marks(ap)
    assert tweet.find("p", class_="diff-legend")
    assert len(tweet.find_all("figure", class_="excerpt")) == 3  # the excerpts are still there
    # Two sources from one report only (the AP prints the warning twice): no aligned table.
    twice = next(s for s in sections if "prints Harris's warning twice" in s.get_text())
    assert len(twice.find_all("figure", class_="excerpt")) == 2
    assert _table(twice) is None and twice.find("p", class_="diff-legend") is None
    # Sources from several reports that say different things (three verbs for one tweet): nothing aligned.
    verbs = next(s for s in sections if "scolded" in s.get_text() and "criticized the U.S. stance" in s.get_text())
    assert len({f.find("cite").get_text() for f in verbs.find_all("figure", class_="excerpt")}) == 3
    assert _table(verbs) is None


def test_a_folder_of_one_article_says_there_is_nothing_to_compare(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / f"{AP}.txt", seeds)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
            "QUIZAPP_QUESTIONS": str(tmp_path),
            "QUIZAPP_SEEDS": str(seeds),
        }
    )
    client = app.test_client()
    page = _page(client, "/compare")
    assert "There are fewer than two articles to compare." in page.find("p", attrs={"role": "alert"}).get_text()
    page = _page(client, f"/articles/{AP}")
    assert page.find("section", class_="coverage") is None


def test_the_teacher_sees_the_same_aligned_sources_on_a_students_attempt(app, classroom):
    from tests.web.teacher_helpers import logged_in

    code, _ = classroom
    assignment_id = add_assignment(app, code, bank_id="comparing-coverage")
    client = joined_client(app, code)
    html = start(client, assignment_id)
    submitted = post_answers(client, html, all_right(app, html), action="submit")
    attempt_id = int(submitted.headers["Location"].split("/attempts/")[1].split("/")[0])
    page = _page(logged_in(app), f"/teacher/attempts/{attempt_id}")
    tweet = next(
        s
        for s in page.find_all("section", class_="result")
        if "and them blame them for fleeing" in s.find("p", class_="result-prompt").get_text()
    )
    ap = _table(tweet).find("tbody").find_all("td")[2]
    assert ("del", "then") in _marks(ap) and ("ins", "them") in _marks(ap)
