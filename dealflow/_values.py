"""Frozen values: parties, money, stakes, conditions, boards and terms."""

from __future__ import annotations

import datetime as _dt
import enum
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import attrs

from ._errors import InputError
from ._input import abbrev, check_decimal, check_fraction, number_text

__all__ = [
    "Asset",
    "Board",
    "Condition",
    "Holding",
    "Money",
    "Party",
    "Role",
    "Source",
    "Stake",
    "Structure",
    "Terms",
    "as_date",
    "as_fraction",
    "format_fraction",
]


class Role(str, enum.Enum):
    """What a party does in a deal."""

    SELLER = "seller"
    BIDDER = "bidder"
    REGULATOR = "regulator"
    PARTNER = "partner"
    INVESTOR = "investor"
    COURT = "court"  # hears suits: restraining orders, injunctions, rulings (its jurisdiction is the party's)
    OTHER = "other"  # legislatures, agencies' branches, media: actors that change no gate

    def __str__(self) -> str:
        return self.value


class Structure(str, enum.Enum):
    """The shape of a bid or agreement."""

    SALE = "sale"  # an outright sale
    PARTNERSHIP = "partnership"  # a restructuring with a partner taking a minority stake
    JOINT_VENTURE = "joint_venture"  # a new entity with a cap table

    def __str__(self) -> str:
        return self.value


class Asset:
    """Names of assets used by the TikTok case; any string names an asset."""

    US_OPERATIONS = "us_operations"
    US_USER_DATA = "us_user_data"
    ALGORITHM = "recommendation_algorithm"


def as_fraction(value: object, field: str = "stake") -> Fraction:
    """Read an exact fraction from ``Fraction``, ``int``, ``Decimal``, a string
    (``"1/5"``, ``"0.199"``, ``"19.9%"``) or a float written as a decimal literal.

    Floats are read through their shortest decimal form (``0.199`` is 199/1000),
    since that is what a person typed in a YAML file.
    """
    if isinstance(value, bool):
        raise InputError(f"{value!r} is not a number", field=field, fix="write a fraction like 0.2, '1/5' or '20%'")
    if isinstance(value, Fraction):
        return check_fraction(value, field)
    if isinstance(value, int):
        return check_fraction(Fraction(value), field)
    if isinstance(value, Decimal):
        return Fraction(check_decimal(value, field))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{value!r} is not finite", field=field, fix="write a finite number")
        return Fraction(check_decimal(Decimal(repr(value)), field))
    if isinstance(value, str):
        # ASCII digits only, within the limits, before any arithmetic: '1e-999999999' would hang
        text = value.strip()
        percent = text.endswith("%")
        text = number_text(text[:-1] if percent else text, field, ratio=not percent)
        if "/" in text:
            den = text.split("/")[1]
            if not int(den):
                raise InputError(f"{abbrev(value)} divides by zero", field=field, fix="write it like 0.2 or '1/5'")
            return check_fraction(Fraction(text), field)
        try:
            dec = Decimal(text)  # text is a plain decimal: Decimal reads it, unless its exponent is past Decimal's
        except InvalidOperation:
            raise InputError(
                f"{abbrev(value)} is not a number of ordinary size",
                field=field,
                fix="write it like 0.2, '1/5' or '20%'",
            ) from None
        frac = Fraction(check_decimal(dec, field))
        return frac / 100 if percent else frac
    raise InputError(
        f"expected a number, got {type(value).__name__}", field=field, fix="write it like 0.2, '1/5' or '20%'"
    )


def format_fraction(value: Fraction) -> str:
    """Write a fraction as a decimal string when it is one exactly, else ``n/d``."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    if not places:
        return str(value.numerator)
    scaled = value.numerator * (10**places // value.denominator)  # exact: no decimal context involved
    digits = str(abs(scaled)).rjust(places + 1, "0")
    return f"{'-' if scaled < 0 else ''}{digits[:-places]}.{digits[-places:]}"


def as_date(value: object, field: str = "date") -> _dt.date:
    """Read a date from a ``date`` or an ISO string ``YYYY-MM-DD``."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise InputError(f"{value!r} is not a date", field=field, fix="write an ISO date such as 2020-09-13")
    raise InputError(
        f"expected a date, got {type(value).__name__}", field=field, fix="write an ISO date such as 2020-09-13"
    )


def _enum(cls: type[enum.Enum], value: object, field: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in cls)
        raise InputError(f"{abbrev(value)} is not a {field}", field=field, fix=f"use one of: {allowed}") from None


def _role(value: object) -> Role:
    return _enum(Role, value, "role")  # type: ignore[no-any-return]


def _structure(value: object) -> Structure:
    return _enum(Structure, value, "structure")  # type: ignore[no-any-return]


def _name(field: str) -> Any:
    def check(_inst: object, _attr: object, value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"expected a non-empty name, got {abbrev(value)}", field=field, fix="give a name")

    return check


def _text(field: str) -> Any:
    def check(_inst: object, _attr: object, value: object) -> None:
        if not isinstance(value, str):
            raise InputError(f"expected text, got {abbrev(value)}", field=field, fix=f"give {field} as text")

    return check


def _optional_name(field: str) -> Any:
    name = _name(field)

    def check(inst: object, attr: object, value: object) -> None:
        if value is not None:
            name(inst, attr, value)

    return check


@attrs.frozen
class Source:
    """Where an event was read: a number in the case's source list and an address."""

    number: int | None = None
    url: str = attrs.field(default="", validator=_text("url"))
    title: str = attrs.field(default="", validator=_text("title"))


@attrs.frozen
class Party:
    """A named actor with a role and a jurisdiction (an ISO country code or a
    name such as ``"US"``, ``"CN"``)."""

    name: str = attrs.field(validator=_name("name"))
    role: Role = attrs.field(converter=_role)
    jurisdiction: str = attrs.field(default="", validator=_text("jurisdiction"))


def _amount(value: object) -> Decimal:
    return _decimal(value, "price")


def _decimal(value: object, field: str) -> Decimal:
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, bool):
        raise InputError(f"{value!r} is not an amount", field=field, fix="write an amount such as 14e9")
    elif isinstance(value, int):
        check_fraction(Fraction(value), field)
        dec = Decimal(value)
    elif isinstance(value, (float, str)):
        try:
            dec = Decimal(repr(value) if isinstance(value, float) else number_text(value, field))
        except InvalidOperation:
            raise InputError(f"{value!r} is not an amount", field=field, fix="write an amount such as 14e9") from None
    else:
        raise InputError(
            f"expected an amount, got {type(value).__name__}", field=field, fix="write an amount such as 14e9"
        )
    if not dec.is_finite():
        raise InputError(f"{abbrev(value)} is not finite", field=field, fix="write a finite amount")
    return check_decimal(dec, field)


@attrs.frozen
class Money:
    """An exact, non-negative amount in a currency."""

    amount: Decimal = attrs.field(converter=_amount)
    currency: str = attrs.field(default="USD", validator=_name("currency"))

    @amount.validator
    def _non_negative(self, _attr: object, value: Decimal) -> None:
        if value < 0:
            raise InputError(f"price {value} is negative", field="price", fix="give a price of 0 or more")

    def __str__(self) -> str:
        return f"{self.amount:,f} {self.currency}"


def _stake(value: object) -> Fraction:
    frac = as_fraction(value, "stake")
    if not 0 < frac <= 1:
        raise InputError(
            f"stake {format_fraction(frac)} is outside (0, 1]",
            field="stake",
            fix="give a stake above 0% and at most 100%",
        )
    return frac


@attrs.frozen
class Stake:
    """A holder's exact share of the deal's entity."""

    holder: str = attrs.field(validator=_name("holder"))
    share: Fraction = attrs.field(converter=_stake)


@attrs.frozen
class Holding:
    """An ownership link outside the cap table: ``owner`` holds ``share`` of ``owned``
    (a holding company chain, or a cross-holding)."""

    owner: str = attrs.field(validator=_name("owner"))
    owned: str = attrs.field(validator=_name("owned"))
    share: Fraction = attrs.field(converter=_stake)


@attrs.frozen(order=True)
class Condition:
    """A condition a bid offers or an approval demands.

    ``kind`` is a short name (``data_hosted_by``, ``majority_domestic_board``,
    ``ipo_within_months``, ``export_licence``, or your own); ``party`` and
    ``value`` qualify it.
    """

    kind: str = attrs.field(validator=_name("kind"))
    party: str = attrs.field(default="", validator=_text("party"))
    value: str = attrs.field(default="", validator=_text("value"))

    def __str__(self) -> str:
        parts = [self.kind]
        if self.party:
            parts.append(self.party)
        if self.value:
            parts.append(self.value)
        return ":".join(parts)


@attrs.frozen
class Board:
    """A board of ``seats`` directors, ``domestic`` of them from ``jurisdiction``."""

    seats: int
    domestic: int
    jurisdiction: str = "US"

    def __attrs_post_init__(self) -> None:
        counts = (self.seats, self.domestic)
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in counts):
            raise InputError("board seats must be whole numbers", field="board", fix="e.g. {seats: 5, domestic: 4}")
        if not 0 <= self.domestic <= self.seats or self.seats < 1:
            raise InputError(
                f"{abbrev(self.domestic)} domestic of {abbrev(self.seats)} seats is impossible",
                field="board",
                fix="give at least one seat and 0 <= domestic <= seats",
            )


def _instance(cls: type, field: str) -> Any:
    def check(_inst: object, _attr: object, value: object) -> None:
        if not isinstance(value, cls):
            raise InputError(
                f"expected a {cls.__name__}, got {abbrev(value)}", field=field, fix=f"give a {cls.__name__}"
            )

    return check


def _holder(key: object) -> str:
    """A cap table's key: a holder's name, never ``null`` or a number read as one."""
    if not isinstance(key, str):
        raise InputError(f"expected a holder's name, got {abbrev(key)}", field="cap_table", fix="name each holder")
    return key


def _stakes(value: object) -> tuple[Stake, ...]:
    if isinstance(value, Mapping):
        items: Iterable[object] = [Stake(_holder(k), v) for k, v in value.items()]
    elif isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        items = value
    else:
        raise InputError("expected a cap table", field="cap_table", fix="map each holder to a stake")
    out = []
    for item in items:
        if not isinstance(item, Stake):
            raise InputError(f"expected a Stake, got {item!r}", field="cap_table", fix="map each holder to a stake")
        out.append(item)
    return tuple(sorted(out, key=lambda s: s.holder))


def _assets(value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InputError(f"expected a list of names, got {value!r}", field="assets", fix="give a list")
    out = frozenset(value)
    for item in out:
        if not isinstance(item, str) or not item:
            raise InputError(f"expected names, got {item!r}", field="assets", fix="give a list of non-empty names")
    return out


def _conditions(value: object) -> frozenset[Condition]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InputError(f"expected a list of conditions, got {value!r}", field="conditions", fix="give a list")
    out = frozenset(value)
    for item in out:
        if not isinstance(item, Condition):
            raise InputError(f"expected a Condition, got {item!r}", field="conditions", fix="give conditions")
    return out


def _holdings(value: object) -> tuple[Holding, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InputError(f"expected a list of holdings, got {value!r}", field="holdings", fix="give a list")
    out = tuple(value)
    for item in out:
        if not isinstance(item, Holding):
            raise InputError(f"expected a Holding, got {item!r}", field="holdings", fix="give holdings")
    return tuple(sorted(out, key=lambda h: (h.owner, h.owned)))


@attrs.frozen
class Terms:
    """What a bid or an agreement says.

    ``entity`` is the business being sold or the new entity a restructuring
    creates; ``jurisdiction`` is where it (or its buyer) sits.  ``cap_table``
    gives its owners after the deal, exact and never over 100% in all;
    ``holdings`` add ownership chains through holding companies.
    """

    structure: Structure = attrs.field(converter=_structure)
    entity: str = attrs.field(validator=_name("entity"))
    cap_table: tuple[Stake, ...] = attrs.field(converter=_stakes)
    assets: frozenset[str] = attrs.field(factory=frozenset, converter=_assets)
    price: Money | None = attrs.field(default=None, validator=attrs.validators.optional(_instance(Money, "price")))
    jurisdiction: str = attrs.field(default="US", validator=_name("jurisdiction"))
    conditions: frozenset[Condition] = attrs.field(factory=frozenset, converter=_conditions)
    data_custodian: str | None = attrs.field(default=None, validator=_optional_name("data_custodian"))
    board: Board | None = attrs.field(default=None, validator=attrs.validators.optional(_instance(Board, "board")))
    holdings: tuple[Holding, ...] = attrs.field(default=(), converter=_holdings)

    def __attrs_post_init__(self) -> None:
        holders = [s.holder for s in self.cap_table]
        if len(set(holders)) != len(holders):
            dup = sorted({h for h in holders if holders.count(h) > 1})
            raise InputError(f"{', '.join(dup)} listed twice", field="cap_table", fix="give each holder one stake")
        total = sum((s.share for s in self.cap_table), Fraction(0))
        if total > 1:
            raise InputError(
                f"stakes add up to {format_fraction(total * 100)}%, over 100%",
                field="cap_table",
                fix="lower the stakes so that they add up to at most 100%",
            )
        if self.structure is Structure.SALE and not self.cap_table:
            raise InputError("a sale needs a buyer", field="cap_table", fix="give the buyer a stake of 100%")
        owned: dict[str, Fraction] = {}
        for h in self.holdings:
            owned[h.owned] = owned.get(h.owned, Fraction(0)) + h.share
            if owned[h.owned] > 1:
                raise InputError(
                    f"holdings in {h.owned} add up to over 100%",
                    field="holdings",
                    fix=f"lower the holdings in {h.owned} to at most 100% in all",
                )

    @property
    def buyers(self) -> tuple[str, ...]:
        """The holders of the cap table, largest stake first."""
        return tuple(s.holder for s in sorted(self.cap_table, key=lambda s: (-s.share, s.holder)))

    def stake_of(self, holder: str) -> Fraction:
        """The direct stake of ``holder`` in the entity (0 when it holds none)."""
        for s in self.cap_table:
            if s.holder == holder:
                return s.share
        return Fraction(0)

    @classmethod
    def sale(
        cls,
        buyer: str,
        *,
        entity: str,
        price: Money | None = None,
        assets: Iterable[str] = (),
        jurisdiction: str = "US",
        conditions: Iterable[Condition] = (),
        data_custodian: str | None = None,
        board: Board | None = None,
    ) -> Terms:
        """An outright sale of ``entity`` to ``buyer``."""
        return cls(
            Structure.SALE,
            entity,
            (Stake(buyer, 1),),
            assets=assets,  # the converters check them: a single name is refused, not read as letters
            price=price,
            jurisdiction=jurisdiction,
            conditions=conditions,
            data_custodian=data_custodian,
            board=board,
        )

    def with_(self, **changes: Any) -> Terms:
        """A copy with ``changes`` applied (validated again)."""
        return attrs.evolve(self, **changes)
