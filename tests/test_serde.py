"""Tests of dealflow/_serde.py: JSON round trips of every event kind, and fuzzing.

Round trips use journals drawn by dealflow.testing (every kind appears in them, as
the first test checks); fuzzing throws random dicts and random case-like documents
at event_from_dict and events_from_json, which must raise nothing but DealflowError.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealflow import (
    EVENT_TYPES,
    DealflowError,
    Event,
    InputError,
    event_from_dict,
    event_to_dict,
    events_from_json,
    events_to_json,
)
from dealflow._values import Source, Terms
from dealflow.testing import event_sequences, events, invalid_events, valid_events

# ---------------------------------------------------------------------- round trips


@given(events())
def test_every_event_kind_round_trips(event: Event) -> None:
    """Any well-formed event of any kind, optional fields included, comes back equal through JSON."""
    assert event_from_dict(json.loads(json.dumps(event_to_dict(event)))) == event


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES))
def test_each_kind_round_trips(kind: str) -> None:
    """Each registered kind, drawn on its own, round-trips (so no kind is left out)."""

    @settings(max_examples=10)
    @given(events([kind]))
    def check(event: Event) -> None:
        assert event.kind == kind
        assert events_from_json(events_to_json([event])) == [event]

    check()


@given(event_sequences(invalid=True))
def test_journals_round_trip_through_json(events: list[Event]) -> None:
    """A journal written to JSON and read back is equal, event by event."""
    assert events_from_json(events_to_json(events)) == events
    assert events_from_json(events_to_json(events, indent=None)) == events


@given(event_sequences(max_size=10), st.data())
def test_dicts_round_trip_and_omit_defaults(events: list[Event], data: st.DataObject) -> None:
    """event_to_dict writes the type and no default field; event_from_dict reads it back."""
    for event in events:
        d = event_to_dict(event)
        assert d["type"] == event.kind
        assert "note" not in d or event.note
        assert event_from_dict(d) == event


# ---------------------------------------------------------------------- fuzzing

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
    | st.sampled_from(["2020-09-13", "2020-13-45", "1/5", "20%", "150%", "seller", "CN", "sale", "-1", "1e999"])
)
_FIELD_NAMES = sorted({a.name for cls in EVENT_TYPES.values() for a in attrs.fields(cls)})
_NESTED_NAMES = ["type", "cap_table", "holdings", "board", "price", "role", "jurisdiction", "structure", "entity"]
_keys = st.sampled_from([*_FIELD_NAMES, *_NESTED_NAMES]) | st.text(max_size=6)
_plain = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=20,
)


def _fields(kind: str) -> list[str]:
    return [a.name for a in attrs.fields(EVENT_TYPES[kind])]


@st.composite
def _event_like(draw: st.DrawFn) -> dict[str, Any]:
    """A dict with a real type and real field names, holding random values."""
    kind = draw(st.sampled_from(sorted(EVENT_TYPES)))
    fields = draw(st.lists(st.sampled_from(_fields(kind)), unique=True))
    out: dict[str, Any] = {"type": kind}
    for name in fields:
        out[name] = draw(_plain)
    return out


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A real event's dict with one field dropped, replaced or added."""
    events = draw(event_sequences(max_size=6))
    d = event_to_dict(draw(st.sampled_from(events)))
    target = _descend(draw, d)
    key = draw(st.sampled_from(sorted(target)) if target else st.just("type"))
    action = draw(st.sampled_from(["drop", "replace", "add"]))
    if action == "drop":
        target.pop(key, None)
    elif action == "replace":
        target[key] = draw(_plain)
    else:
        target[draw(st.text(min_size=1, max_size=6))] = draw(_plain)
    return d


def _descend(draw: st.DrawFn, d: dict[str, Any]) -> dict[str, Any]:
    """A random nested mapping of ``d`` (itself, its terms, a party, a cap table...)."""
    nested = [v for v in d.values() if isinstance(v, dict)]
    nested += [x for v in d.values() if isinstance(v, list) for x in v if isinstance(x, dict)]
    if nested and draw(st.booleans()):
        return _descend(draw, draw(st.sampled_from(nested)))
    return d


def _only_dealflow_errors(values: Iterable[object]) -> None:
    for value in values:
        try:
            event = event_from_dict(value, index=3, file="case.json")
        except DealflowError as err:
            assert err.file == "case.json" and err.index == 3, str(err)
            assert err.fix, str(err)
        else:
            assert isinstance(event, Event)


@given(_plain)
def test_random_data_raises_only_dealflow_errors(value: object) -> None:
    """Any plain value read as an event yields an event or an InputError naming file and index."""
    _only_dealflow_errors([value])


@given(_event_like())
def test_random_fields_raise_only_dealflow_errors(value: dict[str, Any]) -> None:
    """Real event types with random field values yield events or DealflowErrors, nothing else."""
    _only_dealflow_errors([value])


@given(_mutated())
def test_mutated_events_raise_only_dealflow_errors(value: dict[str, Any]) -> None:
    """Real events with a field dropped, replaced or added yield events or DealflowErrors."""
    _only_dealflow_errors([value])


@given(st.lists(_event_like() | _mutated() | _plain, max_size=4))
def test_random_case_files_raise_only_dealflow_errors(docs: list[object]) -> None:
    """A random JSON case file is read whole or refused with a DealflowError naming the file."""
    text = json.dumps(docs, allow_nan=True, default=str)
    try:
        events_from_json(text, file="case.json")
    except DealflowError as err:
        assert err.file == "case.json", str(err)


@given(st.text(max_size=40))
def test_random_text_is_refused_as_input_error(text: str) -> None:
    """Text that is not a JSON array of events raises InputError, never a JSON or type error."""
    with contextlib.suppress(InputError):
        events_from_json(text)


@given(event_sequences(max_size=8), st.data())
def test_refused_events_still_serialise(events: list[Event], data: st.DataObject) -> None:
    """Events a deal refuses are still well-formed data and round-trip (the refusal is the deal's)."""
    from dealflow import replay

    deal = replay(events)
    event = data.draw(invalid_events(deal) | valid_events(deal))
    assert event_from_dict(event_to_dict(event)) == event


# ---------------------------------------------------------------------- the direct reading of plain fields

# what a parser gives (within the limits it checks), and the sources and terms a case file's reader shares
_ODD = (
    _plain
    | st.sampled_from(["2020-09-13 ", " 2020-09-13", "", " ", "a", "b"])
    | st.lists(st.sampled_from(["a", "b", "", " a"]), max_size=3)
)
_SHARED = (str, int, float, bool, type(None), Terms, Source)


def _typed_fields(event: Event) -> list[tuple[object, type]]:
    return [(getattr(event, a.name), type(getattr(event, a.name))) for a in attrs.fields(type(event))]


_ODD_VALUES: list[object] = [
    *(None, "", " ", "a", -1, 1, True, 1.5, [], ["a", "a"], {}, {"a": 1}),
    *("2020-09-13", " 2020-09-13", "2020-13-45", 0.2, "1/3", "sale", "seller"),
]


def _read_alike(kind: str, body: dict[str, Any]) -> None:
    """read_body reads parsed ``body`` as cattrs' converter does (the same event, field types and all), or refuses it too."""
    from dealflow._serde import converter, read_body

    try:
        expected: Event | None = converter.structure(dict(body), EVENT_TYPES[kind])
    except Exception:  # noqa: BLE001 - any refusal; read_body must then refuse too
        expected = None
    if expected is None:
        with pytest.raises(DealflowError):
            read_body(kind, dict(body), None, None, parsed=True)
    else:
        read = read_body(kind, dict(body), None, None, parsed=True)
        assert read == expected and _typed_fields(read) == _typed_fields(expected), (kind, body)


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES))
def test_reading_an_event_directly_gives_what_cattrs_gives(kind: str) -> None:
    """Each field of each kind, given an odd value (none, text, numbers, dates, lists), is read as cattrs reads it."""

    @settings(max_examples=2)
    @given(events([kind]))
    def check(event: Event) -> None:
        body = event_to_dict(event)
        del body["type"]
        _read_alike(kind, body)
        for field in attrs.fields(type(event)):
            for value in _ODD_VALUES:
                _read_alike(kind, {**body, field.name: value})

    check()


@settings(max_examples=300)
@given(events(), st.data())
def test_reading_mixed_odd_fields_directly_gives_what_cattrs_gives(event: Event, data: st.DataObject) -> None:
    """Several fields replaced at once by random values (or another field's value) are read as cattrs reads them."""
    body = event_to_dict(event)
    del body["type"]
    names = [a.name for a in attrs.fields(type(event))]
    for name in data.draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
        shared = [getattr(event, n) for n in names if type(getattr(event, n)) in _SHARED]
        body[name] = data.draw(_ODD | st.sampled_from(shared), label=name)
    _read_alike(event.kind, body)


# ---------------------------------------------------------------------- the fast constructor (dealflow._fastinit)


@contextlib.contextmanager
def _fast_constructors(counts: list[tuple[str, bool, dict[str, Any]]] | None = None, *, on: bool = True) -> Any:
    """read_body(parsed=True) with each kind's fast constructor (logging each call
    in ``counts``: kind, built or declined, body) or, ``on=False``, with none (the
    path before it: ``cls(**body)``, then cattrs)."""
    from dealflow import _serde

    real = _serde.fast_init

    def logged(cls: type) -> Any:
        build = real(cls) if on else None
        if build is None or counts is None:
            return build

        def log(body: dict[str, Any]) -> Any:
            event = build(body)
            counts.append((cls.kind, event is not None, dict(body)))  # type: ignore[attr-defined]
            return event

        return log

    with _serde._fast_init_replaced(logged):
        yield


def _parsed_body(event: Event, *, read: bool = False) -> dict[str, Any]:
    """``event``'s body as a case file gives it to read_body: plain values, its
    source and terms already read (``read``: every nested value already read,
    parties and conditions too)."""
    body = event_to_dict(event)
    del body["type"]
    for name in body:
        value = getattr(event, name)
        if isinstance(value, (Source, Terms)) or (read and attrs.has(type(value))):
            body[name] = value
        elif read and isinstance(value, (tuple, frozenset)) and value and all(attrs.has(type(x)) for x in value):
            body[name] = sorted(value, key=repr) if isinstance(value, frozenset) else list(value)
    return body


def _nested(value: object) -> bool:
    """Whether ``value`` holds a mapping still to read (by cattrs)."""
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(x, dict) for x in value))


def _outcome(kind: str, body: dict[str, Any]) -> tuple[object, ...]:
    """What read_body(parsed=True) gives: the event and its field types, or the error with all it names."""
    from dealflow._serde import read_body

    try:
        event = read_body(kind, dict(body), 3, "f.yaml", parsed=True)
    except DealflowError as err:
        return (type(err), str(err), err.rule, err.field, err.fix, err.kind, err.index, err.file)
    return (event, _typed_fields(event))


@settings(max_examples=300)
@given(events(), st.data())
def test_the_fast_constructor_reads_as_before_it(event: Event, data: st.DataObject) -> None:
    """A parsed body, well formed or with fields replaced, dropped or added, gives the same event (or the same error) with and without the fast constructors."""
    body = _parsed_body(event, read=data.draw(st.booleans(), label="read"))
    names = [a.name for a in attrs.fields(type(event))]
    shared = [getattr(event, n) for n in names if type(getattr(event, n)) in _SHARED]
    for name in data.draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
        if data.draw(st.integers(0, 4), label="drop") == 0:
            body.pop(name, None)
        else:
            body[name] = data.draw(_ODD | st.sampled_from(_ODD_VALUES) | st.sampled_from(shared), label=name)
    if data.draw(st.integers(0, 9), label="extra") == 0:
        body[data.draw(st.sampled_from([*_FIELD_NAMES, "type", "colour"]), label="extra key")] = "a"
    counts: list[tuple[str, bool, dict[str, Any]]] = []
    with _fast_constructors(counts):
        fast = _outcome(event.kind, body)
    with _fast_constructors(on=False):
        before = _outcome(event.kind, body)
    assert fast == before, (event.kind, body)
    if counts and counts[0][1]:
        assert isinstance(fast[0], Event)  # built fast: something the reader accepts


@pytest.mark.parametrize("kind", sorted(k for k, c in EVENT_TYPES.items() if c.__module__ == "dealflow._events"))
def test_read_body_takes_the_fast_constructor(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A well-formed parsed body of each kind of dealflow._events is built by its fast constructor, not by the class's __init__."""
    from dealflow._serde import read_body

    @settings(max_examples=3)
    @given(events([kind]))
    def check(event: Event) -> None:
        body = _parsed_body(event, read=True)
        counts: list[tuple[str, bool, dict[str, Any]]] = []
        with _fast_constructors(counts):
            read_body(kind, dict(body), None, None, parsed=True)  # the constructor is made before __init__ is patched
            counts.clear()
            with monkeypatch.context() as patch:
                patch.setattr(type(event), "__init__", _no_init)
                read = read_body(kind, dict(body), None, None, parsed=True)
        assert counts == [(kind, True, body)]
        assert read == event and _typed_fields(read) == _typed_fields(event)

    check()


def _no_init(self: object, **kwargs: object) -> None:
    raise AssertionError("the class's __init__ was called")


def test_a_case_file_is_built_by_the_fast_constructors() -> None:
    """Loading a bundled case builds each event fast, but those with nested values still to read (first terms, conditions, contracts)."""
    from pathlib import Path

    from dealflow import load_case

    counts: list[tuple[str, bool, dict[str, Any]]] = []
    path = Path(__file__).parent.parent / "dealflow" / "cases" / "tiktok" / "tiktok.yaml"
    with _fast_constructors(counts):
        case = load_case(path)
    assert sum(built for _, built, _ in counts) >= len(case.events) // 2
    for kind, built, body in counts:
        assert built != any(_nested(v) for v in body.values()), (kind, body)
