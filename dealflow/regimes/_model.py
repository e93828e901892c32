"""Regimes as values: clocks, extensions, phases, and the regime that joins them.

Every value is frozen and built from data by :func:`parse_regime`, which checks
each field and names the file and the field's path (``phases[1].clock.length``)
when one is missing or wrong.  Every number carries its source.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any, Literal, NoReturn

import attrs

from .._errors import InputError
from .._input import did_you_mean as _did_you_mean
from .._machines import MachineSpec

__all__ = ["Clock", "Convention", "Extension", "Phase", "Refile", "Regime", "parse_regime"]

Unit = Literal["calendar_days", "working_days", "weeks"]
DayOne = Literal["next_day", "start_day"]
Expiry = Literal["clearance", "decision_due"]

UNITS: tuple[str, ...] = ("calendar_days", "working_days", "weeks")
DAY_ONES: tuple[str, ...] = ("next_day", "start_day")
EXPIRIES: tuple[str, ...] = ("clearance", "decision_due")
OUTCOMES: tuple[str, ...] = ("cleared", "conditionally_cleared", "blocked", "withdrawn")


@attrs.frozen
class Clock:
    """How a phase's period is counted.

    ``length`` ``unit`` (calendar days, working days of ``calendar``, or weeks);
    day 1 is the day after the start (``next_day``: for working days, the first
    working day after it) or the start itself (``start_day``: "beginning with the
    day"); ``roll`` moves a last day that is not a working day of ``calendar`` to
    the next one (HSR, CFIUS).
    """

    length: int
    unit: Unit
    source: str
    day_one: DayOne = "next_day"
    calendar: str | None = None
    roll: bool = False

    def describe(self) -> str:
        """The rule in words, e.g. ``40 working days (england-wales), day 1 = the working day after the start``."""
        unit = self.unit.replace("_", " ")
        if self.unit == "working_days":
            unit += f" ({self.calendar})"
        first = {
            ("next_day", "working_days"): "day 1 = the first working day after the start",
            ("start_day", "working_days"): "day 1 = the start day if a working day",
        }.get(
            (self.day_one, self.unit),
            "day 1 = the day after the start" if self.day_one == "next_day" else "day 1 = the start day",
        )
        text = f"{self.length} {unit}, {first}"
        if self.roll:
            text += f"; a last day that is not a working day ({self.calendar}) runs to the next working day"
        return text


@attrs.frozen
class Extension:
    """A named extension of a phase's clock: a fixed ``length``, or, when
    ``agreed``, a length given when it is granted (at most ``max``), usable
    ``uses`` times."""

    name: str
    source: str
    length: int | None = None
    agreed: bool = False
    max: int | None = None
    when: str = ""
    uses: int = 1


@attrs.frozen
class Phase:
    """One phase of a review: its clock, extensions, whether stop-the-clock
    applies, what expiry means (``clearance`` or ``decision_due``), and the
    phases it may lead to."""

    name: str
    title: str
    starts: str
    clock: Clock
    on_expiry: Expiry
    expiry_source: str
    next: tuple[str, ...] = ()
    extensions: tuple[Extension, ...] = ()
    max_length: int | None = None
    max_length_source: str = ""
    stoppable: bool = False
    stop_source: str = ""
    can_block: bool = False

    def extension(self, name: str) -> Extension:
        """The extension called ``name``; an unknown name is an :class:`InputError` listing the known ones."""
        for ext in self.extensions:
            if ext.name == name:
                return ext
        known = ", ".join(e.name for e in self.extensions) or "none"
        raise InputError(
            f"phase {self.name!r} has no extension {name!r}{_did_you_mean(name, [e.name for e in self.extensions])}",
            field="extension",
            fix=f"use one of: {known}",
        )


@attrs.frozen
class Convention:
    """A counting convention stated with its source."""

    rule: str
    source: str


@attrs.frozen
class Refile:
    """Pull-and-refile: withdrawing and refiling starts ``phase`` afresh (``None``:
    the entry phase the review was filed in, e.g. HSR's 15-day period for a cash
    tender offer)."""

    phase: str | None
    rule: str
    source: str


@attrs.frozen
class Regime:
    """A statutory review as a machine of phases with clocks.

    ``entry`` lists the phases a review may open in; ``machine`` is the regime's
    checked :class:`~dealflow._machines.MachineSpec` (phases plus the outcomes
    cleared, conditionally cleared, blocked and withdrawn).  ``in_force`` bounds
    the start dates the regime applies to; ``predecessor`` / ``successor`` name
    the regime for earlier / later dates.
    """

    name: str
    title: str
    authority: str
    jurisdiction: str
    source: str
    phases: tuple[Phase, ...]
    entry: tuple[str, ...]
    conventions: tuple[Convention, ...] = ()
    refile: Refile | None = None
    in_force_from: _dt.date | None = None
    in_force_until: _dt.date | None = None
    predecessor: str | None = None
    successor: str | None = None
    file: str | None = None

    def phase(self, name: str) -> Phase:
        """The phase called ``name``; an unknown name is an :class:`InputError` with a did-you-mean."""
        for phase in self.phases:
            if phase.name == name:
                return phase
        names = [p.name for p in self.phases]
        raise InputError(
            f"regime {self.name!r} has no phase {name!r}{_did_you_mean(name, names)}",
            field="phase",
            fix=f"use one of: {', '.join(names)}",
        )

    @property
    def machine(self) -> MachineSpec:
        """The regime's phases and outcomes as a checked machine spec."""
        return _machine(self)

    def check_in_force(self, start: _dt.date, *, field: str = "start") -> None:
        """Refuse a start date outside the period this regime applies to, naming the regime that does."""
        if self.in_force_from is not None and start < self.in_force_from:
            other = f"use regime {self.predecessor!r}" if self.predecessor else "use a regime in force on that date"
            raise InputError(
                f"regime {self.name!r} applies from {self.in_force_from.isoformat()}, not to {start.isoformat()}",
                field=field,
                fix=other,
            )
        if self.in_force_until is not None and start > self.in_force_until:
            other = f"use regime {self.successor!r}" if self.successor else "use a regime in force on that date"
            raise InputError(
                f"regime {self.name!r} applies until {self.in_force_until.isoformat()}, not to {start.isoformat()}",
                field=field,
                fix=other,
            )


def _machine(regime: Regime) -> MachineSpec:
    outcomes = [o for o in OUTCOMES if o != "blocked" or any(p.can_block for p in regime.phases)]
    states = ["not_filed", *(p.name for p in regime.phases), *outcomes]
    transitions: list[tuple[str, str, str]] = [("open_" + name, "not_filed", name) for name in regime.entry]
    for phase in regime.phases:
        transitions += [("open_" + nxt, phase.name, nxt) for nxt in phase.next]
        transitions += [
            ("clear", phase.name, "cleared"),
            ("clear_with_conditions", phase.name, "conditionally_cleared"),
            ("withdraw", phase.name, "withdrawn"),
        ]
        if phase.can_block:
            transitions.append(("block", phase.name, "blocked"))
        if phase.on_expiry == "clearance":
            transitions.append(("expire", phase.name, "cleared"))
    if regime.refile is not None:
        targets = (regime.refile.phase,) if regime.refile.phase is not None else regime.entry
        transitions += [("refile", "withdrawn", target) for target in targets]
    return MachineSpec(
        name=f"regime {regime.name}",
        states=tuple(states),
        initial="not_filed",
        finals=frozenset(outcomes),
        transitions=tuple(transitions),
    )


# ----------------------------------------------------------------------------- parsing


class _Reader:
    """Reads one mapping, naming the file and the field path in every error."""

    def __init__(self, data: object, path: str, file: str | None) -> None:
        if not isinstance(data, Mapping):
            self._fail(
                path or "regime", f"expected a mapping, got {type(data).__name__}", "write key: value pairs", file
            )
        self.data: Mapping[str, Any] = data
        self.path = path
        self.file = file

    @staticmethod
    def _fail(field: str, rule: str, fix: str, file: str | None) -> NoReturn:
        raise InputError(rule, field=field, fix=fix, file=file)

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def known(self, keys: set[str]) -> None:
        for key in self.data:
            if key not in keys:
                close = _did_you_mean(str(key), sorted(keys))
                self._fail(
                    self.where(str(key)), f"unknown field{close}", f"use only: {', '.join(sorted(keys))}", self.file
                )

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self._fail(self.where(key), "missing", f"give {key} as text", self.file)
            return default
        if not isinstance(value, str) or not value.strip():
            self._fail(self.where(key), f"expected non-empty text, got {value!r}", f"give {key} as text", self.file)
        return " ".join(str(value).split())

    def name(self, key: str) -> str:
        value = self.text(key)
        if not all(c.isalnum() or c in "-_" for c in value):
            self._fail(self.where(key), f"{value!r} is not a name", "use letters, digits, '-' and '_'", self.file)
        return value

    def integer(self, key: str, *, required: bool = True) -> int | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self._fail(self.where(key), "missing", f"give {key} as a positive whole number", self.file)
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self._fail(
                self.where(key), f"expected a positive whole number, got {value!r}", f"give {key} as e.g. 30", self.file
            )
        return int(value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self._fail(self.where(key), f"expected true or false, got {value!r}", "write true or false", self.file)
        return bool(value)

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value not in options:
            close = _did_you_mean(str(value), list(options))
            self._fail(
                self.where(key),
                f"{value!r} is not one of {', '.join(options)}{close}",
                f"write one of: {', '.join(options)}",
                self.file,
            )
        return str(value)

    def names(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if isinstance(value, str) or not isinstance(value, list):
            self._fail(self.where(key), f"expected a list of names, got {value!r}", f"write {key}: [a, b]", self.file)
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item:
                self._fail(f"{self.where(key)}[{i}]", f"expected a name, got {item!r}", "write a phase name", self.file)
        return tuple(value)

    def date(self, key: str) -> _dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
            try:
                return _dt.date.fromisoformat(str(value))
            except ValueError:
                self._fail(
                    self.where(key), f"{value!r} is not a date", "write an ISO date such as 2020-08-14", self.file
                )
        day: _dt.date = value
        return day

    def items(self, key: str) -> list[_Reader]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self._fail(
                self.where(key), f"expected a list, got {type(value).__name__}", f"write {key} as a list", self.file
            )
        return [_Reader(item, f"{self.where(key)}[{i}]", self.file) for i, item in enumerate(value)]

    def child(self, key: str, *, required: bool = True) -> _Reader | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self._fail(self.where(key), "missing", f"give {key}", self.file)
            return None
        return _Reader(value, self.where(key), self.file)


_CLOCK_KEYS = {"length", "unit", "calendar", "day_one", "roll", "source"}
_EXT_KEYS = {"name", "length", "agreed", "max", "source", "when", "uses"}
_PHASE_KEYS = {
    "name",
    "title",
    "starts",
    "clock",
    "extensions",
    "max_length",
    "max_length_source",
    "stoppable",
    "stop_source",
    "on_expiry",
    "expiry_source",
    "next",
    "can_block",
}
_REGIME_KEYS = {
    "name",
    "title",
    "authority",
    "jurisdiction",
    "source",
    "in_force",
    "predecessor",
    "successor",
    "conventions",
    "entry",
    "refile",
    "phases",
}


def _clock(r: _Reader, calendars: set[str]) -> Clock:
    r.known(_CLOCK_KEYS)
    unit = r.choice("unit", UNITS)
    roll = r.flag("roll")
    calendar = r.text("calendar", required=unit == "working_days" or roll) or None
    if calendar is not None and calendar not in calendars:
        raise InputError(
            f"unknown calendar {calendar!r}{_did_you_mean(calendar, sorted(calendars))}",
            field=r.where("calendar"),
            fix=f"use one of: {', '.join(sorted(calendars))}, or load your own with load_calendar",
            file=r.file,
        )
    length = r.integer("length")
    assert length is not None
    return Clock(
        length=length,
        unit=unit,  # type: ignore[arg-type]
        source=r.text("source"),
        day_one=r.choice("day_one", DAY_ONES, "next_day"),  # type: ignore[arg-type]
        calendar=calendar,
        roll=roll,
    )


def _extension(r: _Reader) -> Extension:
    r.known(_EXT_KEYS)
    agreed = r.flag("agreed")
    length = r.integer("length", required=not agreed)
    if agreed and length is not None:
        raise InputError(
            "an agreed extension has no fixed length",
            field=r.where("length"),
            fix="drop length (give max to cap it) or drop agreed",
            file=r.file,
        )
    return Extension(
        name=r.name("name"),
        source=r.text("source"),
        length=length,
        agreed=agreed,
        max=r.integer("max", required=False),
        when=r.text("when", required=False),
        uses=r.integer("uses", required=False) or 1,
    )


def _phase(r: _Reader, calendars: set[str]) -> Phase:
    r.known(_PHASE_KEYS)
    clock_reader = r.child("clock")
    assert clock_reader is not None
    stoppable = r.flag("stoppable")
    max_length = r.integer("max_length", required=False)
    extensions = tuple(_extension(e) for e in r.items("extensions"))
    seen: set[str] = set()
    for i, ext in enumerate(extensions):
        if ext.name in seen:
            raise InputError(
                f"extension {ext.name!r} is defined twice",
                field=r.where(f"extensions[{i}].name"),
                fix="give each extension its own name",
                file=r.file,
            )
        seen.add(ext.name)
    return Phase(
        name=r.name("name"),
        title=r.text("title"),
        starts=r.text("starts"),
        clock=_clock(clock_reader, calendars),
        on_expiry=r.choice("on_expiry", EXPIRIES),  # type: ignore[arg-type]
        expiry_source=r.text("expiry_source"),
        next=r.names("next"),
        extensions=extensions,
        max_length=max_length,
        max_length_source=r.text("max_length_source", required=max_length is not None),
        stoppable=stoppable,
        stop_source=r.text("stop_source", required=stoppable),
        can_block=r.flag("can_block"),
    )


def parse_regime(data: object, *, calendars: set[str], file: str | None = None) -> Regime:
    """Build a :class:`Regime` from parsed YAML (or any mapping), checking every
    field, every source, every phase name and the regime's machine."""
    r = _Reader(data, "", file)
    r.known(_REGIME_KEYS)
    phases = tuple(_phase(p, calendars) for p in r.items("phases"))
    if not phases:
        raise InputError("a regime needs at least one phase", field="phases", fix="list the phases", file=file)
    names = [p.name for p in phases]
    for i, name in enumerate(names):
        if names.index(name) != i:
            raise InputError(
                f"phase {name!r} is defined twice",
                field=f"phases[{i}].name",
                fix="give each phase its own name",
                file=file,
            )
    entry = r.names("entry") or (names[0],)
    for i, name in enumerate(entry):
        if name not in names:
            raise InputError(
                f"unknown phase {name!r}{_did_you_mean(name, names)}",
                field=f"entry[{i}]",
                fix=f"use one of: {', '.join(names)}",
                file=file,
            )
    for pi, phase in enumerate(phases):
        for ni, nxt in enumerate(phase.next):
            if nxt not in names:
                raise InputError(
                    f"unknown phase {nxt!r}{_did_you_mean(nxt, names)}",
                    field=f"phases[{pi}].next[{ni}]",
                    fix=f"use one of: {', '.join(names)}",
                    file=file,
                )
    refile = None
    refile_reader = r.child("refile", required=False)
    if refile_reader is not None:
        refile_reader.known({"phase", "rule", "source"})
        target = refile_reader.name("phase") if "phase" in refile_reader.data else None
        if target is not None and target not in names:
            raise InputError(
                f"unknown phase {target!r}{_did_you_mean(target, names)}",
                field="refile.phase",
                fix=f"use one of: {', '.join(names)}",
                file=file,
            )
        refile = Refile(target, refile_reader.text("rule"), refile_reader.text("source"))
    conventions = []
    for c in r.items("conventions"):
        c.known({"rule", "source"})
        conventions.append(Convention(c.text("rule"), c.text("source")))
    in_force = r.child("in_force", required=False)
    start = end = None
    if in_force is not None:
        in_force.known({"from", "until"})
        start, end = in_force.date("from"), in_force.date("until")
        if start is not None and end is not None and end < start:
            raise InputError(
                "in_force.until is before in_force.from",
                field="in_force.until",
                fix="give an end after the start",
                file=file,
            )
    regime = Regime(
        name=r.name("name"),
        title=r.text("title"),
        authority=r.text("authority"),
        jurisdiction=r.text("jurisdiction"),
        source=r.text("source"),
        phases=phases,
        entry=entry,
        conventions=tuple(conventions),
        refile=refile,
        in_force_from=start,
        in_force_until=end,
        predecessor=r.text("predecessor", required=False) or None,
        successor=r.text("successor", required=False) or None,
        file=file,
    )
    try:
        regime.machine  # noqa: B018 - checks the machine: every phase reachable, every phase can end
    except InputError as err:
        raise InputError(err.rule, field="phases", fix=err.fix, file=file) from None
    return regime
