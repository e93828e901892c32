"""A faster constructor for events read from parsed data (a case file's events).

attrs generates each event class's ``__init__``: it calls one converter and one
validator function per field, each of which raises a well-worded error.  For a
big case file that is most of the time spent building its events.
:func:`fast_init` generates, once per class and from the same ``attrs`` fields,
a function ``build(body)`` that checks the common validators inline (the
checks of ``dealflow._events``: ``_name``, ``_str``, ``_flag``, ``_date``,
``_of``, ``_one_of``, ``_names``...) and fills the frozen instance's slots
directly, as attrs' ``__init__`` does through ``object.__setattr__``.

``build`` accepts only a subset of what ``cls(**body)`` accepts, and builds then
an equal event (the same values, of the same types); on *any* doubt (a field
missing, a value of another type than a parser gives, a check that fails, an
exception) it returns ``None`` and the caller calls ``cls(**body)``, which
builds the event or raises the proper error.  Classes it cannot read (a
validator it does not know, a converter that needs the instance, a hand-written
``__init__``...) get no ``build`` at all.  ``tests/test_fastinit.py`` compares
``build`` with ``cls(**body)`` on random bodies of every kind.
"""

from __future__ import annotations

import datetime as _dt
import types
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from . import _events as ev

__all__ = ["Build", "fast_init"]

#: ``build(body)``: the event, or ``None`` when ``cls(**body)`` must build it
Build = Callable[[Mapping[str, Any]], Any]

_OF_CODE = ev._of(object).__code__  # every check made by _of(cls) shares this code
_ONE_OF_CODE = ev._one_of(()).__code__


def _cell(check: Callable[..., object], name: str) -> object:
    """The value of the closure variable ``name`` of ``check``."""
    cells = check.__closure__ or ()
    return dict(zip(check.__code__.co_freevars, (c.cell_contents for c in cells), strict=True))[name]


# the checks of a list of names (after _seq / _opt_names), as lines of the generated code
_NAME_ITEMS = (
    "if type({v}) is not tuple:",
    "    return None",
    "for _x in {v}:",
    "    if type(_x) is not str or not _x.strip():",
    "        return None",
    "if len(set({v})) != len({v}):",
    "    return None",
)


def _refuse_unless(test: str) -> list[str]:
    return [f"if not ({test}):", "    return None"]


def _check_lines(attr: attrs.Attribute[Any], v: str, ns: dict[str, object]) -> list[str] | None:
    """The generated lines that return ``None`` unless ``attr``'s validator accepts
    ``v`` (they may accept less than it does, never more); ``None`` for a validator
    not known here."""
    check = attr.validator
    simple = {
        ev._name: f"type({v}) is str and {v}.strip()",
        ev._str: f"type({v}) is str",
        ev._flag: f"{v} is True or {v} is False",
        ev._date: f"type({v}) is _date_type",
        ev._maybe_date: f"{v} is None or type({v}) is _date_type",
        ev._positive: f"type({v}) is int and {v} >= {1 if attr.name == 'days' else 0}",
        ev._share: f"{v} is None or (type({v}) is _fraction_type and 0 <= {v} <= 1)",
    }
    if check is None:
        return []
    if check in simple:
        return _refuse_unless(simple[check])
    items = [line.format(v=v) for line in _NAME_ITEMS]
    if check is ev._name_list:
        return items
    if check is ev._names or check is ev._regulators:
        # at least one name; _names lets None through when it is the default, _regulators lets () through
        lines = [*items, *_refuse_unless(v)]
        if check is ev._names and attr.default is None:
            return [f"if {v} is not None:", *(f"    {line}" for line in lines)]
        if check is ev._regulators:
            return [f"if {v} != ():", *(f"    {line}" for line in lines)]
        return lines
    code = getattr(check, "__code__", None)
    if code is _OF_CODE:
        ns[f"_of_{attr.name}"] = _cell(check, "cls")
        optional = f" or {v} is None" if _cell(check, "optional") else ""
        exact = f"type({v}) is _of_{attr.name}"  # the common case, before the validator's own test
        return _refuse_unless(f"{exact} or isinstance({v}, _of_{attr.name}){optional}")
    if code is _ONE_OF_CODE:
        ns[f"_allowed_{attr.name}"] = _cell(check, "allowed")
        return _refuse_unless(f"{v} in _allowed_{attr.name}")
    return None


def _convert_lines(attr: attrs.Attribute[Any], v: str, ns: dict[str, object]) -> list[str] | None:
    """The generated lines that convert ``v`` as ``attr``'s converter does (or
    return ``None`` for a value it is not sure of); ``None`` for a converter that
    needs more than the value."""
    conv: object = attr.converter
    if conv is None:
        return []
    if conv is ev._day or conv is ev._opt_date:  # ISO text to a date (each text read once)
        return [f"if type({v}) is str:", f"    {v} = _iso_day({v})"]
    if conv is ev._seq or conv is ev._opt_names:  # a name to a one-name tuple, a list to a tuple
        lines = [
            f"if type({v}) is list:",
            f"    {v} = tuple({v})",
            f"elif type({v}) is str:",
            f"    {v} = ({v},)",
            f"elif type({v}) is not tuple and {v} is not None:",
            "    return None",
        ]
        return [f"if {v} is None:", f"    {v} = ()", *lines] if conv is ev._opt_names else lines
    if isinstance(conv, attrs.Converter) or not isinstance(conv, types.FunctionType):
        return None  # it may need the instance or the field
    ns[f"_convert_{attr.name}"] = conv
    return [f"{v} = _convert_{attr.name}({v})"]


_PURE = (ev._day, ev._opt_date, ev._seq, ev._opt_names)  # converters that give equal values for equal input


def _ready_default(attr: attrs.Attribute[Any]) -> object:
    """``attr``'s constant default as ``cls(**body)`` sets it when the field is left
    out (converted, and accepted by its validator, one that :func:`_check_lines`
    knows), or ``attrs.NOTHING`` when that must be done for each event (a factory,
    another converter, a default its validator refuses)."""
    if isinstance(attr.default, attrs.Factory):  # type: ignore[arg-type]  # attrs types Factory as a function
        return attrs.NOTHING
    conv: object = attr.converter
    if conv is not None and not any(conv is pure for pure in _PURE):
        return attrs.NOTHING
    ready = attr.default if conv is None else conv(attr.default)  # type: ignore[operator]  # one of _PURE
    try:
        if attr.validator is not None:
            attr.validator(None, attr, ready)
    except Exception:  # noqa: BLE001 - whatever it raises, each event checks the default again
        return attrs.NOTHING
    return ready


def _slot_setters(cls: type) -> dict[str, Callable[[object, object], None]] | None:
    """Each field's slot setter (``None`` unless ``cls`` is an attrs class with exactly its fields as slots)."""
    slots = {s for klass in cls.__mro__ for s in getattr(klass, "__slots__", ()) if s != "__weakref__"}
    names = {a.name for a in attrs.fields(cls)}
    if slots != names:
        return None
    out = {}
    for name in names:
        slot = getattr(cls, name, None)
        if type(slot) is not types.MemberDescriptorType:
            return None
        out[name] = slot.__set__
    return out


def _source(cls: type, ns: dict[str, object]) -> str | None:
    """The source of ``build`` for ``cls``, with the names it uses put in ``ns``."""
    init = cls.__dict__.get("__init__") or getattr(cls, "__init__", None)
    code = getattr(init, "__code__", None)
    if code is None or not code.co_filename.startswith("<attrs generated"):
        return None  # a hand-written __init__
    new: object = cls.__new__
    if new is not object.__new__ or hasattr(cls, "__attrs_pre_init__"):
        return None
    setters = _slot_setters(cls)
    if setters is None:
        return None
    lines = ["def build(body):", "    try:"]
    sets = []
    for i, attr in enumerate(attrs.fields(cls)):
        if not attr.init or attr.alias != attr.name:
            return None
        v = f"v{i}"
        convert, check = _convert_lines(attr, v, ns), _check_lines(attr, v, ns)
        if convert is None or check is None:
            return None
        read = [*convert, *check]
        ready = attrs.NOTHING if attr.default is attrs.NOTHING else _ready_default(attr)
        if attr.default is attrs.NOTHING:
            lines.append(f"        {v} = body[{attr.name!r}]")
        elif ready is not attrs.NOTHING:  # a field left out costs a test of the body, nothing more
            ns[f"_ready_{attr.name}"] = ready
            lines += [f"        if {attr.name!r} in body:", f"            {v} = body[{attr.name!r}]"]
            lines += [f"            {line}" for line in read]
            lines += ["        else:", f"            {v} = _ready_{attr.name}"]
            read = []
        elif isinstance(attr.default, attrs.Factory):  # type: ignore[arg-type]  # attrs types Factory as a function
            if attr.default.takes_self:
                return None
            ns[f"_factory_{attr.name}"] = attr.default.factory
            lines.append(f"        {v} = body[{attr.name!r}] if {attr.name!r} in body else _factory_{attr.name}()")
        else:
            ns[f"_default_{attr.name}"] = attr.default
            lines.append(f"        {v} = body.get({attr.name!r}, _default_{attr.name})")
        lines += [f"        {line}" for line in read]
        ns[f"_set_{attr.name}"] = setters[attr.name]
        sets.append(f"        _set_{attr.name}(inst, {v})")
    lines += ["        inst = _new(_cls)", *sets]
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("        inst.__attrs_post_init__()")
    lines += ["        return inst", "    except Exception:", "        return None"]
    return "\n".join(lines) + "\n"


def fast_init(cls: type) -> Build | None:
    """``build(body)`` for the attrs class ``cls`` (see the module's docstring),
    or ``None`` when ``cls(**body)`` must build every event of the class."""
    ns: dict[str, object] = {
        "_cls": cls,
        "_new": object.__new__,
        "_iso_day": ev._iso_day,
        "_date_type": _dt.date,
        "_fraction_type": Fraction,
    }
    source = _source(cls, ns) if attrs.has(cls) else None
    if source is None:
        return None
    exec(
        compile(source, f"<dealflow fast init {cls.__qualname__}>", "exec"), ns
    )  # code made from the class's fields, as attrs makes __init__
    build: Build = ns["build"]  # type: ignore[assignment]
    build.__doc__ = source  # what it runs, for whoever reads it
    return build
