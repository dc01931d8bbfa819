"""The papers-per-month chart: SVG bars and the sentence that stands in for them."""

from frontend.charts import growth_chart
from search.months import month_label


def test_bars_span_the_months_and_the_summary_says_how_the_topic_grew():
    first = (2023 - 1970) * 12 + 1  # January 2023
    counts = [(first, 2), (first + 5, 8), (first + 23, 4)]
    chart = growth_chart(counts, first, first + 23)
    assert [bar.month for bar in chart.bars] == ["2023-01", "2023-06", "2024-12"]
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.month == "2023-06" and tallest.height == chart.height and tallest.y == 0
    assert chart.bars[-1].x > chart.bars[0].x
    assert chart.summary == (
        "14 papers from 2023-01 to 2024-12; the busiest month was 2023-06 with 8; "
        "4 in the last 12 months against 10 in the 12 before."
    )


def test_nothing_dated_draws_nothing():
    assert growth_chart([], 600, 620) is None
    assert growth_chart([(5, 1)], 0, 0) is None
    assert month_label(1) == "1970-01"
