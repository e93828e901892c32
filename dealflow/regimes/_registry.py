"""The registries of calendars and regimes, loaded from the YAML files shipped in
``dealflow/regimes/data`` on first use, and extended by users' own files."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from importlib import resources
from typing import Any

from .._calendar import Calendar, YearRule
from .._errors import InputError
from .._input import did_you_mean as _did_you_mean
from .._input import parse_yaml, read_text
from ._model import Regime, _Reader, parse_regime

__all__ = [
    "calendar",
    "calendars",
    "load_calendar",
    "load_regime",
    "regime",
    "regimes",
    "register_calendar",
    "register_regime",
]

_CALENDARS: dict[str, Calendar] = {}
_DATES: dict[str, dict[int, frozenset[_dt.date]]] = {}  # the per-year days of "dates" calendars
_REGIMES: dict[str, Regime] = {}
_LOADED = {"calendars": False, "regimes": False}


def _data() -> Any:
    return resources.files("dealflow.regimes").joinpath("data")


def _read_yaml(text: str, file: str) -> object:
    """YAML read as case files are (dealflow._input): the checking safe loader, with
    duplicate keys, over-limit values and alias bombs refused, naming the line
    (dates stay ISO text, read by the parsers)."""
    return parse_yaml(text, file)


def _iso_day(value: object) -> _dt.date | None:
    """A date from a date or its ISO text (the checking loader keeps dates as text), else None."""
    if isinstance(value, _dt.datetime):
        return None
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _read_path(path: str | os.PathLike[str]) -> tuple[object, str]:
    file = os.fspath(path)
    return _read_yaml(read_text(file, what="regime or calendar file"), file), file


# ----------------------------------------------------------------------------- calendars


def _holidays_rule(country: str, subdivisions: tuple[str, ...], workdays: bool) -> YearRule:
    def rule(year: int) -> tuple[frozenset[_dt.date], frozenset[_dt.date]]:
        import holidays  # imported here: `import dealflow` stays light

        off: set[_dt.date] = set()
        worked: set[_dt.date] = set()
        for sub in subdivisions or (None,):
            table = holidays.country_holidays(country, subdiv=sub, years=year)
            off.update(d for d in table if d.year == year)
            if workdays:
                worked.update(d for d in getattr(table, "weekend_workdays", ()) if d.year == year)
        return frozenset(off), frozenset(worked)

    return rule


def _dates_rule(name: str) -> YearRule:
    def rule(year: int) -> tuple[frozenset[_dt.date], frozenset[_dt.date]]:
        return _DATES[name][year], frozenset()

    return rule


_CAL_KEYS = {"name", "title", "source", "provider", "country", "subdivisions", "workdays", "years", "note"}


def _parse_calendar(r: _Reader) -> Calendar:
    r.known(_CAL_KEYS)
    name = r.name("name")
    title = r.text("title")
    source = r.text("source")
    provider = r.choice("provider", ("holidays", "dates"))
    years = r.data.get("years")
    if provider == "holidays":
        if not (
            isinstance(years, list)
            and len(years) == 2
            and all(isinstance(y, int) and not isinstance(y, bool) for y in years)
            and years[0] <= years[1]
        ):
            raise InputError(
                f"expected [first year, last year], got {years!r}",
                field=r.where("years"),
                fix="write years: [2001, 2026]",
                file=r.file,
            )
        subs = r.names("subdivisions")
        country = r.text("country")
        return Calendar(name, title, source, years[0], years[1], _holidays_rule(country, subs, r.flag("workdays")))
    if not isinstance(years, Mapping) or not years:
        raise InputError(
            "expected a mapping of year to its days off",
            field=r.where("years"),
            fix="write years: {2026: {source: ..., days: [...]}}",
            file=r.file,
        )
    table: dict[int, frozenset[_dt.date]] = {}
    for year, entry in years.items():
        where = r.where(f"years.{year}")
        if isinstance(year, bool) or not isinstance(year, int):
            raise InputError(f"{year!r} is not a year", field=where, fix="write the year as e.g. 2026", file=r.file)
        er = _Reader(entry, where, r.file)
        er.known({"source", "checked", "days"})
        er.text("source")  # every year's list cites where it was published
        days = er.data.get("days")
        if not isinstance(days, list):
            raise InputError(
                "expected a list of dates", field=f"{where}.days", fix="write days: [2026-01-01, ...]", file=r.file
            )
        parsed = set()
        for i, item in enumerate(days):
            day = _iso_day(item)
            if day is None or day.year != year:
                raise InputError(
                    f"{item!r} is not a date in {year}",
                    field=f"{where}.days[{i}]",
                    fix=f"write ISO dates in {year}",
                    file=r.file,
                )
            parsed.add(day)
        table[year] = frozenset(parsed)
    known = _DATES.get(name, {}) if name in _CALENDARS else {}
    merged = {**known, **table}
    if sorted(merged) != list(range(min(merged), max(merged) + 1)):
        missing = sorted(set(range(min(merged), max(merged) + 1)) - set(merged))
        raise InputError(
            f"years {missing} are missing between {min(merged)} and {max(merged)}",
            field=r.where("years"),
            fix="list every year in the range",
            file=r.file,
        )
    _DATES[name] = merged
    return Calendar(name, title, source, min(merged), max(merged), _dates_rule(name))


def _load_calendars() -> None:
    if _LOADED["calendars"]:
        return
    _LOADED["calendars"] = True
    file = "dealflow/regimes/data/calendars.yaml"
    data = _read_yaml(_data().joinpath("calendars.yaml").read_text(encoding="utf-8"), file)
    for r in _Reader(data, "", file).items("calendars"):
        cal = _parse_calendar(r)
        _CALENDARS[cal.name] = cal


def calendar(name: str) -> Calendar:
    """The registered calendar called ``name`` (``us-federal``, ``england-wales``,
    ``uk-any-part``, ``cn``, ``eu-commission`` or one a user loaded)."""
    _load_calendars()
    try:
        return _CALENDARS[name]
    except KeyError:
        names = sorted(_CALENDARS)
        raise InputError(
            f"unknown calendar {name!r}{_did_you_mean(name, names)}",
            field="calendar",
            fix=f"use one of: {', '.join(names)}",
        ) from None


def calendars() -> dict[str, Calendar]:
    """Every registered calendar by name."""
    _load_calendars()
    return dict(sorted(_CALENDARS.items()))


def register_calendar(cal: Calendar) -> Calendar:
    """Register ``cal`` under its name (replacing a calendar of that name)."""
    _load_calendars()
    _CALENDARS[cal.name] = cal
    return cal


def load_calendar(path: str | os.PathLike[str]) -> list[Calendar]:
    """Read calendars from a YAML file (one calendar, or ``calendars:`` a list) and
    register them.  A ``dates`` calendar whose name is already registered adds
    its years to it: a file with ``name: eu-commission`` and the Commission's
    2026 holidays extends the shipped calendar to 2026."""
    _load_calendars()
    data, file = _read_path(path)
    readers = (
        _Reader(data, "", file).items("calendars")
        if isinstance(data, Mapping) and "calendars" in data
        else [_Reader(data, "", file)]
    )
    loaded = [_parse_calendar(r) for r in readers]
    for cal in loaded:
        _CALENDARS[cal.name] = cal
    return loaded


# ----------------------------------------------------------------------------- regimes


def _load_regimes() -> None:
    if _LOADED["regimes"]:
        return
    _load_calendars()
    _LOADED["regimes"] = True
    folder = _data().joinpath("regimes")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            file = f"dealflow/regimes/data/regimes/{entry.name}"
            reg = parse_regime(
                _read_yaml(entry.read_text(encoding="utf-8"), file), calendars=set(_CALENDARS), file=file
            )
            _REGIMES[reg.name] = reg


def regime(name: str) -> Regime:
    """The registered regime called ``name``; an unknown name is an
    :class:`~dealflow.InputError` with a did-you-mean and the known names."""
    _load_regimes()
    try:
        return _REGIMES[name]
    except KeyError:
        names = sorted(_REGIMES)
        raise InputError(
            f"unknown regime {name!r}{_did_you_mean(name, names)}",
            field="regime",
            fix=f"use one of: {', '.join(names)}",
        ) from None


def regimes() -> dict[str, Regime]:
    """Every registered regime by name, sorted."""
    _load_regimes()
    return dict(sorted(_REGIMES.items()))


def register_regime(reg: Regime | Mapping[str, Any], *, replace: bool = False) -> Regime:
    """Register a regime (a :class:`Regime`, or a mapping as in the YAML files).
    A name already registered is refused unless ``replace``."""
    _load_regimes()
    if not isinstance(reg, Regime):
        reg = parse_regime(reg, calendars=set(_CALENDARS))
    if reg.name in _REGIMES and not replace:
        raise InputError(
            f"a regime called {reg.name!r} is already registered",
            field="name",
            fix="choose another name, or pass replace=True",
            file=reg.file,
        )
    _REGIMES[reg.name] = reg
    return reg


def load_regime(path: str | os.PathLike[str], *, replace: bool = False) -> Regime:
    """Read one regime from a YAML file (read with ``yaml.safe_load``: data, never
    code), check it, register it and return it."""
    _load_regimes()
    data, file = _read_path(path)
    reg = parse_regime(data, calendars=set(_CALENDARS), file=file)
    return register_regime(reg, replace=replace)
