"""Item analysis when some attempts were never given a question: it is left out, not counted as 0.

The teacher sets three questions of the class-check bank; three students submit; the teacher then
adds the fourth question, and three more students submit with all four. The added question's
figures are over the three students who had it. A question a student was given but left blank is
still a real 0.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta

import pytest

from quizapp.corpus_cache import corpus_of
from quizapp.db import db
from quizapp.models import Assignment, utcnow
from quizapp.teacher import reports
from quizapp.teacher.gradebook import load_results
from tests.web.teacher_helpers import (
    BANK,
    add_assignment,
    add_attempt,
    add_classroom,
    add_student,
    logged_in,
    post,
    store_text,
)

FIRST_KEYS = ["who", "april", "tweet"]
ALL_KEYS = [*FIRST_KEYS, "april-figures"]
RIGHT, WRONG = "Kamala Harris", "Alejandro Giammattei"

# Before the teacher adds april-figures (three questions each):
#           who  april  tweet  april-figures   total
#   Ana      1    1      1      -               3
#   Ben      1    0      1      -               2
#   Cy       0    0      1      -               1
# After (four questions each; Fay leaves april and tweet blank, which are real zeros):
#   Dee      1    1      1      0               3
#   Eve      1    0      1      1               3
#   Fay      0    0      0      1               1
BEFORE = {
    "Ana": {"who": RIGHT, "april": "178622", "tweet": "AOC"},
    "Ben": {"who": RIGHT, "april": "17106", "tweet": "Ocasio-Cortez"},
    "Cy": {"who": WRONG, "april": "17106", "tweet": "AOC"},
}
AFTER = {
    "Dee": {"who": RIGHT, "april": "178,622", "tweet": "AOC", "april-figures": "true"},
    "Eve": {"who": RIGHT, "april": "17106", "tweet": "AOC", "april-figures": "false"},
    "Fay": {"who": WRONG, "april": None, "tweet": None, "april-figures": "false"},
}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def late_question(app, teacher_id):
    """The assignment id, after the fourth question was added between the two groups of students."""
    with app.app_context():
        store_text(app, BANK, teacher_id)
        room = add_classroom(teacher_id, "Period 5 Media")
        assignment_id = add_assignment(room, "class-check", keys=FIRST_KEYS)
        base = utcnow() - timedelta(hours=3)
        for offset, (name, answers) in enumerate(BEFORE.items()):
            add_attempt(assignment_id, add_student(room, name), answers, started_at=base + timedelta(minutes=offset))
    client = logged_in(app)
    response = post(
        client,
        f"/teacher/assignments/{assignment_id}/edit",
        {
            "title": "Quiz on class-check",
            "questions": ALL_KEYS,
            "attempts_allowed": "1",
            "layout": "one",
            "show_answers": "never",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Assignment, assignment_id).question_keys is None  # the whole bank now
        room_id = db.session.get(Assignment, assignment_id).classroom_id
        base = utcnow() - timedelta(hours=1)
        for offset, (name, answers) in enumerate(AFTER.items()):
            add_attempt(assignment_id, add_student(room_id, name), answers, started_at=base + timedelta(minutes=offset))
    return assignment_id


def test_score_matrix_passes_none_for_a_question_not_given_and_zero_for_a_blank_one(app, late_question):
    with app.app_context():
        results = load_results(db.session.get(Assignment, late_question), with_answers=True)
        keys, maxima, scores = reports.score_matrix(results)
        assert keys == ALL_KEYS and maxima == [1.0] * 4
        by_name = dict(zip([row.name for row in results.submitted_rows], scores, strict=True))
        assert by_name == {
            "Ana": [1.0, 1.0, 1.0, None],
            "Ben": [1.0, 0.0, 1.0, None],
            "Cy": [0.0, 0.0, 1.0, None],
            "Dee": [1.0, 1.0, 1.0, 0.0],
            "Eve": [1.0, 0.0, 1.0, 1.0],
            "Fay": [0.0, 0.0, 0.0, 1.0],  # april and tweet were given, left blank: real zeros
        }

        report = reports.analysis_report(results, corpus_of(app))
        added = report.items[3].stats
        # Over Dee, Eve, Fay: x = 0 1 1, R = 3 2 0. x deviations -2/3 1/3 1/3 (var 1/3);
        # R mean 5/3, deviations 4/3 1/3 -5/3 (var 7/3); cov = (-8/9 + 1/9 - 5/9) / 2 = -2/3.
        # DI = 100 * (-2/3) / sqrt(7/9) = -200/sqrt(7). The covariance is negative, so DE divides by the
        # worst pairing, sorted x 0 1 1 with R sorted the other way, 3 2 0: the students' own, DE = -100.
        assert added.n == 3
        assert added.facility == pytest.approx(2 / 3)  # not 2/6, as if Ana, Ben and Cy had got it wrong
        assert added.sd == pytest.approx(math.sqrt(1 / 3))
        assert added.discrimination == pytest.approx(-200 / math.sqrt(7))
        assert added.efficiency == pytest.approx(-100) and added.doubtful
        assert not added.flagged  # three attempts are too few to flag it
        # tweet was given to all six: Fay's blank counts as wrong, 5/6.
        assert (report.items[2].stats.n, report.items[2].stats.facility) == (6, pytest.approx(5 / 6))
        # The responses to the added question are those of the three students who had it.
        assert sum(d.count for d in report.items[3].distribution) == 3
        # Totals 3 2 1 3 3 1 over everyone; alpha over Dee, Eve, Fay, who had every question.
        assert report.test.n == 6
        assert report.test.mean == pytest.approx(13 / 6) and report.test.median == 2.5
        # Complete totals 3 3 1 (var 4/3); each item's variance there is 1/3, four of them 4/3: alpha 0.
        assert report.test.alpha == pytest.approx(0, abs=1e-12)
        assert report.test.sem == pytest.approx(math.sqrt(4 / 3))


def test_the_analysis_page_shows_the_added_question_over_those_who_had_it(app, late_question):
    client = logged_in(app)
    page = client.get(f"/teacher/assignments/{late_question}/analysis")
    assert page.status_code == 200
    text = _text(page.get_data(as_text=True))
    assert "Students counted 6" in text
    assert "Median score 2.5" in text
    # Facility 2/3 ("Fairly easy"), SD 0.58, DI -76, DE -100: over Dee, Eve and Fay only, too few to flag.
    assert "gives April border figures. 67 % Fairly easy 0.58 -76 -100 too few attempts" in text
    # The questions everyone had are over all six; Fay's blanks count as wrong answers.
    assert "How many encounters were there in April? 33 % Fairly hard" in text
    assert "Whose tweet says &#34;set someone&#39;s house on fire&#34;? 83 % Easy" in text


def test_the_analysis_page_says_how_many_attempts_each_figure_covers(app, late_question):
    page = _text(logged_in(app).get(f"/teacher/assignments/{late_question}/analysis").get_data(as_text=True))
    assert page.count("Attempts 3 (only these were given it)") == 1
    assert page.count("Attempts 6 ") == 3
