"""A phase's last day: its clock counted on its authority's calendar, with
extensions and stop-the-clock periods."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence

import attrs

from .._calendar import Calendar, add_working_days, roll_forward
from .._errors import InputError
from ._model import Phase, Regime
from ._registry import calendar, regime

__all__ = ["ClockStop", "Deadline", "deadline", "last_day"]

_ONE = _dt.timedelta(days=1)


@attrs.frozen
class ClockStop:
    """A stop-the-clock: the days after ``stopped`` up to and including
    ``restarted`` do not count (Regulation (EC) No 802/2004 Art. 9(2): the
    suspension begins on the day after the event and ends with the day the
    reason is removed).  ``restarted`` is ``None`` while the clock is stopped."""

    stopped: _dt.date
    restarted: _dt.date | None = None

    def covers(self, day: _dt.date) -> bool:
        """Whether ``day`` is a day the clock stood still."""
        return self.stopped < day and (self.restarted is None or day <= self.restarted)


@attrs.frozen
class Deadline:
    """A computed last day with the rule that gave it.

    ``line()`` is the CLI's first line: the ISO date first.
    """

    regime: str
    phase: str
    start: _dt.date
    last_day: _dt.date
    length: int
    unit: str
    calendar: str | None
    calendar_title: str | None
    calendar_source: str | None
    rule: str
    source: str
    on_expiry: str
    expiry_source: str
    extensions: tuple[tuple[str, int], ...] = ()
    stops: tuple[ClockStop, ...] = ()

    def line(self) -> str:
        """``2026-01-29  uk-cma phase1 from 2025-12-01 ...``: the last day first."""
        return f"{self.last_day.isoformat()}  last day of {self.regime} {self.phase}, started {self.start.isoformat()}"

    def lines(self) -> list[str]:
        """The date line, then the calendar, the rule and what expiry means, each with its source."""
        out = [self.line()]
        if self.calendar is not None:
            out.append(f"  calendar: {self.calendar}: {self.calendar_title} [{self.calendar_source}]")
        else:
            out.append("  calendar: calendar days (every day counts)")
        out.append(f"  rule: {self.rule} [{self.source}]")
        for name, days in self.extensions:
            out.append(f"  extension: {name} +{days} {self.unit.replace('_', ' ')}")
        for stop in self.stops:
            out.append(
                f"  clock stopped {stop.stopped.isoformat()}, restarted {stop.restarted.isoformat() if stop.restarted else '-'}"
            )
        out.append(f"  on expiry: {self.on_expiry.replace('_', ' ')} [{self.expiry_source}]")
        return out


ExtensionArg = str | tuple[str, int | None]


def _extensions(phase: Phase, given: Iterable[ExtensionArg]) -> tuple[tuple[str, int], ...]:
    used: dict[str, int] = {}
    totals: dict[str, int] = {}
    out: list[tuple[str, int]] = []
    for i, item in enumerate(given):
        name, days = (item, None) if isinstance(item, str) else item
        field = f"extensions[{i}]"
        try:
            ext = phase.extension(name)
        except InputError as err:
            raise InputError(err.rule, field=field, fix=err.fix) from None
        used[name] = used.get(name, 0) + 1
        if used[name] > ext.uses:
            raise InputError(
                f"extension {name!r} of phase {phase.name!r} can be used {ext.uses} time(s)",
                field=field,
                fix="drop the repeated extension",
            )
        if ext.agreed:
            if days is None or days < 1:
                raise InputError(
                    f"extension {name!r} has no fixed length: say how long it is",
                    field=field,
                    fix=f"give {name}=N" + (f" with N at most {ext.max}" if ext.max else ""),
                )
            totals[name] = totals.get(name, 0) + days
            if ext.max is not None and totals[name] > ext.max:
                raise InputError(
                    f"extension {name!r} is at most {ext.max} {phase.clock.unit.replace('_', ' ')} [{ext.source}]",
                    field=field,
                    fix=f"extend by {ext.max} or less",
                )
        else:
            assert ext.length is not None
            if days is not None and days != ext.length:
                raise InputError(
                    f"extension {name!r} is {ext.length} {phase.clock.unit.replace('_', ' ')} by law, not {days} [{ext.source}]",
                    field=field,
                    fix=f"give {name} without a length",
                )
            days = ext.length
        out.append((name, days))
    total = phase.clock.length + sum(d for _, d in out)
    if phase.max_length is not None and total > phase.max_length:
        raise InputError(
            f"phase {phase.name!r} runs at most {phase.max_length} {phase.clock.unit.replace('_', ' ')} [{phase.max_length_source}], "
            f"these extensions make {total}",
            field="extensions",
            fix="drop an extension",
        )
    return tuple(out)


def _stops(phase: Phase, start: _dt.date, stops: Sequence[ClockStop]) -> tuple[ClockStop, ...]:
    last: _dt.date | None = None
    for i, stop in enumerate(stops):
        if not phase.stoppable:
            raise InputError(
                f"the clock of phase {phase.name!r} cannot be stopped",
                field=f"stops[{i}]",
                fix="drop the clock stop, or model the delay as an extension",
            )
        if stop.restarted is None:
            raise InputError(
                f"the clock stopped on {stop.stopped.isoformat()} has no restart, so the phase has no last day yet",
                field=f"stops[{i}].restarted",
                fix="give the date the clock restarted (the day the missing information was provided)",
            )
        if stop.stopped < start:
            raise InputError(
                f"the clock cannot stop on {stop.stopped.isoformat()}, before the phase started on {start.isoformat()}",
                field=f"stops[{i}].stopped",
                fix="give a stop on or after the start",
            )
        if stop.restarted < stop.stopped:
            raise InputError(
                f"restart {stop.restarted.isoformat()} is before the stop {stop.stopped.isoformat()}",
                field=f"stops[{i}].restarted",
                fix="give a restart on or after the stop",
            )
        if last is not None and stop.stopped < last:
            raise InputError(
                "clock stops overlap or are out of order",
                field=f"stops[{i}].stopped",
                fix="list stops in date order, each after the previous restart",
            )
        last = stop.restarted
    return tuple(stops)


def last_day(
    phase: Phase,
    start: _dt.date,
    *,
    extra: int = 0,
    stops: Sequence[ClockStop] = (),
) -> _dt.date:
    """The last day of ``phase`` started on ``start``, ``extra`` units longer,
    with ``stops`` (already checked) not counted."""
    clock = phase.clock
    cal: Calendar | None = calendar(clock.calendar) if clock.calendar is not None else None

    def stopped(day: _dt.date) -> bool:
        return any(s.covers(day) for s in stops)

    if clock.unit == "working_days":
        assert cal is not None
        return add_working_days(
            start,
            clock.length + extra,
            cal,
            include_start=clock.day_one == "start_day",
            skip=stopped if stops else None,
        )
    total = (clock.length + extra) * (7 if clock.unit == "weeks" else 1)
    day = start if clock.day_one == "start_day" else start + _ONE
    left = total
    while True:
        if not stopped(day):
            left -= 1
            if left == 0:
                break
        day += _ONE
    if clock.roll:
        assert cal is not None
        day = roll_forward(day, cal)
    return day


def deadline(
    regime_name: str | Regime,
    phase_name: str,
    start: _dt.date,
    *,
    extensions: Iterable[ExtensionArg] = (),
    stops: Sequence[ClockStop] = (),
) -> Deadline:
    """The last day of ``phase_name`` of a regime, started on ``start``.

    ``extensions`` names granted extensions (``"commitments"``, or
    ``("special_reasons", 8)`` for one whose length is agreed); ``stops`` are
    stop-the-clock periods.  Bad input (an unknown regime, phase or extension,
    a start outside the regime's period or a calendar's years, a stop without a
    restart) raises :class:`~dealflow.InputError` naming the field and the fix.
    """
    reg = regime_name if isinstance(regime_name, Regime) else regime(regime_name)
    if isinstance(start, _dt.datetime) or not isinstance(start, _dt.date):
        raise InputError(f"{start!r} is not a date", field="start", fix="give an ISO date such as 2025-12-01")
    phase = reg.phase(phase_name)
    reg.check_in_force(start)
    exts = _extensions(phase, extensions)
    checked = _stops(phase, start, stops)
    try:
        day = last_day(phase, start, extra=sum(d for _, d in exts), stops=checked)
    except InputError as err:  # a calendar's covered years: say which count reached the date
        raise InputError(
            f"counting {reg.name} {phase.name} from {start.isoformat()}: {err.rule}", field="start", fix=err.fix
        ) from None
    clock = phase.clock
    cal = calendar(clock.calendar) if clock.calendar is not None else None
    return Deadline(
        regime=reg.name,
        phase=phase.name,
        start=start,
        last_day=day,
        length=clock.length,
        unit=clock.unit,
        calendar=cal.name if cal else None,
        calendar_title=cal.title if cal else None,
        calendar_source=cal.source if cal else None,
        rule=clock.describe(),
        source=clock.source,
        on_expiry=phase.on_expiry,
        expiry_source=phase.expiry_source,
        extensions=exts,
        stops=checked,
    )
