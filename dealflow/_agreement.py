"""Values of a definitive agreement: consideration, fees, prepayments, conditions
precedent, the contract itself, and the payments a deal's end leaves owing.

All amounts are exact (:class:`~decimal.Decimal` in :class:`~dealflow.Money`,
exchange ratios as :class:`~fractions.Fraction`)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ._errors import InputError
from ._values import Condition, Money, as_date, as_fraction

__all__ = [
    "TRIGGERS",
    "Consideration",
    "Contract",
    "Fee",
    "Payment",
    "Precedent",
    "Prepayment",
    "TickingFee",
]

#: Why an agreement is terminated; fees name the triggers they are owed on.
TRIGGERS = (
    "outside_date",  # the long-stop date passed without a close
    "regulatory_failure",  # a required clearance was refused or not obtained
    "vote_failed",  # a shareholder vote failed
    "superior_proposal",  # the target's board took a better offer
    "change_of_recommendation",  # the target's board withdrew its recommendation
    "breach",  # a party broke the agreement
    "mutual",  # the parties agreed to end it
)


def _name(field: str) -> Any:
    def check(_inst: object, _attr: object, value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"expected a non-empty name, got {value!r}", field=field, fix="give a name")

    return check


def _decimal_or_none(value: object) -> Decimal | None:
    if value is None:
        return None
    return value.amount if isinstance(value, Money) else Money(value).amount


def _optional_fraction(value: object) -> Fraction | None:
    if value is None:
        return None
    out = as_fraction(value, "exchange_ratio")
    if out <= 0:
        raise InputError(f"exchange ratio {value} is not positive", field="exchange_ratio", fix="e.g. 0.5 or '3/4'")
    return out


def _money(value: object) -> Money:
    if isinstance(value, Money):
        return value
    if isinstance(value, (int, float, str, Decimal)) and not isinstance(value, bool):
        return Money(value)
    raise InputError(f"expected an amount, got {value!r}", field="amount", fix="write an amount such as 1.5e9")


def _optional_date(value: object) -> _dt.date | None:
    return None if value is None else as_date(value, "outside_date")


def _start(value: object) -> _dt.date:
    return as_date(value, "start")


def _items(value: object, cls: type[Any], field: str) -> tuple[Any, ...]:
    if isinstance(value, cls):
        value = (value,)
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InputError(f"expected a list, got {value!r}", field=field, fix=f"give a list of {cls.__name__}")
    out = tuple(value)
    for item in out:
        if not isinstance(item, cls):
            raise InputError(f"expected {cls.__name__}, got {item!r}", field=field, fix=f"give {cls.__name__}s")
    return out


def _fees(value: object) -> tuple[Fee, ...]:
    return _items(value, Fee, "fees")


def _ticking(value: object) -> tuple[TickingFee, ...]:
    return _items(value, TickingFee, "ticking_fees")


def _prepayments(value: object) -> tuple[Prepayment, ...]:
    return _items(value, Prepayment, "prepayments")


def _precedents(value: object) -> tuple[Precedent, ...]:
    return _items(value, Precedent, "conditions")


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise InputError(f"expected a list of names, got {value!r}", field="names", fix="give a list of names")
    out = tuple(value)
    if not all(isinstance(v, str) and v.strip() for v in out):
        raise InputError(f"expected names, got {value!r}", field="names", fix="give a list of names")
    return out


@attrs.frozen
class Consideration:
    """What the buyer pays per target share or in all: ``cash_per_share`` (cash),
    ``exchange_ratio`` (buyer shares per target share), both for a mix, and the
    ``total`` value, all in ``currency``.  At least one is given.

    Attributes:
        cash_per_share: cash paid per target share.
        exchange_ratio: buyer shares given per target share (above 0).
        total: the total value of the deal.
        currency: the currency of the amounts (default ``USD``).
    """

    cash_per_share: Decimal | None = attrs.field(default=None, converter=_decimal_or_none)
    exchange_ratio: Fraction | None = attrs.field(default=None, converter=_optional_fraction)
    total: Decimal | None = attrs.field(default=None, converter=_decimal_or_none)
    currency: str = attrs.field(default="USD", validator=_name("currency"))

    def __attrs_post_init__(self) -> None:
        if self.cash_per_share is None and self.exchange_ratio is None and self.total is None:
            raise InputError(
                "a consideration names no amount",
                field="consideration",
                fix="give cash_per_share, exchange_ratio or total",
            )

    @property
    def form(self) -> str:
        """``cash``, ``stock`` or ``mix`` (``total`` alone counts as cash)."""
        if self.exchange_ratio is not None:
            return "mix" if self.cash_per_share is not None else "stock"
        return "cash"

    def __str__(self) -> str:
        parts = []
        if self.cash_per_share is not None:
            parts.append(f"{self.cash_per_share:f} {self.currency} a share in cash")
        if self.exchange_ratio is not None:
            parts.append(f"{self.exchange_ratio} buyer shares a share")
        if self.total is not None:
            parts.append(f"{self.total:,f} {self.currency} in all")
        return ", ".join(parts)


@attrs.frozen
class Fee:
    """A fee ``payer`` owes ``payee`` when the agreement is terminated for one of
    ``triggers`` (see :data:`TRIGGERS`).  A termination fee is the target's
    (``kind="termination"``), a reverse termination fee the buyer's
    (``kind="reverse_termination"``).

    Attributes:
        payer: the party that pays the fee.
        payee: the party paid.
        amount: the fee.
        triggers: the termination triggers the fee is owed on (at least one of ``TRIGGERS``).
        kind: ``termination`` (the target's) or ``reverse_termination`` (the buyer's).
    """

    payer: str = attrs.field(validator=_name("payer"))
    payee: str = attrs.field(validator=_name("payee"))
    amount: Money = attrs.field(converter=_money)
    triggers: tuple[str, ...] = attrs.field(converter=_names)
    kind: str = attrs.field(default="termination")

    @triggers.validator
    def _known(self, _attr: object, value: tuple[str, ...]) -> None:
        unknown = [t for t in value if t not in TRIGGERS]
        if unknown or not value:
            raise InputError(
                f"unknown or no triggers {unknown}", field="triggers", fix=f"use some of: {', '.join(TRIGGERS)}"
            )

    @kind.validator
    def _kind(self, _attr: object, value: str) -> None:
        if value not in ("termination", "reverse_termination"):
            raise InputError(f"{value!r} is not a fee kind", field="kind", fix="termination or reverse_termination")


@attrs.frozen
class TickingFee:
    """``per_day`` that ``payer`` owes ``payee`` for each day from ``start`` until
    the deal closes or ends (a ticking fee).

    Attributes:
        payer: the party that pays the fee.
        payee: the party paid.
        per_day: the amount owed for each day.
        start: the first day it accrues from.
    """

    payer: str = attrs.field(validator=_name("payer"))
    payee: str = attrs.field(validator=_name("payee"))
    per_day: Money = attrs.field(converter=_money)
    start: _dt.date = attrs.field(converter=_start)

    def accrued(self, until: _dt.date) -> Money:
        """What the fee amounts to on ``until``: ``per_day`` times the days since ``start`` (none before it)."""
        days = max(0, (until - self.start).days)
        return Money(self.per_day.amount * days, self.per_day.currency)


@attrs.frozen
class Prepayment:
    """``amount`` that ``payer`` paid ``payee`` on signing; kept by the payee if the
    agreement is terminated when ``kept_on_termination``, else refunded.

    Attributes:
        payer: the party that paid.
        payee: the party paid.
        amount: the sum prepaid.
        kept_on_termination: true when the payee keeps it if the deal ends without a close.
    """

    payer: str = attrs.field(validator=_name("payer"))
    payee: str = attrs.field(validator=_name("payee"))
    amount: Money = attrs.field(converter=_money)
    kept_on_termination: bool = True


@attrs.frozen
class Precedent:
    """A condition precedent to closing and the parties entitled to waive it
    (none: it must be met).

    Attributes:
        condition: the condition that must be met (or waived) before closing.
        waivable_by: the parties entitled to waive it (``condition_waived``); none: it must be met.
    """

    condition: Condition
    waivable_by: tuple[str, ...] = attrs.field(default=(), converter=_names)


@attrs.frozen
class Contract:
    """A definitive agreement, signed before clearance: its ``consideration``, its
    ``outside_date`` (long-stop date), ``fees`` owed on termination, ``ticking_fees``,
    ``prepayments`` and its ``conditions`` precedent besides the required
    clearances and party approvals.

    Attributes:
        consideration: what the buyer pays (optional).
        outside_date: the long-stop date, on or after the signing; after it either party
            to the agreement may terminate (trigger ``outside_date``).
        fees: the fees owed on termination, by trigger.
        ticking_fees: the fees that accrue daily until the deal closes or ends.
        prepayments: sums paid on signing, kept or refunded on termination.
        conditions: the conditions precedent to closing and who may waive each.
    """

    consideration: Consideration | None = None
    outside_date: _dt.date | None = attrs.field(default=None, converter=_optional_date)
    fees: tuple[Fee, ...] = attrs.field(default=(), converter=_fees)
    ticking_fees: tuple[TickingFee, ...] = attrs.field(default=(), converter=_ticking)
    prepayments: tuple[Prepayment, ...] = attrs.field(default=(), converter=_prepayments)
    conditions: tuple[Precedent, ...] = attrs.field(default=(), converter=_precedents)

    def parties(self) -> set[str]:
        """Every party the contract names (payers, payees, waivers)."""
        out: set[str] = set()
        for f in self.fees:
            out |= {f.payer, f.payee}
        for t in self.ticking_fees:
            out |= {t.payer, t.payee}
        for p in self.prepayments:
            out |= {p.payer, p.payee}
        for c in self.conditions:
            out |= set(c.waivable_by)
        return out


@attrs.frozen
class Payment:
    """What ``payer`` owes ``payee`` at the end of a deal, and why.

    Attributes:
        payer: who owes.
        payee: who is owed.
        amount: how much.
        reason: why (the price, a fee and its trigger, a refund).
        fee: the kind of the contract's fee it is (``termination``, ``reverse_termination``), else empty.
        paid_on: the day a ``fee_paid`` event recorded it paid (None while owed).
    """

    payer: str
    payee: str
    amount: Money
    reason: str
    fee: str = ""
    paid_on: _dt.date | None = None

    def __str__(self) -> str:
        if self.paid_on is not None:
            return f"{self.payer} paid {self.payee} {self.amount} on {self.paid_on}: {self.reason}"
        return f"{self.payer} owes {self.payee} {self.amount}: {self.reason}"


#: value classes the serde converter (de)serialises field by field
VALUE_TYPES: tuple[type[Any], ...] = (Consideration, Contract, Fee, Prepayment, Precedent, TickingFee)
