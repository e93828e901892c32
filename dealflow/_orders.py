"""Government orders beyond the mandates: prohibitions, interim orders and
divestiture orders, with their own machine (in force ⇄ enjoined → revoked or
complied with), their events' handlers, runtime object and status.

Semantics, each enforced by a check on events (:func:`~dealflow._concepts.precheck`)
or by a closing blocker:

- A **prohibition** names the ``acquirers`` whose transaction for the deal's target it
  prohibits, and covers every substantially equivalent transaction by the same
  parties: while it stands (in force, not enjoined by a court, not revoked), any
  event that would make one of them an acquirer again (a bid submitted or revised,
  a bid accepted, terms proposed or agreed, or any event naming them in
  ``bidders``, ``bidder``, ``offeror`` or ``acquirer``, or giving them a stake in
  the terms' cap table) is refused with the order named, and the deal cannot be
  signed or closed on terms that include them.  Withdrawing or rejecting their bid
  stays allowed.
- An **interim** order forbids the listed kinds of action (``forbids``, from
  :data:`dealflow._rights.ACTIONS`: ``closing``, ``shareholder_meeting``,
  ``integration``...; ``status_quo`` forbids them all) until it is revoked or a court
  enjoins it: a forbidden :class:`~dealflow._rights.CorporateAction` is refused, and
  ``closing`` (or ``status_quo``) bars signing and closing.
- A **divestiture** order requires ``assets`` (or the whole acquisition) to be sold,
  by ``deadline`` when given.  It is accepted after the deal closed, years later if
  need be (a call-in), and ``divestiture_completed`` complies with it.
- A **ban** prohibits transactions with the target's business (app-store
  distribution, hosting...): the pressure behind a forced sale.  It bars nothing in
  the deal itself; it is recorded so that courts can enjoin it and reports show it.
- ``order_revoked`` ends any order; a court's relief against an order suspends it
  (:mod:`dealflow._litigation`).  An order never takes a mandate's name (nor a
  mandate an order's): a suit against an order names either, and must name one.
- An order may take effect after it is issued (``effective``: Commerce's app-store
  ban of 2020-09-18 from 09-20); before then it bars nothing, and its issuer may
  postpone that day (``order_deferred``) until it has taken effect.

Order events are accepted by a closed deal (:func:`~dealflow._concepts.post_closing`).
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import attrs

from . import _events as ev
from ._concepts import Change, DealMethods, check, closing_blocker, on, post_closing, precheck
from ._errors import InputError, RefusedEvent, UnknownParty
from ._events import _kind, _name, _seq, _str
from ._input import article
from ._machines import MachineSpec, many, register_machine
from ._rights import ACTIONS, CorporateAction
from ._values import Role

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = [
    "CATEGORIES",
    "ORDER",
    "DivestitureCompleted",
    "OrderDeferred",
    "OrderIssued",
    "OrderMethods",
    "OrderRevoked",
    "OrderStatus",
]

ORDER = register_machine(
    MachineSpec(
        "order",
        ("in_force", "enjoined", "revoked", "complied"),
        "in_force",
        frozenset({"revoked", "complied"}),
        tuple(
            many("enjoin", "in_force enjoined", "enjoined")
            + many("lift", "enjoined", "in_force")
            + many("revoke", "in_force enjoined", "revoked")
            + many("comply", "in_force", "complied")
        ),
    )
)

CATEGORIES = ("prohibition", "interim", "divestiture", "ban")
_FORBIDDABLE = ACTIONS | {"status_quo"}


def _category(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value not in CATEGORIES:
        raise InputError(
            f"unknown kind of order {value!r}", field=attr.name, fix=f"use one of: {', '.join(CATEGORIES)}"
        )


def _list(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(
            f"expected a list of names, got {value!r}", field=attr.name, fix=f"write {attr.name} as a list"
        )
    if attr.name == "forbids":
        unknown = sorted(set(value) - _FORBIDDABLE)
        if unknown:
            raise InputError(
                f"unknown action {unknown[0]!r}", field="forbids", fix=f"use one of: {', '.join(sorted(_FORBIDDABLE))}"
            )


def _optional_day(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, _dt.date):
        raise InputError(f"{value!r} is not a date", field=attr.name, fix="write an ISO date such as 2020-09-13")


def _optional_name(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InputError(f"expected a name, got {value!r}", field=attr.name, fix=f"give {attr.name}, or omit it")


def _maybe_day(value: object) -> object:
    return None if value is None else ev._day(value)


# ---------------------------------------------------------------------- events


@_kind("order_issued")
@attrs.frozen(kw_only=True, repr=False)
class OrderIssued(ev.Event):
    """The issuer (``actor``: a president, an agency, a regulator) issues ``order``
    of a ``category``: a ``prohibition`` of the transaction by ``acquirers`` (and of
    any substantially equivalent one), an ``interim`` order that ``forbids`` kinds
    of action, a ``ban`` of transactions with the business, or a ``divestiture`` of ``assets`` (the whole acquisition when
    none are listed) by ``deadline``.  ``regulator`` names whose rules in force the
    replay's decision check holds it against (the issuer's own, or the regulator of
    its jurisdiction, by default).

    The order starts ``in_force``; refused for a name already used, and, once the
    deal is closed, for any category but ``divestiture``.

    Attributes:
        order: the order's name, unique in the deal (later order events and suits name it).
        category: ``prohibition``, ``interim``, ``divestiture`` or ``ban``.
        acquirers: the parties whose transaction a prohibition prohibits (required for a prohibition).
        forbids: the kinds of action an interim order forbids (required for, and only for,
            an interim order): actions such as ``closing`` or ``shareholder_meeting``, or ``status_quo`` for all.
        assets: the assets a divestiture order requires sold (none: the whole acquisition).
        deadline: the day by which the order must be complied with (not before the order's date).
        regulator: the regulator whose rules in force the order is checked against
            (declared a regulator party if it is not one yet); none for the issuer's default.
        description: what the order says, in its own words (the timeline shows it).
        effective: the day the order takes effect, when later than its issue (none: the day
            it is issued); until then it bars nothing.
    """

    order: str = attrs.field(validator=_name)
    category: str = attrs.field(validator=_category)
    acquirers: tuple[str, ...] = attrs.field(default=(), converter=_seq, validator=_list)
    forbids: tuple[str, ...] = attrs.field(default=(), converter=_seq, validator=_list)
    assets: tuple[str, ...] = attrs.field(default=(), converter=_seq, validator=_list)
    deadline: _dt.date | None = attrs.field(default=None, converter=_maybe_day, validator=_optional_day)
    regulator: str | None = attrs.field(default=None, validator=_optional_name)
    description: str = attrs.field(default="", validator=_str)
    effective: _dt.date | None = attrs.field(default=None, converter=_maybe_day, validator=_optional_day)

    def __attrs_post_init__(self) -> None:
        if self.effective is not None and self.effective < self.date:
            raise InputError(
                f"effective {self.effective} is before the order of {self.date}",
                field="effective",
                fix="give the day it takes effect, on or after its issue, or omit effective",
            )
        if self.category == "prohibition" and not self.acquirers:
            raise InputError(
                "a prohibition names the parties whose transaction it prohibits",
                field="acquirers",
                fix="list the acquirers it prohibits in acquirers",
            )
        if self.category == "interim" and not self.forbids:
            raise InputError(
                "an interim order forbids something", field="forbids", fix="list what it forbids, e.g. [closing]"
            )
        if self.category != "interim" and self.forbids:
            raise InputError(
                f"a {self.category} order forbids by its kind",
                field="forbids",
                fix="give forbids only to interim orders",
            )
        if self.deadline is not None and self.deadline < self.date:
            raise InputError(
                f"deadline {self.deadline} is before the order of {self.date}",
                field="deadline",
                fix="give a later deadline",
            )

    def describe(self) -> str:
        if self.category == "prohibition":
            what = f"prohibits the transaction by {', '.join(self.acquirers)} and any substantially equivalent one"
        elif self.category == "interim":
            what = "forbids " + ", ".join(f.replace("_", " ") for f in self.forbids) + " for now"
        elif self.category == "ban":
            what = "bans transactions with the business"
        else:
            what = "orders the divestiture of " + (", ".join(self.assets) or "the acquisition")
            if self.deadline is not None:
                what += f" by {self.deadline}"
        when = f" (effective {self.effective})" if self.effective is not None and self.effective > self.date else ""
        if self.description:  # the order's own words say it best
            return f"{self.category} order {self.order!r}{when}: {self.description}"
        return f"order {self.order!r} {what}{when}"


@_kind("order_deferred")
@attrs.frozen(kw_only=True, repr=False)
class OrderDeferred(ev.Event):
    """The issuer (``actor``) postpones the day ``order`` takes effect to ``to``
    (Commerce delaying its app-store ban from 2020-09-20 to 09-27).

    Refused unless the actor issued the order, the order has not taken effect yet
    (a standing order is lifted by ``order_revoked``, or suspended by a court),
    it is in force or enjoined, and ``to`` is later than the day it was to take effect.

    Attributes:
        order: the order deferred.
        to: the new day it takes effect.
    """

    order: str = attrs.field(validator=_name)
    to: _dt.date = attrs.field(converter=ev._day, validator=ev._date)

    def describe(self) -> str:
        return f"order {self.order!r} deferred: takes effect on {self.to}"


@_kind("order_revoked")
@attrs.frozen(kw_only=True, repr=False)
class OrderRevoked(ev.Event):
    """``order`` is revoked (or lifted, for an interim order).

    The order moves to ``revoked`` (from in force or enjoined) and stops barring anything.

    Attributes:
        order: the order revoked.
        reason: why it was revoked, in a line (optional).
    """

    order: str = attrs.field(validator=_name)
    reason: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return f"order {self.order!r} revoked" + (f": {self.reason}" if self.reason else "")


@_kind("divestiture_completed")
@attrs.frozen(kw_only=True, repr=False)
class DivestitureCompleted(ev.Event):
    """The divestiture ``order`` requires is done (``buyer`` names the buyer).

    The order moves from ``in_force`` to ``complied``; refused for an order that is
    not a divestiture order, or one not in force (enjoined, revoked, complied).

    Attributes:
        order: the divestiture order complied with.
        buyer: who bought the divested assets (optional).
    """

    order: str = attrs.field(validator=_name)
    buyer: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return f"divestiture under {self.order!r} completed" + (f", to {self.buyer}" if self.buyer else "")


post_closing(OrderIssued, OrderRevoked, DivestitureCompleted, OrderDeferred)


# ---------------------------------------------------------------------- runtime and status


@attrs.frozen
class OrderStatus:
    """Where a government order stands (in :meth:`Deal.order` and :attr:`Status.orders`).

    Attributes:
        order: the order's name.
        issuer: who issued it (the actor of ``order_issued``).
        category: prohibition, interim, divestiture or ban.
        state: in_force, enjoined (suspended by a court), revoked or complied.
        acquirers: the parties whose transaction a prohibition prohibits.
        forbids: the kinds of action an interim order forbids.
        assets: the assets a divestiture order requires sold (none: the whole acquisition).
        deadline: the day by which it must be complied with, if any.
        issued_on: the day it was issued.
        description: what the order says.
        effective: the day it takes (or took) effect, after any deferral.
    """

    order: str
    issuer: str
    category: str
    state: str
    acquirers: tuple[str, ...]
    forbids: tuple[str, ...]
    assets: tuple[str, ...]
    deadline: _dt.date | None
    issued_on: _dt.date
    description: str = ""
    effective: _dt.date | None = None

    @property
    def stands(self) -> bool:
        """In force and not suspended by a court."""
        return self.state == "in_force"


class _Order:
    __slots__ = ("e", "effective", "state")

    def __init__(self, e: OrderIssued) -> None:
        self.e = e
        self.state = "in_force"
        self.effective = e.effective or e.date

    def in_effect(self, day: _dt.date) -> bool:
        """It has taken effect by ``day``."""
        return self.effective <= day

    def status(self) -> OrderStatus:
        e = self.e
        return OrderStatus(
            e.order,
            e.actor,
            e.category,
            self.state,
            e.acquirers,
            e.forbids,
            e.assets,
            e.deadline,
            e.date,
            e.description,
            self.effective,
        )


def order_of(deal: Deal, name: str) -> _Order:
    o = deal._orders.get(name)
    if o is None:
        known = ", ".join(deal._orders) or "none issued yet"
        raise UnknownParty(f"no order {name!r}", field="order", fix=f"use one of: {known}")
    return o


def standing(deal: Deal, category: str, day: _dt.date) -> list[_Order]:
    """The orders of ``category`` that stand on ``day`` (in force, not enjoined, in effect)."""
    return [o for o in deal._orders.values() if o.state == "in_force" and o.e.category == category and o.in_effect(day)]


# ---------------------------------------------------------------------- handlers


def _issued(deal: Deal, e: OrderIssued, i: int) -> None:
    if e.order in deal._orders:
        raise RefusedEvent(f"order {e.order!r} exists already", field="order", fix="name the new order differently")
    if e.order in deal._mandates:  # a suit against an order names an order or a mandate: one name, one target
        raise RefusedEvent(
            f"{e.order!r} is the name of a mandate already; suits name orders and mandates alike",
            field="order",
            fix="name the new order differently",
        )
    for p in e.acquirers:
        deal._party(p, "acquirers")
    if e.regulator is not None:
        deal._party(e.regulator, "regulator", Role.REGULATOR)
    if e.category != "divestiture" and deal.state == "closed":
        raise RefusedEvent(
            f"the deal is closed: a {e.category} order comes too late",
            field="category",
            fix="issue a divestiture order (a call-in) against the closed deal",
        )
    if type(deal._orders) is not dict:
        deal._orders = {}
    deal._orders[e.order] = _Order(e)
    deal.history.append(Change(e.date, i, f"order {e.order}", None, "in_force"))


on(OrderIssued)(_issued)


def _revoked(deal: Deal, e: OrderRevoked, i: int) -> None:
    o = order_of(deal, e.order)
    check("order", "revoke", o.state, f"order {e.order!r}", "be revoked")
    deal._move("order", o, "revoke", f"order {e.order}", e.date, i)


on(OrderRevoked)(_revoked)


def _deferred(deal: Deal, e: OrderDeferred, i: int) -> None:
    o = order_of(deal, e.order)
    if e.actor != o.e.actor:
        raise RefusedEvent(
            f"order {e.order!r} was issued by {o.e.actor}: only its issuer defers it",
            field="actor",
            fix=f"record the deferral by {o.e.actor}",
        )
    if o.state not in ("in_force", "enjoined"):
        raise RefusedEvent(
            f"order {e.order!r} is {o.state}: cannot be deferred", field="order", fix="defer an order still in force"
        )
    if o.in_effect(e.date):
        raise RefusedEvent(
            f"order {e.order!r} took effect on {o.effective}: too late to defer",
            field="date",
            fix="revoke it (order_revoked), or record a court's relief against it",
        )
    if e.to <= o.effective:
        raise RefusedEvent(
            f"{e.to} is not after {o.effective}, the day order {e.order!r} takes effect",
            field="to",
            fix=f"defer it to a day after {o.effective}",
        )
    o.effective = e.to  # no state changes: the order stays as it is, taking effect later


on(OrderDeferred)(_deferred)


def _completed(deal: Deal, e: DivestitureCompleted, i: int) -> None:
    o = order_of(deal, e.order)
    if o.e.category != "divestiture":
        raise RefusedEvent(
            f"order {e.order!r} is {article(o.e.category)} order, not a divestiture",
            field="order",
            fix="name a divestiture order",
        )
    check("order", "comply", o.state, f"order {e.order!r}", "be complied with")
    deal._move("order", o, "comply", f"order {e.order}", e.date, i)


on(DivestitureCompleted)(_completed)


_ACQUIRER_FIELDS = ("bidders", "bidder", "offeror", "offerors", "acquirer")


def _acquirers(deal: Deal, e: ev.Event) -> tuple[set[str], str]:
    """Who ``e`` makes (or keeps) an acquirer, and the field that says so."""
    names: set[str] = set()
    field = ""
    for attr in _ACQUIRER_FIELDS:
        value = getattr(e, attr, None)
        if isinstance(value, str):
            names.add(value)
            field = field or attr
        elif isinstance(value, tuple):
            names.update(v for v in value if isinstance(v, str))
            field = field or attr
    terms = getattr(e, "terms", None)
    bid = getattr(e, "bid", None)
    if isinstance(bid, str) and bid in deal._bids and (terms is not None or type(e) is ev.BidAccepted):
        names.update(deal._bids[bid].bidders)
        field = field or "bid"
    if terms is not None:
        cap = {s.holder for s in terms.cap_table}
        if cap:
            names.update(cap)
            field = field or "terms"
    return names, field


def _held_by(deal: Deal) -> set[str]:
    """Who the deal's current terms, or its accepted bid, make an acquirer."""
    names = {s.holder for s in deal.terms.cap_table} if deal.terms is not None else set()
    for b in deal._bids.values():
        if b.state == "accepted":
            names.update(b.bidders)
    return names


def _prohibited(deal: Deal, e: ev.Event, i: int) -> None:
    if not deal._orders:
        return
    if type(e) is CorporateAction:
        for o in standing(deal, "interim", e.date):
            if e.action in o.e.forbids or "status_quo" in o.e.forbids:
                raise RefusedEvent(
                    f"interim order {o.e.order!r} of {o.e.actor} ({o.e.date}) forbids {e.action.replace('_', ' ')}",
                    field="action",
                    fix="wait until the order is revoked, or a court enjoins it",
                )
        return
    orders = standing(deal, "prohibition", e.date)
    if not orders:
        return
    names, field = _acquirers(deal, e)
    for o in orders:
        hit = sorted(names & set(o.e.acquirers))
        if hit:
            raise RefusedEvent(
                f"order {o.e.order!r} of {o.e.actor} ({o.e.date}) prohibits the transaction by "
                f"{', '.join(o.e.acquirers)} and any substantially equivalent one; this event makes "
                f"{', '.join(hit)} an acquirer again",
                field=field,
                fix=f"revoke order {o.e.order!r} (order_revoked) or have a court enjoin it first",
            )


precheck(_prohibited, needs="_orders")


def _orders_block(deal: Deal) -> list[str]:
    """A standing prohibition of a party to the terms, or an interim order that
    forbids closing (or keeps the status quo), bars signing and closing."""
    if not deal._orders:
        return []
    out = []
    held = _held_by(deal)
    for o in deal._orders.values():
        if o.state != "in_force" or not o.in_effect(deal.clock or o.effective):
            continue
        if o.e.category == "prohibition" and held & set(o.e.acquirers):
            out.append(f"order {o.e.order!r} prohibits the transaction by {', '.join(o.e.acquirers)}")
        if o.e.category == "interim" and ({"closing", "status_quo"} & set(o.e.forbids)):
            out.append(f"interim order {o.e.order!r} forbids closing")
    return out


closing_blocker(_orders_block)


# ---------------------------------------------------------------------- sugar


class OrderMethods(DealMethods):
    """Sugar for government orders: each method builds one event and applies it."""

    __slots__ = ()

    if TYPE_CHECKING:
        _orders: dict[str, _Order]

    def order(self, name: str) -> OrderStatus:
        """Where order ``name`` stands."""
        o = self._orders.get(name)
        if o is None:
            known = ", ".join(self._orders) or "none issued yet"
            raise UnknownParty(f"no order {name!r}", field="order", fix=f"use one of: {known}")
        return o.status()

    def issue_order(
        self,
        order: str,
        category: str,
        *,
        issuer: str,
        on: _dt.date | str,
        acquirers: tuple[str, ...] | str = (),
        forbids: tuple[str, ...] | str = (),
        assets: tuple[str, ...] | str = (),
        deadline: _dt.date | str | None = None,
        regulator: str | None = None,
        description: str = "",
        effective: _dt.date | str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Issue a ``prohibition``, ``interim``, ``ban`` or ``divestiture`` order (taking effect on ``effective``)."""
        return self.apply(
            OrderIssued(
                date=on,
                actor=issuer,
                order=order,
                category=category,
                acquirers=acquirers,
                forbids=forbids,
                assets=assets,
                deadline=deadline,
                regulator=regulator,
                description=description,
                effective=effective,
                **meta,
            )
        )

    def defer_order(
        self, order: str, *, to: _dt.date | str, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Record ``order_deferred``: the order's issuer (or ``actor``) postpones the day ``order`` takes effect."""
        return self.apply(OrderDeferred(date=on, actor=self._order_issuer(order, actor), order=order, to=to, **meta))

    def _order_issuer(self, order: str, actor: str | None) -> str:
        if actor is not None:
            return actor
        return self.order(order).issuer  # an unknown order is refused by its name, not as an unknown actor

    def revoke_order(
        self, order: str, *, on: _dt.date | str, reason: str = "", actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Record ``order_revoked``: the order's issuer (or ``actor``) revokes ``order``."""
        return self.apply(
            OrderRevoked(date=on, actor=self._order_issuer(order, actor), order=order, reason=reason, **meta)
        )

    def complete_divestiture(
        self, order: str, *, on: _dt.date | str, buyer: str = "", actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Record ``divestiture_completed``: the divestiture ``order`` requires is done (the seller acts by default)."""
        return self.apply(
            DivestitureCompleted(date=on, actor=self._actor(actor, self.seller), order=order, buyer=buyer, **meta)
        )
