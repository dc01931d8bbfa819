"""Small charts drawn on the server as SVG, so they work without JavaScript: a topic's
papers per month (a search's matches, a map region's papers), with a text alternative."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search.months import month_label

WIDTH, HEIGHT = 320, 60


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: str
    count: int


@dataclass(frozen=True)
class GrowthChart:
    bars: list[Bar]
    width: int
    height: int
    summary: str  # the text alternative
    first: str
    last: str


def growth_chart(
    counts: Sequence[tuple[int, int]], first: int, last: int, what: str = "papers"
) -> GrowthChart | None:
    """Bars of papers per month from `first` to `last` (month numbers; months without
    papers are gaps); None when there is nothing dated to draw."""
    if not counts or first <= 0 or last < first:
        return None
    months = last - first + 1
    by_month = dict(counts)
    peak = max(by_month.values())
    step = WIDTH / months
    bars = [
        Bar(x=round((month - first) * step, 2), y=round(HEIGHT * (1 - count / peak), 2),
            width=round(max(step * 0.8, 0.5), 2), height=round(HEIGHT * count / peak, 2),
            month=month_label(month), count=count)
        for month, count in sorted(by_month.items())
        if first <= month <= last
    ]  # fmt: skip
    total = sum(by_month.values())
    busiest_month, busiest = max(by_month.items(), key=lambda item: (item[1], item[0]))
    recent = sum(c for m, c in by_month.items() if m > last - 12)
    before = sum(c for m, c in by_month.items() if last - 24 < m <= last - 12)
    trend = (
        f"{recent:,} in the last 12 months against {before:,} in the 12 before"
        if before or recent
        else "none in the last two years"
    )
    summary = (
        f"{total:,} {what} from {month_label(first)} to {month_label(last)}; the busiest "
        f"month was {month_label(busiest_month)} with {busiest:,}; {trend}."
    )
    return GrowthChart(bars, WIDTH, HEIGHT, summary, month_label(first), month_label(last))


@dataclass(frozen=True)
class SmallMap:
    dots: list[tuple[float, float]]
    here: tuple[float, float]
    width: int
    height: int
    region: object  # the paper's fine region (a MapRegion)
    paper_id: int


def small_map(
    points: Sequence[tuple[float, float]], bounds: Sequence[float], here: tuple[float, float],
    width: int = 240,
) -> tuple[list[tuple[float, float]], tuple[float, float], int]:  # fmt: skip
    """Points of the layout and one paper's point scaled into a width-wide box (y up):
    (dots, here, height)."""
    x0, y0, x1, y1 = bounds
    span_x, span_y = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
    height = max(60, round(width * span_y / span_x))

    def scaled(x: float, y: float) -> tuple[float, float]:
        return round((x - x0) / span_x * width, 1), round((1 - (y - y0) / span_y) * height, 1)

    return [scaled(x, y) for x, y in points], scaled(*here), height
