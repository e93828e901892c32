"""Negotiation policies for :mod:`dealflow.simulate`.

A negotiator is any object with ``act(turn) -> Event | None``: given a
:class:`Turn` (what its party sees on this round: its own exchanges only, for a
bidder) it returns its next event, or ``None`` to let its standing offer stand.
The policies here are the standard ones; write your own the same way.

- :class:`Concession`: the time-dependent family
  ``offer(t) = start + (limit - start) * (t / T) ** (1 / e)``: Boulware
  (``e < 1``, concedes late), linear (``e = 1``), conceder (``e > 1``, early).
- :class:`Reservation`: the worst price a party accepts, the structures it
  accepts and the assets it will not give up.
- :class:`ConcedingBidder`, :class:`ConcedingSeller`: alternating offers with
  those concessions and the "accept if at least as good as my next offer" rule.
- :class:`RestructuringSeller`: rather than sell a listed asset (the
  recommendation algorithm), proposes a joint venture that keeps it licensed.
- :class:`ConditioningRegulator`: decides by its rules in force on its review
  clock, and attaches conditions of its own to an approval.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import attrs

from . import _events as ev
from ._agents import RegulatorPolicy, SellerPolicy, View
from ._deal import Deal
from ._errors import InputError
from ._rules import condition_met_by
from ._values import Board, Condition, Money, Party, Stake, Structure, Terms

__all__ = [
    "BOULWARE",
    "CONCEDER",
    "LINEAR",
    "ConcedingBidder",
    "ConcedingSeller",
    "Concession",
    "ConditioningRegulator",
    "Reservation",
    "RestructuringSeller",
    "Turn",
]

#: Exponents of the standard time-dependent tactics (``e`` in ``(t/T) ** (1/e)``).
BOULWARE = 0.25
LINEAR = 1.0
CONCEDER = 4.0


@attrs.frozen(kw_only=True)
class Turn:
    """What a negotiator sees when it acts.

    ``bid`` names the exchange in focus (a bidder's own bid; the seller's
    counterpart, or ``None`` when it reviews sealed bids), ``exchanges`` the
    events of that exchange so far (a bidder sees only its own), ``round`` and
    ``rounds`` where the negotiation stands against its deadline, and ``rng`` the
    run's seeded random generator (use it, never the global one).  ``deal`` is
    the deal itself for the seller, and ``None`` for bidders: they do not see
    their rivals' bids.
    """

    party: Party
    today: _dt.date
    round: int
    rounds: int
    bid: str | None
    exchanges: tuple[ev.Event, ...]
    rng: random.Random = attrs.field(eq=False, repr=False)
    deal: Deal | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def time(self) -> float:
        """The share of the negotiation's rounds gone, from 0 to 1."""
        return min(1.0, self.round / self.rounds) if self.rounds else 1.0


def _money(value: object, field: str) -> Decimal:
    if isinstance(value, Money):
        return value.amount
    try:
        amount = Money(value).amount
    except InputError as err:
        raise InputError(err.rule, field=field, fix=err.fix) from None
    # 40e9 reads as 40000000000.0: drop the spurious fraction of whole amounts
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


def _start(value: object) -> Decimal:
    return _money(value, "start")


def _limit(value: object) -> Decimal:
    return _money(value, "limit")


def _reserve(value: object) -> Decimal:
    return _money(value, "price")


def _exponent(inst: object, attr: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or value == float("inf"):
        raise InputError(
            f"exponent {value!r} is not a positive number",
            field="exponent",
            fix="give e > 0: BOULWARE (0.25), LINEAR (1) or CONCEDER (4)",
        )


def _step(value: object) -> Decimal | None:
    if value is None:
        return None
    step = _money(value, "step")
    if step <= 0:
        raise InputError("a price step must be above 0", field="step", fix="give a step such as 1e6, or None")
    return step


@attrs.frozen
class Concession:
    """A time-dependent offer: ``start`` at ``t = 0``, ``limit`` at the deadline
    (``t = 1``), ``start + (limit - start) * t ** (1 / exponent)`` between.
    ``start`` is above ``limit`` for a seller and below it for a buyer; offers
    are rounded to a multiple of ``step`` when one is given (a grid of outcomes).
    """

    start: Decimal = attrs.field(converter=_start)
    limit: Decimal = attrs.field(converter=_limit)
    exponent: float = attrs.field(default=LINEAR, validator=_exponent)
    step: Decimal | None = attrs.field(default=None, converter=_step)

    @classmethod
    def boulware(cls, start: object, limit: object, *, step: object = None) -> Concession:
        return cls(start, limit, BOULWARE, step)

    @classmethod
    def linear(cls, start: object, limit: object, *, step: object = None) -> Concession:
        return cls(start, limit, LINEAR, step)

    @classmethod
    def conceder(cls, start: object, limit: object, *, step: object = None) -> Concession:
        return cls(start, limit, CONCEDER, step)

    def at(self, t: float) -> Decimal:
        """The offer at time ``t`` (0 to 1; clamped)."""
        frac = min(1.0, max(0.0, t)) ** (1.0 / self.exponent)
        price = self.start + (self.limit - self.start) * Decimal(repr(frac))
        step = self.step
        if step is None:
            return price.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
        return (price / step).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * step

    def schedule(self, rounds: int) -> list[Decimal]:
        """The offers on rounds ``0..rounds`` of a negotiation of ``rounds`` rounds."""
        key = (self, rounds)
        cached = _SCHEDULES.get(key)
        if cached is None:
            cached = [self.at(1.0)] if rounds <= 0 else [self.at(r / rounds) for r in range(rounds + 1)]
            if len(_SCHEDULES) > 1024:
                _SCHEDULES.clear()
            _SCHEDULES[key] = cached
        return list(cached)


_SCHEDULES: dict[tuple[Concession, int], list[Decimal]] = {}  # concessions are values: share their schedules


def _structures(value: object) -> frozenset[Structure]:
    if isinstance(value, (str, Structure)):
        value = (value,)
    if not isinstance(value, Iterable):
        raise InputError(f"expected structures, got {value!r}", field="structures", fix="e.g. ['sale']")
    out = set()
    for item in value:
        try:
            out.add(Structure(item))
        except ValueError:
            allowed = ", ".join(s.value for s in Structure)
            raise InputError(f"{item!r} is not a structure", field="structures", fix=f"use: {allowed}") from None
    return frozenset(out)


def _assets(value: object) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset((value,))
    if not isinstance(value, Iterable) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"expected asset names, got {value!r}", field="keep", fix="give a list of asset names")
    return frozenset(value)


@attrs.frozen
class Reservation:
    """The worst terms a party accepts: ``price`` (a floor for a seller, a
    ceiling for a buyer), the ``structures`` it accepts (empty: any) and the
    assets it will not give up (``keep``, a seller's)."""

    price: Decimal = attrs.field(converter=_reserve)
    structures: frozenset[Structure] = attrs.field(default=frozenset(), converter=_structures)
    keep: frozenset[str] = attrs.field(default=frozenset(), converter=_assets)

    def allows(self, terms: Terms, *, buyer: bool) -> bool:
        """Whether ``terms`` are acceptable to this party (a buyer when ``buyer``)."""
        if self.structures and terms.structure not in self.structures:
            return False
        if terms.assets & self.keep:
            return False
        price = _price(terms)
        return price <= self.price if buyer else price >= self.price


def _price(terms: Terms) -> Decimal:
    return terms.price.amount if terms.price is not None else Decimal(0)


_TERMS_EVENTS = (ev.BidSubmitted, ev.BidRevised, ev.TermsProposed)


def _last_terms_by(exchanges: Sequence[ev.Event], actor: str) -> Terms | None:
    for e in reversed(exchanges):
        if e.actor == actor and isinstance(e, _TERMS_EVENTS):
            return e.terms
    return None


class _Pricer:
    """Terms at a price, cached by everything but the price: re-validating terms
    costs more than applying an event."""

    __slots__ = ("_cache",)

    def __init__(self) -> None:
        self._cache: dict[tuple[object, ...], Terms] = {}

    def __call__(self, terms: Terms, price: Decimal) -> Terms:
        old = terms.price
        if old is not None and old.amount == price:
            return terms
        currency = old.currency if old is not None else "USD"
        key = (
            price,
            currency,
            terms.structure,
            terms.entity,
            terms.cap_table,
            terms.assets,
            terms.jurisdiction,
            terms.conditions,
            terms.data_custodian,
            terms.board,
            terms.holdings,
        )
        out = self._cache.get(key)
        if out is None:
            out = terms.with_(price=Money(price, currency))
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[key] = out
        return out


_PRICED = _Pricer()  # shared: terms are immutable, and runs in one process meet the same ones


class ConcedingBidder:
    """A bidder that offers ``terms`` at prices conceding from
    ``concession.start`` up to ``concession.limit`` over the negotiation's rounds.

    It accepts the seller's counter-offer when it asks no more than its own next
    offer would (and its reservation allows it), agrees to a restructuring the
    seller proposes when its reservation allows the new terms, and otherwise
    raises its offer when its concession says so.  ``partners`` join its bid.
    """

    def __init__(
        self,
        terms: Terms,
        concession: Concession,
        *,
        reservation: Reservation | None = None,
        partners: Sequence[str] = (),
    ) -> None:
        if not isinstance(terms, Terms):
            raise InputError(f"expected Terms, got {terms!r}", field="terms", fix="give the terms this bidder offers")
        if not isinstance(concession, Concession):
            raise InputError(
                f"expected a Concession, got {concession!r}", field="concession", fix="e.g. Concession.linear(10, 20)"
            )
        if concession.limit < concession.start:
            raise InputError(
                "a buyer's limit is below its opening offer", field="concession", fix="give a limit at or above start"
            )
        self.terms = terms
        self.concession = concession
        self.reservation = reservation or Reservation(concession.limit)
        self.partners = tuple(partners)
        self._sides: dict[str, tuple[int, set[str]]] = {}
        self._schedule: list[Decimal] = []
        self._rounds = -1
        self._price = _PRICED

    def _side(self, bid: str, me: str, thread: Sequence[ev.Event]) -> set[str]:
        """The names on this bidder's side of ``bid`` (itself, its partners, and
        whoever the exchange's events list as bidders), kept up as it grows."""
        seen, side = self._sides.get(bid, (0, {me, *self.partners}))
        for e in thread[seen:]:
            side.update(getattr(e, "bidders", None) or ())
        self._sides[bid] = (len(thread), side)
        return side

    def offer_at(self, round_: int, rounds: int) -> Decimal:
        """The price this bidder offers on ``round_`` of ``rounds``."""
        if rounds != self._rounds:
            self._schedule, self._rounds = self.concession.schedule(rounds), rounds
        return self._schedule[min(round_, len(self._schedule) - 1)]

    def act(self, turn: Turn) -> ev.Event | None:
        me, today, bid, thread = turn.party.name, turn.today, turn.bid, turn.exchanges
        if bid is None:
            return None
        price = self.offer_at(turn.round, turn.rounds)
        if not thread:
            terms = self._price(self.terms, price)
            return ev.BidSubmitted(date=today, actor=me, bid=bid, bidders=(me, *self.partners), terms=terms)
        last = thread[-1]
        if isinstance(last, (ev.BidAccepted, ev.BidRejected, ev.BidWithdrawn, ev.TermsAgreed)):
            return None
        if last.actor not in self._side(bid, me, thread):  # the seller spoke last
            if isinstance(last, ev.TermsProposed):
                if self.reservation.allows(last.terms, buyer=True):
                    return ev.TermsAgreed(date=today, actor=me)
            elif isinstance(last, (ev.BidRevised, ev.BidSubmitted)) and last.terms is not None:
                asked = last.terms
                if _price(asked) <= price and self.reservation.allows(asked, buyer=True):
                    return ev.BidAccepted(date=today, actor=me, bid=bid)
        mine = _last_terms_by(thread, me) or self.terms
        if mine.price is None or price > mine.price.amount:
            return ev.BidRevised(date=today, actor=me, bid=bid, terms=self._price(self.terms, price))
        return None


class ConcedingSeller:
    """A seller that asks from ``concession.start`` down to ``concession.limit``.

    In an exchange it accepts a bid that offers at least its next ask (and that
    its reservation allows), and otherwise counters with the bid's terms at its
    ask, without the assets it keeps.  Reviewing sealed bids, it accepts the best
    acceptable one.  Once terms are agreed it meets the conditions it can
    (``can_meet`` kinds, ``None`` for all), signs and closes when the approvals
    hold, and walks away when a regulator blocks (the closing of
    :class:`dealflow.SellerPolicy`).
    """

    def __init__(
        self,
        concession: Concession,
        *,
        reservation: Reservation | None = None,
        can_meet: Iterable[str] | None = None,
    ) -> None:
        if not isinstance(concession, Concession):
            raise InputError(
                f"expected a Concession, got {concession!r}", field="concession", fix="e.g. Concession.linear(20, 10)"
            )
        if concession.limit > concession.start:
            raise InputError(
                "a seller's limit is above its opening ask", field="concession", fix="give a limit at or below start"
            )
        self.concession = concession
        self.reservation = reservation or Reservation(concession.limit)
        self._closer = SellerPolicy(0, can_meet=can_meet)
        self._schedule: list[Decimal] = []
        self._rounds = -1
        self._price = _PRICED
        self._stripped: dict[int, tuple[Terms, Terms]] = {}

    def ask_at(self, round_: int, rounds: int) -> Decimal:
        """The price this seller asks on ``round_`` of ``rounds``."""
        if rounds != self._rounds:
            self._schedule, self._rounds = self.concession.schedule(rounds), rounds
        return self._schedule[min(round_, len(self._schedule) - 1)]

    def acceptable(self, terms: Terms, ask: Decimal) -> bool:
        return _price(terms) >= ask and self.reservation.allows(terms, buyer=False)

    def _strip(self, terms: Terms) -> Terms:
        keep = self.reservation.keep
        if not terms.assets & keep:
            return terms
        hit = self._stripped.get(id(terms))
        if hit is not None and hit[0] is terms:
            return hit[1]
        out = terms.with_(assets=terms.assets - keep)
        self._stripped[id(terms)] = (terms, out)
        return out

    def closing(self, turn: Turn, deal: Deal) -> ev.Event | None:
        return self._closer.act(View(turn.party, turn.today, deal))

    def act(self, turn: Turn) -> ev.Event | None:
        deal = turn.deal
        if deal is None:
            return None
        if deal.state in ("agreed", "signed"):
            return self.closing(turn, deal)
        if deal.state not in ("open", "negotiating"):
            return None
        ask = self.ask_at(turn.round, turn.rounds)
        if turn.bid is None:
            return self.review(turn, deal, ask)
        return self.respond(turn, ask)

    def review(self, turn: Turn, deal: Deal, ask: Decimal) -> ev.Event | None:
        """Sealed bids: accept the best acceptable open bid."""
        best = None
        for b in deal.status().bids:
            if (
                b.state in ("submitted", "revised")
                and self.acceptable(b.terms, ask)
                and (best is None or (_price(b.terms), b.bid) > (_price(best.terms), best.bid))
            ):
                best = b
        if best is None:
            return None
        return ev.BidAccepted(date=turn.today, actor=turn.party.name, bid=best.bid)

    def respond(self, turn: Turn, ask: Decimal) -> ev.Event | None:
        """Alternating offers: accept, or counter at this round's ask."""
        me, thread, bid = turn.party.name, turn.exchanges, turn.bid
        if not thread or bid is None:
            return None
        last = thread[-1]
        if not isinstance(last, (ev.BidSubmitted, ev.BidRevised)) or last.terms is None:
            return None
        if last.actor != me and self.acceptable(last.terms, ask):
            return ev.BidAccepted(date=turn.today, actor=me, bid=bid)
        if last.actor == me and _price(last.terms) <= ask:
            return None  # my standing counter asks no more than I would now
        return ev.BidRevised(date=turn.today, actor=me, bid=bid, terms=self._price(self._strip(last.terms), ask))


def _seller_stake(value: object) -> Fraction:
    from ._values import as_fraction

    frac = as_fraction(value, "seller_stake")
    if not 0 <= frac < 1:
        raise InputError("the seller's stake must be at least 0 and under 1", field="seller_stake", fix="e.g. 0.199")
    return frac


class RestructuringSeller(ConcedingSeller):
    """A seller that will not sell the assets in ``keep`` (say the
    recommendation algorithm) and, rather than give them up or walk away,
    proposes a joint venture to a bidder whose price it would accept: the
    bidder's lead takes the business without those assets (licensed to the
    venture, a ``licensed`` condition per asset), the seller keeps
    ``seller_stake`` (19.9% by default, under the 2024 Act's 20%), the price
    shrinks by that stake, the bidder hosts the data and ``board`` governs."""

    def __init__(
        self,
        concession: Concession,
        *,
        keep: Iterable[str],
        seller_stake: object = "0.199",
        board: Board | None = None,
        reservation: Reservation | None = None,
        can_meet: Iterable[str] | None = None,
    ) -> None:
        kept = _assets(keep)
        if not kept:
            raise InputError("name the assets the seller keeps", field="keep", fix="e.g. keep=[Asset.ALGORITHM]")
        res = reservation or Reservation(concession.limit)
        super().__init__(concession, reservation=attrs.evolve(res, keep=res.keep | kept), can_meet=can_meet)
        self.keep = kept
        self.seller_stake = _seller_stake(seller_stake)
        self.board = board
        self._proposed: set[str] = set()

    def venture(self, terms: Terms, seller: str) -> Terms:
        """The joint venture this seller offers instead of ``terms``."""
        lead = terms.buyers[0]
        stakes = [Stake(lead, 1 - self.seller_stake)]
        if self.seller_stake:
            stakes.append(Stake(seller, self.seller_stake))
        price = None
        if terms.price is not None:
            share = Fraction(terms.price.amount) * (1 - self.seller_stake)
            amount = (Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal(1))
            price = Money(amount, terms.price.currency)
        conds = terms.conditions | {Condition("licensed", seller, a) for a in sorted(terms.assets & self.keep)}
        return Terms(
            Structure.JOINT_VENTURE,
            terms.entity,
            tuple(stakes),
            assets=terms.assets - self.keep,
            price=price,
            jurisdiction=terms.jurisdiction,
            conditions=conds,
            data_custodian=terms.data_custodian or lead,
            board=self.board if self.board is not None else terms.board,
        )

    def review(self, turn: Turn, deal: Deal, ask: Decimal) -> ev.Event | None:
        """Sealed bids: the best acceptable bid, or a joint venture offered to the
        best bidder whose price is acceptable but who wants a kept asset."""
        event = super().review(turn, deal, ask)
        if event is not None:
            return event
        best = None
        for b in deal.status().bids:
            wanted = b.state in ("submitted", "revised") and b.bid not in self._proposed and b.terms.assets & self.keep
            if wanted and _price(b.terms) >= ask and (best is None or _price(b.terms) > _price(best.terms)):
                best = b
        if best is None:
            return None
        self._proposed.add(best.bid)
        return ev.TermsProposed(date=turn.today, actor=turn.party.name, terms=self.venture(best.terms, turn.party.name))

    def respond(self, turn: Turn, ask: Decimal) -> ev.Event | None:
        thread, bid = turn.exchanges, turn.bid
        if thread and bid is not None and bid not in self._proposed:
            last = thread[-1]
            if (
                last.actor != turn.party.name
                and isinstance(last, (ev.BidSubmitted, ev.BidRevised))
                and last.terms is not None
                and last.terms.assets & self.keep
                and _price(last.terms) >= ask
            ):
                self._proposed.add(bid)
                return ev.TermsProposed(
                    date=turn.today, actor=turn.party.name, terms=self.venture(last.terms, turn.party.name)
                )
        return super().respond(turn, ask)


class ConditioningRegulator(RegulatorPolicy):
    """A regulator that reviews on its clock and decides by its rules in force
    (as :class:`dealflow.RegulatorPolicy`), and attaches ``conditions`` of its own
    to any approval (those the terms do not meet already): an approval becomes
    a conditional approval."""

    def __init__(
        self,
        conditions: Iterable[Condition],
        *,
        days: int = 45,
        business_days: bool = False,
        decide_after: int | None = None,
    ) -> None:
        conds = frozenset(conditions)
        if not all(isinstance(c, Condition) for c in conds):
            raise InputError("expected Condition values", field="conditions", fix="give Condition(kind, party, value)")
        super().__init__(days=days, business_days=business_days, decide_after=decide_after)
        self.conditions = conds

    def act(self, view: View) -> ev.Event | None:
        event = super().act(view)
        if not isinstance(event, (ev.Approved, ev.ConditionallyApproved)):
            return event
        terms = view.deal.terms
        extra = frozenset(c for c in self.conditions if terms is None or not condition_met_by(terms, c))
        if not extra:
            return event
        have = event.conditions if isinstance(event, ev.ConditionallyApproved) else frozenset()
        return ev.ConditionallyApproved(
            date=event.date, actor=event.actor, regulator=event.regulator, conditions=have | extra
        )
