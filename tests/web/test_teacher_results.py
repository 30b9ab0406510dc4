"""The gradebook, an attempt against the key, item analysis, per-skill results and the CSV exports."""

from __future__ import annotations

import re
from html import unescape

import pytest

from quizapp.banks.model import SKILL_DEFINITIONS
from quizapp.db import db
from quizapp.models import Student
from quizapp.teacher.gradebook import export_filename
from tests.web.teacher_helpers import add_attempt, known_class, logged_in, parse_csv


@pytest.fixture
def known(app, teacher_id):
    return known_class(app, teacher_id)


def _rows(html: str) -> list[str]:
    """The student names of the gradebook's body rows, in order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r'<th scope="row">(.*?)</th>', body, re.S)]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_gradebook_shows_scores_totals_status_and_submission(app, known):
    client = logged_in(app)
    page = client.get(f"/teacher/assignments/{known['assignment']}/gradebook")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert _rows(html) == ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus"]
    text = _text(html)
    assert "Ana 3 / 4 75 % Submitted 1 1 1 0" in text
    assert "Dee 1 / 4 25 % Submitted 0 0 1 0" in text
    assert "Fay — — Not started" in text
    assert "Gus — — In progress" in text
    assert "5 of 7 students submitted" in text
    assert "Class mean" in text and "2.2" in text  # mean total (3+3+3+1+1)/5
    # Each submitted student's name opens their counted attempt.
    assert f'href="/teacher/attempts/{known["attempt:Ana"]}">Ana</a>' in html
    assert "<caption id=" in html and 'scope="col"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus"]),
        ("?sort=name&dir=desc", ["Gus", "Fay", "Eve", "Dee", "Cy", "Ben", "Ana"]),
        ("?sort=total&dir=asc", ["Dee", "Eve", "Ana", "Ben", "Cy", "Fay", "Gus"]),
        ("?sort=total&dir=desc", ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus"]),
        ("?sort=submitted&dir=desc", ["Eve", "Dee", "Cy", "Ben", "Ana", "Fay", "Gus"]),
        ("?sort=bogus&dir=sideways", ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus"]),
    ],
)
def test_gradebook_sorts_on_the_server(app, known, query, expected):
    client = logged_in(app)
    html = client.get(f"/teacher/assignments/{known['assignment']}/gradebook{query}").get_data(as_text=True)
    assert _rows(html) == expected


def test_sort_headers_are_links_with_aria_sort(app, known):
    client = logged_in(app)
    base = f"/teacher/assignments/{known['assignment']}/gradebook"
    html = client.get(f"{base}?sort=total&dir=desc").get_data(as_text=True)
    assert html.count("aria-sort=") == 1
    assert 'aria-sort="descending"' in html
    assert f'href="{base}?sort=total&amp;dir=asc"' in html  # the sorted column toggles
    assert f'href="{base}?sort=name&amp;dir=asc"' in html
    assert f'href="{base}?sort=submitted&amp;dir=asc"' in html


def test_best_submitted_attempt_counts(app, known):
    with app.app_context():
        add_attempt(known["assignment"], known["Dee"], {"who": "Kamala Harris", "april": "178622", "tweet": "AOC"})
    client = logged_in(app)
    text = _text(client.get(f"/teacher/assignments/{known['assignment']}/gradebook").get_data(as_text=True))
    # The fourth question was left empty: 0 points in the total, shown as the legend's dash, not as a wrong 0.
    assert "Dee 3 / 4 75 % Submitted 1 1 1 — not answered" in text


def test_an_attempt_shows_answers_against_the_key_with_excerpts(app, known):
    client = logged_in(app)
    page = client.get(f"/teacher/attempts/{known['attempt:Dee']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dee: Quiz on class-check, attempt 1" in html
    assert "Their answer" in html
    assert "Alexandria Ocasio-Cortez" in html and "Kamala Harris" in html
    assert "<mark>" in html and "Do not come, do not come." in html  # the cited passage
    assert "Read it in the full article" in html


def test_in_progress_attempt_shows_saved_answers_unscored(app, known):
    client = logged_in(app)
    html = client.get(f"/teacher/attempts/{known['attempt:Gus']}").get_data(as_text=True)
    assert "in progress" in html and "Kamala Harris" in html


def test_item_analysis_figures_for_the_known_data_set(app, known):
    client = logged_in(app)
    page = client.get(f"/teacher/assignments/{known['assignment']}/analysis")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = _text(html)
    # The whole test: 5 attempts, totals 3, 3, 3, 1, 1.
    assert "Students counted 5" in text
    assert "Mean score 2.2 / 4" in text
    assert "Median score 3" in text
    assert "Standard deviation 1.10" in text
    assert "Cronbach's alpha 0.11" in text
    assert "Standard error of measurement 1.03" in text
    # Per question: facility, band, SD, DI and DE (april-figures: DE -62, doubtful by the number), but with five
    # students no flag: a notice says the sample is small instead, and the guide says what DE's range means.
    assert "Who said &#34;Do not come&#34;? 60 % About right 0.55 100 100" in text
    assert "How many encounters were there in April? 40 % About right 0.55 22 29" in text
    assert "gives April border figures. 40 % About right 0.55 -56 -62 too few attempts" in text
    assert "A small sample: 5 attempts so far. Until 10 students have answered a question" in text
    assert "flagged" not in text.split("How to read these figures")[0].replace("no question is flagged yet", "")
    assert "from −100 to 100: 100 means the question ranks the students just as the rest of the test does" in text
    # Response distributions: the wrong answer that drew the class, numbers grouped however typed.
    assert "178622 2 40 % ✓ correct" in text
    assert "17106 2 40 % wrong" in text
    assert "Most common wrong answer: 17106 (2 students, 40 %)" in text
    assert "Alexandria Ocasio-Cortez 1 20 % wrong" in text
    # Typed answers can be as many as the students: only their table says it lists the most frequent.
    assert text.count("(the most frequent)") == 2
    assert "Responses to Q2 (the most frequent)" in text and "Responses to Q3 (the most frequent)" in text
    assert "Responses to Q1 Answer" in text  # a choice question lists every choice
    # Charts are inline SVG with a text alternative, and a table gives the same figures.
    assert html.count("<svg") == 2 and 'role="img"' in html and "<desc" in html
    assert "Score distribution" in text and "70–80 %" in text
    assert "How to read these figures" in text


def test_item_analysis_without_submissions_says_not_enough_data(app, teacher_id, classroom):
    client = logged_in(app)
    page = client.get(f"/teacher/assignments/{classroom[1]}/analysis")
    assert page.status_code == 200
    assert "fewer than two attempts" in page.get_data(as_text=True)


def test_per_skill_results_for_the_class_and_each_student(app, known):
    client = logged_in(app)
    for url in (f"/teacher/assignments/{known['assignment']}/skills", f"/teacher/classes/{known['classroom']}/skills"):
        page = client.get(url)
        assert page.status_code == 200
        text = _text(page.get_data(as_text=True))
        assert "The class does well at attribution (70 %) but struggles with numbers (40 %) and context (40 %)." in text
        assert "Whole class 70 % 40 % 40 %" in text
        assert "Ana 100 % 100 % 50 %" in text
        assert "Eve 0 % 0 % 50 %" in text
        assert "Fay — — —" in text
        assert "Class results per skill" in text  # the chart's title
        for skill in ("attribution", "numbers", "context"):  # each skill the assignment practises, defined
            assert SKILL_DEFINITIONS[skill] in unescape(text)


def test_gradebook_csv(app, known):
    with app.app_context():
        db.session.get(Student, known["Eve"]).name = "=cmd|' /C calc'!A0"
        db.session.commit()
    client = logged_in(app)
    response = client.get(f"/teacher/assignments/{known['assignment']}/gradebook.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="period-5-media-quiz-on-class-check-gradebook.csv"'
    )
    rows = parse_csv(response.data)
    assert rows[0][:5] == ["Student", "Status", "Attempts", "Counted attempt", "Submitted at"]
    assert rows[0][5:] == [
        "Q1 who (/1)", "Q2 april (/1)", "Q3 tweet (/1)", "Q4 april-figures (/1)", "Total", "Possible", "Percent",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert "=cmd|' /C calc'!A0" not in by_name  # neutralised: a leading apostrophe makes it text
    assert by_name["'=cmd|' /C calc'!A0"][5:] == ["0", "0", "0", "1", "1", "4", "25"]
    assert by_name["Ana"][:4] == ["Ana", "Submitted", "1", "1"]
    assert by_name["Ana"][5:] == ["1", "1", "1", "0", "3", "4", "75"]
    assert by_name["Fay"][1:3] == ["Not started", "0"]
    assert by_name["Gus"][1] == "In progress"
    assert len(rows) == 8


def test_responses_csv(app, known):
    client = logged_in(app)
    response = client.get(f"/teacher/assignments/{known['assignment']}/responses.csv")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="period-5-media-')
    rows = parse_csv(response.data)
    assert rows[0] == [
        "Student", "Attempt", "Question", "Type", "Answer", "Earned", "Possible", "Outcome", "Submitted at",
    ]
    dee = [row for row in rows[1:] if row[0] == "Dee"]
    assert [row[2] for row in dee] == ["who", "april", "tweet", "april-figures"]
    assert dee[0][3:8] == ["choice", "Alexandria Ocasio-Cortez", "0", "1", "wrong"]
    assert dee[1][4] == "17,106"
    assert dee[3][4] == "True"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", dee[0][8])
    gus = [row for row in rows[1:] if row[0] == "Gus"]
    assert gus[0][4:] == ["Kamala Harris", "", "", "", ""]  # in progress: not scored, not submitted
    assert len(rows) == 1 + 5 * 4 + 4


def test_export_filenames_are_safe():
    assert export_filename("Période 3", 'A "quiz"/../x', "gradebook") == "periode-3-a-quiz-x-gradebook.csv"
    assert export_filename("", "") == "export.csv"
