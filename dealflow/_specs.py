"""Rule parameters to and from plain data, through cattrs and the fields' type hints.

:data:`spec_converter` writes a rule's fields as plain data (fractions as exact
text, sets as sorted lists, tuples as lists, conditions as mappings, nested
rules as their specs) and reads them back by each field's type hint, so that
``rule_from_spec(rule.to_spec()) == rule`` for every rule whose fields are typed.
Register hooks on it for types of your own.  cattrs loads on first use.
"""

from __future__ import annotations

import datetime as _dt
import enum
import typing
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import cattrs

from ._rules import Rule, rule_from_spec
from ._values import Condition, as_date, as_fraction, format_fraction

__all__ = ["hints", "spec_converter"]

_SEQUENCES = (tuple, frozenset, set, list)


def _sortable(items: list[Any]) -> list[Any]:
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


def _origin(tp: Any) -> Any:
    return typing.get_origin(tp) or tp


def _make() -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_unstructure_hook(Fraction, format_fraction)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_unstructure_hook(_dt.date, lambda d: d.isoformat())
    conv.register_unstructure_hook(Condition, lambda c: {k: v for k, v in attrs.asdict(c).items() if v})
    conv.register_unstructure_hook(Rule, lambda r: r.to_spec())
    conv.register_unstructure_hook_func(
        lambda t: _origin(t) in (frozenset, set),
        lambda s: [conv.unstructure(x) for x in _sortable(list(s))],
    )
    conv.register_unstructure_hook_func(
        lambda t: _origin(t) in (tuple, list),
        lambda s: [conv.unstructure(x) for x in s],
    )
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda e: conv.unstructure(e.value)
    )

    def sequence(value: Any, tp: Any) -> Any:
        if not isinstance(value, (list, tuple, set, frozenset)):
            return value  # a single name or a wrong type: the rule's own converter decides
        origin = _origin(tp)
        args = typing.get_args(tp)
        item = args[0] if args else Any
        items = [conv.structure(x, item) if item is not Any else x for x in value]
        return frozenset(items) if origin is frozenset else set(items) if origin is set else origin(items)

    conv.register_structure_hook_func(lambda t: _origin(t) in _SEQUENCES, sequence)
    conv.register_structure_hook(Fraction, lambda v, _t: v if isinstance(v, Fraction) else as_fraction(v, "value"))
    conv.register_structure_hook(_dt.date, lambda v, _t: as_date(v))
    conv.register_structure_hook(Decimal, lambda v, _t: v if isinstance(v, Decimal) else Decimal(str(v)))
    conv.register_structure_hook(Condition, lambda v, _t: Condition(**v) if isinstance(v, Mapping) else v)
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, Rule), lambda v, _t: rule_from_spec(v)
    )
    # scalars and anything unknown pass as they are: the rule's converters and validators check them
    for scalar in (str, int, bool, float):
        conv.register_structure_hook(scalar, lambda v, _t: v)
    conv.register_structure_hook_func(lambda t: t is Any or isinstance(t, (str, typing.TypeVar)), lambda v, _t: v)
    return conv


#: The cattrs converter that writes and reads rule parameters by their type hints; register hooks on it
#: for parameter types of your own.
spec_converter: cattrs.Converter = _make()


_HINTS: dict[type, dict[str, Any]] = {}


def hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of ``cls``'s fields (``Any`` where one cannot be resolved)."""
    out = _HINTS.get(cls)
    if out is None:
        try:
            resolved = typing.get_type_hints(cls)
        except (NameError, TypeError):
            resolved = {}
        out = _HINTS[cls] = {f.name: resolved.get(f.name, Any) for f in attrs.fields(cls)}
    return out
