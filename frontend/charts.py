"""Small charts drawn on the server as SVG, so they work without JavaScript: a topic's
papers per month (a search's matches, a map region's papers), with a text alternative,
and the small map of a paper's neighbourhood."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from search.months import month_label, month_number

WIDTH = 320
TOP, PLOT = 14, 60  # room for the peak's label above the bars; the bars' height
HEIGHT = TOP + PLOT + 16  # and the years below them
MAX_YEAR_LABELS = 8
# The chart starts in the year its topic became active: the earliest papers, up to this
# share of them, are stray mentions that would squeeze the rest against the right edge.
STRAY_SHARE = 0.01


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
    first: str  # the span drawn, as months
    last: str
    years: list[tuple[float, str]]  # (x, year) labels of the time axis
    now_x: float  # where the current month is
    peak: int  # papers in the busiest month: the top of the scale
    plot_top: int = TOP
    plot_bottom: int = TOP + PLOT


def active_from(counts: Sequence[tuple[int, int]]) -> int:
    """The first month of the topic's active years: January of the year of its first
    month past the stray earliest STRAY_SHARE of its papers."""
    total = sum(count for _, count in counts)
    seen = 0
    for month, count in sorted(counts):
        seen += count
        if seen > total * STRAY_SHARE:
            return month - (month - 1) % 12
    return 0


def growth_chart(
    counts: Sequence[tuple[int, int]], what: str = "papers", today: dt.date | None = None
) -> GrowthChart | None:
    """Bars of papers per month (month numbers; months without papers are gaps) from the
    topic's active years to the current month, with years along the time axis and the
    current month marked; None when there is nothing dated to draw."""
    counts = [(month, count) for month, count in counts if month > 0 and count > 0]
    if not counts:
        return None
    by_month = dict(counts)
    now = month_number(today or dt.date.today())
    first, last = active_from(counts), max(now, max(by_month))
    step = WIDTH / (last - first + 1)
    drawn = {month: count for month, count in by_month.items() if month >= first}
    peak = max(drawn.values())
    bars = [
        Bar(x=round((month - first) * step, 2), y=round(TOP + PLOT * (1 - count / peak), 2),
            width=round(max(step * 0.8, 0.5), 2), height=round(PLOT * count / peak, 2),
            month=month_label(month), count=count)
        for month, count in sorted(drawn.items())
    ]  # fmt: skip
    first_year, last_year = 1970 + (first - 1) // 12, 1970 + (last - 1) // 12
    every = -(-(last_year - first_year + 1) // MAX_YEAR_LABELS)
    years = [(round((month_number(dt.date(year, 1, 1)) - first) * step, 2), str(year))
             for year in range(first_year, last_year + 1, every)]  # fmt: skip
    return GrowthChart(
        bars, WIDTH, HEIGHT, _summary(by_month, drawn, first, now, what),
        month_label(first), month_label(last), years,
        now_x=round((now - first + 0.5) * step, 2), peak=peak,
    )  # fmt: skip


def _summary(by_month: dict[int, int], drawn: dict[int, int], first: int, now: int,
             what: str) -> str:  # fmt: skip
    total = sum(by_month.values())
    busiest_month, busiest = max(by_month.items(), key=lambda item: (item[1], item[0]))
    recent = sum(c for m, c in by_month.items() if now - 12 < m <= now)
    before = sum(c for m, c in by_month.items() if now - 24 < m <= now - 12)
    trend = (
        f"{recent:,} in the last 12 months against {before:,} in the 12 before"
        if before or recent
        else "none in the last two years"
    )
    earlier = total - sum(drawn.values())
    stray = (f" ({earlier:,} earlier, from {month_label(min(by_month))}, not drawn)"
             if earlier else "")  # fmt: skip
    return (
        f"{total:,} {what} from {month_label(min(by_month))} to {month_label(max(by_month))}"
        f"{stray}; the busiest month was {month_label(busiest_month)} with {busiest:,}; "
        f"{trend}."
    )


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
