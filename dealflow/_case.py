"""Case files: a real case as a sourced, dated event file, read into a replayable
:class:`Case`.

A case file is YAML (read with YAML's safe loader) or JSON; it holds data only,
and rules are named from dealflow's rule registry.  Its header (``name``,
``target``, ``seller``, ``parties``, ``regulators``, optional ``opened``,
``actor``, ``description`` and a ``sources`` list, number to address) becomes
the journal's first event, ``deal_opened``; each item of ``events:`` is read by
:func:`dealflow.event_from_dict`, with ``source`` given as a number of the
``sources`` list (or as a mapping ``{number, url, title}``).

Every defect is refused with a :class:`~dealflow.DealflowError` naming the file,
the event's index in the file's ``events:`` list (``event #0`` is the first) and
the field, and a loaded case always replays: :func:`load_case` replays it once to
check it.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ._deal import Deal
from ._errors import DealflowError, InputError
from ._events import DealOpened, Event
from ._values import as_date

__all__ = ["Case", "load_case", "load_case_text"]

_HEADER = frozenset(
    {"name", "target", "seller", "parties", "regulators", "opened", "actor", "description", "sources", "events"}
)
_REQUIRED = ("name", "target", "seller", "parties", "events")


def _relocate(err: DealflowError, *, file: str, index: int | None) -> DealflowError:
    """The same error, naming ``file`` and the event's index in the file (or none)."""
    return type(err)(err.rule, fix=err.fix, field=err.field, index=index, kind=err.kind, file=file)


@attrs.frozen
class Case:
    """A case read from a file: its header and its events, ready to replay.

    ``events`` is the whole journal: ``events[0]`` is the ``deal_opened`` event
    made from the header and ``events[i + 1]`` is the file's ``events[i]``.
    ``sources`` maps a source's number to its address.
    """

    name: str
    file: str
    events: tuple[Event, ...]
    target: str = ""
    seller: str = ""
    description: str = ""
    sources: Mapping[int, str] = attrs.field(factory=dict, hash=False)

    @property
    def opening(self) -> DealOpened:
        """The ``deal_opened`` event made from the header."""
        first = self.events[0]
        assert isinstance(first, DealOpened)
        return first

    def file_index(self, position: int) -> int | None:
        """The index in the file's ``events:`` list of the journal's event at
        ``position`` (``None`` for the opening made from the header)."""
        return position - 1 if position >= 1 else None

    def replay(self) -> Deal:
        """Replay the events into a new deal; a refusal names the file and the
        event's index in the file's ``events:`` list."""
        from ._gc import paused_gc

        with paused_gc():  # bulk work
            return self.replay_until(None)

    def replay_until(
        self, date: _dt.date | str | None, *, before: Callable[[Deal, int, Event], object] | None = None
    ) -> Deal:
        """Replay the events dated ``date`` or earlier (all when ``None``);
        ``before(deal, position, event)`` is called before each is applied (a
        report that needs the deal as each event found it then costs no second
        replay)."""
        day = None if date is None else as_date(date)
        deal = Deal()
        for position, event in enumerate(self.events):
            if day is not None and event.date > day:
                break
            if before is not None:
                before(deal, position, event)
            try:
                deal.apply(event)
            except DealflowError as err:
                raise _relocate(err, file=self.file, index=self.file_index(position)) from None
        return deal


def load_case(path: str | os.PathLike[str], *, check: bool = True) -> Case:
    """Read a case file (``.yaml``/``.yml`` or ``.json``) and check that it
    replays (``check=False`` leaves that to the caller's own replay)."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as err:
        raise InputError(
            f"cannot read the case file: {err.strerror}", file=name, fix="give the path of a case file"
        ) from None
    except UnicodeDecodeError:
        raise InputError("the case file is not UTF-8 text", file=name, fix="save it as UTF-8") from None
    return load_case_text(text, file=name, check=check)


def load_case_text(text: str, *, file: str = "<string>", check: bool = True) -> Case:
    """Read a case from YAML text (JSON when ``file`` ends in ``.json``) and check
    that it replays (``check=False`` leaves that to the caller's own replay)."""
    data = _parse(text, file, file.lower().endswith(".json"))
    case = _build(data, file)
    if check:
        case.replay()  # a case that loads replays: state defects are refused here, naming the event
    return case


# ---------------------------------------------------------------------- parsing


def _yaml_loader() -> Any:
    """YAML's safe loader (the C one when available), reading dates as text so
    that a bad date is refused with its event's index rather than by the parser."""
    loader = _LOADER.get("case")
    if loader is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        resolvers = {
            first: [(tag, rx) for tag, rx in rules if tag != "tag:yaml.org,2002:timestamp"]
            for first, rules in base.yaml_implicit_resolvers.items()
        }
        loader = _LOADER["case"] = type("CaseLoader", (base,), {"yaml_implicit_resolvers": resolvers})
    return loader


_LOADER: dict[str, Any] = {}


def _parse(text: str, file: str, json_format: bool) -> object:
    if json_format:
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            msg = f"not JSON: {err.msg} at line {err.lineno}"
            raise InputError(msg, file=file, fix="write the case as a JSON object") from None
    import yaml

    try:
        return yaml.load(text, Loader=_yaml_loader())  # a subclass of the safe loader: no code runs
    except yaml.MarkedYAMLError as err:
        line = f" at line {err.problem_mark.line + 1}" if err.problem_mark is not None else ""
        msg = f"not valid YAML: {err.problem or err.context}{line}"
        raise InputError(msg, file=file, fix="correct the YAML syntax") from None
    except (yaml.YAMLError, ValueError, TypeError) as err:
        raise InputError(f"not valid YAML: {err}", file=file, fix="correct the YAML syntax") from None


def _build(data: object, file: str) -> Case:
    if not isinstance(data, Mapping):
        raise InputError(
            "a case file is a mapping with a header and events", file=file, fix="start with name:, target:, seller:"
        )
    extra = sorted(str(k) for k in data if k not in _HEADER)
    if extra:
        raise InputError(
            f"unknown header field {extra[0]!r}",
            field=extra[0],
            file=file,
            fix=f"use only: {', '.join(sorted(_HEADER))}",
        )
    for key in _REQUIRED:
        if key not in data:
            raise InputError("required header field missing", field=key, file=file, fix=f"give the case's {key}")
    name = _text(data, "name", file)
    description = _text(data, "description", file) if "description" in data else ""
    sources = _sources(data.get("sources", {}), file)
    raw = data["events"]
    if not isinstance(raw, list) or not raw:
        raise InputError("expected a list of events", field="events", file=file, fix="list at least one event")
    events = [_event(item, i, file, sources) for i, item in enumerate(raw)]
    opened = data.get("opened", events[0].date)
    header = {
        "type": "deal_opened",
        "date": opened,
        "actor": data.get("actor", data["seller"]),
        "target": data["target"],
        "seller": data["seller"],
        "parties": data["parties"],
        "regulators": data.get("regulators", []),
        "note": "opened from the case file's header",
    }
    from ._serde import event_from_dict

    try:
        opening = event_from_dict(header, file=file)
    except DealflowError as err:
        field = "opened" if err.field == "date" else err.field
        raise InputError(err.rule, field=field, file=file, kind=err.kind, fix=err.fix) from None
    assert isinstance(opening, DealOpened)
    _check_order(opening, events, file)
    return Case(
        name=name,
        file=file,
        events=(opening, *events),
        target=opening.target,
        seller=opening.seller,
        description=description,
        sources=sources,
    )


def _text(data: Mapping[Any, Any], key: str, file: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"expected text, got {value!r}", field=key, file=file, fix=f"give the case's {key} as text")
    return value.strip()


def _sources(value: object, file: str) -> dict[int, str]:
    if not isinstance(value, Mapping):
        raise InputError(
            "expected a mapping of numbers to addresses", field="sources", file=file, fix="write 1: https://..."
        )
    out: dict[int, str] = {}
    for key, url in value.items():
        number = int(key) if isinstance(key, str) and key.isdigit() else key  # JSON keys are text
        if isinstance(number, bool) or not isinstance(number, int) or not isinstance(url, str):
            raise InputError(
                f"bad source {number!r}: {url!r}",
                field="sources",
                file=file,
                fix="write each source as NUMBER: ADDRESS",
            )
        out[number] = url
    return out


def _event(item: object, index: int, file: str, sources: Mapping[int, str]) -> Event:
    from ._serde import event_from_dict

    if isinstance(item, Mapping) and "source" in item:
        kind = item.get("type") if isinstance(item.get("type"), str) else None
        item = {**item, "source": _source(item["source"], index, file, sources, kind)}
    return event_from_dict(item, index=index, file=file)


def _source(value: object, index: int, file: str, sources: Mapping[int, str], kind: str | None) -> object:
    """A source number becomes ``{number, url}`` from the header's list."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = {"number": value}
    if isinstance(value, Mapping) and "url" not in value and "number" in value:
        number = value["number"]
        if number not in sources:
            known = ", ".join(str(n) for n in sorted(sources)) or "none"
            raise InputError(
                f"source {number!r} is not in the sources list",
                field="source",
                index=index,
                kind=kind,
                file=file,
                fix=f"add it under sources: or use one of: {known}",
            )
        value = {**value, "url": sources[number]}
    return value


def _check_order(opening: DealOpened, events: Iterable[Event], file: str) -> None:
    """Dates never run backwards in a case file."""
    last, where = opening.date, "the case's opening (opened:)"
    for i, event in enumerate(events):
        if event.date < last:
            raise InputError(
                f"date {event.date} is before {last}, the date of {where}: events are listed in date order",
                field="date",
                index=i,
                kind=event.kind,
                file=file,
                fix=f"date it {last} or later, or move the event to its place in the list",
            )
        last, where = event.date, f"event #{i}"
