"""Events to and from plain data and JSON, through cattrs.

The plain form of an event is a mapping with its ``type`` (the event kind) and
its fields; fields left at their defaults are omitted.  Cap tables are written as
``{holder: share}`` with exact shares as strings (``"0.199"``, ``"1/3"``), rules as
their registered specs.  Reading refuses unknown keys and names the field.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import enum
import json
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from ._agreement import VALUE_TYPES
from ._errors import DealflowError, InputError, LimitError
from ._events import EVENT_TYPES, Event
from ._fastinit import Build, fast_init
from ._input import LIMITS, abbrev, check_tree, did_you_mean, parse_json
from ._rules import Rule, rule_from_spec
from ._values import (
    Board,
    Condition,
    Holding,
    Money,
    Party,
    Source,
    Stake,
    Terms,
    _holder,
    as_date,
    as_fraction,
    format_fraction,
)

__all__ = ["converter", "event_from_dict", "event_to_dict", "events_from_json", "events_to_json"]


def _structure_terms(data: Any, _cls: Any) -> Terms:
    if isinstance(data, Terms):
        return data
    if not isinstance(data, Mapping):
        raise InputError(
            f"expected terms as a mapping, got {abbrev(data)}",
            field="terms",
            fix="write {structure: ..., entity: ..., cap_table: {...}}",
        )
    allowed = {f.name for f in attrs.fields(Terms)}
    extra = sorted(str(k) for k in set(data) - allowed)
    if extra:
        raise InputError(
            f"unknown field {abbrev(extra[0])}{did_you_mean(extra[0], allowed)}",
            field=f"terms.{extra[0][:60]}",
            fix=f"use only: {', '.join(sorted(allowed))}",
        )
    for required in ("structure", "entity"):
        if required not in data:
            raise InputError("required field missing", field=f"terms.{required}", fix=f"give the terms' {required}")
    kw: dict[str, Any] = {"structure": data["structure"], "entity": data["entity"]}
    table = data.get("cap_table", {})
    if isinstance(table, Mapping):
        kw["cap_table"] = tuple(Stake(_holder(k), v) for k, v in table.items())
    elif isinstance(table, list):
        kw["cap_table"] = tuple(converter.structure(s, Stake) for s in table)
    else:
        raise InputError(
            f"expected a cap table, got {abbrev(table)}", field="terms.cap_table", fix="map each holder to a stake"
        )
    for name, typ in (("price", Money), ("board", Board)):
        if data.get(name) is not None:
            try:
                kw[name] = converter.structure(data[name], typ)
            except (ClassValidationError, InputError) as err:
                leaf = _first_error(err, "") if isinstance(err, ClassValidationError) else err
                raise InputError(leaf.rule, field=f"terms.{name}", fix=leaf.fix) from None
    if "assets" in data:
        kw["assets"] = _str_list(data["assets"], "terms.assets")
    if "conditions" in data:
        kw["conditions"] = frozenset(_structure_conditions(data["conditions"], "terms.conditions"))
    if "holdings" in data:
        h = data["holdings"]
        if not isinstance(h, list):
            raise InputError("expected a list of holdings", field="terms.holdings", fix="write [{owner, owned, share}]")
        kw["holdings"] = tuple(converter.structure(x, Holding) for x in h)
    for name in ("jurisdiction", "data_custodian"):
        if name in data:
            kw[name] = data[name]
    try:
        return Terms(**kw)
    except InputError as err:
        raise InputError(err.rule, field=f"terms.{err.field}" if err.field else "terms", fix=err.fix) from None


def _str_list(value: Any, field: str) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InputError(f"expected a list, got {abbrev(value)}", field=field, fix="write a list of names")
    return frozenset(value)


def _structure_conditions(value: Any, field: str) -> list[Condition]:
    if not isinstance(value, list):
        raise InputError(
            f"expected a list of conditions, got {abbrev(value)}", field=field, fix="write [{kind: ..., party: ...}]"
        )
    return [converter.structure(c, Condition) for c in value]


def _unstructure_terms(t: Terms) -> dict[str, Any]:
    out: dict[str, Any] = {
        "structure": t.structure.value,
        "entity": t.entity,
        "cap_table": {s.holder: format_fraction(s.share) for s in t.cap_table},
    }
    if t.assets:
        out["assets"] = sorted(t.assets)
    if t.price is not None:
        out["price"] = converter.unstructure(t.price)
    if t.jurisdiction != "US":
        out["jurisdiction"] = t.jurisdiction
    if t.conditions:
        out["conditions"] = [converter.unstructure(c) for c in sorted(t.conditions)]
    if t.data_custodian is not None:
        out["data_custodian"] = t.data_custodian
    if t.board is not None:
        out["board"] = converter.unstructure(t.board)
    if t.holdings:
        out["holdings"] = [converter.unstructure(h) for h in t.holdings]
    return out


def _optional(t: Any) -> bool:
    """Whether ``t`` is ``X | None`` for one type X."""
    args = typing.get_args(t)
    return typing.get_origin(t) in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args


def _optional_hook(conv: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(t: Any) -> Any:
        inner = next(a for a in typing.get_args(t) if a is not type(None))
        hook = conv.get_structure_hook(inner)

        def structure(value: Any, _t: Any) -> Any:
            return None if value is None else hook(value, inner)

        return structure

    return factory


def _make_converter(detailed: bool = True) -> cattrs.Converter:
    """The converter; ``detailed=False`` gives one that stops at the first error
    without saying where (the fast path: :func:`event_from_dict` asks the detailed
    one again to name what is wrong)."""
    conv = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True, detailed_validation=detailed)
    # X | None straight to X's hook (registered first: the hooks below take precedence)
    conv.register_structure_hook_factory(_optional, _optional_hook(conv))
    conv.register_unstructure_hook(_dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(_dt.date, lambda v, _t: as_date(v))
    conv.register_unstructure_hook(Fraction, format_fraction)
    conv.register_structure_hook(Fraction, lambda v, _t: as_fraction(v))
    conv.register_unstructure_hook(Decimal, lambda d: format(d, "f") if d == d.to_integral_value() else str(d))
    conv.register_structure_hook(Decimal, lambda v, _t: v)  # Money's converter reads it
    conv.register_unstructure_hook(Terms, _unstructure_terms)
    conv.register_structure_hook(Terms, _structure_terms)
    conv.register_unstructure_hook(Rule, lambda r: r.to_spec())
    conv.register_structure_hook(Rule, lambda v, _t: rule_from_spec(v))
    conv.register_unstructure_hook_func(
        lambda t: t is frozenset or getattr(t, "__origin__", None) is frozenset,
        lambda s: [conv.unstructure(x) for x in sorted(s)],
    )
    conv.register_structure_hook_func(
        lambda t: t == frozenset[Condition], lambda v, _t: frozenset(_structure_conditions(v, "conditions"))
    )
    conv.register_structure_hook_func(
        lambda t: t in (tuple[str, ...], tuple[str, ...] | None), lambda v, _t: _names_tuple(v)
    )
    conv.register_structure_hook_func(lambda t: t == tuple[Party, ...], lambda v, _t: _list_of(v, Party))
    # scalars are checked, never coerced: cattrs would turn "45" into 45 and "no" into True
    conv.register_structure_hook(str, _strict_text)
    conv.register_structure_hook(int, lambda v, _t: _strict(v, int, "a whole number"))
    conv.register_structure_hook(bool, lambda v, _t: _strict(v, bool, "true or false"))
    conv.register_structure_hook_func(lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda v, _t: v)
    # each class's (un)structure function is generated on first use, not at import
    classes = frozenset((Party, Source, Money, Condition, Board, Stake, Holding, *VALUE_TYPES, *EVENT_TYPES.values()))
    conv.register_structure_hook_factory(
        lambda t: t in classes,
        lambda cls: _mapping(
            cls, make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=detailed)
        ),
    )
    conv.register_unstructure_hook_factory(
        lambda t: t in classes,
        lambda cls: make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=cls is not Money),
    )
    return conv


def _strict_text(value: Any, _t: Any) -> Any:
    return value if type(value) is str else _strict(value, str, "text")


def _strict(value: Any, typ: type, what: str) -> Any:
    if isinstance(value, typ) and (typ is bool or not isinstance(value, bool)):
        if isinstance(value, int) and value.bit_length() > LIMITS["int_digits"] * 10 // 3 + 1:
            msg = f"a whole number over the limit of {LIMITS['int_digits']} digits"
            raise LimitError(msg, fix="write a smaller number")
        return value
    raise InputError(f"expected {what}, got {abbrev(value)}", fix=f"write {what}")


def _mapping(cls: type, inner: Any) -> Any:
    def structure(value: Any, _t: Any) -> Any:
        if type(value) is cls:
            return value  # already read (a case file's sources are read once)
        if cls is Money and isinstance(value, (int, float, str, Decimal)) and not isinstance(value, bool):
            return Money(value)
        if not isinstance(value, Mapping):
            names = ", ".join(f.name for f in attrs.fields(cls))
            raise InputError(f"expected a mapping for {cls.__name__}, got {abbrev(value)}", fix=f"write {{{names}}}")
        return inner(value, _t)

    return structure


def _list_of(value: Any, cls: type) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise InputError(f"expected a list, got {abbrev(value)}", fix=f"write a list of {cls.__name__} mappings")
    errors: list[Exception] = []
    out: list[Any] = []
    for i, item in enumerate(value):
        try:
            out.append(converter.structure(item, cls))
        except Exception as exc:  # noqa: BLE001 - regrouped for the path
            notes = [*getattr(exc, "__notes__", []), IterableValidationNote(f"@ index {i}", i, cls)]
            exc.__notes__ = notes  # type: ignore[attr-defined]  # add_note is 3.11+
            errors.append(exc)
    if errors:
        raise IterableValidationError("bad items", errors, tuple)
    return tuple(out)


def _names_tuple(value: Any) -> Any:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(value)
    return value  # the event's own converter names what is wrong


converter = _make_converter()
_fast = _make_converter(detailed=False)


def event_to_dict(event: Event) -> dict[str, Any]:
    """The plain-data form of an event: ``{"type": kind, ...fields}``."""
    data: dict[str, Any] = {"type": event.kind}
    data.update(converter.unstructure(event, type(event)))
    return data


def event_from_dict(data: object, *, index: int | None = None, file: str | None = None) -> Event:
    """Read an event from plain data; bad input raises :class:`InputError` naming
    the file, the index, the field and the fix."""
    return read_event(data, index, file, check=True)


def read_event(data: object, index: int | None, file: str | None, *, check: bool) -> Event:
    """:func:`event_from_dict`; ``check=False`` when the data's limits were checked
    already (a case file's, by its parser)."""
    if not isinstance(data, Mapping):
        err = InputError(
            f"expected a mapping, got {type(data).__name__}", fix="write the event as a mapping with a type"
        )
        raise err.located(index=index, file=file) from None
    if check:
        try:
            check_tree(data)  # the limits of files hold for data given directly too
        except DealflowError as err:
            raise err.located(index=index, file=file, kind=err.kind) from None
    return read_body(data.get("type"), {k: v for k, v in data.items() if k != "type"}, index, file)


def read_body(
    kind: object, body: dict[Any, Any], index: int | None, file: str | None, *, parsed: bool = False
) -> Event:
    """The event of type ``kind`` with the fields ``body`` (a mapping without its
    ``type``): :func:`read_event` once the type is taken out.  ``parsed`` when the
    values come from a parser (text, numbers, booleans, lists and mappings, with
    sources and terms already read; no date objects): the event class then reads
    them itself, as cattrs' converter would, only faster (``tests/test_serde.py``
    checks that on every field of every kind).  Those of the kinds that
    :func:`dealflow._fastinit.fast_init` reads are built faster still, by a
    constructor generated for parsed values (``cls(**body)`` when it is unsure)."""
    if parsed and type(kind) is str:
        entry = _PARSED.get(kind) or _parsed_entry(kind)
        if entry is not None and entry[0].issuperset(body):
            event = entry[1](body)
            if event is not None:
                return event  # type: ignore[no-any-return]  # the kind's class
    try:
        cls = EVENT_TYPES.get(kind) if type(kind) is str else None
        if cls is None:
            known = ", ".join(sorted(EVENT_TYPES))
            hint = did_you_mean(kind, EVENT_TYPES)
            raise InputError(f"unknown event type {abbrev(kind)}{hint}", field="type", fix=f"use one of: {known}")
        allowed = _FIELD_SETS.get(cls)
        if allowed is None:
            _field_names(cls)
            allowed = _FIELD_SETS[cls]
        if not allowed.issuperset(body):
            fields = _field_names(cls)
            key = next(k for k in body if k not in fields)  # named before cattrs, which reports a missing field first
            raise InputError(
                f"unknown field {abbrev(key)}{did_you_mean(key, fields)}",
                field=str(key)[:60],
                kind=cls.kind,
                fix=f"use only: type, {', '.join(fields)}",
            )
        if parsed:
            try:
                return cls(**body)  # attrs converts and checks plain values as cattrs does
            except Exception:  # noqa: BLE001 - nested data to structure, or something wrong: cattrs reads it
                pass
        fast = _FAST_HOOKS.get(cls)
        if fast is None:
            fast = _FAST_HOOKS[cls] = _fast.get_structure_hook(cls)
        try:
            return fast(body, cls)  # type: ignore[no-any-return]  # the common case: nothing wrong
        except Exception:  # noqa: BLE001 - read again below, to say what is wrong
            pass
        try:
            return converter.structure(body, cls)
        except (ClassValidationError, IterableValidationError) as group:
            raise _first_error(group, cls.kind) from None
        except (ForbiddenExtraKeysError, KeyError, TypeError, ValueError, AttributeError) as exc:
            if isinstance(exc, DealflowError):
                raise
            raise _plain_error(exc, "", cls.kind) from None
    except DealflowError as err:
        raise err.located(index=index, file=file, kind=err.kind) from None


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls))
        _FIELD_SETS[cls] = frozenset(names)
    return names


def _parsed_entry(kind: str) -> tuple[frozenset[str], Build] | None:
    """The fields and the fast constructor of the event kind ``kind`` (``None`` for no such kind)."""
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        return None
    _field_names(cls)
    build = fast_init(cls) or _unsure
    entry = _PARSED[kind] = (_FIELD_SETS[cls], build)
    return entry


def _unsure(body: Mapping[str, Any]) -> None:
    """The fast constructor of a class that has none: ``cls(**body)`` builds its events."""
    return None


_PARSED: dict[str, tuple[frozenset[str], Build]] = {}  # each kind's fields and fast constructor


@contextlib.contextmanager
def _fast_init_replaced(make: Callable[[type], Build | None]) -> Iterator[None]:
    """Within the block, each kind's fast constructor is made anew by ``make``
    instead of :func:`~dealflow._fastinit.fast_init` (``None``: no fast
    constructor); the ones made before come back after.  For the tests and the
    benchmark that compare reading with and without them."""
    real, saved = globals()["fast_init"], dict(_PARSED)
    globals()["fast_init"] = make
    _PARSED.clear()
    try:
        yield
    finally:
        globals()["fast_init"] = real
        _PARSED.clear()
        _PARSED.update(saved)


_FIELDS: dict[type, tuple[str, ...]] = {}
_FAST_HOOKS: dict[type, Callable[[Any, Any], Any]] = {}  # each event class's fast structuring function
_FIELD_SETS: dict[type, frozenset[str]] = {}


def _first_error(group: BaseException, kind: str, path: str = "") -> DealflowError:
    """The first leaf of a cattrs error group, with the path of fields to it."""
    for exc in getattr(group, "exceptions", ()):
        sub = path
        for note in getattr(exc, "__notes__", ()):
            if isinstance(note, AttributeValidationNote):
                sub = f"{path}.{note.name}" if path else note.name
            elif isinstance(note, IterableValidationNote):
                sub = f"{path}[{note.index}]"
        if hasattr(exc, "exceptions"):
            return _first_error(exc, kind, sub)
        return _plain_error(exc, sub, kind)
    return InputError(str(group), kind=kind, fix="check the event's fields")


def _plain_error(exc: BaseException, path: str, kind: str) -> DealflowError:
    if isinstance(exc, DealflowError):
        field = path or exc.field
        if path and exc.field and not path.endswith(exc.field):
            # a nested value named its own field: terms.cap_table under terms, role under parties[0]
            rest = exc.field.split(".", 1)[1] if "." in exc.field else exc.field
            field = f"{path}.{rest}"
        return type(exc)(exc.rule, field=field, fix=exc.fix, kind=kind)  # keeps RuleError, UnknownParty...
    if isinstance(exc, ForbiddenExtraKeysError):
        extra = sorted(exc.extra_fields)
        cls = exc.cl
        allowed = ", ".join(f.name for f in attrs.fields(cls)) if attrs.has(cls) else ""
        name = str(extra[0])[:60]
        field = f"{path}.{name}" if path else name
        hint = did_you_mean(extra[0], [f.name for f in attrs.fields(cls)] if attrs.has(cls) else [])
        return InputError(f"unknown field {abbrev(extra[0])}{hint}", field=field, kind=kind, fix=f"use only: {allowed}")
    if isinstance(exc, KeyError):
        return InputError("required field missing", field=path or str(exc), kind=kind, fix=f"give {path or exc}")
    return InputError(f"wrong type: {abbrev(str(exc))}", field=path or None, kind=kind, fix="check the field's type")


def events_to_json(events: Iterable[Event], *, indent: int | None = 2) -> str:
    """A JSON array of events."""
    return json.dumps([event_to_dict(e) for e in events], indent=indent, ensure_ascii=False)


def events_from_json(text: str, *, file: str | None = None) -> list[Event]:
    """Read a JSON array of events."""
    data = parse_json(text, file, what="a JSON array of events")  # limits and duplicate keys
    if not isinstance(data, list):
        raise InputError("expected a JSON array of events", file=file, fix="write [ {type: ...}, ... ]")
    return [event_from_dict(d, index=i, file=file) for i, d in enumerate(data)]
