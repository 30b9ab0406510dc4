"""Server-side SVG charts: well-formed, accessible, scalable, and safe with any label."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from quizapp.charts import BAR, MUTED, TEXT, bar_chart_svg, histogram_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: Markup) -> ET.Element:
    """The chart as XML: parsing fails on any unescaped label or stray character."""
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, parsed to prove it well-formed


def text_alternative(root: ET.Element) -> tuple[str, str]:
    """The title and desc that aria-labelledby points at, checked to exist under those ids."""
    ids = root.get("aria-labelledby", "").split()
    assert len(ids) == 2
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    title, desc = by_id[ids[0]], by_id[ids[1]]
    assert title.tag == f"{SVG}title" and desc.tag == f"{SVG}desc"
    return title.text or "", desc.text or ""


def drawn_text(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def bars(root: ET.Element, fill: str = BAR) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("fill") == fill]


def contrast(colour: str, background: str = "#ffffff") -> float:
    """The WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --------------------------------------------------------------------------------------------------
# Bar charts
# --------------------------------------------------------------------------------------------------

FACILITY_LABELS = ["Who said “Do not come”?", "How many people crossed the border in May?", "Which report quotes AOC?"]


def facility_chart(**options: object) -> Markup:
    return bar_chart_svg(FACILITY_LABELS, [0.82, 0.4, None], maximum=1.0, title="Facility per question", **options)


def test_bar_chart_is_an_accessible_scalable_svg() -> None:
    svg = facility_chart()
    assert isinstance(svg, Markup)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox", ""))
    assert root.get("height") is None  # a fixed height would stop it scaling with the width
    title, desc = text_alternative(root)
    assert title == "Facility per question"


def test_bar_chart_description_lists_every_label_and_value() -> None:
    _, desc = text_alternative(parse(facility_chart()))
    for label in FACILITY_LABELS:
        assert label in desc
    assert "Who said “Do not come”?: 82%" in desc
    assert "How many people crossed the border in May?: 40%" in desc
    assert "Which report quotes AOC?: no data" in desc


def test_bar_chart_prints_values_on_the_bars_and_no_data_for_none() -> None:
    root = parse(facility_chart())
    text = drawn_text(root)
    assert "82%" in text and "40%" in text and "no data" in text
    assert all(label in text for label in FACILITY_LABELS)
    assert len(bars(root)) == 2  # no bar at all for the question without data


def test_bar_lengths_are_proportional_and_clamped_to_the_track() -> None:
    root = parse(
        bar_chart_svg(["half", "full", "over", "under"], [5, 10, 15, -2], maximum=10, title="t", value_format="{}")
    )
    widths = [float(rect.get("width", "0")) for rect in bars(root)]
    half, full, over = widths  # a negative value draws no bar
    assert half == pytest.approx(full / 2, abs=0.01)
    assert over == full
    assert "over: 15" in text_alternative(root)[1] and "under: -2" in text_alternative(root)[1]


def test_value_format_is_applied() -> None:
    _, desc = text_alternative(parse(bar_chart_svg(["a"], [2.5], maximum=4, title="Points", value_format="{:.1f} pts")))
    assert "a: 2.5 pts" in desc


def test_labels_are_escaped() -> None:
    hostile = '<script>alert("x")</script> & <b>'
    svg = bar_chart_svg([hostile], [0.5], maximum=1, title="</title><script>1</script>")
    assert "<script" not in str(svg)
    root = parse(svg)
    title, desc = text_alternative(root)
    assert title == "</title><script>1</script>"  # shown as text, exactly as written
    assert hostile in desc
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))


def test_characters_xml_forbids_are_dropped_rather_than_breaking_the_chart() -> None:
    root = parse(bar_chart_svg(["bell\x07 and null\x00"], [0.5], maximum=1, title="t\x1b"))
    assert "bell and null" in text_alternative(root)[1]


def test_long_labels_are_cut_on_the_picture_but_whole_in_the_description() -> None:
    label = "Which of these reports " + "quotes a source by name and title " * 5
    root = parse(bar_chart_svg([label], [0.3], maximum=1, title="t"))
    shown = [text for text in drawn_text(root) if text.startswith("Which")]
    assert len(shown) == 1 and shown[0].endswith("…") and len(shown[0]) < len(label)
    assert label.strip() in text_alternative(root)[1]


def test_ids_are_unique_per_chart_and_can_be_given() -> None:
    first = parse(bar_chart_svg(["a"], [0.5], maximum=1, title="Facility"))
    second = parse(bar_chart_svg(["a"], [0.6], maximum=1, title="Facility"))  # same title, another class
    assert first.get("id") != second.get("id")
    assert first.get("id", "").startswith("facility-")
    again = parse(bar_chart_svg(["a"], [0.5], maximum=1, title="Facility"))
    assert again.get("id") == first.get("id")  # stable, so pages do not churn

    given = parse(facility_chart(id="skills-7b"))
    assert given.get("id") == "skills-7b"
    assert given.get("aria-labelledby") == "skills-7b-title skills-7b-desc"
    unsafe = parse(facility_chart(id='9 "quoted" id'))
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", unsafe.get("id", ""))


def test_no_scripts_and_no_external_resources() -> None:
    for svg in (facility_chart(), histogram_svg([1, 2, 3], bins=3, title="Scores", x_label="Score")):
        text = str(svg)
        assert "<script" not in text and "href" not in text and "url(" not in text and "@import" not in text
        assert re.findall(r"https?://[^\"]+", text) == ["http://www.w3.org/2000/svg"]  # the namespace only


def test_colours_meet_wcag_aa_against_white() -> None:
    assert contrast(BAR) >= 3  # graphics
    assert contrast(TEXT) >= 4.5 and contrast(MUTED) >= 4.5  # text
    assert contrast("#ffffff", BAR) >= 4.5  # a value printed inside a full bar
    for svg in (facility_chart(), histogram_svg([1, 2, 3], bins=3, title="Scores", x_label="Score")):
        root = parse(svg)
        for element in root.iter(f"{SVG}text"):
            fill = element.get("fill", "")
            background = BAR if fill == "#ffffff" else "#ffffff"
            assert contrast(fill, background) >= 4.5, element.text


def test_an_empty_bar_chart_still_says_so() -> None:
    root = parse(bar_chart_svg([], [], maximum=1, title="Skills"))
    assert "no data" in text_alternative(root)[1]


@pytest.mark.parametrize(
    ("labels", "values", "maximum", "message"),
    [(["a", "b"], [1], 1, "2 labels but 1 values"), (["a"], [1], 0, "maximum"), (["a"], [1], float("nan"), "maximum")],
)
def test_bar_chart_refuses_inconsistent_input(labels, values, maximum, message) -> None:
    with pytest.raises(ValueError, match=message):
        bar_chart_svg(labels, values, maximum=maximum, title="t")


def test_nan_is_no_data() -> None:
    assert "a: no data" in text_alternative(parse(bar_chart_svg(["a"], [float("nan")], maximum=1, title="t")))[1]


# --------------------------------------------------------------------------------------------------
# Histograms
# --------------------------------------------------------------------------------------------------


def counts_in(desc: str) -> dict[str, int]:
    return {label: int(count) for label, count in re.findall(r"(\d+(?:\.\d+)?–\d+(?:\.\d+)?): (\d+)", desc)}


def test_histogram_counts_per_bin_with_the_top_edge_included() -> None:
    scores = [0, 1, 2, 2, 3, 5, 6, 8, 8, 10, 10]
    root = parse(histogram_svg(scores, bins=[0, 2, 4, 6, 8, 10], title="Scores", x_label="Score (of 10)"))
    title, desc = text_alternative(root)
    assert title == "Scores"
    # [0,2) [2,4) [4,6) [6,8) [8,10]: a full mark of 10 lands in the top bin.
    assert counts_in(desc) == {"0–2": 2, "2–4": 3, "4–6": 1, "6–8": 1, "8–10": 4}
    assert "11 Students" in desc and "Score (of 10)" in desc
    assert len(bars(root)) == 5
    heights = [float(rect.get("height", "0")) for rect in bars(root)]
    assert heights[4] == max(heights) and heights[2] == pytest.approx(heights[4] / 4)
    # Each bar's group prints its count first, so nobody has to read the height off an axis.
    assert [group.findtext(f"{SVG}text") for group in root.iter(f"{SVG}g")] == ["2", "3", "1", "1", "4"]
    text = drawn_text(root)
    assert "Students" in text and "Score (of 10)" in text


def _range_labels(root: ET.Element) -> list[str]:
    """The words of each drawn range label ("0–10"), a label over two lines read as one."""
    return [
        "".join(element.itertext())
        for element in root.iter(f"{SVG}text")
        if re.fullmatch(r"[\d.]+–[\d.]+", "".join(element.itertext()))
    ]


@pytest.mark.parametrize("bins", [5, 10, 25, 60])
def test_histogram_labels_every_bar_with_its_range(bins: int) -> None:
    # The score distribution of the item analysis has ten bars of 10 points each: every one is labelled,
    # however many there are, and never by skipping every other one.
    edges = [100 * i / bins for i in range(bins + 1)]
    root = parse(histogram_svg([5, 15, 95], bins=edges, title="Score distribution", x_label="Score (%)"))
    _, desc = text_alternative(root)
    assert _range_labels(root) == list(counts_in(desc))
    assert len(_range_labels(root)) == bins
    # The axis's name stays below the labels, inside the picture.
    height = float(root.get("viewBox", "").split()[3])
    name = next(e for e in root.iter(f"{SVG}text") if e.text == "Score (%)")
    lowest = max(float(e.get("y", "0")) for e in root.iter(f"{SVG}text") if e is not name and not e.get("transform"))
    assert lowest < float(name.get("y", "0")) < height


def test_histogram_with_a_number_of_equal_bins() -> None:
    _, desc = text_alternative(parse(histogram_svg([1, 2, 3, 4, 5], bins=2, title="t", x_label="x")))
    assert counts_in(desc) == {"1–3": 2, "3–5": 3}


def test_histogram_of_equal_values_and_of_none() -> None:
    _, desc = text_alternative(parse(histogram_svg([4, 4, 4], bins=3, title="t", x_label="x")))
    assert sum(counts_in(desc).values()) == 3
    root = parse(histogram_svg([], bins=[0, 5, 10], title="Nobody yet", x_label="Score"))
    assert counts_in(text_alternative(root)[1]) == {"0–5": 0, "5–10": 0}
    assert not bars(root)  # nothing to draw, but the axes and zero counts are there


def test_histogram_says_how_many_values_it_left_out() -> None:
    _, desc = text_alternative(parse(histogram_svg([-1, 1, 11, float("nan")], bins=[0, 10], title="t", x_label="x")))
    assert counts_in(desc) == {"0–10": 1}
    assert "3 outside these ranges" in desc


def test_histogram_labels_are_escaped() -> None:
    svg = histogram_svg([1], bins=1, title="<b>Scores</b>", x_label="<script>x</script>", y_label="Students & co")
    assert "<script" not in str(svg) and "<b>" not in str(svg)
    title, desc = text_alternative(parse(svg))
    assert title == "<b>Scores</b>" and "<script>x</script>" in desc and "Students & co" in desc


@pytest.mark.parametrize("bins", [0, [], [1], [0, 0], [2, 1], [0, float("inf")]])
def test_histogram_refuses_bad_bins(bins) -> None:
    with pytest.raises(ValueError, match="bin"):
        histogram_svg([1], bins=bins, title="t", x_label="x")


def test_histogram_refuses_a_bool_for_bins() -> None:
    # True is an int to Python; taking it as one bin would hide the caller's mistake.
    with pytest.raises(TypeError, match="not a bool"):
        histogram_svg([1], bins=True, title="t", x_label="x")
