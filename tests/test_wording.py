"""Counts read as people write them: one question, two questions, no questions."""

import pytest

from quizapp.wording import counted, plural


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (1, "question", "1 question"),
        (0, "question", "0 questions"),
        (3, "student total", "3 student totals"),
        (1200, "response", "1,200 responses"),
    ],
)
def test_a_count_takes_the_singular_only_for_exactly_one(count, noun, said):
    assert counted(count, noun) == said


def test_an_irregular_plural_is_given():
    assert counted(2, "child", "children") == "2 children"
    assert counted(1, "child", "children") == "1 child"


def test_fractions_of_a_point_are_points():
    assert [plural(points, "point") for points in (0.5, 1, 1.0, 2)] == ["points", "point", "point", "points"]
