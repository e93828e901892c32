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
