"""Litigation: suits against a deal, a bid or a government order, heard by courts.

A suit is filed by a regulator, a party or a third party (``suit_filed``) in a
court, a party with the role ``court`` and a jurisdiction.  Its machine::

    pending → restrained (TRO) → enjoined (preliminary injunction)
            → upheld / rejected (a ruling) → appealed → upheld / rejected ...
    any open state → dismissed or withdrawn (final)

Relief in force is explicit: a temporary restraining order, a preliminary
injunction, or a ruling for the plaintiff (a permanent injunction, or an order
set aside).  While relief is in force

- against the **deal**: the deal cannot be signed or closed (a closing blocker);
- against a **bid**: the bid cannot be accepted, nor the deal closed on it;
- against an **order** (a government order of :mod:`dealflow._orders`, or a
  mandate): the order is suspended (its machine moves to ``enjoined``) and moves
  back to ``in_force`` once no suit holds relief against it.  An order and a
  mandate never share a name (each refuses the other's), so a target names one.

A TRO or injunction is refused once the deal is final, a ruling in a suit never
filed is refused, and only the court hearing a suit acts in it.  The older
``enjoined`` / ``injunction_lifted`` events on mandates still load, as sugar for
this concept: ``enjoined`` is a preliminary injunction in a suit named
``"<court> v. <mandate>"`` whose plaintiff is not recorded, ``injunction_lifted``
dismisses it; new case files should record the suit itself.

Litigation events are accepted after the deal closed (suits against a divestiture
order issued years later), except relief against the closed deal itself.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from . import _events as ev
from ._concepts import Change, DealMethods, check, closing_blocker, on, post_closing, precheck
from ._errors import InputError, RefusedEvent, UnknownParty
from ._events import _kind, _name, _str
from ._input import article
from ._machines import MachineSpec, many, register_machine
from ._mandates import MANDATE, mandate_of
from ._values import Role

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = [
    "AGAINST",
    "SUIT",
    "LitigationMethods",
    "PreliminaryInjunctionDenied",
    "PreliminaryInjunctionGranted",
    "RestrainingOrderDenied",
    "RestrainingOrderGranted",
    "RulingIssued",
    "SuitAppealed",
    "SuitDismissed",
    "SuitFiled",
    "SuitStatus",
    "SuitWithdrawn",
]

_OPEN = "pending restrained enjoined appealed"

SUIT = register_machine(
    MachineSpec(
        "suit",
        ("pending", "restrained", "enjoined", "upheld", "rejected", "appealed", "dismissed", "withdrawn"),
        "pending",
        frozenset({"dismissed", "withdrawn"}),
        tuple(
            many("restrain", "pending", "restrained")
            + many("deny_restraint", "pending")
            + many("deny_restraint", "restrained", "pending")
            + many("enjoin", "pending restrained enjoined", "enjoined")
            + many("deny_injunction", "pending restrained", "pending")
            + many("rule_for", _OPEN, "upheld")
            + many("rule_against", _OPEN, "rejected")
            + many("appeal", "upheld rejected", "appealed")
            + many("dismiss", _OPEN, "dismissed")
            + many("withdraw", _OPEN + " upheld rejected", "withdrawn")
        ),
    )
)

AGAINST = ("deal", "bid", "order")

TRO = "temporary restraining order"
PI = "preliminary injunction"


def _against(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value not in AGAINST:
        raise InputError(
            f"a suit is against one of {', '.join(AGAINST)}, not {value!r}",
            field=attr.name,
            fix="write against: deal, bid or order (and name the bid or order in target)",
        )


def _bool(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InputError(f"expected true or false, got {value!r}", field=attr.name, fix="write true or false")


# ---------------------------------------------------------------------- events


@_kind("suit_filed")
@attrs.frozen(kw_only=True, repr=False)
class SuitFiled(ev.Event):
    """The plaintiff (``actor``: a regulator, a party or a third party) files
    ``suit`` in ``court`` (a party with the role court) against the deal, a bid or
    an order (``against``); ``target`` names the bid or order (empty for the
    deal); ``claim`` says what is asked.

    The suit starts ``pending``; refused for a name already used, a court that is
    not a court party, or a bid or order that does not exist.

    Attributes:
        suit: the suit's name, unique in the deal (later suit events name it).
        court: the court hearing it, a party with the role ``court``.
        against: what is sued: ``deal``, ``bid`` or ``order`` (an order or a mandate).
        target: the bid or order sued (empty for the deal; required otherwise).
        claim: what the plaintiff asks, in a line.
    """

    suit: str = attrs.field(validator=_name)
    court: str = attrs.field(validator=_name)
    against: str = attrs.field(default="deal", validator=_against)
    target: str = attrs.field(default="", validator=_str)
    claim: str = attrs.field(default="", validator=_str)

    def __attrs_post_init__(self) -> None:
        if self.against != "deal" and not self.target.strip():
            raise InputError(
                f"a suit against a {self.against} names it", field="target", fix=f"name the {self.against} in target"
            )

    def describe(self) -> str:
        what = "the deal" if self.against == "deal" else f"{self.against} {self.target!r}"
        return f"{self.actor} sues {what} in {self.court} ({self.suit!r})" + (f": {self.claim}" if self.claim else "")


@attrs.frozen(kw_only=True, repr=False)
class SuitEvent(ev.Event):
    """Base of the events in a suit: ``suit`` names it; ``actor`` is the court
    hearing it (the plaintiff for a withdrawal).

    Only the court now hearing the suit acts in it; relief against the deal is
    refused once the deal is closed or terminated.

    Attributes:
        suit: the suit concerned, by the name it was filed under.
    """

    says: ClassVar[str] = "suit {suit!r}"
    suit: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return self.says.format(suit=self.suit, actor=self.actor)


@_kind("restraining_order_granted")
class RestrainingOrderGranted(SuitEvent):
    """The court grants a temporary restraining order (TRO) in ``suit``.

    The suit moves from ``pending`` to ``restrained``; the TRO is relief in force
    (an order sued is enjoined)."""

    says = "{actor} grants a temporary restraining order in {suit!r}"


@_kind("restraining_order_denied")
class RestrainingOrderDenied(SuitEvent):
    """The court denies (or dissolves) a temporary restraining order in ``suit``.

    The suit is (back) ``pending`` with no relief in force."""

    says = "{actor} denies a temporary restraining order in {suit!r}"


@_kind("preliminary_injunction_granted")
class PreliminaryInjunctionGranted(SuitEvent):
    """The court grants a preliminary injunction in ``suit`` (it replaces a TRO).

    The suit moves to ``enjoined`` (from pending, restrained or enjoined); the
    injunction is relief in force."""

    says = "{actor} grants a preliminary injunction in {suit!r}"


@_kind("preliminary_injunction_denied")
class PreliminaryInjunctionDenied(SuitEvent):
    """The court denies a preliminary injunction in ``suit``; a TRO in force ends.

    The suit is (back) ``pending`` with no relief in force."""

    says = "{actor} denies a preliminary injunction in {suit!r}"


@_kind("suit_dismissed")
@attrs.frozen(kw_only=True, repr=False)
class SuitDismissed(SuitEvent):
    """The court dismisses ``suit``; any relief in it ends.

    The suit moves to ``dismissed`` (final) from any open state.

    Attributes:
        reason: why the court dismissed it, in a line (optional).
    """

    reason: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return f"{self.actor} dismisses {self.suit!r}" + (f": {self.reason}" if self.reason else "")


@_kind("suit_withdrawn")
class SuitWithdrawn(SuitEvent):
    """The plaintiff (``actor``) withdraws ``suit``; any relief in it ends.

    The suit moves to ``withdrawn`` (final); refused from anyone but the plaintiff."""

    says = "{actor} withdraws {suit!r}"


@_kind("ruling_issued")
@attrs.frozen(kw_only=True, repr=False)
class RulingIssued(SuitEvent):
    """The court hearing ``suit`` rules on its merits: ``for_plaintiff`` true
    enjoins the deal or bid for good, or sets the order aside; false ends any
    relief.  ``text`` summarises the ruling.

    The suit moves to ``upheld`` or ``rejected`` from any open state.

    Attributes:
        for_plaintiff: true for a ruling for the plaintiff (a permanent injunction, or
            the order set aside), false for one against it (relief ends).
        text: what the court ruled, in a line (optional).
    """

    for_plaintiff: bool = attrs.field(validator=_bool)
    text: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        side = "for the plaintiff" if self.for_plaintiff else "against the plaintiff"
        return f"{self.actor} rules {side} in {self.suit!r}" + (f": {self.text}" if self.text else "")


@_kind("suit_appealed")
@attrs.frozen(kw_only=True, repr=False)
class SuitAppealed(SuitEvent):
    """``actor`` appeals the ruling in ``suit`` to ``court`` (a court party); relief
    in force stays until the appeal is ruled on.

    The suit moves from ``upheld`` or ``rejected`` to ``appealed`` and is heard by
    ``court`` from then on; refused when ``court`` already hears it.

    Attributes:
        court: the court of appeal, a party with the role ``court``.
    """

    court: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"{self.actor} appeals {self.suit!r} to {self.court}"


post_closing(
    SuitFiled,
    RestrainingOrderGranted,
    RestrainingOrderDenied,
    PreliminaryInjunctionGranted,
    PreliminaryInjunctionDenied,
    SuitDismissed,
    SuitWithdrawn,
    RulingIssued,
    SuitAppealed,
)


# ---------------------------------------------------------------------- runtime and status


@attrs.frozen
class SuitStatus:
    """Where a suit stands: its ``state``, the ``relief`` in force (``None``, a
    temporary restraining order, a preliminary injunction, a permanent injunction
    or an order set aside) and the court now hearing it.

    Attributes:
        suit: the suit's name.
        plaintiff: the party that filed it.
        court: the court now hearing it (the court of appeal after an appeal).
        against: what is sued: ``deal``, ``bid`` or ``order``.
        target: the bid or order sued (empty for the deal).
        state: pending, restrained, enjoined, upheld, rejected, appealed, dismissed or withdrawn.
        relief: the relief in force, or None.
        filed_on: the day it was filed.
        claim: what the plaintiff asks.
    """

    suit: str
    plaintiff: str
    court: str
    against: str
    target: str
    state: str
    relief: str | None
    filed_on: _dt.date
    claim: str = ""

    @property
    def in_force(self) -> bool:
        """Whether relief of the suit is in force now."""
        return self.relief is not None


class _Suit:
    __slots__ = ("against", "claim", "court", "filed_on", "plaintiff", "relief", "state", "suit", "target")

    def __init__(self, e: SuitFiled) -> None:
        self.suit = e.suit
        self.plaintiff = e.actor
        self.court = e.court
        self.against = e.against
        self.target = e.target
        self.state = "pending"
        self.relief: str | None = None
        self.filed_on = e.date
        self.claim = e.claim

    def status(self) -> SuitStatus:
        return SuitStatus(
            self.suit,
            self.plaintiff,
            self.court,
            self.against,
            self.target,
            self.state,
            self.relief,
            self.filed_on,
            self.claim,
        )


def suit_of(deal: Deal, name: str) -> _Suit:
    s = deal._suits.get(name)
    if s is None:
        known = ", ".join(deal._suits) or "none filed yet"
        raise UnknownParty(
            f"no suit {name!r} was filed", field="suit", fix=f"record suit_filed first, or use one of: {known}"
        )
    return s


def _court(deal: Deal, name: str, field: str) -> None:
    party = deal._parties.get(name)
    if party is None:
        known = ", ".join(p.name for p in deal._parties.values() if p.role is Role.COURT) or "none declared"
        raise UnknownParty(f"unknown court {name!r}", field=field, fix=f"declare it with role court; courts: {known}")
    if party.role is not Role.COURT:
        msg = f"{name} is {article(party.role)}, not a court"
        raise InputError(msg, field=field, fix="declare the court with role court")


def relief_against(deal: Deal, against: str, target: str) -> list[_Suit]:
    """The suits whose relief is in force against the deal, a bid or an order."""
    return [s for s in deal._suits.values() if s.relief is not None and s.against == against and s.target == target]


# the machine an order-like target runs and where it finds it (an order and a mandate never
# share a name: order_issued and mandate_issued refuse a name the other has taken)
def _order_target(deal: Deal, name: str) -> tuple[str, Any] | None:
    order = deal._orders.get(name)
    if order is not None:
        return "order", order
    mandate = deal._mandates.get(name)
    if mandate is not None:
        return "mandate", mandate
    return None


def _plan(deal: Deal, suit: _Suit, relief: str | None) -> Callable[[_dt.date, int], None]:
    """Check what giving ``suit`` the relief ``relief`` does to its target, and return
    the step that applies it (nothing is changed here)."""
    if suit.against != "order":
        return lambda date, i: None
    found = _order_target(deal, suit.target)
    if found is None:  # the order was filed against, so it exists; kept for safety
        return lambda date, i: None
    kind, target = found
    others = any(s is not suit and s.relief is not None for s in relief_against(deal, "order", suit.target))
    held = relief is not None or others
    label = f"{kind} {suit.target}"
    if held and target.state != "enjoined":
        check(kind, "enjoin", target.state, f"{kind} {suit.target!r}", "be enjoined")
        trigger = "enjoin"
    elif not held and target.state == "enjoined":
        trigger = "lift"
    else:
        return lambda date, i: None

    def step(date: _dt.date, i: int) -> None:
        deal._move(kind, target, trigger, label, date, i)

    return step


def _step(trigger: str, relief: str | None, what: str) -> Callable[[Deal, Any, int], None]:
    """The handler of a court's step in a suit: the court hearing it moves it by
    ``trigger``; ``relief`` is the relief in force afterwards."""

    def handler(deal: Deal, e: SuitEvent, i: int) -> None:
        s = suit_of(deal, e.suit)
        if e.actor != s.court:
            raise RefusedEvent(
                f"{e.actor} is not the court hearing suit {s.suit!r} ({s.court})",
                field="actor",
                fix=f"record it as {s.court}'s, or appeal the suit to {e.actor} first",
            )
        check("suit", trigger, s.state, f"suit {s.suit!r}", what)
        new = relief
        if trigger == "rule_for":
            new = "order set aside" if s.against == "order" else "permanent injunction"
        # a terminated deal never gets here: Deal.apply refuses suit events once it is terminated
        if new is not None and s.against == "deal" and deal.state == "closed":
            raise RefusedEvent(
                f"the deal is {deal.state}: there is no deal left to restrain or enjoin",
                field="suit",
                fix="sue for a divestiture order instead, or record the ruling as a statement",
            )
        apply_effect = _plan(deal, s, new)
        deal._move("suit", s, trigger, f"suit {s.suit}", e.date, i)
        s.relief = new
        apply_effect(e.date, i)

    return handler


on(RestrainingOrderGranted)(_step("restrain", TRO, "have a temporary restraining order granted"))
on(RestrainingOrderDenied)(_step("deny_restraint", None, "have a temporary restraining order denied"))
on(PreliminaryInjunctionGranted)(_step("enjoin", PI, "have a preliminary injunction granted"))
on(PreliminaryInjunctionDenied)(_step("deny_injunction", None, "have a preliminary injunction denied"))
on(SuitDismissed)(_step("dismiss", None, "be dismissed"))


def _ruling(deal: Deal, e: RulingIssued, i: int) -> None:
    _step("rule_for" if e.for_plaintiff else "rule_against", None, "be ruled on")(deal, e, i)


on(RulingIssued)(_ruling)


def _withdrawn(deal: Deal, e: SuitWithdrawn, i: int) -> None:
    s = suit_of(deal, e.suit)
    if e.actor != s.plaintiff:
        raise RefusedEvent(
            f"only the plaintiff ({s.plaintiff}) withdraws suit {s.suit!r}",
            field="actor",
            fix=f"record it as {s.plaintiff}'s",
        )
    check("suit", "withdraw", s.state, f"suit {s.suit!r}", "be withdrawn")
    apply_effect = _plan(deal, s, None)
    deal._move("suit", s, "withdraw", f"suit {s.suit}", e.date, i)
    s.relief = None
    apply_effect(e.date, i)


on(SuitWithdrawn)(_withdrawn)


def _appealed(deal: Deal, e: SuitAppealed, i: int) -> None:
    s = suit_of(deal, e.suit)
    _court(deal, e.court, "court")
    if e.court == s.court:
        raise RefusedEvent(
            f"suit {s.suit!r} is heard by {s.court} already", field="court", fix="name the court of appeal"
        )
    check("suit", "appeal", s.state, f"suit {s.suit!r}", "be appealed")
    deal._move("suit", s, "appeal", f"suit {s.suit}", e.date, i)
    s.court = e.court


on(SuitAppealed)(_appealed)


def _filed(deal: Deal, e: SuitFiled, i: int) -> None:
    if e.suit in deal._suits:
        raise RefusedEvent(f"suit {e.suit!r} was filed already", field="suit", fix="name the new suit differently")
    _court(deal, e.court, "court")
    if e.against == "bid" and e.target not in deal._bids:
        known = ", ".join(deal._bids) or "none yet"
        raise UnknownParty(f"no bid {e.target!r}", field="target", fix=f"use one of: {known}")
    if e.against == "order" and _order_target(deal, e.target) is None:
        known = ", ".join([*deal._orders, *deal._mandates]) or "none yet"
        raise UnknownParty(f"no order or mandate {e.target!r}", field="target", fix=f"use one of: {known}")
    if type(deal._suits) is not dict:
        deal._suits = {}
    deal._suits[e.suit] = _Suit(e)
    deal.history.append(Change(e.date, i, f"suit {e.suit}", None, "pending"))


on(SuitFiled)(_filed)


# ---------------------------------------------------------------------- the older mandate injunctions


_NOT_RECORDED = "(not recorded)"


def _not_by_government(deal: Deal, e: ev.MandateEvent, issuer: str) -> None:
    """Courts enjoin a mandate and lift injunctions: not its issuer, nor a regulator."""
    if e.actor == issuer or deal._parties[e.actor].role is Role.REGULATOR:
        raise RefusedEvent(
            f"{e.actor} cannot enjoin mandate {e.mandate!r} or lift an injunction against it: a court does",
            field="actor",
            fix="record it by the court (a party with role court or other)",
        )


def _legacy_enjoined(deal: Deal, e: ev.Enjoined, i: int) -> None:
    """``enjoined`` (a court enjoins a mandate, no suit recorded): a preliminary
    injunction in a suit named ``"<court> v. <mandate>"`` (a new one when the last
    such suit has ended), whose plaintiff is not recorded."""
    m = mandate_of(deal._mandates, e.mandate)
    _not_by_government(deal, e, m.issuer)
    base = f"{e.actor} v. {e.mandate}"
    names = [base] + [f"{base} ({k})" for k in range(2, len(deal._suits) + 2)]
    name = next(
        n for n in names if n not in deal._suits or deal._suits[n].state in ("pending", "restrained", "enjoined")
    )
    check("mandate", "enjoin", m.state, f"mandate {m.mandate!r}", "be enjoined")  # before anything changes
    if type(deal._suits) is not dict:
        deal._suits = {}
    s = deal._suits.get(name)
    if s is None:
        s = deal._suits[name] = _Suit(
            SuitFiled(date=e.date, actor=_NOT_RECORDED, suit=name, court=e.actor, against="order", target=e.mandate)
        )
        deal.history.append(Change(e.date, i, f"suit {name}", None, "pending"))
    apply_effect = _plan(deal, s, PI)
    deal._move("suit", s, "enjoin", f"suit {name}", e.date, i)
    s.relief = PI
    apply_effect(e.date, i)


on(ev.Enjoined)(_legacy_enjoined)


def _legacy_lifted(deal: Deal, e: ev.InjunctionLifted, i: int) -> None:
    """``injunction_lifted``: the injunctions against the mandate (``actor``'s, or any
    when it issued none) end, their suits dismissed; the mandate is back in force
    once no relief against it remains."""
    m = mandate_of(deal._mandates, e.mandate)
    _not_by_government(deal, e, m.issuer)
    held = relief_against(deal, "order", e.mandate)
    # nothing to lift: said so, unless the mandate is final (the check below says that)
    if not held and m.state not in MANDATE.finals:
        raise RefusedEvent(
            f"no injunction against mandate {m.mandate!r} is recorded",
            field="mandate",
            fix="record the injunction first (enjoined, or relief granted in a suit against the mandate)",
        )
    check("mandate", "lift", m.state, f"mandate {m.mandate!r}", "have an injunction lifted")
    mine = [s for s in held if s.court == e.actor] or held
    for s in mine:
        check("suit", "dismiss", s.state, f"suit {s.suit!r}", "be dismissed")
    for s in mine:
        apply_effect = _plan(deal, s, None)
        deal._move("suit", s, "dismiss", f"suit {s.suit}", e.date, i)
        s.relief = None
        apply_effect(e.date, i)


on(ev.InjunctionLifted)(_legacy_lifted)


def _suits_block(deal: Deal) -> list[str]:
    """Relief in force against the deal, or against the bid it would close on, bars closing."""
    if not deal._suits:
        return []
    out = [
        f"a {s.relief} of {s.court} in suit {s.suit!r} is in force against the deal"
        for s in deal._suits.values()
        if s.relief is not None and s.against == "deal"
    ]
    for s in deal._suits.values():
        if s.relief is not None and s.against == "bid":
            bid = deal._bids.get(s.target)
            if bid is not None and bid.state == "accepted":
                out.append(f"a {s.relief} of {s.court} in suit {s.suit!r} is in force against bid {s.target!r}")
    return out


closing_blocker(_suits_block)


def _no_accepting_an_enjoined_bid(deal: Deal, e: ev.Event, i: int) -> None:
    if not deal._suits or type(e) is not ev.BidAccepted:
        return
    for s in relief_against(deal, "bid", e.bid):
        raise RefusedEvent(
            f"a {s.relief} of {s.court} in suit {s.suit!r} is in force against bid {e.bid!r}",
            field="bid",
            fix="wait for the relief to end (a denial, a ruling, a dismissal or a withdrawal)",
        )


precheck(_no_accepting_an_enjoined_bid, needs="_suits")


# ---------------------------------------------------------------------- sugar


class LitigationMethods(DealMethods):
    """Sugar for litigation: each method builds one event and applies it."""

    __slots__ = ()

    if TYPE_CHECKING:
        _suits: dict[str, _Suit]

    def suit(self, name: str) -> SuitStatus:
        """Where suit ``name`` stands."""
        if name not in self._suits:
            known = ", ".join(self._suits) or "none filed yet"
            raise UnknownParty(f"no suit {name!r}", field="suit", fix=f"use one of: {known}")
        return self._suits[name].status()

    def file_suit(
        self,
        suit: str,
        *,
        plaintiff: str,
        court: str,
        on: _dt.date | str,
        against: str = "deal",
        target: str = "",
        claim: str = "",
        **meta: Any,
    ) -> list[Change]:
        """``plaintiff`` sues the deal (or the bid or order ``target``) in ``court``."""
        return self.apply(
            SuitFiled(
                date=on, actor=plaintiff, suit=suit, court=court, against=against, target=target, claim=claim, **meta
            )
        )

    def _hearing(self, suit: str, court: str | None) -> str:
        if court is not None:
            return court
        s = self._suits.get(suit)
        return s.court if s is not None else "(no court)"

    def grant_tro(self, suit: str, *, on: _dt.date | str, court: str | None = None, **meta: Any) -> list[Change]:
        """Record ``restraining_order_granted``: the court hearing ``suit`` grants a TRO."""
        return self.apply(RestrainingOrderGranted(date=on, actor=self._hearing(suit, court), suit=suit, **meta))

    def deny_tro(self, suit: str, *, on: _dt.date | str, court: str | None = None, **meta: Any) -> list[Change]:
        """Record ``restraining_order_denied``: the court hearing ``suit`` denies (or dissolves) a TRO."""
        return self.apply(RestrainingOrderDenied(date=on, actor=self._hearing(suit, court), suit=suit, **meta))

    def grant_injunction(self, suit: str, *, on: _dt.date | str, court: str | None = None, **meta: Any) -> list[Change]:
        """Record ``preliminary_injunction_granted``: the court hearing ``suit`` grants a preliminary injunction."""
        return self.apply(PreliminaryInjunctionGranted(date=on, actor=self._hearing(suit, court), suit=suit, **meta))

    def deny_injunction(self, suit: str, *, on: _dt.date | str, court: str | None = None, **meta: Any) -> list[Change]:
        """Record ``preliminary_injunction_denied``: the court hearing ``suit`` denies a preliminary injunction."""
        return self.apply(PreliminaryInjunctionDenied(date=on, actor=self._hearing(suit, court), suit=suit, **meta))

    def rule(
        self,
        suit: str,
        *,
        for_plaintiff: bool,
        on: _dt.date | str,
        text: str = "",
        court: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Record ``ruling_issued``: the court hearing ``suit`` rules for or against the plaintiff."""
        return self.apply(
            RulingIssued(
                date=on, actor=self._hearing(suit, court), suit=suit, for_plaintiff=for_plaintiff, text=text, **meta
            )
        )

    def appeal(self, suit: str, *, by: str, to: str, on: _dt.date | str, **meta: Any) -> list[Change]:
        """Record ``suit_appealed``: ``by`` appeals the ruling in ``suit`` to the court ``to``."""
        return self.apply(SuitAppealed(date=on, actor=by, suit=suit, court=to, **meta))

    def dismiss(
        self, suit: str, *, on: _dt.date | str, reason: str = "", court: str | None = None, **meta: Any
    ) -> list[Change]:
        """Record ``suit_dismissed``: the court hearing ``suit`` dismisses it; its relief ends."""
        return self.apply(SuitDismissed(date=on, actor=self._hearing(suit, court), suit=suit, reason=reason, **meta))

    def withdraw_suit(self, suit: str, *, on: _dt.date | str, by: str | None = None, **meta: Any) -> list[Change]:
        """Record ``suit_withdrawn``: the plaintiff (or ``by``) withdraws ``suit``; its relief ends."""
        s = self._suits.get(suit)
        actor = by if by is not None else (s.plaintiff if s is not None else "(no plaintiff)")
        return self.apply(SuitWithdrawn(date=on, actor=actor, suit=suit, **meta))
