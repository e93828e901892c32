"""Agents: a party and a policy that chooses its next event from what it observes,
and a runner that steps agents day by day against a deal.

A policy is any object with ``act(view) -> Event | None``; write your own.  The
runner asks each agent in turn, every day from ``start`` to ``until``, for events
until it has none for that day, and stops when the deal is closed or terminated.
Replay is the agent whose policy is the record (:class:`ScriptedPolicy`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Protocol, runtime_checkable

import attrs

from . import _events as ev
from ._deal import Deal
from ._errors import InputError
from ._rules import Outcome, condition_met_by
from ._values import Money, Party, Structure, Terms, as_date

__all__ = [
    "Agent",
    "BidderPolicy",
    "Policy",
    "RegulatorPolicy",
    "RunResult",
    "ScriptedPolicy",
    "SellerPolicy",
    "View",
    "run",
]


@attrs.frozen
class View:
    """What an agent sees when it acts: itself, today, and the deal (read it; do
    not mutate it: return an event instead)."""

    party: Party
    today: _dt.date
    deal: Deal


@runtime_checkable
class Policy(Protocol):
    """What an agent does: anything with ``act(view)`` returning its next event (or None to pass).

    Shipped policies: :class:`ScriptedPolicy`, :class:`SellerPolicy`, :class:`BidderPolicy`,
    :class:`RegulatorPolicy`; :mod:`dealflow.simulate` has more.
    """

    def act(self, view: View) -> ev.Event | None:
        """The next event this agent makes today, or None to pass."""
        ...


@attrs.frozen
class Agent:
    """A party and the policy that chooses its events.

    Attributes:
        party: who acts.
        policy: what it does when it is its turn (see :class:`Policy`).
    """

    party: Party
    policy: Policy


@attrs.frozen
class RunResult:
    """What :func:`run` returns: the deal as the agents left it and how the run ended.

    Attributes:
        deal: the deal after the run.
        days: the days simulated.
        stopped: why the run ended: ``final`` (the deal closed or ended), ``until`` (the last day came) or
            ``quiet`` (nobody acted for ``quiet_days``).
    """

    deal: Deal
    days: int
    stopped: str  # "final", "until" or "quiet"


def run(
    deal: Deal,
    agents: Sequence[Agent],
    *,
    start: _dt.date | str,
    until: _dt.date | str,
    max_actions_per_day: int = 50,
    quiet_days: int | None = None,
) -> RunResult:
    """Step ``agents`` in turn, one day at a time, from ``start`` to ``until``.

    Stops when the deal is final, when ``until`` passes, or (when ``quiet_days``
    is given) after that many days in a row on which no agent acted.
    """
    day, last = as_date(start, "start"), as_date(until, "until")
    if last < day:
        raise InputError(f"until {last} is before start {day}", field="until", fix="give an end after the start")
    days = quiet = 0
    one = _dt.timedelta(days=1)
    while day <= last:
        days += 1
        acted = False
        for agent in agents:
            for _ in range(max_actions_per_day):
                event = agent.policy.act(View(agent.party, day, deal))
                if event is None:
                    break
                deal.apply(event)
                acted = True
                if deal.is_final:
                    return RunResult(deal, days, "final")
        quiet = 0 if acted else quiet + 1
        if quiet_days is not None and quiet >= quiet_days:
            return RunResult(deal, days, "quiet")
        day += one
    return RunResult(deal, days, "until")


class ScriptedPolicy:
    """Plays a record: each recorded event on its own date, in order."""

    def __init__(self, events: Iterable[ev.Event]) -> None:
        self._events = list(events)
        self._next = 0

    def reset(self) -> None:
        """Start the record again (for a new run)."""
        self._next = 0

    def act(self, view: View) -> ev.Event | None:
        """The recorded event due today (the next one in order), or None."""
        if self._next < len(self._events) and self._events[self._next].date <= view.today:
            event = self._events[self._next]
            self._next += 1
            return event
        return None


def _price(terms: Terms) -> Decimal:
    return terms.price.amount if terms.price is not None else Decimal(0)


class SellerPolicy:
    """Accepts the best open bid at or above ``reservation`` whose structure it
    accepts (``structures``, best first; empty means any) and that keeps every
    asset in ``keep``; then meets conditions it can (``can_meet`` kinds, ``None``
    for all), signs and closes once the approvals hold, and walks away when a
    regulator blocks."""

    def __init__(
        self,
        reservation: Decimal | int | str,
        *,
        structures: Sequence[Structure | str] = (),
        keep: Iterable[str] = (),
        can_meet: Iterable[str] | None = None,
    ) -> None:
        self.reservation = Money(reservation).amount
        self.structures = tuple(Structure(s) for s in structures)
        self.keep = frozenset(keep)
        self.can_meet = None if can_meet is None else frozenset(can_meet)

    def acceptable(self, terms: Terms) -> bool:
        """Whether ``terms`` meet the reservation price and a structure this seller accepts."""
        if _price(terms) < self.reservation or terms.assets & self.keep:
            return False
        return not self.structures or terms.structure in self.structures

    def _rank(self, terms: Terms) -> tuple[Decimal, int]:
        pref = self.structures.index(terms.structure) if terms.structure in self.structures else 0
        return (_price(terms), -pref)

    def act(self, view: View) -> ev.Event | None:
        """Accept the best acceptable bid; once agreed, terminate on a block, meet the conditions it can, then sign and close."""
        deal, me, today = view.deal, view.party.name, view.today
        status = deal.status()
        if deal.state in ("open", "negotiating"):
            open_bids = [b for b in status.bids if b.state in ("submitted", "revised") and self.acceptable(b.terms)]
            if open_bids:
                best = max(open_bids, key=lambda b: (*self._rank(b.terms), b.bid))
                return ev.BidAccepted(date=today, actor=me, bid=best.bid)
            return None
        if deal.state not in ("agreed", "signed"):
            return None
        for gate in status.gates:
            if gate.state == "blocked":
                return ev.DealTerminated(date=today, actor=me, reason=f"{gate.regulator} blocked the deal")
        for gate in status.gates:
            if gate.state == "conditionally_approved" and gate.terms is not None and gate.terms == deal.terms:
                for cond in sorted(gate.conditions):
                    if cond in status.conditions_met or condition_met_by(gate.terms, cond):
                        continue
                    if self.can_meet is None or cond.kind in self.can_meet:
                        return ev.ConditionMet(date=today, actor=me, condition=cond)
        if not deal.blockers():
            if deal.state == "agreed":
                return ev.DealSigned(date=today, actor=me)
            return ev.DealClosed(date=today, actor=me)
        return None


class BidderPolicy:
    """Bids ``start`` for ``terms`` and concedes towards ``limit`` over ``patience``
    days, revising every ``every`` days: the offer on day t is
    ``start + (limit - start) * (t / patience) ** (1 / exponent)``, so an exponent
    below 1 concedes late (Boulware), 1 linearly, above 1 early (conceder).  It
    withdraws when ``patience`` runs out unaccepted."""

    def __init__(
        self,
        bid: str,
        terms: Terms,
        *,
        start: Decimal | int | str,
        limit: Decimal | int | str,
        patience: int = 60,
        every: int = 7,
        exponent: float = 1.0,
        partners: Sequence[str] = (),
    ) -> None:
        self.bid, self.terms = bid, terms
        self.start, self.limit = Money(start).amount, Money(limit).amount
        if self.limit < self.start:
            raise InputError("limit below the opening price", field="limit", fix="give a limit at or above start")
        if patience < 1 or every < 1 or exponent <= 0:
            raise InputError("patience, every and exponent must be positive", field="patience", fix="e.g. 60, 7, 1.0")
        self.patience, self.every, self.exponent = patience, every, exponent
        self.partners = tuple(partners)
        self._opened: _dt.date | None = None

    def offer(self, day: int) -> Decimal:
        """The price offered ``day`` days after the first bid, conceding towards the limit."""
        frac = min(1.0, day / self.patience) ** (1.0 / self.exponent)
        return (self.start + (self.limit - self.start) * Decimal(repr(frac))).quantize(Decimal(1))

    def act(self, view: View) -> ev.Event | None:
        """Bid, raise the bid by the concession curve, or withdraw when patience runs out."""
        deal, me, today = view.deal, view.party.name, view.today
        currency = self.terms.price.currency if self.terms.price else "USD"
        if self._opened is None:
            if deal.state not in ("open", "negotiating"):
                return None
            self._opened = today
            terms = self.terms.with_(price=Money(self.start, currency))
            return ev.BidSubmitted(date=today, actor=me, bid=self.bid, bidders=(me, *self.partners), terms=terms)
        try:
            mine = deal.bid(self.bid)
        except InputError:
            return None
        if mine.state not in ("submitted", "revised"):
            return None
        t = (today - self._opened).days
        if t >= self.patience:
            return ev.BidWithdrawn(date=today, actor=me, bid=self.bid, reason="patience ran out")
        if t and t % self.every == 0:
            price = self.offer(t)
            if price > _price(mine.terms):
                return ev.BidRevised(
                    date=today, actor=me, bid=self.bid, terms=mine.terms.with_(price=Money(price, currency))
                )
        return None


class RegulatorPolicy:
    """Opens a review of agreed terms with a clock of ``days`` (business days
    when ``business_days``) and, when the clock runs out (or after ``decide_after``
    days, if sooner), decides by its rules in force: approve, approve on the rules'
    conditions, or block."""

    def __init__(self, *, days: int = 45, business_days: bool = False, decide_after: int | None = None) -> None:
        self.days, self.business_days, self.decide_after = days, business_days, decide_after
        self._opened: _dt.date | None = None

    def act(self, view: View) -> ev.Event | None:
        """Open a review of agreed terms, then decide by the rules in force when it is due."""
        deal, me, today = view.deal, view.party.name, view.today
        if deal.terms is None or deal.state not in ("agreed",):
            return None
        gate = deal.gate(me)
        if gate.state == "pending":
            self._opened = today
            return ev.ReviewOpened(date=today, actor=me, regulator=me, days=self.days, business_days=self.business_days)
        if gate.state != "under_review" or gate.review_due is None:
            return None
        early = (
            self.decide_after is not None
            and self._opened is not None
            and (today - self._opened).days >= self.decide_after
        )
        if today < gate.review_due and not early:
            return None
        verdict = deal.verdict(me, on=today)
        if verdict.outcome is Outcome.APPROVE:
            return ev.Approved(date=today, actor=me, regulator=me)
        if verdict.outcome is Outcome.CONDITIONAL:
            return ev.ConditionallyApproved(date=today, actor=me, regulator=me, conditions=verdict.conditions)
        return ev.Blocked(date=today, actor=me, regulator=me, reason="; ".join(verdict.reasons))
