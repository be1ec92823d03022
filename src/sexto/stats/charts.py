"""Bar charts drawn on the server as SVG geometry (no JavaScript, no inline styles: colours and
sizes are SVG presentation attributes, which a strict CSP allows). Each chart sits above the
table holding the same figures; hidden cells are drawn as marks, never as bars.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from sexto.stats.suppression import THRESHOLD, Cell, CellStatus

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")

WIDTH = 640
PLOT_TOP = 16
PLOT_HEIGHT = 180
LEFT = 44
RIGHT = 8
AXIS_LABELS = 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    text: str
    text_x: float
    text_y: float
    kind: str  # "value", "small" (1 to 4: a dashed outline up to 4), "hidden", "empty"
    title: str


@dataclass(frozen=True)
class LegendItem:
    label: str | Promise
    fill: str
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    key: str
    title: str | Promise
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    groups: list[tuple[str | Promise, float]]
    ticks: list[tuple[float, str]]
    legend: list[LegendItem]
    left: int = LEFT
    right: int = WIDTH - RIGHT


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _format(value: float) -> str:
    """A figure as the reader's language writes it (« 50,6 » in French, "50.6" in English): the
    chart's template turns localisation off for its coordinates, so labels are localised here."""
    if float(value).is_integer():
        return formats.number_format(int(value), use_l10n=True, force_grouping=True)
    return formats.number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)


def bar_chart(
    *,
    key: str,
    title: str | Promise,
    groups: Sequence[str | Promise],
    series: Sequence[tuple[str | Promise, Sequence[Cell | float | None]]],
) -> Chart:
    """Grouped bars: one group per label in `groups`, one bar per series in each group.
    A series value is a published Cell (counts) or a float/None (medians; None = not shown)."""
    largest = 0.0
    for _label, values in series:
        for value in values:
            if isinstance(value, Cell):
                largest = max(largest, value.value or (THRESHOLD - 1 if value.suppressed else 0))
            elif value is not None:
                largest = max(largest, value)
    top = _nice_max(largest)
    scale = PLOT_HEIGHT / top
    baseline = PLOT_TOP + PLOT_HEIGHT
    plot_width = WIDTH - LEFT - RIGHT
    group_width = plot_width / max(len(groups), 1)
    bar_width = min(36.0, (group_width - 12) / max(len(series), 1))
    bars: list[Bar] = []
    for g, group in enumerate(groups):
        start = LEFT + g * group_width + (group_width - bar_width * len(series)) / 2
        for s, (label, values) in enumerate(series):
            value = values[g]
            x = start + s * bar_width
            fill = PALETTE[s % len(PALETTE)]
            centre = x + bar_width / 2
            # « T1 2026 — Dossiers ouverts : 12 » (a non-breaking space before the colon in French).
            title = _("%(group)s — %(label)s: ") % {"group": group, "label": label}
            if isinstance(value, Cell) and value.status is CellStatus.SMALL:
                h = (THRESHOLD - 1) * scale
                bars.append(
                    Bar(
                        x,
                        baseline - h,
                        bar_width - 2,
                        h,
                        fill,
                        "< 5",
                        centre,
                        baseline - h - 4,
                        "small",
                        title + "< 5",
                    )
                )
            elif isinstance(value, Cell) and value.status is CellStatus.HIDDEN:
                bars.append(
                    Bar(
                        x,
                        baseline,
                        bar_width - 2,
                        0,
                        fill,
                        "x",
                        centre,
                        baseline - 4,
                        "hidden",
                        title + "x",
                    )
                )
            else:
                number = value.value if isinstance(value, Cell) else value
                if number is None:
                    bars.append(
                        Bar(
                            x,
                            baseline,
                            bar_width - 2,
                            0,
                            fill,
                            "—",
                            centre,
                            baseline - 4,
                            "empty",
                            title + "—",
                        )
                    )
                    continue
                h = number * scale
                text = _format(number)
                bars.append(
                    Bar(
                        x,
                        baseline - h,
                        bar_width - 2,
                        h,
                        fill,
                        text,
                        centre,
                        baseline - h - 4,
                        "value",
                        title + text,
                    )
                )
    ticks = [(baseline - top * f * scale, _format(top * f)) for f in (0, 0.5, 1)]
    legend = [
        LegendItem(
            label, PALETTE[s % len(PALETTE)], LEFT + (s % 3) * 200, baseline + 44 + (s // 3) * 20
        )
        for s, (label, _values) in enumerate(series)
    ]
    height = int(baseline + 44 + ((len(series) + 2) // 3) * 20)
    return Chart(
        key=key,
        title=title,
        width=WIDTH,
        height=height,
        baseline=baseline,
        bars=bars,
        groups=[(group, LEFT + (g + 0.5) * group_width) for g, group in enumerate(groups)],
        ticks=ticks,
        legend=legend,
    )
