"""Tests of dealflow._calendar: review clocks."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import InputError
from dealflow._calendar import Calendar, add_days, add_working_days, roll_forward


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


WEEKDAYS_ONLY = Calendar("weekdays", "Monday to Friday", "test", 2000, 2100, lambda year: (frozenset(), frozenset()))


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 1, 1)), st.integers(1, 300))
def test_working_days_on_a_calendar_without_holidays_agree_with_business_days(start: dt.date, days: int) -> None:
    """add_working_days on a weekdays-only calendar is add_days(business=True): add_days stays compatible."""
    assert add_working_days(start, days, WEEKDAYS_ONLY) == add_days(start, days, business=True)


@given(st.dates(dt.date(2001, 1, 1), dt.date(2025, 10, 1)), st.integers(1, 60), st.booleans())
def test_the_nth_working_day_is_a_working_day_with_n_working_days_counted(
    start: dt.date, days: int, include_start: bool
) -> None:
    """The result is a working day of the PRC calendar and exactly ``days`` working days are counted."""
    from dealflow.regimes import calendar

    cn = calendar("cn")
    end = add_working_days(start, days, cn, include_start=include_start)
    first = start if include_start else start + dt.timedelta(days=1)
    counted = sum(cn.is_working_day(first + dt.timedelta(days=i)) for i in range((end - first).days + 1))
    assert cn.is_working_day(end)
    assert counted == days


def test_roll_forward_moves_only_days_off() -> None:
    """roll_forward keeps a working day and moves a holiday to the next working day."""
    from dealflow.regimes import calendar

    us = calendar("us-federal")
    assert roll_forward(dt.date(2024, 7, 3), us) == dt.date(2024, 7, 3)
    assert roll_forward(dt.date(2024, 7, 4), us) == dt.date(2024, 7, 5)
    assert roll_forward(dt.date(2024, 8, 31), us) == dt.date(2024, 9, 3)  # Saturday, Sunday, Labor Day


def test_a_date_outside_a_calendars_years_is_refused_not_guessed() -> None:
    """A calendar knows the years it covers; any other year is an InputError naming them and the fix."""
    short = Calendar("short", "two years", "test", 2020, 2021, lambda year: (frozenset(), frozenset()))
    assert short.is_working_day(dt.date(2021, 12, 31))
    with pytest.raises(InputError, match="outside the years 2020-2021 that calendar 'short'") as err:
        add_working_days(dt.date(2021, 12, 30), 3, short)
    assert err.value.field == "start"
    with pytest.raises(InputError, match="at least one day"):
        add_working_days(dt.date(2021, 1, 4), 0, short)
