"""Review regimes on real calendars: the statutory clocks of merger and investment reviews.

A :class:`Regime` is a machine of phases, each with a :class:`Clock` counted
the way its authority counts: calendar days, weeks, or working days of the
authority's own :class:`~dealflow._calendar.Calendar` (US federal holidays,
England and Wales bank holidays, the European Commission's holidays, the PRC's
holidays and adjusted working days).  Regimes are data: YAML files shipped in
``dealflow/regimes/data`` (read with ``yaml.safe_load``), each number with its
source.  A user adds one with :func:`load_regime` or :func:`register_regime`.

>>> import datetime as dt
>>> from dealflow import regimes
>>> regimes.deadline("uk-cma", "phase1", dt.date(2025, 12, 1)).last_day
datetime.date(2026, 1, 29)

This module is not imported by ``import dealflow``; national calendars come
from the ``holidays`` package, imported when a calendar is first used.
"""

from __future__ import annotations

from .._calendar import Calendar
from ._deadline import ClockStop, Deadline, deadline, last_day
from ._model import Clock, Convention, Extension, Phase, Refile, Regime, parse_regime
from ._registry import (
    calendar,
    calendars,
    load_calendar,
    load_regime,
    regime,
    regimes,
    register_calendar,
    register_regime,
)

__all__ = [
    "Calendar",
    "Clock",
    "ClockStop",
    "Convention",
    "Deadline",
    "Extension",
    "Phase",
    "Refile",
    "Regime",
    "calendar",
    "calendars",
    "deadline",
    "last_day",
    "load_calendar",
    "load_regime",
    "parse_regime",
    "regime",
    "regimes",
    "register_calendar",
    "register_regime",
]
