"""Charts for the teacher's dashboard, drawn on the server as inline SVG.

No JavaScript and no external resources (fonts, stylesheets, images), so a chart works behind a
school's content filter, prints, and costs the page nothing to load. Each chart:

* is ``<svg role="img" aria-labelledby="ID-title ID-desc">`` with a ``<title>`` and a ``<desc>``
  that is a complete text alternative, listing every bar's label and value, so a screen-reader user
  gets the same information as the picture;
* has a ``viewBox`` and ``width="100%"``, so it scales down to a phone;
* prints its values as text beside the bars, so nobody has to judge lengths or colours;
* uses colours with at least 3:1 contrast against white for graphics and 4.5:1 for text (WCAG AA);
* escapes every piece of text with :func:`markupsafe.escape` and drops characters XML forbids, so
  a question prompt such as ``<script>`` is shown, never run, and the SVG stays well-formed.

Bars run horizontally with the label above each, so long question prompts and skill names fit on
a narrow screen. The functions return :class:`markupsafe.Markup`, ready for a Jinja template.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Colours: the bar blue is 7.3:1 against white, the text greys 16:1 and 7:1, white on the bar 7.3:1.
BAR = "#0b57a4"
TRACK = "#e8eef5"  # decoration only: the empty part of a bar; the value is always printed too
TEXT = "#1f1f1f"
MUTED = "#595959"
AXIS = "#767676"  # 4.5:1: an axis line is a graphic, so 3:1 would do
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

WIDTH = 480  # viewBox units; the chart scales to its container, and on a phone text stays readable
LABEL_CHARS = 56  # a bar's label is cut to this many characters on the picture (the desc has it whole)
NO_DATA = "no data"

# Characters XML 1.0 does not allow at all: a label holding one would break the whole SVG.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    maximum: float,
    title: str,
    value_format: str = "{:.0%}",
    id: str | None = None,
    description: str | None = None,
) -> Markup:
    """Horizontal bars, one per label, each as long as its value is of ``maximum``.

    ``value_format`` formats a value for the text beside its bar and for the description (the
    default suits facilities and skill fractions, 0..1). A None value draws no bar and reads
    "no data". Values beyond 0..maximum are printed as they are and drawn clamped to the track.
    ``description``, when given, opens the text alternative before the list of bars.
    """
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
    if not maximum > 0 or not math.isfinite(maximum):
        raise ValueError(f"maximum must be a positive number, not {maximum!r}")
    chart_id = _chart_id(id, title, [*labels, *map(repr, values)])
    # NaN and infinity are no data either: "nan%" would only puzzle a teacher.
    shown = [value_format.format(v) if v is not None and math.isfinite(v) else NO_DATA for v in values]

    margin, row_height, bar_height = 12, 52, 22
    top = margin + 28  # room for the title
    height = top + row_height * len(labels) + margin
    track = WIDTH - 2 * margin - 70  # the rest is room for a value printed past the bar's end
    parts: list[str] = [_heading(margin, title)]
    if not labels:
        parts.append(_text(margin, top + 18, NO_DATA, fill=MUTED))
        height += 24
    for index, (label, value, text) in enumerate(zip(labels, values, shown, strict=True)):
        y = top + index * row_height
        bar_y = y + 22
        parts.append(f"<g><title>{_esc(label)}: {_esc(text)}</title>")
        parts.append(_text(margin, y + 15, _cut(label, LABEL_CHARS)))
        parts.append(_rect(margin, bar_y, track, bar_height, TRACK))
        middle = bar_y + bar_height / 2 + 5
        if value is None or not math.isfinite(value):
            parts.append(_text(margin + 8, middle, text, fill=MUTED, style="italic"))
        else:
            length = track * min(1.0, max(0.0, value / maximum))
            if length > 0:
                parts.append(_rect(margin, bar_y, length, bar_height, BAR))
            if length > track - 60:  # no room after the bar: print inside its end, white on blue
                parts.append(_text(margin + length - 6, middle, text, fill="#ffffff", anchor="end", weight="bold"))
            else:
                parts.append(_text(margin + length + 6, middle, text, weight="bold"))
        parts.append("</g>")

    items = "; ".join(f"{label}: {text}" for label, text in zip(labels, shown, strict=True)) or NO_DATA
    desc = f"{description} " if description else ""
    desc += f"Horizontal bar chart, {len(labels)} bars. {items}."
    return _svg(chart_id, title, desc, height, parts)


def histogram_svg(
    values: Sequence[float],
    *,
    bins: Sequence[float] | int,
    title: str,
    x_label: str,
    y_label: str = "Students",
    id: str | None = None,
) -> Markup:
    """Vertical bars counting ``values`` per bin: e.g. how many students scored 0-2, 2-4, ...

    ``bins`` is either the bin edges in increasing order (at least two) or a number of equal bins
    spanning the values. Every bin is half-open ``[a, b)`` except the last, which includes its upper
    edge, so a full mark lands in the top bin. Values outside the edges (or not finite) are left
    out of the bars and counted in the description. Each bar is labelled with its count and, under the
    axis, its range: on one line where the bars are wide enough, else on two, else written upright.
    """
    numbers = [float(v) for v in values]
    finite = [v for v in numbers if math.isfinite(v)]
    edges = _edges(finite, bins)
    counts = [0] * (len(edges) - 1)
    outside = len(numbers) - len(finite)
    for v in finite:
        index = _bin_of(v, edges)
        if index is None:
            outside += 1
        else:
            counts[index] += 1
    ranges = [f"{_num(a)}\u2013{_num(b)}" for a, b in zip(edges, edges[1:], strict=False)]
    chart_id = _chart_id(id, title, [x_label, y_label, *ranges, *map(str, counts)])

    margin, left = 12, 44
    top = margin + 28
    plot_height = 200
    plot_width = WIDTH - left - margin
    slot = plot_width / len(counts)
    layout = _range_label_layout(ranges, slot)
    bottom = layout.depth + 30  # the range labels, then the axis's name under them
    height = top + plot_height + bottom
    tallest = max(counts) or 1
    parts = [_heading(margin, title)]
    # The y axis: a line with 0 and the largest count marked, enough to read by with counts on bars.
    base = top + plot_height
    parts.append(f'<line x1="{_num(left)}" y1="{_num(top)}" x2="{_num(left)}" y2="{_num(base)}" stroke="{AXIS}"/>')
    parts.append(
        f'<line x1="{_num(left)}" y1="{_num(base)}" x2="{_num(left + plot_width)}" y2="{_num(base)}" stroke="{AXIS}"/>'
    )
    parts.append(_text(left - 6, base + 4, "0", anchor="end", fill=MUTED))
    parts.append(_text(left - 6, top + 4 + 14, str(tallest), anchor="end", fill=MUTED))
    parts.append(
        f'<text x="{_num(margin + 4)}" y="{_num(top + plot_height / 2)}" transform="rotate(-90 '
        f'{_num(margin + 4)} {_num(top + plot_height / 2)})" text-anchor="middle" font-size="13" '
        f'fill="{MUTED}">{_esc(y_label)}</text>'
    )
    # Leave room above the tallest bar for its count.
    scale = (plot_height - 20) / tallest
    for index, (count, text) in enumerate(zip(counts, ranges, strict=True)):
        x = left + index * slot
        bar_height = count * scale
        parts.append(f"<g><title>{_esc(x_label)} {_esc(text)}: {count} {_esc(y_label)}</title>")
        if count:
            parts.append(_rect(x + 2, base - bar_height, slot - 4, bar_height, BAR))
        parts.append(_text(x + slot / 2, base - bar_height - 5, str(count), anchor="middle", weight="bold"))
        parts.append(layout.draw(x + slot / 2, base, text))
        parts.append("</g>")
    parts.append(_text(left + plot_width / 2, base + layout.depth + 22, x_label, anchor="middle", fill=MUTED))

    items = "; ".join(f"{text}: {count}" for text, count in zip(ranges, counts, strict=True))
    desc = f"Histogram of {x_label}, {sum(counts)} {y_label}. "
    desc += f"{y_label} per range of {x_label}: {items}."
    if outside:
        desc += f" {outside} outside these ranges, not shown."
    return _svg(chart_id, title, desc, height, parts)


# How wide a character of the range labels is, as a share of the font size: digits and the en dash of
# the system sans-serif fonts are about 0.55 em, rounded up so that a label never reaches its neighbour.
_CHAR_WIDTH = 0.62
_LABEL_GAP = 4  # viewBox units kept free between two neighbouring range labels


@dataclass(frozen=True)
class _RangeLabels:
    """How every bar's range is written under the axis: on one line, on two ("10–" over "20"), or upright."""

    style: str  # "line", "lines" or "upright"
    size: int
    depth: float  # how far below the axis the labels reach

    def draw(self, x: float, base: float, text: str) -> str:
        """The label of the bar centred on ``x``."""
        if self.style == "line":
            return _text(x, base + self.size + 5, text, anchor="middle", fill=MUTED, size=self.size)
        if self.style == "lines":
            first, second = (_esc(part) for part in _two_lines(text))
            return (
                f'<text x="{_num(x)}" y="{_num(base + self.size + 5)}" fill="{MUTED}" text-anchor="middle" '
                f'font-size="{self.size}">{first}<tspan x="{_num(x)}" dy="{self.size + 2}">{second}</tspan></text>'
            )
        # Upright, read from the bottom up, its end just under the axis.
        y = base + 6
        return (
            f'<text x="{_num(x + self.size / 3)}" y="{_num(y)}" transform="rotate(-90 {_num(x + self.size / 3)} '
            f'{_num(y)})" fill="{MUTED}" text-anchor="end" font-size="{self.size}">{_esc(text)}</text>'
        )


def _range_label_layout(ranges: Sequence[str], slot: float) -> _RangeLabels:
    """The largest readable way to write every range under its bar without two labels touching."""
    room = slot - _LABEL_GAP
    longest = max((len(text) for text in ranges), default=0)
    for size in (12, 11):
        if longest * _CHAR_WIDTH * size <= room:
            return _RangeLabels("line", size, size + 5)
    halves = [part for text in ranges for part in _two_lines(text)]
    widest_half = max((len(part) for part in halves), default=0)
    for size in (12, 11):
        if widest_half * _CHAR_WIDTH * size <= room:
            return _RangeLabels("lines", size, 2 * size + 7)
    # Upright labels are as far apart as the bars; the smallest size that stays readable.
    size = 11 if slot >= 11 + _LABEL_GAP else 9
    return _RangeLabels("upright", size, longest * _CHAR_WIDTH * size + 8)


def _two_lines(text: str) -> tuple[str, str]:
    low, _, high = text.partition("\u2013")
    return f"{low}\u2013", high


def _edges(values: Sequence[float], bins: Sequence[float] | int) -> list[float]:
    if isinstance(bins, bool):  # a bool is an int to Python, but bins=True is a mistake, not one bin
        raise TypeError("bins must be a number of bins or a sequence of edges, not a bool")
    if isinstance(bins, int):
        if bins < 1:
            raise ValueError(f"bins must be at least 1, not {bins}")
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        if low == high:  # one value: a bin of width one centred on it, rather than a zero-width bin
            low, high = low - 0.5, high + 0.5
        width = (high - low) / bins
        return [low + i * width for i in range(bins)] + [high]
    edges = [float(edge) for edge in bins]
    if len(edges) < 2 or any(not b > a for a, b in zip(edges, edges[1:], strict=False)):
        raise ValueError("bins must be at least two increasing edges")
    if not all(math.isfinite(edge) for edge in edges):
        raise ValueError("bin edges must be finite")
    return edges


def _bin_of(value: float, edges: list[float]) -> int | None:
    if value < edges[0] or value > edges[-1]:
        return None
    for index in range(len(edges) - 1):
        if value < edges[index + 1]:
            return index
    return len(edges) - 2  # value == the last edge: the last bin is closed


def _svg(chart_id: str, title: str, desc: str, height: float, parts: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {_num(height)}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" font-family="{FONT}" font-size="14">'
        f'<title id="{chart_id}-title">{_esc(title)}</title>'
        f'<desc id="{chart_id}-desc">{_esc(desc)}</desc>'
    )
    return Markup(head + "".join(parts) + "</svg>")  # noqa: S704 - every piece of text was escaped


def _chart_id(given: str | None, title: str, content: Sequence[str]) -> str:
    """A valid, stable id: the given one made safe, or the title's slug plus a digest of the content.

    The digest keeps two charts with the same title on one page (say, two classes) from sharing ids,
    which would point each one's aria-labelledby at the other's text.
    """
    if given is not None:
        slug = _ID_UNSAFE.sub("-", given).strip("-") or "chart"
    else:
        slug = _ID_UNSAFE.sub("-", title.lower()).strip("-")[:40].strip("-") or "chart"
        digest = hashlib.sha256("\x1f".join([title, *content]).encode("utf-8", "surrogatepass")).hexdigest()
        slug = f"{slug}-{digest[:8]}"
    return slug if slug[0].isalpha() else f"chart-{slug}"  # an id must not start with a digit or '-'


def _heading(margin: float, title: str) -> str:
    return _text(margin, margin + 16, title, weight="bold", size=16)


def _text(
    x: float,
    y: float,
    content: str,
    *,
    fill: str = TEXT,
    anchor: str = "start",
    weight: str | None = None,
    style: str | None = None,
    size: int | None = None,
) -> str:
    extra = f' text-anchor="{anchor}"' if anchor != "start" else ""
    extra += f' font-weight="{weight}"' if weight else ""
    extra += f' font-style="{style}"' if style else ""
    extra += f' font-size="{size}"' if size else ""
    return f'<text x="{_num(x)}" y="{_num(y)}" fill="{fill}"{extra}>{_esc(content)}</text>'


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" height="{_num(height)}" fill="{fill}"/>'


def _esc(text: object) -> str:
    return str(escape(_NOT_XML.sub("", str(text))))


def _cut(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _num(value: float) -> str:
    """A coordinate or edge without float noise or a needless ``.0``: 12, 12.5, 0.33."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
