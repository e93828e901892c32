"""Converters for the fields of approval rules, the ones dealflow's own rules use.

Use them on the fields of a rule of your own, so that it reads its parameters
from data files as the built-in rules do and refuses bad ones with a
:class:`~dealflow.RuleError` naming the field::

    from dealflow import Rule, register_rule
    from dealflow.converters import names, share

    @register_rule("foreign_cap")
    @attrs.frozen
    class ForeignCap(Rule):
        countries: frozenset[str] = attrs.field(converter=names)
        limit: Fraction = attrs.field(default=Fraction(1, 10), converter=share)

A rule's spec is written and read through cattrs (:data:`dealflow.spec_converter`)
from the fields' type hints: sets come back as sets, fractions as fractions,
tuples as tuples and conditions as :class:`~dealflow.Condition` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from ._errors import RuleError
from ._values import as_fraction, format_fraction

__all__ = ["names", "share", "text"]


def names(value: object) -> frozenset[str]:
    """A set of non-empty names from a name or an iterable of names."""
    if isinstance(value, str):
        value = (value,)  # one name, checked like any other (an empty one is refused)
    if not isinstance(value, Iterable):
        raise RuleError(f"expected names, got {value!r}", fix="give a list of names")
    out = frozenset(value)
    if not all(isinstance(v, str) and v for v in out):
        raise RuleError(f"expected names, got {value!r}", fix="give a list of non-empty names")
    return out


def share(value: object) -> Fraction:
    """An exact share in (0, 1] from a fraction, a number, ``"19.9%"`` or ``"1/5"``."""
    frac = as_fraction(value, "threshold")
    if not 0 < frac <= 1:
        raise RuleError(f"threshold {format_fraction(frac)} is outside (0, 1]", field="threshold", fix="e.g. 0.2")
    return frac


def text(value: object) -> str:
    """Text, refusing anything else (a number is not silently turned into text)."""
    if not isinstance(value, str):
        raise RuleError(f"expected text, got {value!r}", fix="write a string")
    return value
