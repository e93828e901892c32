"""Tests of dealflow/_fastinit.py: the fast constructor of each event class against
the class's own attrs ``__init__`` (``cls(**body)``), on random bodies of every kind.

A body is what a case file gives ``read_body(..., parsed=True)``: plain values, with
the nested values already read (sources and terms; here every attrs value) as
objects.  The fast constructor may decline a body (``None``: the caller calls
``cls(**body)``), but what it builds must equal what ``cls(**body)`` builds, field
types and all, and it must decline every body that ``cls(**body)`` refuses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealflow import EVENT_TYPES, DealflowError, Event
from dealflow._events import _day, _iso_day, _name_list, _opt_names, _str
from dealflow._fastinit import fast_init
from dealflow._values import Source, Terms
from dealflow.testing import events

_ODD_VALUES: list[object] = [
    *(None, "", " ", "a", "a ", -1, 0, 1, 45, True, False, 1.5, 0.2, [], ["a"], ["a", "a"], ["a", ""], [1], ("a",)),
    *({}, {"a": 1}, "2020-09-13", " 2020-09-13", "2020-13-45", "1/3", "0.62", "sale", "seller", "day", "about"),
    *(dt.date(2020, 9, 13), dt.datetime(2020, 9, 13, 1, 2), "negotiated", "tender", "target_shareholders"),
    *(Source(number=1, url="https://example.org"), Terms("sale", "TikTok US", {"Oracle": "1"})),
]


def _body(event: Event) -> dict[str, Any]:
    """``event``'s fields as a parser gives them to read_body: plain values, nested
    attrs values (sources, terms...) already read, defaults left out."""
    from dealflow import event_to_dict

    plain = event_to_dict(event)
    del plain["type"]
    body = {}
    for key, value in plain.items():
        read = getattr(event, key)
        body[key] = value
        if attrs.has(type(read)):
            body[key] = read
        elif isinstance(read, (tuple, frozenset)) and read and all(attrs.has(type(x)) for x in read):
            # a list of values already read (parties, conditions)
            body[key] = sorted(read, key=repr) if isinstance(read, frozenset) else list(read)
    return body


def _typed(event: object) -> list[tuple[object, type]]:
    return [(getattr(event, a.name), type(getattr(event, a.name))) for a in attrs.fields(type(event))]


def _same_as_init(kind: str, body: dict[str, Any]) -> object:
    """Build ``body`` both ways: the fast constructor's event (or ``None``) must be
    ``cls(**body)``'s, and it must decline what ``cls(**body)`` refuses."""
    cls = EVENT_TYPES[kind]
    build = _BUILDS.get(kind) or _BUILDS.setdefault(kind, fast_init(cls))  # generated once per kind
    assert build is not None, kind
    try:
        expected: object = cls(**body)
    except Exception as exc:  # noqa: BLE001 - any refusal: the fast constructor must decline it
        expected = exc
    built = build(dict(body))
    if isinstance(expected, Exception):
        assert built is None, (kind, body, expected)
    elif built is not None:
        assert type(built) is cls
        assert built == expected and _typed(built) == _typed(expected), (kind, body)
    return built


_BUILDS: dict[str, Any] = {}  # each kind's fast constructor, made by the first test that needs it

# the kinds with a fast constructor: every kind whose validators and converters it knows
_FAST_KINDS = sorted(kind for kind, cls in EVENT_TYPES.items() if fast_init(cls) is not None)


def test_every_kind_of_the_events_module_has_a_fast_constructor() -> None:
    """Each event class of dealflow._events (the kinds a big case is made of) gets a fast constructor."""
    core = {kind for kind, cls in EVENT_TYPES.items() if cls.__module__ == "dealflow._events"}
    assert core <= set(_FAST_KINDS), sorted(core - set(_FAST_KINDS))


@pytest.mark.parametrize("kind", _FAST_KINDS)
def test_a_well_formed_body_is_built_fast_and_equal(kind: str) -> None:
    """A well-formed parsed body of each kind is built by the fast constructor (never declined), equal to cls(**body)."""

    @settings(max_examples=5)  # (71 kinds: the odd-value tests below read many more bodies)
    @given(events([kind]))
    def check(event: Event) -> None:
        body = _body(event)
        if any(type(v) is dict for v in body.values()):
            return  # a nested value the parser gives as a mapping: read_body's cattrs reads it
        assert _same_as_init(kind, body) is not None, body

    check()


@pytest.mark.parametrize("kind", _FAST_KINDS)
def test_odd_fields_are_built_as_init_builds_them_or_declined(kind: str) -> None:
    """Fields replaced by odd values, dropped, or given another field's value: built as cls(**body) builds them, or declined when it refuses."""

    @settings(max_examples=10)  # (71 kinds; each field's each odd value is tried below too)
    @given(events([kind]), st.data())
    def check(event: Event, data: st.DataObject) -> None:
        body = _body(event)
        names = [a.name for a in attrs.fields(type(event))]
        others = [getattr(event, n) for n in names]
        for name in data.draw(st.lists(st.sampled_from(names), max_size=3, unique=True), label="fields"):
            if data.draw(st.integers(0, 5), label="drop") == 0:
                body.pop(name, None)
            else:
                body[name] = data.draw(st.sampled_from(_ODD_VALUES) | st.sampled_from(others), label=name)
        _same_as_init(kind, body)

    check()


@pytest.mark.parametrize("kind", _FAST_KINDS)
def test_each_field_given_each_odd_value(kind: str) -> None:
    """Every field of every kind, given each odd value in turn, is built as cls(**body) builds it or declined when refused."""

    @settings(max_examples=1)
    @given(events([kind]))
    def check(event: Event) -> None:
        body = _body(event)
        for field in attrs.fields(type(event)):
            for value in _ODD_VALUES:
                _same_as_init(kind, {**body, field.name: value})

    check()


def test_a_date_is_read_once_and_datetimes_are_left_to_init() -> None:
    """An ISO date is read through the shared cache; a datetime (which Deal.apply refuses) is declined, not built."""
    build = fast_init(EVENT_TYPES["deal_closed"])
    assert build is not None
    event = build({"date": "2021-02-03", "actor": "A"})
    assert event is not None and event.date is _iso_day("2021-02-03")
    assert build({"date": dt.datetime(2021, 2, 3, 4, 5), "actor": "A"}) is None
    assert build({"actor": "A"}) is None  # a required field missing


def test_post_init_runs_and_its_refusal_declines() -> None:
    """A class's __attrs_post_init__ runs: the bid_revised that changes nothing is declined (cls(**body) refuses it)."""
    build = fast_init(EVENT_TYPES["bid_revised"])
    assert build is not None
    assert build({"date": "2021-02-03", "actor": "A", "bid": "b"}) is None
    with pytest.raises(Exception, match="terms"):
        EVENT_TYPES["bid_revised"](date="2021-02-03", actor="A", bid="b")
    assert build({"date": "2021-02-03", "actor": "A", "bid": "b", "bidders": "A"}) is not None


def test_classes_it_cannot_read_get_none() -> None:
    """An unknown validator, a hand-written __init__, no slots or a class that is not attrs: no fast constructor."""

    def odd(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        """A validator the fast constructor does not know."""

    @attrs.frozen
    class Unknown:
        x: int = attrs.field(validator=odd)

    @attrs.frozen
    class Known:
        x: str = attrs.field(default="a")

    class Plain:
        pass

    @attrs.frozen(init=False)
    class HandWritten:
        x: str

        def __init__(self, x: str) -> None:
            object.__setattr__(self, "x", x.upper())

    @attrs.frozen(slots=False)
    class NoSlots:
        x: str

    @attrs.define
    class Mutable:
        x: str

    assert fast_init(Unknown) is None
    assert fast_init(Plain) is None
    assert fast_init(HandWritten) is None
    build = fast_init(Known)
    assert build is not None and build({}) == Known() and build({"x": "b"}) == Known("b")
    assert fast_init(NoSlots) is None
    mutable = fast_init(Mutable)
    assert mutable is not None and mutable({"x": "b"}) == Mutable("b")


def test_factory_defaults_and_plain_converters() -> None:
    """A Factory default is made afresh for each event and a converter it does not know is called as attrs calls it."""

    def whole(value: Any) -> int:
        """A converter the fast constructor does not know."""
        return int(value)

    @attrs.frozen
    class WithFactory:
        names: tuple[str, ...] = attrs.field(factory=tuple)
        items: list[int] = attrs.field(factory=list)
        size: int = attrs.field(default="3", converter=whole)

    build = fast_init(WithFactory)
    assert build is not None
    one, two = build({}), build({})
    assert one == two == WithFactory() and one.items is not two.items and one.size == 3
    assert build({"size": "x"}) is None  # the converter raised: declined


def test_a_default_its_validator_refuses_is_declined_when_left_out() -> None:
    """A default the field's validator refuses is checked for each event (declined); defaults are converted as attrs converts them."""

    @attrs.frozen
    class BadDefault:
        x: str = attrs.field(default=1, validator=_str)  # type: ignore[arg-type]  # the point of the test
        y: tuple[str, ...] = attrs.field(default=None, converter=_opt_names, validator=_name_list)
        z: object = attrs.field(default="2020-01-02", converter=_day)

    build = fast_init(BadDefault)
    assert build is not None
    assert build({}) is None
    with pytest.raises(DealflowError):
        BadDefault()
    built = build({"x": "a"})
    assert built == BadDefault("a") and built.y == () and built.z == dt.date(2020, 1, 2)
