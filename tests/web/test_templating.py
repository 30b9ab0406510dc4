"""A time or a count reads the same on every page: the template filters and the student's wording agree."""

from __future__ import annotations

from datetime import datetime

from flask import render_template_string

from quizapp.moments import format_moment


def test_a_time_reads_the_same_for_teacher_and_student_in_the_school_zone(app):
    app.config["QUIZAPP_TIMEZONE"] = "Europe/London"
    moment = datetime(2021, 6, 8, 14, 5)  # UTC, naive as SQLite returns it
    with app.test_request_context():
        page = render_template_string("{{ m|local_time }}|{{ m|iso_time }}|{{ none|local_time }}", m=moment, none=None)
        student = format_moment(moment)
    assert page == "Tue 8 Jun 2021, 15:05|2021-06-08T15:05:00+01:00|—"
    assert student == "Tue 8 Jun 2021, 15:05 BST"


def test_counts_on_pages_use_the_one_plural(app):
    with app.test_request_context():
        page = render_template_string(
            "{{ 1|counted('student') }}; {{ rows|length|counted('passage') }}; {{ 0.5|plural('point') }}", rows=[1, 2]
        )
    assert page == "1 student; 2 passages; points"
