"""Months as numbers (months since January 1970, plus one; 0 for no date): how the map's
payload, the growth charts and the trend API count time."""

from __future__ import annotations

import datetime as dt


def month_number(day: dt.date | None) -> int:
    return 0 if day is None else (day.year - 1970) * 12 + day.month


def month_of(number: int) -> dt.date | None:
    """The first day of a month number's month."""
    return None if number <= 0 else dt.date(1970 + (number - 1) // 12, (number - 1) % 12 + 1, 1)


def month_label(number: int) -> str:
    """'2024-03' for a month number."""
    return f"{1970 + (number - 1) // 12:04d}-{(number - 1) % 12 + 1:02d}"
