"""Case files: a real case as a sourced, dated event file, read into a replayable
:class:`Case`.

A case file is YAML (read with YAML's safe loader, or a fast parser where that
reads it alike: :func:`dealflow._input.parse_yaml_fast`) or JSON; it holds data only,
and rules are named from dealflow's rule registry.  Its header (``name``,
``target``, ``seller``, ``parties``, ``regulators``, optional ``opened``,
``actor``, ``description``, a one-line ``summary`` of who deals with whom, and a
``sources`` list, number to address) becomes
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
import marshal
import operator
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice
from typing import Any

import attrs

from ._deal import Deal
from ._errors import DealflowError, InputError
from ._events import DealOpened, Event
from ._input import LineDict, abbrev, did_you_mean, line_of, one_of, parse_json, parse_yaml, read_text
from ._input import yaml_loader as _yaml_loader  # noqa: F401  # tests read case files as load_case does
from ._values import Role, Source, Terms, as_date

__all__ = ["Case", "load_case", "load_case_text"]

_HEADER = frozenset(
    {
        "name",
        "target",
        "seller",
        "parties",
        "regulators",
        "opened",
        "actor",
        "description",
        "summary",
        "sources",
        "events",
    }
)
_SUMMARY_MAX = 100  # characters: `dealflow cases` prints it on one line
_REQUIRED = ("name", "target", "seller", "parties", "events")


def _relocate(err: DealflowError, *, file: str, index: int | None, line: int | None = None) -> DealflowError:
    """The same error, naming ``file``, its line and the event's index in the file (or none)."""
    return type(err)(err.rule, fix=err.fix, field=err.field, index=index, kind=err.kind, file=file, line=line)


@attrs.frozen
class Case:
    """A case read from a file: its header and its events, ready to replay.

    ``events`` is the whole journal: ``events[0]`` is the ``deal_opened`` event
    made from the header and ``events[i + 1]`` is the file's ``events[i]``.
    ``sources`` maps a source's number to its address; ``lines[i]`` is the line
    of ``events[i]`` in a YAML file (``None`` when unknown; ``lines`` is empty for JSON and when
    the fast parser read the file, and ``lines_of()`` reads them again).
    ``summary`` says who deals with whom in one line (the header's, else the
    seller and the bidders).
    """

    name: str
    file: str
    events: tuple[Event, ...]
    target: str = ""
    seller: str = ""
    description: str = ""
    summary: str = ""
    sources: Mapping[int, str] = attrs.field(factory=dict, hash=False)
    lines: tuple[int | None, ...] = attrs.field(default=(), eq=False, repr=False)
    #: computes ``lines`` when they were not kept (a file read by the fast parser):
    #: only to name the line of an error
    lines_of: Callable[[], tuple[int | None, ...]] | None = attrs.field(default=None, eq=False, repr=False)

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
        apply = deal._apply  # no other thread sees the deal before it is returned: no lock to take
        for position, event in enumerate(self.events):
            if day is not None and event.date > day:
                break
            if before is not None:
                before(deal, position, event)
            try:
                apply(event)
            except DealflowError as err:
                lines = self.lines or self._lines_now()
                line = lines[position] if position < len(lines) else None
                raise _relocate(err, file=self.file, index=self.file_index(position), line=line) from None
        return deal

    def _lines_now(self) -> tuple[int | None, ...]:
        if self.lines_of is None:
            return ()
        try:
            return self.lines_of()
        except DealflowError:  # pragma: no cover - the fast parser read it, so the checking loader does
            return ()


def load_case(path: str | os.PathLike[str], *, check: bool = True) -> Case:
    """Read a case file (``.yaml``/``.yml`` or ``.json``) and check that it
    replays (``check=False`` leaves that to the caller's own replay)."""
    name = os.fspath(path)
    return load_case_text(read_text(name), file=name, check=check)


def load_case_text(text: str, *, file: str = "<string>", check: bool = True) -> Case:
    """Read a case from YAML text (JSON when ``file`` ends in ``.json``) and check
    that it replays (``check=False`` leaves that to the caller's own replay)."""
    from ._gc import paused_gc

    with paused_gc():  # bulk work: a big case makes millions of objects that live on
        return _load(text, file, check)


def _load(text: str, file: str, check: bool) -> Case:
    json_format = file.lower().endswith(".json")
    if not json_format:
        # the fast parser when it reads the text as the checking loader does; that
        # one reads it again only to name the line of an error
        case = _load_fast(text, file)
        if case is not None:
            if check:
                case.replay()  # names the line through lines_of
            return case
    data = _parse(text, file, json_format)
    case = _build(data, file)
    if check:
        case.replay()  # a case that loads replays: state defects are refused here, naming the event
    return case


#: the event fields a case file writes as mappings: a big file's one-line ones, repeated, are read once
SHARED_FIELDS = ("amount", "rule", "source", "terms")


def _load_fast(text: str, file: str) -> Case | None:
    """The case read by the fast parser; ``None`` when the checking loader must
    read it (it names the line of an error).  A big file's events are built
    chunk by chunk while the next chunks are read (see dealflow._fastyaml)."""
    from ._fastyaml import NotFast, read_yaml_fast

    read = read_yaml_fast(text, file, shared=SHARED_FIELDS)
    if read is None:
        return None
    data, chunks = read
    try:
        case = _build(data, file, chunks)
    except (DealflowError, NotFast):
        return None  # read again, with lines
    finally:
        if chunks is not None:
            chunks.close()
    return attrs.evolve(case, lines=(), lines_of=lambda: _build(_parse(text, file, False), file).lines)


# ---------------------------------------------------------------------- parsing


def _parse(text: str, file: str, json_format: bool) -> object:
    # limits, duplicate keys and lines: see dealflow._input
    if json_format:
        return parse_json(text, file, what="the case as a JSON object")
    return parse_yaml(text, file)  # a subclass of the safe loader: no code runs


def _build(data: object, file: str, chunks: Iterable[list[Any]] | None = None) -> Case:
    """The case of parsed ``data``; ``chunks``, when given, hold its events (the
    fast parser's chunks of a big file, read while the events are built)."""
    if not isinstance(data, Mapping):
        raise InputError(
            "a case file is a mapping with a header and events", file=file, fix="start with name:, target:, seller:"
        )
    extra = sorted(str(k) for k in data if k not in _HEADER)
    if extra:
        bad = next(k for k in data if str(k) == extra[0])
        raise InputError(
            f"unknown header field {abbrev(extra[0])}{did_you_mean(extra[0], _HEADER)}",
            field=extra[0][:60],
            file=file,
            line=line_of(data, bad) if isinstance(bad, str) else line_of(data),
            fix=f"use only: {', '.join(sorted(_HEADER))}",
        )
    for key in _REQUIRED:
        if key not in data:
            raise InputError("required header field missing", field=key, file=file, fix=f"give the case's {key}")
    name = _text(data, "name", file)
    description = _text(data, "description", file) if "description" in data else ""
    summary = _summary(data, file) if "summary" in data else ""
    sources = _sources(data.get("sources", {}), file)
    raw = data["events"]
    if chunks is None and (not isinstance(raw, list) or not raw):
        raise InputError(
            "expected a list of events",
            field="events",
            file=file,
            line=line_of(data, "events"),
            fix="list at least one event",
        )
    terms: dict[tuple[str, object], Terms] = {}  # terms already read, by event kind and content
    cited: dict[int, Source] = {}  # sources already read, by number
    from ._serde import read_body, read_event  # once per case, not once per event

    readers = (read_body, read_event)
    events: list[Event] = []
    for chunk in (raw,) if chunks is None else chunks:
        # an item the parser gave at several places (the fast parser's chunks share an event written
        # alike) is built once: events are immutable values (the chunk keeps its items, and so their ids)
        built: dict[int, Event] = {}
        for i, item in enumerate(chunk, len(events)):
            event = built.get(id(item))
            if event is None:
                event = built[id(item)] = _event(item, i, file, sources, terms, cited, readers)
            events.append(event)
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
        line = line_of(data, field if field in data else "seller" if field == "actor" else None)
        raise InputError(err.rule, field=field, file=file, kind=err.kind, fix=err.fix, line=line) from None
    assert isinstance(opening, DealOpened)
    if not summary:
        bidders = [p.name for p in opening.parties if p.role is Role.BIDDER]
        summary = f"{opening.seller} and {', '.join(bidders)}" if bidders else opening.seller
    # the lines of a checked parse (the fast parser's plain dicts have none)
    lines = (line_of(data), *map(line_of, raw)) if isinstance(data, LineDict) else ()
    _check_order(opening, events, file, lines)
    return Case(
        name=name,
        file=file,
        events=(opening, *events),
        target=opening.target,
        seller=opening.seller,
        description=description,
        summary=summary,
        sources=sources,
        lines=lines,
    )


def _text(data: Mapping[Any, Any], key: str, file: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise InputError(
            f"expected text, got {abbrev(value)}",
            field=key,
            file=file,
            line=line_of(data, key),
            fix=f"give the case's {key} as text",
        )
    return value.strip()


def _summary(data: Mapping[Any, Any], file: str) -> str:
    text = _text(data, "summary", file)
    if "\n" in text or len(text) > _SUMMARY_MAX:
        raise InputError(
            f"a summary is one line of at most {_SUMMARY_MAX} characters, got {len(text)} on {text.count(chr(10)) + 1} line(s)",
            field="summary",
            file=file,
            line=line_of(data, "summary"),
            fix="say who deals with whom in a short line, e.g. 'Adobe buys Figma'",
        )
    return text


def _sources(value: object, file: str) -> dict[int, str]:
    if not isinstance(value, Mapping):
        raise InputError(
            "expected a mapping of numbers to addresses", field="sources", file=file, fix="write 1: https://..."
        )
    line = line_of(value)
    out: dict[int, str] = {}
    for key, url in value.items():
        text = isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 30
        number = int(key) if text else key  # JSON keys are text
        if isinstance(number, bool) or not isinstance(number, int) or not isinstance(url, str):
            raise InputError(
                f"bad source {abbrev(number)}: {abbrev(url)}",
                field="sources",
                file=file,
                line=line_of(value, key) or line,
                fix="write each source as NUMBER: ADDRESS",
            )
        out[number] = url
    return out


def _event(
    item: object,
    index: int,
    file: str,
    sources: Mapping[int, str],
    terms: dict[tuple[str, object], Terms],
    cited: dict[int, Source],
    readers: tuple[Callable[..., Event], Callable[..., Event]],
) -> Event:
    """The event of the file's ``events[index]``.  Terms written out again (a big
    case repeats its offers) are read once: the same kind of event with the same
    terms, to the character, gets the same (immutable) Terms.  ``readers`` are
    :func:`dealflow._serde.read_body` (which tries the kind's fast constructor
    first) and ``read_event``."""
    read_body, read_event = readers
    key: tuple[str, object] | None = None
    try:
        if not isinstance(item, (dict, Mapping)):  # not a mapping: the general reader refuses it
            event = read_event(item, index, file, check=False)
        else:
            body = dict(item)  # the parser checked the limits
            kind = body.pop("type", None)
            if "source" in body:
                body["source"] = _source(
                    body["source"], index, file, sources, kind if type(kind) is str else None, cited
                )
            raw = body.get("terms")
            if isinstance(raw, dict) and type(kind) is str:
                try:
                    key = (kind, marshal.dumps(raw))  # content as bytes: 3x faster than repr
                except ValueError:  # pragma: no cover - a parser gives only what marshal writes
                    key = (kind, repr(raw))
                known = terms.get(key)
                if known is not None:
                    body["terms"] = known
                    key = None
            event = read_body(kind, body, index, file, parsed=True)
    except DealflowError as err:
        raise err.located(line=line_of(item, err.field)) from None
    if key is not None:
        read = getattr(event, "terms", None)
        if isinstance(read, Terms):
            terms[key] = read
    return event


def _source(
    value: object, index: int, file: str, sources: Mapping[int, str], kind: str | None, cited: dict[int, Source]
) -> object:
    """A source number becomes ``{number, url}`` from the header's list (one
    :class:`Source` for each number cited)."""
    if type(value) is int:
        read = cited.get(value)
        if read is not None:
            return read
        if value in sources:
            read = cited[value] = Source(number=value, url=sources[value])
            return read
        value = {"number": value}
    if isinstance(value, Mapping) and "url" not in value and "number" in value:
        number = value["number"]
        if number not in sources:
            known = one_of(sorted(sources))
            raise InputError(
                f"source {abbrev(number)} is not in the sources list",
                field="source",
                index=index,
                kind=kind,
                file=file,
                fix=f"add it under sources: or use one of: {known}",
            )
        value = {**value, "url": sources[number]}
    return value


def _check_order(opening: DealOpened, events: Sequence[Event], file: str, lines: tuple[int | None, ...]) -> None:
    """Dates never run backwards in a case file."""
    dates = [opening.date, *(event.date for event in events)]
    if not any(map(operator.lt, islice(dates, 1, None), dates)):
        return  # in order (the common case, checked at C speed); else the loop below names the first out of order
    last, where = opening.date, "the case's opening (opened:)"
    for i, event in enumerate(events):
        if event.date < last:
            raise InputError(
                f"date {event.date} is before {last}, the date of {where}: events are listed in date order",
                field="date",
                index=i,
                kind=event.kind,
                file=file,
                line=lines[i + 1] if lines else None,
                fix=f"date it {last} or later, or move the event to its place in the list",
            )
        last, where = event.date, f"event #{i}"
