"""Server-rendered bar charts: the geometry of an SVG chart, computed in Python.

Templates draw the shapes (so every label is escaped by the template engine) and print
the same numbers as a table beside the chart: the chart is never the only way to read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 160
ROW_HEIGHT = 22
BAR_GAP = 6
PLOT_WIDTH = 320
COLUMN_WIDTH = 28
PLOT_HEIGHT = 120
AXIS_SPACE = 34


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    horizontal: bool

    @property
    def max_value(self) -> int:
        return max((b.value for b in self.bars), default=0)


def bar_chart(title: str, items: Sequence[tuple[str, int]]) -> Chart:
    """Horizontal bars, one row per item, labels on the left and values at the bar's end."""
    top = max((v for _, v in items), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(items):
        y = i * ROW_HEIGHT
        width = PLOT_WIDTH * value / top
        bars.append(
            Bar(
                label=label,
                value=value,
                x=LABEL_WIDTH,
                y=y + BAR_GAP / 2,
                width=round(width, 1),
                height=ROW_HEIGHT - BAR_GAP,
                label_x=LABEL_WIDTH - 6,
                label_y=y + ROW_HEIGHT * 0.7,
                value_x=round(LABEL_WIDTH + width + 4, 1),
                value_y=y + ROW_HEIGHT * 0.7,
            )
        )
    return Chart(
        title=title,
        width=LABEL_WIDTH + PLOT_WIDTH + 48,
        height=max(len(items), 1) * ROW_HEIGHT,
        bars=tuple(bars),
        horizontal=True,
    )


def column_chart(title: str, items: Sequence[tuple[str, int]]) -> Chart:
    """Vertical columns along an axis of labels (years), values above the columns."""
    top = max((v for _, v in items), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(items):
        x = i * COLUMN_WIDTH
        height = PLOT_HEIGHT * value / top
        y = AXIS_SPACE / 2 + PLOT_HEIGHT - height
        bars.append(
            Bar(
                label=label,
                value=value,
                x=x + BAR_GAP / 2,
                y=round(y, 1),
                width=COLUMN_WIDTH - BAR_GAP,
                height=round(height, 1),
                label_x=x + COLUMN_WIDTH / 2,
                label_y=AXIS_SPACE / 2 + PLOT_HEIGHT + 14,
                value_x=x + COLUMN_WIDTH / 2,
                value_y=round(y - 3, 1),
            )
        )
    return Chart(
        title=title,
        width=max(len(items), 1) * COLUMN_WIDTH,
        height=PLOT_HEIGHT + AXIS_SPACE,
        bars=tuple(bars),
        horizontal=False,
    )
