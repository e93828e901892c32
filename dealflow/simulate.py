"""Simulation: agents that negotiate, what-if forks and sweeps.

A :class:`Simulation` plays a deal forward from its journal (a new deal, or a
replay forked at any date with :func:`fork`) under a negotiation protocol:

- :class:`AlternatingOffers`: the seller and each bidder exchange offers in
  turn; each bidder sees only its own exchange;
- :class:`SealedBids`: every bidder bids without seeing the others' bids of the
  round, then the seller reviews them;
- :class:`Exclusive`: the seller talks to one chosen bidder only.

Once terms are agreed the regulators review on their clocks and decide by their
rules in force, the seller signs and closes when the approvals hold, and
mandates' deadlines bite (``on_deadline``).  Every run is fixed by its seed (one
``random.Random(seed)`` reaches every policy; nothing reads global random state)
and leaves a journal that replays to an equal deal.

:func:`sweep` runs thousands of simulations over a parameter :func:`grid` or
random :func:`draws` on any :class:`concurrent.futures.Executor` (a process
pool by default; ``distributed.Client(...).get_executor()`` for a cluster) and
returns :class:`Outcomes`, a table of frozen :class:`RunOutcome` rows.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as _dt
import itertools
import os
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

import attrs

from . import _events as ev
from ._agents import Agent, Policy, View
from ._deal import Deal, replay
from ._errors import InputError, RefusedEvent, UnknownParty
from ._policies import (
    BOULWARE,
    CONCEDER,
    LINEAR,
    ConcedingBidder,
    ConcedingSeller,
    Concession,
    ConditioningRegulator,
    Reservation,
    RestructuringSeller,
    Turn,
)
from ._values import Party, Structure, Terms, as_date

__all__ = [
    "BOULWARE",
    "CONCEDER",
    "LINEAR",
    "AlternatingOffers",
    "Bidder",
    "Cast",
    "ConcedingBidder",
    "ConcedingSeller",
    "Concession",
    "ConditioningRegulator",
    "Exclusive",
    "Negotiator",
    "Outcomes",
    "ProtocolViolation",
    "Reservation",
    "RestructuringSeller",
    "RunOutcome",
    "SealedBids",
    "SerialExecutor",
    "SimResult",
    "Simulation",
    "Turn",
    "draws",
    "example",
    "fork",
    "grid",
    "outcome_of",
    "sweep",
]


class ProtocolViolation(RefusedEvent):
    """A policy made a move the protocol does not allow (acting for another
    party, on another bidder's exchange, on another date...)."""


ProtocolViolation.__module__ = "dealflow.simulate"


@runtime_checkable
class Negotiator(Protocol):
    """A seller's or bidder's policy: the next event, or ``None`` to let its
    standing offer stand."""

    def act(self, turn: Turn) -> ev.Event | None: ...


def _name(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"expected a name, got {value!r}", field=attr.name, fix=f"give {attr.name} as text")


def _negotiator(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not callable(getattr(value, "act", None)):
        raise InputError(
            f"{value!r} has no act(turn) method", field=attr.name, fix="give a policy with act(turn) -> Event | None"
        )


@attrs.frozen
class Bidder:
    """A bidder in a simulation: its party's name, its policy and the name of
    its bid (its exchange with the seller; the party's name by default)."""

    party: str = attrs.field(validator=_name)
    policy: Negotiator = attrs.field(validator=_negotiator, eq=False)
    bid: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    @property
    def thread(self) -> str:
        return self.bid or self.party


def _bidders(value: object) -> tuple[Bidder, ...]:
    if isinstance(value, Mapping):
        value = [Bidder(str(k), v) for k, v in value.items()]
    if not isinstance(value, Iterable) or isinstance(value, str):
        raise InputError(f"expected bidders, got {value!r}", field="bidders", fix="give Bidder(party, policy) values")
    out = tuple(value)
    if not all(isinstance(b, Bidder) for b in out):
        raise InputError("expected Bidder values", field="bidders", fix="give Bidder(party, policy) values")
    threads = [b.thread for b in out]
    if len(set(threads)) != len(threads):
        raise InputError("two bidders share a bid", field="bidders", fix="give each bidder its own bid name")
    return out


def _regulators(value: object) -> tuple[tuple[str, Policy], ...]:
    if not isinstance(value, Mapping):
        raise InputError(
            f"expected a mapping of regulators, got {value!r}", field="regulators", fix="map names to policies"
        )
    out = []
    for name, policy in value.items():
        if not callable(getattr(policy, "act", None)):
            raise InputError(
                f"regulator {name!r} has no policy", field="regulators", fix="give a policy with act(view)"
            )
        out.append((str(name), policy))
    return tuple(out)


def _agents(value: object) -> tuple[Agent, ...]:
    out = tuple(value) if isinstance(value, Iterable) else ()
    if not all(isinstance(a, Agent) for a in out):
        raise InputError("expected Agent values", field="others", fix="give Agent(party, policy) values")
    return out


@attrs.frozen
class Cast:
    """Who plays: the seller's negotiator, the bidders, the regulators' policies
    (by name; they see the deal through a :class:`dealflow.View`) and other
    agents (``others``, for instance a :class:`dealflow.ScriptedPolicy` playing
    events that happen whatever the parties do)."""

    seller: Negotiator = attrs.field(validator=_negotiator, eq=False)
    bidders: tuple[Bidder, ...] = attrs.field(converter=_bidders)
    regulators: tuple[tuple[str, Policy], ...] = attrs.field(factory=dict, converter=_regulators, eq=False)
    others: tuple[Agent, ...] = attrs.field(factory=tuple, converter=_agents, eq=False)


# ---------------------------------------------------------------------- protocols


class _Protocol:
    """A negotiation protocol: who moves on a round, and what each sees."""

    name = "protocol"

    def check(self, cast: Cast) -> None:
        """Refuse a cast this protocol cannot run."""
        if not cast.bidders:
            raise InputError("no bidders", field="bidders", fix="give at least one Bidder")

    def round(self, run: _Run, r: int) -> None:
        raise NotImplementedError


@attrs.frozen
class AlternatingOffers(_Protocol):
    """Each round, each bidder in turn makes or revises its offer (or accepts the
    seller's counter-offer) and the seller answers it: accept, counter (a
    revision of the bid by the seller), reject, or propose a restructuring."""

    name = "alternating"

    def round(self, run: _Run, r: int) -> None:
        for bidder in run.active():
            run.ask_bidder(bidder, r)
            if run.settled:
                return
            if bidder.thread in run.open_threads:
                run.ask_seller(bidder.thread, r)
                if run.settled:
                    return


@attrs.frozen
class SealedBids(_Protocol):
    """Each round every bidder bids (or revises) from the same state, without
    seeing the others' bids of the round; then the seller reviews them and
    accepts one, or waits for the next round."""

    name = "sealed"

    def round(self, run: _Run, r: int) -> None:
        moves = [(b, run.bidder_move(b, r)) for b in run.active()]
        for bidder, event in moves:
            if event is not None:
                run.apply_bidder(bidder, event)
                if run.settled:
                    return
        run.ask_seller(None, r)


@attrs.frozen
class Exclusive(_Protocol):
    """Exclusive talks: alternating offers between the seller and ``partner``
    (a bidder's party or bid name) only."""

    partner: str = attrs.field(validator=_name)
    name = "exclusive"

    def _chosen(self, cast: Cast) -> Bidder:
        for b in cast.bidders:
            if self.partner in (b.party, b.thread):
                return b
        known = ", ".join(b.party for b in cast.bidders)
        raise UnknownParty(f"no bidder {self.partner!r}", field="partner", fix=f"choose one of: {known}")

    def check(self, cast: Cast) -> None:
        super().check(cast)
        self._chosen(cast)

    def round(self, run: _Run, r: int) -> None:
        bidder = self._chosen(run.cast)
        if bidder.thread not in run.open_threads:
            return
        run.ask_bidder(bidder, r)
        if not run.settled and bidder.thread in run.open_threads:
            run.ask_seller(bidder.thread, r)


def _protocol(value: object) -> _Protocol:
    if isinstance(value, _Protocol):
        return value
    if value == "alternating":
        return AlternatingOffers()
    if value == "sealed":
        return SealedBids()
    raise InputError(
        f"unknown protocol {value!r}",
        field="protocol",
        fix="give AlternatingOffers(), SealedBids(), Exclusive(partner), 'alternating' or 'sealed'",
    )


# ---------------------------------------------------------------------- outcomes


@attrs.frozen
class RunOutcome:
    """One simulation's result: the deal's final ``state`` and ``date``, why the
    run stopped (``final``, ``rounds``: no agreement by the negotiation's
    deadline, ``deadline``: a mandate's deadline passed, ``until``, ``quiet``),
    the agreed ``terms`` (with their ``structure``, ``price`` and ``buyers``),
    the accepted bid (``winner``), which ``gate`` decided last and its
    ``verdict``, the negotiation ``rounds`` played and the journal's length
    (``events``), and the run's ``params`` and ``seed``."""

    state: str | None
    date: _dt.date | None
    stopped: str
    terms: Terms | None = attrs.field(eq=True, repr=False)
    structure: str | None
    price: Decimal | None
    buyers: tuple[str, ...]
    winner: str | None
    gate: str | None
    verdict: str | None
    rounds: int
    events: int
    params: tuple[tuple[str, Any], ...] = ()
    seed: int | None = None

    def param(self, name: str) -> Any:
        for k, v in self.params:
            if k == name:
                return v
        known = ", ".join(k for k, _ in self.params) or "none"
        raise UnknownParty(f"no parameter {name!r}", field="name", fix=f"use one of: {known}")

    def get(self, column: str) -> Any:
        """A column by name, or a parameter's value."""
        if column in _COLUMNS:
            return getattr(self, column)
        return self.param(column)


_COLUMNS = frozenset(a.name for a in attrs.fields(RunOutcome))
_DECISIONS = {ev.Approved: "approved", ev.ConditionallyApproved: "conditionally_approved", ev.Blocked: "blocked"}


def outcome_of(
    deal: Deal,
    *,
    stopped: str = "final",
    rounds: int = 0,
    params: Mapping[str, Any] | None = None,
    seed: int | None = None,
    decider: str | None = None,
) -> RunOutcome:
    """The :class:`RunOutcome` row of ``deal`` as it stands (for a recorded history
    too, to compare it with simulated ones)."""
    gate = verdict = None
    winner = None
    for e in reversed(deal.journal):
        kind = _DECISIONS.get(type(e))
        if kind is not None and gate is None:
            gate, verdict = e.regulator, kind  # type: ignore[attr-defined]
        if isinstance(e, ev.BidAccepted) and winner is None:
            winner = e.bid
        if gate is not None and winner is not None:
            break
    if decider is not None:
        gate, verdict = decider, stopped
    terms = deal.terms
    return RunOutcome(
        state=deal.state,
        date=deal.clock,
        stopped=stopped,
        terms=terms,
        structure=None if terms is None else terms.structure.value,
        price=None if terms is None or terms.price is None else terms.price.amount,
        buyers=() if terms is None else terms.buyers,
        winner=winner,
        gate=gate,
        verdict=verdict,
        rounds=rounds,
        events=len(deal.journal),
        params=tuple(sorted((params or {}).items())),
        seed=seed,
    )


@attrs.frozen
class SimResult:
    """A run: the deal it left (its journal replays to an equal deal), its
    :class:`RunOutcome` and the seed."""

    deal: Deal = attrs.field(eq=False)
    outcome: RunOutcome
    seed: int


# ---------------------------------------------------------------------- the run

_OPEN = ("open", "negotiating")
_ENDS = (ev.BidAccepted, ev.BidRejected, ev.BidWithdrawn)
_BIDDER_MOVES = (ev.BidSubmitted, ev.BidRevised, ev.BidWithdrawn, ev.BidAccepted)
_SELLER_ANSWERS = (ev.BidRevised, ev.BidAccepted, ev.BidRejected, ev.TermsProposed, ev.DealTerminated)
_SELLER_REVIEW = (ev.BidAccepted, ev.BidRejected, ev.TermsProposed, ev.DealTerminated)


class _Run:
    """One simulation in progress (internal: the protocols call back into it)."""

    def __init__(self, sim: Simulation, seed: int) -> None:
        self.sim = sim
        self.rng = random.Random(seed)
        self.deal = replay(sim.journal)
        self.cast = sim.cast(self.rng)
        if not isinstance(self.cast, Cast):
            raise InputError(
                f"the cast factory returned {type(self.cast).__name__}",
                field="cast",
                fix="return a Cast(seller=..., bidders=[...]) from cast(rng)",
            )
        sim.protocol.check(self.cast)
        parties = self.deal.parties
        self.seller = self._party(parties, self.deal.seller, "seller")
        self.bidder_party = {b.thread: self._party(parties, b.party, "bidders") for b in self.cast.bidders}
        self.regulators = [(self._party(parties, n, "regulators"), p) for n, p in self.cast.regulators]
        self.threads: dict[str, list[ev.Event]] = {b.thread: [] for b in self.cast.bidders}
        for e in self.deal.journal:
            bid = getattr(e, "bid", None)
            if bid in self.threads:
                self.threads[bid].append(e)
        self.open_threads = {t for t, events in self.threads.items() if not (events and isinstance(events[-1], _ENDS))}
        self.today = sim.start_of(self.deal)
        self.round_no = 0
        self.settled = self.deal.state not in _OPEN

    @staticmethod
    def _party(parties: Mapping[str, Party], name: str, field: str) -> Party:
        party = parties.get(name)
        if party is None:
            known = ", ".join(parties)
            raise UnknownParty(
                f"{name!r} is not a party to the deal", field=field, fix=f"use one of: {known}, or add it first"
            )
        return party

    def active(self) -> list[Bidder]:
        return [b for b in self.cast.bidders if b.thread in self.open_threads]

    # -- moves

    def _violation(self, who: str, event: object, rule: str, allowed: str) -> ProtocolViolation:
        kind = getattr(event, "kind", type(event).__name__)
        return ProtocolViolation(f"{who}'s policy returned {kind}: {rule}", kind=str(kind), fix=allowed)

    def _checked(self, who: str, event: object, kinds: tuple[type[ev.Event], ...], bid: str | None) -> ev.Event:
        if not isinstance(event, ev.Event):
            raise self._violation(who, event, "not an event", "return a dealflow Event or None")
        if event.actor != who:
            raise self._violation(who, event, f"acted by {event.actor!r}", f"set actor={who!r}")
        if event.date != self.today:
            raise self._violation(who, event, f"dated {event.date}, not today", f"date it {self.today} (turn.today)")
        if isinstance(event, ev.Statement):
            return event
        if not isinstance(event, kinds):
            names = ", ".join(k.kind for k in kinds)
            raise self._violation(who, event, "not a move of this protocol", f"return one of: {names}, statement")
        other = getattr(event, "bid", bid)
        if bid is not None and other != bid:
            raise self._violation(who, event, f"about bid {other!r}, not {bid!r}", f"act on bid {bid!r} only")
        return event

    def bidder_move(self, bidder: Bidder, r: int) -> ev.Event | None:
        party = self.bidder_party[bidder.thread]
        thread = self.threads[bidder.thread]
        turn = Turn(
            party=party,
            today=self.today,
            round=r,
            rounds=self.sim.rounds,
            bid=bidder.thread,
            exchanges=tuple(thread),
            rng=self.rng,
        )
        event = bidder.policy.act(turn)
        if event is None:
            return None
        kinds: tuple[type[ev.Event], ...] = _BIDDER_MOVES
        if thread and isinstance(thread[-1], ev.TermsProposed):
            kinds = (*kinds, ev.TermsAgreed)
        return self._checked(party.name, event, kinds, bidder.thread)

    def apply_bidder(self, bidder: Bidder, event: ev.Event) -> None:
        self._apply(event, bidder.thread)

    def ask_bidder(self, bidder: Bidder, r: int) -> None:
        event = self.bidder_move(bidder, r)
        if event is not None:
            self._apply(event, bidder.thread)

    def ask_seller(self, thread: str | None, r: int) -> None:
        turn = Turn(
            party=self.seller,
            today=self.today,
            round=r,
            rounds=self.sim.rounds,
            bid=thread,
            exchanges=tuple(self.threads[thread]) if thread is not None else (),
            rng=self.rng,
            deal=self.deal,
        )
        event = self.cast.seller.act(turn)
        if event is not None:
            kinds = _SELLER_ANSWERS if thread is not None else _SELLER_REVIEW
            self._apply(self._checked(self.seller.name, event, kinds, thread), thread)

    def _apply(self, event: ev.Event, thread: str | None) -> None:
        self.deal.apply(event)
        bid = getattr(event, "bid", None) or thread
        if bid is None and isinstance(event, ev.TermsProposed):  # a restructuring offered to a buyer
            bid = next((b.thread for b in self.cast.bidders if b.party in event.terms.buyers), None)
        if bid in self.threads and not isinstance(event, ev.Statement):
            self.threads[bid].append(event)
            if isinstance(event, _ENDS):
                self.open_threads.discard(bid)
        if self.deal.state not in _OPEN:
            self.settled = True
            self._close_others(event)

    def _close_others(self, cause: ev.Event) -> None:
        """Once terms are agreed, the seller turns the other bids down."""
        if self.deal.state != "agreed":
            return
        winner = cause.bid if isinstance(cause, ev.BidAccepted) else None
        reason = "another offer was accepted" if winner else "terms were agreed on a restructuring"
        for t in sorted(self.open_threads):
            self.open_threads.discard(t)
            if t == winner or t not in self.deal._bids or self.deal._bids[t].state not in ("submitted", "revised"):
                continue
            e = ev.BidRejected(date=self.today, actor=self.seller.name, bid=t, reason=reason)
            self.deal.apply(e)
            self.threads[t].append(e)

    # -- the days

    def _agents_day(self) -> bool:
        acted = False
        deal, today = self.deal, self.today
        for agent in self.cast.others:
            for _ in range(self.sim.max_actions_per_day):
                e = agent.policy.act(View(agent.party, today, deal))
                if e is None:
                    break
                deal.apply(e)
                acted = True
                if deal.is_final:
                    return True
        if deal.state in ("agreed", "signed"):
            for party, policy in self.regulators:
                for _ in range(self.sim.max_actions_per_day):
                    e = policy.act(View(party, today, deal))
                    if e is None:
                        break
                    deal.apply(e)
                    acted = True
            for _ in range(self.sim.max_actions_per_day):
                if deal.state not in ("agreed", "signed"):
                    break
                turn = Turn(
                    party=self.seller,
                    today=today,
                    round=self.round_no,
                    rounds=self.sim.rounds,
                    bid=None,
                    exchanges=(),
                    rng=self.rng,
                    deal=deal,
                )
                e = self.cast.seller.act(turn)
                if e is None:
                    break
                deal.apply(self._checked(self.seller.name, e, (ev.Event,), None))
                acted = True
        return acted

    def _mandates(self) -> str | None:
        """Apply ``on_deadline`` to mandates whose deadline passed unenforced."""
        for m in list(self.deal._mandates.values()):
            if self.today < m.deadline:
                continue
            due = m.state == "in_force" or (
                m.state == "suspended" and m.paused_until is not None and self.today >= m.paused_until
            )
            if not due:
                continue
            mode = self.sim.on_deadline
            if mode == "end":
                return m.mandate
            if mode == "lapse":
                if m.state == "in_force":
                    self.deal.apply(ev.MandateLapsed(date=self.today, actor=m.issuer, mandate=m.mandate))
                continue
            self.deal.apply(ev.MandateEnforced(date=self.today, actor=m.issuer, mandate=m.mandate))
            if not self.deal.is_final:
                self.deal.apply(
                    ev.DealTerminated(
                        date=self.today, actor=m.issuer, reason=f"mandate {m.mandate!r} enforced at its deadline"
                    )
                )
            return m.mandate
        return None

    def play(self) -> tuple[str, str | None]:
        sim, deal = self.sim, self.deal
        if deal.is_final:
            return "final", None
        last = sim.until_of(self.today)
        first = self.today
        one = _dt.timedelta(days=1)
        quiet = 0
        while self.today <= last:
            acted = self._agents_day()
            if deal.is_final:
                return "final", None
            if not self.settled and deal.state in _OPEN:
                if self.round_no > sim.rounds or not self.open_threads:
                    return "rounds", None
                if (self.today - first).days % sim.days_per_round == 0:
                    before = len(deal.journal)
                    sim.protocol.round(self, self.round_no)
                    self.round_no += 1
                    acted = acted or len(deal.journal) != before
                    if deal.is_final:
                        return "final", None
                    if deal.state in ("agreed", "signed"):
                        acted = self._agents_day() or acted
            elif deal.state in _OPEN:
                self.settled = False  # terms reopened (a withdrawal): back to the table
                continue
            if deal.is_final:
                return "final", None
            if deal._mandates:
                ended = self._mandates()
                if ended is not None:
                    return ("final" if deal.is_final else "deadline"), f"mandate {ended}"
            quiet = 0 if acted else quiet + 1
            if self.settled and quiet >= sim.quiet_days:
                return "quiet", None
            self.today += one
        return "until", None


def _journal(value: object) -> tuple[ev.Event, ...]:
    if isinstance(value, Deal):
        value = value.journal
    if not isinstance(value, Iterable):
        raise InputError(f"expected a deal or events, got {value!r}", field="deal", fix="give a Deal or its journal")
    out = tuple(value)
    if not out or not all(isinstance(e, ev.Event) for e in out):
        raise InputError("expected an open deal's events", field="deal", fix="give an opened Deal or its journal")
    return out


def _positive(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"expected a whole number above 0, got {value!r}", field=attr.name, fix="e.g. 100")


def _cast_factory(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        raise InputError(
            f"expected a function rng -> Cast, got {value!r}",
            field="cast",
            fix="give a function that builds fresh policies: cast(rng) -> Cast",
        )


def _on_deadline(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value not in ("end", "lapse", "enforce"):
        raise InputError(
            f"on_deadline {value!r} is not known",
            field="on_deadline",
            fix="use 'end' (stop the run), 'lapse' (record a lapse, go on) or 'enforce' (enforce and terminate)",
        )


def _opt_date(value: object) -> _dt.date | None:
    return None if value is None else as_date(value, "start")


@attrs.frozen(kw_only=True)
class Simulation:
    """A what-if, ready to run with any seed.

    ``deal`` is where play starts (an opened :class:`dealflow.Deal`, or its
    journal; it is replayed afresh for each run and never changed); ``cast`` a
    function ``cast(rng) -> Cast`` that builds fresh policies for a run (it may
    draw from the run's seeded ``rng``).  The negotiation follows ``protocol``
    for at most ``rounds`` rounds, one every ``days_per_round`` days from
    ``start`` (the deal's clock by default); the run ends when the deal is
    closed or terminated, when the rounds run out without agreement, after
    ``quiet_days`` days without a move once terms are agreed, at ``until``
    (``horizon_days`` after the negotiation's end by default), or as
    ``on_deadline`` says when a mandate's deadline passes unenforced: ``"end"``
    stops the run, ``"lapse"`` records the lapse and goes on, ``"enforce"``
    enforces the mandate and terminates the deal.
    """

    deal: tuple[ev.Event, ...] = attrs.field(converter=_journal, eq=False, repr=False)
    cast: Callable[[random.Random], Cast] = attrs.field(validator=_cast_factory)
    protocol: _Protocol = attrs.field(factory=AlternatingOffers, converter=_protocol)
    rounds: int = attrs.field(default=100, validator=_positive)
    days_per_round: int = attrs.field(default=1, validator=_positive)
    start: _dt.date | None = attrs.field(default=None, converter=_opt_date)
    until: _dt.date | None = attrs.field(default=None, converter=_opt_date)
    horizon_days: int = attrs.field(default=730, validator=_positive)
    quiet_days: int = attrs.field(default=400, validator=_positive)
    on_deadline: str = attrs.field(default="end", validator=_on_deadline)
    max_actions_per_day: int = attrs.field(default=20, validator=_positive)

    @property
    def journal(self) -> tuple[ev.Event, ...]:
        return self.deal

    def start_of(self, deal: Deal) -> _dt.date:
        clock = deal.clock
        assert clock is not None  # an opened deal has a clock
        start = self.start or clock
        if start < clock:
            raise InputError(
                f"start {start} is before the deal's clock {clock}", field="start", fix=f"start on {clock} or later"
            )
        return start

    def until_of(self, start: _dt.date) -> _dt.date:
        if self.until is not None:
            return self.until
        return start + _dt.timedelta(days=self.rounds * self.days_per_round + self.horizon_days)

    def run(self, seed: int = 0, *, params: Mapping[str, Any] | None = None) -> SimResult:
        """Play one run; the same seed gives the same journal."""
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise InputError(f"seed {seed!r} is not a whole number", field="seed", fix="give an int such as 0")
        run = _Run(self, seed)
        stopped, decider = run.play()
        outcome = outcome_of(run.deal, stopped=stopped, rounds=run.round_no, params=params, seed=seed, decider=decider)
        return SimResult(run.deal, outcome, seed)

    def runs(self, seeds: Iterable[int]) -> Outcomes:
        """Run once per seed, in this process."""
        return Outcomes(tuple(self.run(s).outcome for s in seeds))


def fork(
    deal: Deal | Iterable[ev.Event],
    date: _dt.date | str,
    *,
    drop: Callable[[ev.Event], bool] | None = None,
) -> Deal:
    """A new deal rebuilt from ``deal``'s events up to and including ``date``,
    leaving out the events ``drop`` says (say, a rule never enacted)."""
    day = as_date(date)
    journal = deal.journal if isinstance(deal, Deal) else list(deal)
    kept = [e for e in journal if e.date <= day and not (drop is not None and drop(e))]
    return replay(kept)


# ---------------------------------------------------------------------- tables


def _rows(value: Iterable[RunOutcome]) -> tuple[RunOutcome, ...]:
    out = tuple(value)
    if not all(isinstance(r, RunOutcome) for r in out):
        raise InputError("expected RunOutcome rows", field="rows", fix="give RunOutcome values")
    return out


@attrs.frozen
class Outcomes:
    """A table of :class:`RunOutcome` rows with helpers to count and print them."""

    rows: tuple[RunOutcome, ...] = attrs.field(converter=_rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[RunOutcome]:
        return iter(self.rows)

    def __getitem__(self, i: int) -> RunOutcome:
        return self.rows[i]

    def counts(self, *by: str) -> dict[tuple[Any, ...], int]:
        """How many rows share each value of the columns ``by`` (``state`` by default)."""
        cols = by or ("state",)
        return dict(Counter(tuple(row.get(c) for c in cols) for row in self.rows).most_common())

    def shares(self, *by: str) -> dict[tuple[Any, ...], float]:
        """Like :meth:`counts`, as fractions of the rows."""
        n = len(self.rows) or 1
        return {k: v / n for k, v in self.counts(*by).items()}

    def where(self, **equal: Any) -> Outcomes:
        """The rows whose columns (or parameters) equal the values given."""
        return Outcomes(tuple(r for r in self.rows if all(r.get(k) == v for k, v in equal.items())))

    def mean(self, column: str) -> float | None:
        """The mean of a numeric column over the rows where it is set."""
        values = [float(v) for v in (r.get(column) for r in self.rows) if v is not None]
        return sum(values) / len(values) if values else None

    def table(self, *by: str) -> str:
        """A plain-text table of counts and shares by ``by`` (``state``, ``stopped``,
        ``gate`` and ``verdict`` by default)."""
        cols = by or ("state", "stopped", "gate", "verdict")
        counts = self.counts(*cols)
        n = len(self.rows) or 1
        head = [*cols, "runs", "share"]
        body = [[_cell(v) for v in key] + [str(c), f"{100 * c / n:.1f}%"] for key, c in counts.items()]
        widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
        lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in body]
        return "\n".join(line.rstrip() for line in lines)

    def records(self) -> list[dict[str, Any]]:
        """Rows as plain dictionaries (parameters flattened in)."""
        out = []
        for r in self.rows:
            d = {k: getattr(r, k) for k in ("state", "date", "stopped", "structure", "price", "buyers", "winner")}
            d.update(gate=r.gate, verdict=r.verdict, rounds=r.rounds, events=r.events, seed=r.seed)
            d.update(dict(r.params))
            out.append(d)
        return out


def _cell(value: object) -> str:
    return "-" if value is None else str(value)


# ---------------------------------------------------------------------- sweeps


def grid(**axes: Sequence[Any]) -> list[dict[str, Any]]:
    """Every combination of the values of each axis: ``grid(a=[1, 2], b="xy")``."""
    for name, values in axes.items():
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise InputError(f"axis {name!r} is not a list of values", field=name, fix=f"write {name}=[v1, v2, ...]")
    names = list(axes)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*(list(axes[n]) for n in names))]


def draws(n: int, *, seed: int = 0, **dists: Callable[[random.Random], Any]) -> list[dict[str, Any]]:
    """``n`` random points, each parameter drawn by its function of a seeded
    ``random.Random``: ``draws(1000, seed=1, price=lambda r: r.uniform(10, 20))``."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise InputError(f"n {n!r} is not a count", field="n", fix="give a whole number of draws")
    for name, fn in dists.items():
        if not callable(fn):
            raise InputError(f"{name!r} is not a function of rng", field=name, fix="give e.g. lambda r: r.random()")
    rng = random.Random(seed)
    return [{name: fn(rng) for name, fn in dists.items()} for _ in range(n)]


class SerialExecutor(cf.Executor):
    """An executor that runs each task at once, in this process (for tests,
    debugging and one-process baselines)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        """Run ``fn`` with the arguments now; return a finished future holding its result or exception."""
        future: cf.Future[Any] = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001  # handed to the caller through the future
            future.set_exception(exc)
        return future


Task = tuple[int, Mapping[str, Any], int]


def _run_chunk(build: Callable[[Mapping[str, Any]], Simulation], tasks: Sequence[Task]) -> list[tuple[int, RunOutcome]]:
    out = []
    sims: dict[int, Simulation] = {}
    for i, params, seed in tasks:
        key = id(params)
        sim = sims.get(key)
        if sim is None:
            sim = build(params)
            if not isinstance(sim, Simulation):
                raise InputError(
                    f"build returned {type(sim).__name__}", field="build", fix="return a Simulation from build(params)"
                )
            sims[key] = sim
        out.append((i, sim.run(seed, params=params).outcome))
    return out


def sweep(
    build: Callable[[Mapping[str, Any]], Simulation],
    points: Iterable[Mapping[str, Any]],
    *,
    seeds: int | Iterable[int] = 1,
    executor: cf.Executor | None = None,
    workers: int | None = None,
    chunksize: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Outcomes:
    """Run ``build(params)`` once per seed at every point and return the table,
    in point-then-seed order whatever the executor.

    ``build`` must be a module-level function (it is pickled to the workers).
    ``seeds`` is a count (seeds 0..n-1) or the seeds themselves.  Work goes to
    ``executor`` (any :class:`concurrent.futures.Executor`, for instance
    ``distributed.Client(...).get_executor()``), or to a process pool of
    ``workers`` processes (all CPUs by default; 1 runs in this process) made and
    shut down here.  Runs are sent ``chunksize`` at a time (about four chunks a
    worker by default) so that process overhead does not dominate;
    ``progress(done, total)`` is called as chunks finish.
    """
    if not callable(build):
        raise InputError("build is not callable", field="build", fix="give a function params -> Simulation")
    pts = list(points)
    if not all(isinstance(p, Mapping) for p in pts):
        raise InputError("points must be mappings of parameters", field="points", fix="use grid(...) or draws(...)")
    seed_list = list(range(seeds)) if isinstance(seeds, int) and not isinstance(seeds, bool) else list(seeds)  # type: ignore[arg-type]
    if not all(isinstance(s, int) and not isinstance(s, bool) for s in seed_list):
        raise InputError("seeds must be whole numbers", field="seeds", fix="give a count or a list of ints")
    tasks: list[Task] = [(i, p, s) for i, (p, s) in enumerate((p, s) for p in pts for s in seed_list)]
    total = len(tasks)
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise InputError(f"workers {workers!r} is not a count", field="workers", fix="give 1 or more")
    own = executor is None
    n_workers = workers or (os.cpu_count() or 1)
    if executor is None:
        executor = SerialExecutor() if n_workers == 1 else cf.ProcessPoolExecutor(max_workers=n_workers)
    size = chunksize or max(1, -(-total // (4 * n_workers)))
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InputError(f"chunksize {chunksize!r} is not a count", field="chunksize", fix="give 1 or more")
    results: list[RunOutcome | None] = [None] * total
    done = 0
    try:
        futures = [executor.submit(_run_chunk, build, tasks[k : k + size]) for k in range(0, total, size)]
        for future in cf.as_completed(futures):
            for i, outcome in future.result():
                results[i] = outcome
                done += 1
            if progress is not None:
                progress(done, total)
    finally:
        if own:
            executor.shutdown(wait=True, cancel_futures=True)
    return Outcomes(tuple(r for r in results if r is not None))


# ---------------------------------------------------------------------- a worked example

_TACTICS = {"boulware": BOULWARE, "linear": LINEAR, "conceder": CONCEDER}


def _example_cast(params: Mapping[str, Any]) -> Callable[[random.Random], Cast]:
    from ._agents import RegulatorPolicy
    from ._values import Asset, Condition

    tactic = _TACTICS[str(params.get("seller", "boulware"))]
    restructure = bool(params.get("restructure", True))
    assets = (Asset.US_OPERATIONS, Asset.ALGORITHM)

    def cast(rng: random.Random) -> Cast:
        ask = Concession(40_000_000_000, 18_000_000_000, tactic, step=500_000_000)
        seller: Negotiator = (
            RestructuringSeller(ask, keep=[Asset.ALGORITHM], can_meet=None)
            if restructure
            else ConcedingSeller(ask, reservation=Reservation(18_000_000_000, structures=[Structure.SALE]))
        )
        bidders = []
        for name, tactic_b in (("Microsoft", LINEAR), ("Oracle", CONCEDER)):
            limit = rng.randrange(16, 31) * 1_000_000_000
            terms = Terms.sale(name, entity="TikTok US", assets=assets, data_custodian=name)
            offer = Concession(8_000_000_000, limit, tactic_b, step=500_000_000)
            res = Reservation(limit, structures=[Structure.SALE, Structure.JOINT_VENTURE])
            bidders.append(Bidder(name, ConcedingBidder(terms, offer, reservation=res)))
        regulators: dict[str, Policy] = {
            "Washington": ConditioningRegulator([Condition("data_hosted_by", "Oracle")], days=rng.randint(45, 105)),
            "Beijing": RegulatorPolicy(days=30, business_days=True),
        }
        return Cast(seller=seller, bidders=bidders, regulators=regulators)

    return cast


def example(params: Mapping[str, Any] | None = None) -> Simulation:
    """A small TikTok-like what-if, for demos, the command line and benchmarks.

    ByteDance sells TikTok US to Microsoft or Oracle (bidders' limits drawn from
    the run's rng, $16-30bn) under a divestiture order due 120 days after
    2020-08-06, with Washington's foreign-adversary rule and trusted-partner
    condition and, unless ``export_control`` is false, Beijing's export-control
    catalogue (the algorithm needs a licence).  Parameters: ``protocol``
    (``alternating``, ``sealed`` or ``exclusive`` with Oracle), ``rounds``
    (60), ``seller`` tactic (``boulware``, ``linear``, ``conceder``),
    ``restructure`` (the seller keeps the algorithm and offers a joint
    venture; true), ``export_control`` (true) and ``on_deadline`` (``end``).
    """
    from ._rules import ExportLicenceRequired, ForeignAdversaryControl

    p = dict(params or {})
    known = {"protocol", "rounds", "seller", "restructure", "export_control", "on_deadline"}
    extra = sorted(set(p) - known)
    if extra:
        raise InputError(
            f"example() takes no parameter {', '.join(extra)}", field=extra[0], fix=f"use: {', '.join(sorted(known))}"
        )
    if str(p.get("seller", "boulware")) not in _TACTICS:
        raise InputError(f"unknown tactic {p['seller']!r}", field="seller", fix=f"use one of: {', '.join(_TACTICS)}")
    parties = [
        Party("ByteDance", "seller", "CN"),
        Party("Microsoft", "bidder", "US"),
        Party("Oracle", "bidder", "US"),
        Party("Washington", "regulator", "US"),
        Party("Beijing", "regulator", "CN"),
    ]
    deal = Deal.open("TikTok US", seller="ByteDance", parties=parties, regulators=["Washington"], on="2020-08-06")
    deal.enact("Washington", "act", ForeignAdversaryControl(), on="2020-08-06")
    deal.issue_mandate("cfius", issuer="Washington", deadline="2020-12-04", on="2020-08-06")
    if p.get("export_control", True):
        deal.enact("Beijing", "catalogue", ExportLicenceRequired("Beijing"), on="2020-08-06")
    protocol = str(p.get("protocol", "alternating"))
    proto: _Protocol = Exclusive("Oracle") if protocol == "exclusive" else _protocol(protocol)
    return Simulation(
        deal=deal,
        cast=_example_cast(p),
        protocol=proto,
        rounds=int(p.get("rounds", 60)),
        on_deadline=str(p.get("on_deadline", "end")),
    )
