"""The papers-per-month chart: SVG bars over the topic's active years up to the current
month, years along the axis, and the sentence that stands in for them."""

import datetime as dt

from frontend.charts import active_from, growth_chart
from search.months import month_label, month_number

TODAY = dt.date(2026, 12, 2)
JAN_2023 = month_number(dt.date(2023, 1, 1))


def test_bars_run_from_the_topics_first_year_to_this_month_and_the_summary_says_how_it_grew():
    counts = [(JAN_2023 + 2, 2), (JAN_2023 + 5, 8), (JAN_2023 + 47, 4)]
    chart = growth_chart(counts, today=TODAY)
    assert (chart.first, chart.last) == ("2023-01", "2026-12")
    assert [bar.month for bar in chart.bars] == ["2023-03", "2023-06", "2026-12"]
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.month == "2023-06" and tallest.y == chart.plot_top and chart.peak == 8
    assert [year for _, year in chart.years] == ["2023", "2024", "2025", "2026"]
    assert chart.years[0][0] == 0 and chart.bars[-1].x < chart.now_x <= chart.width
    assert chart.summary == (
        "14 papers from 2023-03 to 2026-12; the busiest month was 2023-06 with 8; "
        "4 in the last 12 months against 0 in the 12 before."
    )


def test_a_stray_early_paper_does_not_squeeze_a_recent_topic_to_the_right_edge():
    counts = [(month_number(dt.date(1995, 4, 1)), 1), *[(JAN_2023 + m, 5) for m in range(40)]]
    chart = growth_chart(counts, today=TODAY)
    assert chart.first == "2023-01"
    assert chart.bars[0].x == 0  # January 2023 starts the axis, 1995 is not drawn
    assert "(1 earlier, from 1995-04, not drawn)" in chart.summary
    assert active_from(counts) == JAN_2023


def test_a_long_history_labels_at_most_eight_years():
    counts = [(month_number(dt.date(year, 6, 1)), 10) for year in range(1993, 2027)]
    chart = growth_chart(counts, today=TODAY)
    assert chart.first == "1993-01" and 2 <= len(chart.years) <= 8
    assert chart.years[0][1] == "1993"


def test_nothing_dated_draws_nothing():
    assert growth_chart([], today=TODAY) is None
    assert growth_chart([(0, 5)], today=TODAY) is None
    assert month_label(1) == "1970-01"
