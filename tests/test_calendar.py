"""Tests of dealflow._calendar: review clocks."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from dealflow._calendar import add_days


def test_business_days_skip_weekends() -> None:
    """Five business days from a Friday end on the next Friday."""
    assert add_days(dt.date(2020, 9, 18), 5, business=True) == dt.date(2020, 9, 25)
    assert add_days(dt.date(2020, 9, 18), 1, business=True) == dt.date(2020, 9, 21)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(0, 400))
def test_business_days_land_on_weekdays_and_count_right(start: dt.date, days: int) -> None:
    """Adding n business days lands on a weekday (for n > 0) with exactly n weekdays after start."""
    end = add_days(start, days, business=True)
    span = [start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(d.weekday() < 5 for d in span) == days
    if days:
        assert end.weekday() < 5


@given(st.dates(), st.integers(0, 1000))
def test_calendar_days_add_plainly(start: dt.date, days: int) -> None:
    """Calendar days are plain date arithmetic."""
    try:
        expected = start + dt.timedelta(days=days)
    except OverflowError:
        return
    assert add_days(start, days) == expected
