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
from ._values import Condition, Money, as_date, as_fraction, format_fraction

__all__ = [
    "TRIGGERS",
    "Consideration",
    "Contract",
    "ExtensionOption",
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


def _bool(field: str) -> Any:
    def check(_inst: object, _attr: object, value: object) -> None:
        if not isinstance(value, bool):
            raise InputError(f"expected true or false, got {value!r}", field=field, fix="write true or false")

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


def _optional_share(value: object) -> Fraction | None:
    if value is None:
        return None
    out = as_fraction(value, "cash_share")
    if not 0 <= out <= 1:
        raise InputError(f"cash share {value} is not from 0 to 1", field="cash_share", fix="e.g. 0.5 or '1/2'")
    return out


def _optional_money(value: object) -> Money | None:
    return None if value is None else _money(value)


def _money(value: object) -> Money:
    if isinstance(value, Money):
        return value
    if isinstance(value, (int, float, str, Decimal)) and not isinstance(value, bool):
        return Money(value)
    raise InputError(f"expected an amount, got {value!r}", field="amount", fix="write an amount such as 1.5e9")


def _optional_date(value: object) -> _dt.date | None:
    return None if value is None else as_date(value, "outside_date")


def _optional_go_shop(value: object) -> _dt.date | None:
    return None if value is None else as_date(value, "go_shop_ends")


def _option_to(value: object) -> _dt.date:
    return as_date(value, "option.to")


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

    With ``election``, each holder elects either the cash or the shares for each
    target share (not both), and ``cash_share`` (when given) is the proration: the
    share of all target shares that is paid in cash whatever the elections (e.g.
    ``0.5``: half the shares get cash, half get buyer shares).

    Attributes:
        cash_per_share: cash paid per target share.
        exchange_ratio: buyer shares given per target share (above 0).
        total: the total value of the deal.
        currency: the currency of the amounts (default ``USD``).
        election: true when each holder elects cash or shares per target share
            (a cash-or-stock election); needs both cash_per_share and exchange_ratio.
        cash_share: with an election, the share of the target's shares converted
            into cash after proration, from 0 to 1 (none: elections are not prorated).
    """

    cash_per_share: Decimal | None = attrs.field(default=None, converter=_decimal_or_none)
    exchange_ratio: Fraction | None = attrs.field(default=None, converter=_optional_fraction)
    total: Decimal | None = attrs.field(default=None, converter=_decimal_or_none)
    currency: str = attrs.field(default="USD", validator=_name("currency"))
    election: bool = attrs.field(default=False, validator=_bool("election"))
    cash_share: Fraction | None = attrs.field(default=None, converter=_optional_share)

    def __attrs_post_init__(self) -> None:
        if self.cash_per_share is None and self.exchange_ratio is None and self.total is None:
            raise InputError(
                "a consideration names no amount",
                field="consideration",
                fix="give cash_per_share, exchange_ratio or total",
            )
        if self.election and (self.cash_per_share is None or self.exchange_ratio is None):
            raise InputError(
                "an election is between cash and shares, and one of them is missing",
                field="election",
                fix="give both cash_per_share and exchange_ratio, or drop election",
            )
        if self.cash_share is not None and not self.election:
            raise InputError(
                "a proration (cash_share) prorates elections, and there is no election",
                field="cash_share",
                fix="set election: true, or drop cash_share",
            )

    @property
    def form(self) -> str:
        """``cash``, ``stock``, ``mix`` or ``election`` (``total`` alone counts as cash)."""
        if self.election:
            return "election"
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
        if self.election:
            parts[:2] = [" or ".join(parts[:2]) + ", at the holder's election"]
            if self.cash_share is not None:
                parts.insert(1, f"prorated to {format_fraction(self.cash_share * 100)}% of shares in cash")
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
        go_shop_amount: the lower amount owed instead when the agreement is terminated
            on or before the contract's ``go_shop_ends`` (a go-shop's reduced fee); none: no reduction.
    """

    payer: str = attrs.field(validator=_name("payer"))
    payee: str = attrs.field(validator=_name("payee"))
    amount: Money = attrs.field(converter=_money)
    triggers: tuple[str, ...] = attrs.field(converter=_names)
    kind: str = attrs.field(default="termination")
    go_shop_amount: Money | None = attrs.field(default=None, converter=_optional_money)

    def owed(self, ended_on: _dt.date, go_shop_ends: _dt.date | None) -> Money:
        """The amount owed on a termination on ``ended_on``: the go-shop amount
        when terminated on or before ``go_shop_ends``, else the full amount."""
        if self.go_shop_amount is not None and go_shop_ends is not None and ended_on <= go_shop_ends:
            return self.go_shop_amount
        return self.amount

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


def _notice(_inst: object, _attr: object, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"expected a whole number of 0 or more, got {value!r}", field="notice_days", fix="e.g. 5")


def _option_by(value: object) -> tuple[str, ...]:
    return () if value is None else _names(value)


@attrs.frozen
class ExtensionOption:
    """A right to extend the outside date once more, to ``to``, by notice of
    ``by`` (empty: either party to the agreement) given at least ``notice_days``
    business days (Monday to Friday) before the outside date then in force; when
    ``only_regulatory``, only while nothing but regulators' clearances still bars
    the close.  It is used by an ``outside_date_extended`` with ``exercise: true``.

    Attributes:
        to: the outside date the option extends to.
        by: the parties who may exercise it (empty: either party to the agreement).
        notice_days: how many business days before the current outside date notice must be given (0: any time before it).
        only_regulatory: true when it may be exercised only if regulators' clearances are all that remain open.
    """

    to: _dt.date = attrs.field(converter=_option_to)
    by: tuple[str, ...] = attrs.field(default=(), converter=_option_by)
    notice_days: int = attrs.field(default=0, validator=_notice)
    only_regulatory: bool = attrs.field(default=False, validator=_bool("only_regulatory"))

    def notice_by(self, outside_date: _dt.date) -> _dt.date:
        """The last day notice may be given: ``notice_days`` business days before ``outside_date``."""
        day, left = outside_date, self.notice_days
        while left:
            day -= _dt.timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day


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
        go_shop_ends: the last day of the go-shop: until then the target may solicit
            rival proposals, and a fee with a ``go_shop_amount`` is owed at that amount
            (none: no go-shop).
        extension_option: a right to extend the outside date by notice (see
            :class:`ExtensionOption`), if the agreement grants one.
    """

    consideration: Consideration | None = None
    outside_date: _dt.date | None = attrs.field(default=None, converter=_optional_date)
    fees: tuple[Fee, ...] = attrs.field(default=(), converter=_fees)
    ticking_fees: tuple[TickingFee, ...] = attrs.field(default=(), converter=_ticking)
    prepayments: tuple[Prepayment, ...] = attrs.field(default=(), converter=_prepayments)
    conditions: tuple[Precedent, ...] = attrs.field(default=(), converter=_precedents)
    go_shop_ends: _dt.date | None = attrs.field(default=None, converter=_optional_go_shop)
    extension_option: ExtensionOption | None = None

    def __attrs_post_init__(self) -> None:
        if self.go_shop_ends is None and any(f.go_shop_amount is not None for f in self.fees):
            raise InputError(
                "a fee has a go-shop amount and the contract has no go-shop",
                field="go_shop_ends",
                fix="give go_shop_ends (the go-shop's last day), or drop go_shop_amount",
            )

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
        if self.extension_option is not None:
            out |= set(self.extension_option.by)
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
        paid_as: that day as the record gives it (``after 2023-08-16``; see ``Event.dated``).
    """

    payer: str
    payee: str
    amount: Money
    reason: str
    fee: str = ""
    paid_on: _dt.date | None = None
    paid_as: str = ""

    def __str__(self) -> str:
        if self.paid_on is not None:
            return f"{self.payer} paid {self.payee} {self.amount} {self.paid_text()}: {self.reason}"
        return f"{self.payer} owes {self.payee} {self.amount}: {self.reason}"

    def paid_text(self) -> str:
        """When it was paid, as the record says: ``on 2023-12-21``, ``after 2023-08-16``."""
        if self.paid_on is None:
            return ""
        shown = self.paid_as or self.paid_on.isoformat()
        return shown if shown.startswith(("about ", "by ", "after ")) else f"on {shown}"


#: value classes the serde converter (de)serialises field by field
VALUE_TYPES: tuple[type[Any], ...] = (
    Consideration,
    Contract,
    ExtensionOption,
    Fee,
    Prepayment,
    Precedent,
    TickingFee,
)
