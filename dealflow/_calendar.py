"""Review clocks: calendar days and business days."""

from __future__ import annotations

import datetime as _dt

__all__ = ["add_days"]


def add_days(start: _dt.date, days: int, *, business: bool = False) -> _dt.date:
    """The date ``days`` after ``start``: calendar days, or business days
    (Monday to Friday; public holidays are not modelled) when ``business``."""
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
