"""Review clocks: calendar days, business days, and working days of an authority's calendar.

:func:`add_days` is the plain clock (calendar days, or Monday-to-Friday business
days without holidays) that gates used before regimes existed.  A
:class:`Calendar` knows an authority's own days off (public holidays, the
European Commission's holidays, China's adjusted working days) for the years it
covers; :func:`add_working_days` and :func:`roll_forward` count on it.  A date
outside a calendar's covered years is refused with an :class:`InputError`
naming the calendar, the years it covers and the fix, never guessed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

import attrs

from ._errors import InputError

__all__ = ["Calendar", "add_days", "add_working_days", "roll_forward"]

_ONE = _dt.timedelta(days=1)


def add_days(start: _dt.date, days: int, *, business: bool = False) -> _dt.date:
    """The date ``days`` after ``start``: calendar days, or business days
    (Monday to Friday; public holidays are not modelled) when ``business``.

    A result past the calendar (after 9999-12-31) or more than :data:`MAX_DAYS`
    days away is refused with an :class:`~dealflow.InputError` naming ``days``."""
    if not isinstance(days, int) or isinstance(days, bool) or abs(days) > MAX_DAYS:
        from ._errors import LimitError
        from ._input import abbrev

        msg = f"{abbrev(days)} days is not a whole number of at most {MAX_DAYS} days"
        raise LimitError(msg, field="days", fix=f"give at most {MAX_DAYS} days")
    try:
        return _add(start, days, business)
    except OverflowError:
        from ._errors import InputError

        if days < 0:  # counting back past year 1
            msg = f"{-days} days before {start} is before the calendar's first day, 0001-01-01"
            raise InputError(msg, field="days", fix="give fewer days, or a later date") from None
        msg = f"{days} days after {start} is past the calendar's last day, 9999-12-31"
        raise InputError(msg, field="days", fix="give fewer days, or an earlier date") from None


MAX_DAYS = 36_600  # about a hundred years: no review clock or extension runs longer


def _add(start: _dt.date, days: int, business: bool) -> _dt.date:
    if not business:
        return start + _dt.timedelta(days=days)
    step = 1 if days >= 0 else -1
    left = abs(days)
    day = start
    while left:
        day += _dt.timedelta(days=step)
        if day.weekday() < 5:
            left -= 1
    return day


# year -> (days off that fall on weekdays or weekends, weekend days that are working days)
YearRule = Callable[[int], tuple[frozenset[_dt.date], frozenset[_dt.date]]]


@attrs.frozen(eq=False)
class Calendar:
    """An authority's working calendar for the years it covers.

    ``days_off(year)`` returns the year's holidays and the weekend days that
    are working days (China's adjusted working days); Saturdays and Sundays are
    otherwise days off.  Years are loaded once, on first use.
    """

    name: str
    title: str
    source: str
    first_year: int
    last_year: int
    days_off: YearRule = attrs.field(repr=False)
    _years: dict[int, tuple[frozenset[_dt.date], frozenset[_dt.date]]] = attrs.field(
        factory=dict, init=False, repr=False
    )

    def covers(self, day: _dt.date) -> bool:
        """Whether ``day`` falls in a year this calendar knows."""
        return self.first_year <= day.year <= self.last_year

    def _year(self, day: _dt.date, field: str) -> tuple[frozenset[_dt.date], frozenset[_dt.date]]:
        year = day.year
        cached = self._years.get(year)
        if cached is not None:
            return cached
        if not self.covers(day):
            msg = (
                f"{day.isoformat()} is outside the years {self.first_year}-{self.last_year} that calendar "
                f"{self.name!r} ({self.title}) covers; dealflow does not guess an authority's holidays"
            )
            raise InputError(
                msg,
                field=field,
                fix=(
                    f"use a date in {self.first_year}-{self.last_year}, or load a calendar file that covers "
                    f"{year} with dealflow.regimes.load_calendar"
                ),
            )
        got = self.days_off(year)
        self._years[year] = got
        return got

    def is_working_day(self, day: _dt.date, *, field: str = "date") -> bool:
        """Whether the authority works on ``day``."""
        off, worked = self._year(day, field)
        if day in worked:
            return True
        return day.weekday() < 5 and day not in off

    def holidays(self, year: int) -> list[_dt.date]:
        """The year's days off that fall on weekdays, in order."""
        off, _ = self._year(_dt.date(year, 1, 1), "year")
        return sorted(d for d in off if d.weekday() < 5)


def add_working_days(
    start: _dt.date,
    days: int,
    calendar: Calendar,
    *,
    include_start: bool = False,
    skip: Callable[[_dt.date], bool] | None = None,
    field: str = "start",
) -> _dt.date:
    """The ``days``-th working day of ``calendar`` counted from ``start``.

    Day 1 is the first working day after ``start`` (the EU's and the CMA's
    convention), or ``start`` itself when ``include_start`` and it is a working
    day ("beginning with the day", the NSI Act's).  Days for which ``skip``
    returns true (a stopped clock) do not count.
    """
    if days < 1:
        raise InputError(f"a period counts at least one day, got {days}", field="days", fix="give a positive length")
    day = start if include_start else start + _ONE
    left = days
    while True:
        if calendar.is_working_day(day, field=field) and not (skip is not None and skip(day)):
            left -= 1
            if left == 0:
                return day
        day += _ONE


def roll_forward(day: _dt.date, calendar: Calendar, *, field: str = "start") -> _dt.date:
    """``day`` if the authority works on it, else its next working day."""
    while not calendar.is_working_day(day, field=field):
        day += _ONE
    return day
