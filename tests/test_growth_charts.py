"""The paired-slope chart: well-formed, with a complete text alternative, rising solid and falling dashed."""

from __future__ import annotations

import math

import pytest

from quizapp.growth_charts import paired_slope_svg
from tests.test_charts import SVG, parse, text_alternative


def test_each_student_is_a_line_and_the_description_lists_them() -> None:
    svg = paired_slope_svg(
        ["Ana", "<b>Ben</b>", "Cy"], [0.5, 1.0, 2.0], [1.5, 0.5, 2.0], title="d′ pre and post", measure="d′"
    )
    root = parse(svg)
    title, desc = text_alternative(root)
    assert title == "d′ pre and post"
    assert "3 students: 1 rose, 1 fell" in desc
    assert "Ana: 0.50 to 1.50 (1.00)" in desc and "<b>Ben</b>: 1.00 to 0.50 (-0.50)" in desc
    assert "Class mean 1.17 to 1.33" in desc
    lines = [line for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "2"]
    assert len(lines) == 3
    assert [line.get("stroke-dasharray") is not None for line in lines] == [False, True, False]
    assert "<b>" not in str(svg).split("</desc>", 1)[1]  # escaped wherever it is drawn


def test_no_pairs_and_missing_values() -> None:
    _, desc = text_alternative(parse(paired_slope_svg(["Ana"], [math.nan], [1.0], title="t", measure="c")))
    assert "no student has both" in desc
    same = parse(paired_slope_svg(["A", "B"], [1.0, 1.0], [1.0, 1.0], title="t", measure="c"))
    assert "0 rose, 0 fell" in text_alternative(same)[1]
    with pytest.raises(ValueError):
        paired_slope_svg(["A"], [1.0, 2.0], [1.0], title="t", measure="c")


def test_names_at_the_same_post_value_do_not_overprint() -> None:
    root = parse(paired_slope_svg(["Ada", "Bo", "Cy"], [0.0, 1.0, 2.0], [3.0, 3.0, 3.0], title="t", measure="d′"))
    names = [t for t in root.iter(f"{SVG}text") if t.text in ("Ada", "Bo", "Cy")]
    heights = sorted(float(t.get("y")) for t in names)
    assert len(heights) == 3 and all(b - a >= 14 for a, b in zip(heights, heights[1:], strict=False))
