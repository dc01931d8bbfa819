"""Month numbers: how the map, the charts and the trend API count time."""

import datetime as dt

from search.months import month_label, month_number, month_of


def test_months_count_from_january_1970_and_none_is_zero():
    assert month_number(dt.date(1970, 1, 31)) == 1
    assert month_number(dt.date(2024, 3, 5)) == (2024 - 1970) * 12 + 3
    assert month_number(None) == 0 and month_of(0) is None


def test_a_month_number_reads_back_as_its_month():
    number = month_number(dt.date(2024, 12, 25))
    assert month_of(number) == dt.date(2024, 12, 1) and month_label(number) == "2024-12"
    assert month_label(1) == "1970-01"
