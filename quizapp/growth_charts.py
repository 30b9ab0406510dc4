"""The growth page's paired-slope chart, drawn on the server as inline SVG like :mod:`quizapp.charts`.

One line per student from their pre value (left) to their post value (right), the class's mean as a
thicker line on top. Rising lines are drawn solid and falling ones dashed, so the direction reads
without colour; the ``<desc>`` lists every student's pre and post values and change, a complete
text alternative. Same rules as the other charts: no script, no external resource, escaped text,
a ``viewBox`` so it scales to a phone, WCAG AA colours.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup

from quizapp.charts import AXIS, BAR, MUTED, TEXT, WIDTH, _chart_id, _cut, _esc, _heading, _num, _svg, _text

MEAN = "#8a3b00"  # 7.0:1 against white: the class mean, drawn over the students' lines
NAME_CHARS = 18
LABEL_GAP = 14  # the least vertical room between two names at the right end, so they never overprint


def paired_slope_svg(
    names: Sequence[str],
    pre: Sequence[float],
    post: Sequence[float],
    *,
    title: str,
    measure: str,
    id: str | None = None,
    value_format: str = "{:.2f}",
) -> Markup:
    """A paired-slope chart of ``measure`` (say "d′") for each student, pre to post, with the class mean."""
    if not len(names) == len(pre) == len(post):
        raise ValueError(f"{len(names)} names, {len(pre)} pre values, {len(post)} post values")
    pairs = [(name, a, b) for name, a, b in zip(names, pre, post, strict=True) if math.isfinite(a) and math.isfinite(b)]
    chart_id = _chart_id(id, title, [measure, *(f"{n}:{a!r}:{b!r}" for n, a, b in pairs)])
    margin, top, plot_height = 12, 60, 240
    left, right = 150, WIDTH - 150
    height = top + plot_height + 40
    parts = [_heading(margin, title)]
    parts.append(_text(left, top - 14, "Pre", anchor="middle", weight="bold"))
    parts.append(_text(right, top - 14, "Post", anchor="middle", weight="bold"))
    for x in (left, right):
        parts.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{top + plot_height}" stroke="{AXIS}"/>')
    if not pairs:
        parts.append(_text(WIDTH / 2, top + plot_height / 2, "no students with both", anchor="middle", fill=MUTED))
        desc = f"Paired-slope chart of {measure}, pre and post: no student has both."
        return _svg(chart_id, title, desc, height, parts)
    values = [v for _, a, b in pairs for v in (a, b)]
    low, high = min(values), max(values)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad

    def y(value: float) -> float:
        return top + plot_height * (high - value) / (high - low)

    parts.append(_text(left - 40, y(high) + 4, value_format.format(high), anchor="end", fill=MUTED, size=12))
    parts.append(_text(left - 40, y(low) + 4, value_format.format(low), anchor="end", fill=MUTED, size=12))
    label_y = _spread([y(b) + 4 for _, _, b in pairs], LABEL_GAP)
    for (name, a, b), name_y in zip(pairs, label_y, strict=True):
        dash = "" if b >= a else ' stroke-dasharray="6 4"'
        parts.append(
            f"<g><title>{_esc(name)}: {_esc(value_format.format(a))} to {_esc(value_format.format(b))}</title>"
        )
        parts.append(
            f'<line x1="{left}" y1="{_num(y(a))}" x2="{right}" y2="{_num(y(b))}" '
            f'stroke="{BAR}" stroke-width="2"{dash}/>'
        )
        parts.append(f'<circle cx="{left}" cy="{_num(y(a))}" r="3.5" fill="{BAR}"/>')
        parts.append(f'<circle cx="{right}" cy="{_num(y(b))}" r="3.5" fill="{BAR}"/>')
        parts.append(_text(right + 8, name_y, _cut(name, NAME_CHARS), fill=TEXT, size=12))
        parts.append("</g>")
    mean_pre = sum(a for _, a, _ in pairs) / len(pairs)
    mean_post = sum(b for _, _, b in pairs) / len(pairs)
    parts.append(
        f'<line x1="{left}" y1="{_num(y(mean_pre))}" x2="{right}" y2="{_num(y(mean_post))}" '
        f'stroke="{MEAN}" stroke-width="5"/>'
    )
    parts.append(_text(left - 8, y(mean_pre) + 4, f"mean {value_format.format(mean_pre)}", anchor="end", fill=MEAN))
    parts.append(
        _text(
            WIDTH / 2,
            top + plot_height + 28,
            f"{measure}: solid lines rise, dashed lines fall",
            anchor="middle",
            fill=MUTED,
            size=12,
        )
    )

    rises = sum(b > a for _, a, b in pairs)
    falls = sum(b < a for _, a, b in pairs)
    items = "; ".join(
        f"{name}: {value_format.format(a)} to {value_format.format(b)} ({value_format.format(b - a)})"
        for name, a, b in pairs
    )
    desc = (
        f"Paired-slope chart of {measure}, pre and post, {len(pairs)} students: {rises} rose, {falls} fell. "
        f"Class mean {value_format.format(mean_pre)} to {value_format.format(mean_post)}. {items}."
    )
    return _svg(chart_id, title, desc, height, parts)


def _spread(positions: Sequence[float], gap: float) -> list[float]:
    """``positions`` moved down as little as needed that no two are closer than ``gap``, order kept."""
    order = sorted(range(len(positions)), key=lambda index: positions[index])
    placed = list(positions)
    previous = -math.inf
    for index in order:
        placed[index] = max(positions[index], previous + gap)
        previous = placed[index]
    return placed
