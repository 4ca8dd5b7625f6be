"""Geometry for the small server-rendered SVG charts. Pure: no Django.

Templates draw the SVG from these numbers, so a chart needs no script and no
chart library, and its data is also given as text for screen readers.
"""

import math
from dataclasses import dataclass


def whole_percent(value: float) -> int:
    """A percentage (0 or more) to the nearest whole, halves up, as
    `floatformat:0` shows it."""
    return math.floor(value + 0.5)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str

    @property
    def cx(self) -> str:
        return f"{self.x:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.y:.1f}"

    @property
    def percent(self) -> int:
        return whole_percent(self.value)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    points: list[Point]
    gridlines: list[tuple[str, int]]  # (y, percentage) for 0, 50, 100

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def percentage_line(
    values: list[tuple[str, float]], *, width: int = 640, height: int = 220, margin: int = 32
) -> LineChart:
    """Percentages (0–100) left to right, evenly spaced, 100% at the top."""
    inner_w, inner_h = width - 2 * margin, height - 2 * margin

    def y_of(value: float) -> float:
        return margin + inner_h * (1 - max(0.0, min(100.0, value)) / 100)

    step = inner_w / (len(values) - 1) if len(values) > 1 else 0
    points = [
        Point(margin + (step * i if len(values) > 1 else inner_w / 2), y_of(v), v, label)
        for i, (label, v) in enumerate(values)
    ]
    return LineChart(width, height, points, [(f"{y_of(p):.1f}", p) for p in (0, 50, 100)])


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str


def histogram_bars(
    counts: list[tuple[str, int]], *, width: int = 640, height: int = 200, margin: int = 28
) -> list[Bar]:
    """Equal-width bars scaled to the largest count, baseline at the bottom."""
    if not counts:
        return []
    inner_w, inner_h = width - 2 * margin, height - 2 * margin
    slot = inner_w / len(counts)
    tallest = max(count for _, count in counts) or 1
    bars = []
    for i, (label, count) in enumerate(counts):
        h = inner_h * count / tallest
        bars.append(Bar(margin + i * slot + 2, margin + inner_h - h, slot - 4, h, count, label))
    return bars
