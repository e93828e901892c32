"""Tests of dealflow._calendar: review clocks."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import InputError
from dealflow._calendar import MAX_DAYS, Calendar, add_days, add_working_days, roll_forward


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


@pytest.mark.parametrize(
    ("start", "days", "business", "error", "reason", "fix"),
    [
        (
            dt.date(2020, 1, 1),
            36_601,
            False,
            "LimitError",
            "36601 days is not a whole number of at most 36600 days",
            "give at most 36600 days",
        ),
        (
            dt.date(2020, 1, 1),
            -36_601,
            True,
            "LimitError",
            "-36601 days is not a whole number of at most 36600 days",
            "give at most 36600 days",
        ),
        (
            dt.date(2020, 1, 1),
            True,
            False,
            "LimitError",
            "True days is not a whole number of at most 36600 days",
            "give at most 36600 days",
        ),
        (
            dt.date(2020, 1, 1),
            1.5,
            False,
            "LimitError",
            "1.5 days is not a whole number of at most 36600 days",
            "give at most 36600 days",
        ),
        (
            dt.date(9999, 12, 1),
            31,
            False,
            "InputError",
            "31 days after 9999-12-01 is past the calendar's last day, 9999-12-31",
            "give fewer days, or an earlier date",
        ),
        (
            dt.date(9999, 12, 30),
            5,
            True,
            "InputError",
            "5 days after 9999-12-30 is past the calendar's last day, 9999-12-31",
            "give fewer days, or an earlier date",
        ),
        (
            dt.date(1, 1, 2),
            -5,
            False,
            "InputError",
            "5 days before 0001-01-02 is before the calendar's first day, 0001-01-01",
            "give fewer days, or a later date",
        ),
    ],
)
def test_add_days_refuses_what_no_clock_runs_naming_days_and_the_fix(
    start: dt.date, days: int, business: bool, error: str, reason: str, fix: str
) -> None:
    """Too many days, days that are no whole number, and dates off the calendar are refused with exact reason and fix."""
    with pytest.raises(InputError) as info:
        add_days(start, days, business=business)
    assert (type(info.value).__name__, info.value.rule, info.value.field, info.value.fix) == (
        error,
        reason,
        "days",
        fix,
    )


def test_add_days_at_the_limits_and_backwards() -> None:
    """Exactly MAX_DAYS is accepted either way; negative business days count back over weekends."""
    assert MAX_DAYS == 36_600
    assert add_days(dt.date(2020, 1, 1), 36_600) == dt.date(2120, 3, 17)
    assert add_days(dt.date(2020, 1, 1), -36_600) == dt.date(1919, 10, 18)
    assert add_days(dt.date(2020, 1, 1), 0, business=True) == dt.date(2020, 1, 1)
    assert add_days(dt.date(2020, 9, 21), -1, business=True) == dt.date(2020, 9, 18)  # Monday back to Friday
    assert add_days(dt.date(2020, 9, 26), -1, business=True) == dt.date(2020, 9, 25)  # Saturday back to Friday
    assert add_days(dt.date(2020, 9, 21), -6, business=True) == dt.date(2020, 9, 11)
    assert add_days(dt.date(2020, 9, 25), 1, business=True) == dt.date(2020, 9, 28)  # Friday to Monday
    assert add_days(dt.date(2020, 9, 19), 1, business=True) == dt.date(2020, 9, 21)  # Saturday to Monday


def _calendar(calls: list[int] | None = None) -> Calendar:
    """2020-2021; New Year's Day off, Saturday 2020-01-04 a working day."""

    def days_off(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
        if calls is not None:
            calls.append(year)
        return frozenset({dt.date(year, 1, 1), dt.date(year, 12, 26)}), frozenset({dt.date(2020, 1, 4)})

    return Calendar("test", "Test authority", "made up", 2020, 2021, days_off)


def test_a_calendar_knows_its_days_off_and_working_weekends() -> None:
    """Holidays are days off, listed on weekdays only, in order; a working weekend day counts; weekends are otherwise off."""
    cal = _calendar()
    assert not cal.is_working_day(dt.date(2020, 1, 1))
    assert cal.is_working_day(dt.date(2020, 1, 2))
    assert cal.is_working_day(dt.date(2020, 1, 4))  # a Saturday worked
    assert not cal.is_working_day(dt.date(2020, 1, 5))
    assert not cal.is_working_day(dt.date(2020, 1, 11))
    assert cal.holidays(2020) == [dt.date(2020, 1, 1)]  # 2020-12-26 is a Saturday
    assert cal.holidays(2021) == [dt.date(2021, 1, 1)]  # 2021-12-26 is a Sunday; 2021-01-01 a Friday
    assert cal.covers(dt.date(2020, 1, 1)) and cal.covers(dt.date(2021, 12, 31))
    assert not cal.covers(dt.date(2019, 12, 31)) and not cal.covers(dt.date(2022, 1, 1))


def test_years_are_loaded_once_on_first_use() -> None:
    """A calendar asks for a year's days off once, the first time a date of that year is asked about."""
    calls: list[int] = []
    cal = _calendar(calls)
    assert calls == []
    for day in range(1, 20):
        cal.is_working_day(dt.date(2020, 1, day))
    cal.holidays(2020)
    add_working_days(dt.date(2020, 12, 20), 10, cal)
    assert calls == [2020, 2021]


def test_working_days_count_from_the_day_after_or_the_day_itself() -> None:
    """Day 1 is the next working day, or the start when include_start and it is worked; skipped days do not count."""
    cal = _calendar()
    assert add_working_days(dt.date(2020, 1, 2), 1, cal) == dt.date(2020, 1, 3)
    assert add_working_days(dt.date(2020, 1, 2), 1, cal, include_start=True) == dt.date(2020, 1, 2)
    assert add_working_days(dt.date(2020, 1, 1), 1, cal, include_start=True) == dt.date(2020, 1, 2)
    assert add_working_days(dt.date(2020, 1, 3), 2, cal) == dt.date(2020, 1, 6)  # Saturday the 4th is worked
    stopped = {dt.date(2020, 1, 3), dt.date(2020, 1, 4)}
    assert add_working_days(dt.date(2020, 1, 2), 1, cal, skip=stopped.__contains__) == dt.date(2020, 1, 6)
    assert add_working_days(dt.date(2020, 1, 2), 2, cal, skip=lambda d: False) == dt.date(2020, 1, 4)
    assert roll_forward(dt.date(2020, 1, 1), cal) == dt.date(2020, 1, 2)
    assert roll_forward(dt.date(2020, 1, 4), cal) == dt.date(2020, 1, 4)


@pytest.mark.parametrize("days", [0, -3])
def test_a_period_counts_at_least_one_day(days: int) -> None:
    """A period of no working days is refused with the field, the reason and the fix."""
    with pytest.raises(InputError) as info:
        add_working_days(dt.date(2020, 1, 2), days, _calendar())
    assert (info.value.rule, info.value.field, info.value.fix) == (
        f"a period counts at least one day, got {days}",
        "days",
        "give a positive length",
    )


@pytest.mark.parametrize(
    ("ask", "field", "day"),
    [
        (lambda cal: cal.is_working_day(dt.date(2022, 3, 1)), "date", "2022-03-01"),
        (lambda cal: cal.is_working_day(dt.date(2019, 3, 1), field="deadline"), "deadline", "2019-03-01"),
        (lambda cal: cal.holidays(2019), "year", "2019-01-01"),
        (lambda cal: roll_forward(dt.date(2022, 1, 3), cal), "start", "2022-01-03"),
        (lambda cal: roll_forward(dt.date(2022, 1, 3), cal, field="when"), "when", "2022-01-03"),
        (lambda cal: add_working_days(dt.date(2021, 12, 30), 5, cal), "start", "2022-01-01"),
        (lambda cal: add_working_days(dt.date(2021, 12, 30), 5, cal, field="filed"), "filed", "2022-01-01"),
    ],
)
def test_a_date_outside_the_calendar_names_the_calendar_its_years_and_the_fix(
    ask: object, field: str, day: str
) -> None:
    """Asking about a year a calendar does not cover is refused in full words, under the field the caller names."""
    with pytest.raises(InputError) as info:
        ask(_calendar())  # type: ignore[operator]
    assert (info.value.rule, info.value.field, info.value.fix) == (
        f"{day} is outside the years 2020-2021 that calendar 'test' (Test authority) covers; "
        "dealflow does not guess an authority's holidays",
        field,
        f"use a date in 2020-2021, or load a calendar file that covers {day[:4]} with dealflow.regimes.load_calendar",
    )
