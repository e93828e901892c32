"""Review clocks: calendar days and business days."""

from __future__ import annotations

import datetime as _dt

__all__ = ["add_days"]


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
