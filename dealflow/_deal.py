"""The deal: an aggregate that composes the bid, gate and mandate machines, owns
the clock and the journal, and applies events.

Every change is an event (:mod:`dealflow._events`); the methods on :class:`Deal`
are sugar that build one and :meth:`Deal.apply` it.  An event is checked in full
before anything moves, so a refused event leaves the deal exactly as it was.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple, TypeVar

import attrs

from . import _events as ev
from ._calendar import add_days
from ._errors import DealflowError, InputError, RefusedEvent, UnknownParty
from ._machines import MACHINES, MachineSpec, fire, guard
from ._rules import AllOf, Rule, RuleContext, Verdict, condition_met_by
from ._values import Condition, Party, Role, Terms, as_date

__all__ = [
    "BidStatus",
    "Change",
    "Deal",
    "GateStatus",
    "MandateStatus",
    "Status",
    "replay",
]


class Change(NamedTuple):
    """One state change: the date, the position in the journal of the event that caused it, the
    machine (``deal``, ``bid NAME``, ``gate NAME``, ``mandate NAME``) and the
    states before and after (``None`` before a machine exists)."""

    date: _dt.date
    position: int
    machine: str
    before: str | None
    after: str


@attrs.frozen
class BidStatus:
    bid: str
    bidders: tuple[str, ...]
    state: str
    terms: Terms


@attrs.frozen
class GateStatus:
    regulator: str
    state: str
    terms: Terms | None
    conditions: frozenset[Condition]
    review_due: _dt.date | None
    decided_on: _dt.date | None
    business_days: bool = False  # the review clock counts business days


@attrs.frozen
class MandateStatus:
    mandate: str
    issuer: str
    state: str
    deadline: _dt.date
    original_deadline: _dt.date
    extension_cap_days: int
    one_time_extension: bool
    extensions: int
    paused_until: _dt.date | None
    qualified_terms: Terms | None
    description: str

    @property
    def extension_days_used(self) -> int:
        return (self.deadline - self.original_deadline).days


@attrs.frozen
class EnactedRule:
    regulator: str
    name: str
    rule: Rule
    enacted_on: _dt.date


@attrs.frozen
class Status:
    """Where everything stood on ``on`` (the date of the last event applied)."""

    on: _dt.date | None
    state: str | None
    target: str
    seller: str
    terms: Terms | None
    parties: tuple[Party, ...]
    bids: tuple[BidStatus, ...]
    gates: tuple[GateStatus, ...]
    mandates: tuple[MandateStatus, ...]
    rules: tuple[EnactedRule, ...]
    conditions_met: frozenset[Condition]

    def bid(self, name: str) -> BidStatus:
        return _find(self.bids, "bid", name, "bid")

    def gate(self, regulator: str) -> GateStatus:
        return _find(self.gates, "regulator", regulator, "gate")

    def mandate(self, name: str) -> MandateStatus:
        return _find(self.mandates, "mandate", name, "mandate")

    def rules_of(self, regulator: str) -> tuple[EnactedRule, ...]:
        return tuple(r for r in self.rules if r.regulator == regulator)


T = TypeVar("T")


def _find(items: Iterable[T], attr: str, name: str, what: str) -> T:
    for item in items:
        if getattr(item, attr) == name:
            return item
    known = ", ".join(getattr(i, attr) for i in items) or "none"
    raise UnknownParty(f"no {what} {name!r}", field=what, fix=f"use one of: {known}")


class _Bid:
    __slots__ = ("bid", "bidders", "state", "terms")

    def __init__(self, bid: str, bidders: tuple[str, ...], terms: Terms) -> None:
        self.bid = bid
        self.bidders = bidders
        self.terms = terms
        self.state = "submitted"


class _Gate:
    __slots__ = ("business", "conditions", "decided_on", "regulator", "review_due", "state", "terms")

    def __init__(self, regulator: str, state: str) -> None:
        self.regulator = regulator
        self.state = state
        self.terms: Terms | None = None
        self.conditions: frozenset[Condition] = frozenset()
        self.review_due: _dt.date | None = None
        self.business = False
        self.decided_on: _dt.date | None = None


class _Mandate:
    __slots__ = (
        "cap",
        "deadline",
        "description",
        "extensions",
        "issuer",
        "mandate",
        "one_time",
        "original",
        "paused_until",
        "qualified_terms",
        "state",
    )

    def __init__(self, e: ev.MandateIssued) -> None:
        self.mandate = e.mandate
        self.issuer = e.actor
        self.state = "in_force"
        self.deadline = e.deadline
        self.original = e.deadline
        self.cap = e.extension_cap_days
        self.one_time = e.one_time_extension
        self.extensions = 0
        self.paused_until: _dt.date | None = None
        self.qualified_terms: Terms | None = None
        self.description = e.description


class _EmptyDict(dict[Any, Any]):
    """The one empty container idle deals share: writing to it raises rather than
    leak across deals; copies and pickles of it are itself."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "_EMPTY"

    def _refuse(self, *args: object, **kwargs: object) -> None:
        msg = "the shared empty container is read-only"
        raise TypeError(msg)

    __setitem__ = __delitem__ = setdefault = update = pop = popitem = clear = _refuse  # type: ignore[assignment]


_EMPTY: Any = _EmptyDict()
_EMPTY_SET: Any = frozenset()
_FINAL = MACHINES["deal"].finals


def _table(spec: MachineSpec) -> dict[tuple[str, str], str]:
    return {(t, s): d for t, s, d in spec.transitions}


_ALLOWED = {name: _table(spec) for name, spec in MACHINES.items()}


def _check(kind: str, trigger: str, state: str, label: str, what: str) -> None:
    if (trigger, state) not in _ALLOWED[kind]:
        options = MACHINES[kind].triggers_from(state)
        allowed = ", ".join(options) if options else "nothing (it is final)"
        msg = f"{label} is {state}: cannot {what}"
        raise RefusedEvent(msg, fix=f"from {state} the {kind} allows: {allowed}")


class Deal:
    """A regulated deal: bids, approval gates, mandates, rules in force, a clock
    and a journal of every event applied.

    Open one with :meth:`Deal.open` (or apply a :class:`DealOpened` event to
    ``Deal()``) and drive it with the event methods or :meth:`apply`.

    A regulator's decision is recorded as made: the deal does not overrule an
    approval its rules in force would block (history has such decisions, which
    the replay's decision check lists); :meth:`verdict` says what the rules say,
    and agents such as :class:`RegulatorPolicy` decide by it.  What the deal
    enforces is that decisions are of the exact current terms and that nothing is
    signed or closed without them.
    """

    __slots__ = (
        "_bids",
        "_gates",
        "_mandates",
        "_met",
        "_parties",
        "_rules",
        "clock",
        "history",
        "journal",
        "seller",
        "state",
        "target",
        "terms",
    )

    def __init__(self) -> None:
        self.state: str | None = None
        self.target = ""
        self.seller = ""
        self.terms: Terms | None = None
        self.clock: _dt.date | None = None
        self.journal: list[ev.Event] = []
        self.history: list[Change] = []
        self._parties: dict[str, Party] = {}
        # bids, mandates, rules and met conditions start as one shared empty value and
        # get their own container on first write: an idle deal holds fewer objects for
        # the garbage collector to walk (creating a million deals stays linear)
        self._bids: dict[str, _Bid] = _EMPTY
        self._gates: dict[str, _Gate] = {}
        self._mandates: dict[str, _Mandate] = _EMPTY
        self._rules: dict[str, dict[str, tuple[Rule, _dt.date]]] = _EMPTY
        self._met: set[Condition] = _EMPTY_SET

    # ------------------------------------------------------------------ applying

    def apply(self, event: ev.Event) -> list[Change]:
        """Apply one event and return the state changes it caused.

        Raises a :class:`DealflowError` subclass, naming the event's index and
        kind, the rule broken and what would be allowed instead; the deal is then
        exactly as it was.
        """
        handler = _HANDLERS.get(type(event))
        index = len(self.journal)
        if handler is None:
            if isinstance(event, ev.Event):
                msg = f"{type(event).__name__} has no handler"
                raise InputError(msg, index=index, fix="register event kinds through dealflow's event types")
            msg = f"expected a dealflow event, got {type(event).__name__}"
            raise InputError(msg, index=index, fix="pass an Event such as BidSubmitted(...)")
        mark = len(self.history)
        try:
            if self.state is None:
                if handler is not _opened:
                    msg = "the deal is not open yet"
                    raise RefusedEvent(msg, fix="start the journal with a deal_opened event")
            else:
                if self.clock is not None and event.date < self.clock:
                    msg = f"date {event.date} is before the deal's clock {self.clock}: time never runs backwards"
                    raise RefusedEvent(msg, field="date", fix=f"date it {self.clock} or later")
                if event.actor not in self._parties:
                    known = ", ".join(self._parties)
                    raise UnknownParty(f"unknown actor {event.actor!r}", field="actor", fix=f"use one of: {known}")
                if self.state in _FINAL and event.changes_state:
                    msg = f"the deal is {self.state}: it accepts no further state change"
                    raise RefusedEvent(msg, fix="record a statement, or open a new deal")
            handler(self, event, index)
        except DealflowError as err:
            del self.history[mark:]
            raise err.located(index=index, kind=event.kind) from None
        self.journal.append(event)
        self.clock = event.date
        return self.history[mark:]

    def extend(self, events: Iterable[ev.Event]) -> None:
        """Apply events in order."""
        for event in events:
            self.apply(event)

    def _move(self, kind: str, model: Any, trigger: str, label: str, date: _dt.date, index: int) -> None:
        before = model.state
        fire(kind, trigger, model)
        if model.state != before:
            self.history.append(Change(date, index, label, before, model.state))

    def _party(self, name: str, field: str, role: Role | None = None) -> Party:
        party = self._parties.get(name)
        if party is None:
            known = ", ".join(self._parties)
            raise UnknownParty(f"unknown party {name!r}", field=field, fix=f"use one of: {known}")
        if role is not None and party.role is not role:
            raise InputError(f"{name} is a {party.role}, not a {role}", field=field, fix=f"name a {role}")
        return party

    def _bid(self, name: str) -> _Bid:
        bid = self._bids.get(name)
        if bid is None:
            known = ", ".join(self._bids) or "none yet"
            raise UnknownParty(f"unknown bid {name!r}", field="bid", fix=f"use one of: {known}")
        return bid

    def _gate(self, regulator: str) -> _Gate:
        gate = self._gates.get(regulator)
        if gate is None:
            known = ", ".join(self._gates) or "none"
            raise UnknownParty(f"no gate for {regulator!r}", field="regulator", fix=f"use one of: {known}")
        return gate

    def _mandate(self, name: str) -> _Mandate:
        m = self._mandates.get(name)
        if m is None:
            known = ", ".join(self._mandates) or "none yet"
            raise UnknownParty(f"unknown mandate {name!r}", field="mandate", fix=f"use one of: {known}")
        return m

    def _check_terms(self, terms: Terms) -> None:
        for s in terms.cap_table:
            if s.holder not in self._parties and s.holder not in {h.owned for h in terms.holdings}:
                known = ", ".join(self._parties)
                raise UnknownParty(f"unknown holder {s.holder!r}", field="terms.cap_table", fix=f"use one of: {known}")

    def _set_terms(self, terms: Terms, date: _dt.date, index: int) -> None:
        """Make ``terms`` current; approvals, blocks and reviews of other terms lapse."""
        if terms == self.terms:
            return
        self.terms = terms
        for gate in self._gates.values():
            if gate.state not in _RESETTABLE:
                continue
            if gate.terms is None:
                # a review opened before any terms existed (CFIUS's 2019 review) now reviews these
                gate.terms = terms
            elif gate.terms != terms:
                self._move("gate", gate, "reset", f"gate {gate.regulator}", date, index)
                gate.terms = None
                gate.conditions = frozenset()
                gate.review_due = None
                gate.decided_on = None

    # ------------------------------------------------------------------ questions

    def blockers(self) -> list[str]:
        """Why the current terms cannot be signed or closed now (empty when they can)."""
        out = []
        terms = self.terms
        if terms is None:
            return ["no terms are agreed"]
        for gate in self._gates.values():
            if gate.state == "not_required":
                continue
            if gate.state not in ("approved", "conditionally_approved"):
                out.append(f"{gate.regulator} has not approved (its gate is {gate.state})")
            elif gate.terms != terms:
                out.append(f"{gate.regulator} approved other terms")
            else:
                for cond in sorted(gate.conditions):
                    if cond not in self._met and not condition_met_by(terms, cond):
                        out.append(f"{gate.regulator}'s condition {cond} is not met")
        return out

    def rules_in_force(self, regulator: str) -> Rule:
        """The conjunction of ``regulator``'s rules in force, by name."""
        rules = self._rules.get(regulator, {})
        return AllOf(tuple(rules[name][0] for name in sorted(rules)))

    def verdict(self, regulator: str, terms: Terms | None = None, on: _dt.date | str | None = None) -> Verdict:
        """What ``regulator``'s rules in force say of ``terms`` (the current terms by default)."""
        if regulator not in self._parties:
            self._party(regulator, "regulator")
        terms = terms if terms is not None else self.terms
        if terms is None:
            raise InputError("there are no terms to evaluate", field="terms", fix="propose terms first")
        date = as_date(on) if on is not None else (self.clock or _dt.date.today())
        return self.rules_in_force(regulator).evaluate(terms, RuleContext(date, self._parties))

    @property
    def parties(self) -> Mapping[str, Party]:
        return dict(self._parties)

    def status(self) -> Status:
        """A frozen snapshot of where everything stands now."""
        return Status(
            on=self.clock,
            state=self.state,
            target=self.target,
            seller=self.seller,
            terms=self.terms,
            parties=tuple(self._parties.values()),
            bids=tuple(BidStatus(b.bid, b.bidders, b.state, b.terms) for b in self._bids.values()),
            gates=tuple(
                GateStatus(g.regulator, g.state, g.terms, g.conditions, g.review_due, g.decided_on, g.business)
                for g in self._gates.values()
            ),
            mandates=tuple(
                MandateStatus(
                    m.mandate,
                    m.issuer,
                    m.state,
                    m.deadline,
                    m.original,
                    m.cap,
                    m.one_time,
                    m.extensions,
                    m.paused_until,
                    m.qualified_terms,
                    m.description,
                )
                for m in self._mandates.values()
            ),
            rules=tuple(
                EnactedRule(reg, name, rule, date)
                for reg, rules in self._rules.items()
                for name, (rule, date) in rules.items()
            ),
            conditions_met=frozenset(self._met),
        )

    def status_on(self, date: _dt.date | str) -> Status:
        """Where everything stood at the end of ``date``, rebuilt from the journal."""
        day = as_date(date)
        past = replay(e for e in self.journal if e.date <= day)
        snap = past.status()
        return attrs.evolve(snap, on=day) if past.state is not None else snap

    def fork(self, date: _dt.date | str) -> Deal:
        """A new deal rebuilt from the events up to and including ``date``."""
        day = as_date(date)
        return replay(e for e in self.journal if e.date <= day)

    def bid(self, name: str) -> BidStatus:
        b = self._bid(name)
        return BidStatus(b.bid, b.bidders, b.state, b.terms)

    def gate(self, regulator: str) -> GateStatus:
        g = self._gate(regulator)
        return GateStatus(g.regulator, g.state, g.terms, g.conditions, g.review_due, g.decided_on, g.business)

    def mandate(self, name: str) -> MandateStatus:
        return self.status().mandate(self._mandate(name).mandate)

    @property
    def is_final(self) -> bool:
        return self.state in _FINAL

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Deal):
            return NotImplemented
        return self.journal == other.journal and self.history == other.history and self.status() == other.status()

    __hash__ = None  # type: ignore[assignment]  # a deal is mutable

    def __repr__(self) -> str:
        return f"<Deal {self.target or '(not open)'}: {self.state}, {len(self.journal)} events, clock {self.clock}>"

    # ------------------------------------------------------------------ sugar

    @classmethod
    def open(
        cls,
        target: str,
        *,
        seller: str,
        parties: Iterable[Party],
        regulators: Iterable[str] = (),
        on: _dt.date | str,
        actor: str | None = None,
        **meta: Any,
    ) -> Deal:
        """Open a deal for ``target``: ``regulators`` are the gates required from the start."""
        deal = cls()
        deal.apply(
            ev.DealOpened(
                date=on,
                actor=actor or seller,
                target=target,
                seller=seller,
                parties=tuple(parties),
                regulators=tuple(regulators),
                **meta,
            )
        )
        return deal

    def _actor(self, actor: str | None, default: str) -> str:
        return actor if actor is not None else default

    def submit_bid(
        self,
        bid: str,
        bidders: Iterable[str],
        terms: Terms,
        *,
        on: _dt.date | str,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        names = (bidders,) if isinstance(bidders, str) else tuple(bidders)
        lead = names[0] if names else ""
        return self.apply(
            ev.BidSubmitted(date=on, actor=self._actor(actor, lead), bid=bid, bidders=names, terms=terms, **meta)
        )

    def revise_bid(
        self,
        bid: str,
        *,
        on: _dt.date | str,
        terms: Terms | None = None,
        bidders: Iterable[str] | None = None,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        names = None if bidders is None else ((bidders,) if isinstance(bidders, str) else tuple(bidders))
        lead = self._bid(bid).bidders[0]
        return self.apply(
            ev.BidRevised(date=on, actor=self._actor(actor, lead), bid=bid, terms=terms, bidders=names, **meta)
        )

    def reject_bid(
        self, bid: str, *, on: _dt.date | str, reason: str = "", actor: str | None = None, **meta: Any
    ) -> list[Change]:
        return self.apply(
            ev.BidRejected(date=on, actor=self._actor(actor, self.seller), bid=bid, reason=reason, **meta)
        )

    def withdraw_bid(
        self, bid: str, *, on: _dt.date | str, reason: str = "", actor: str | None = None, **meta: Any
    ) -> list[Change]:
        lead = self._bid(bid).bidders[0]
        return self.apply(ev.BidWithdrawn(date=on, actor=self._actor(actor, lead), bid=bid, reason=reason, **meta))

    def accept_bid(self, bid: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        return self.apply(ev.BidAccepted(date=on, actor=self._actor(actor, self.seller), bid=bid, **meta))

    def restructure(self, terms: Terms, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """Put new terms under negotiation (for instance a sale becoming a partnership)."""
        return self.apply(ev.TermsProposed(date=on, actor=self._actor(actor, self.seller), terms=terms, **meta))

    def agree(
        self, terms: Terms | None = None, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        return self.apply(ev.TermsAgreed(date=on, actor=self._actor(actor, self.seller), terms=terms, **meta))

    def sign(self, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        return self.apply(ev.DealSigned(date=on, actor=self._actor(actor, self.seller), **meta))

    def close(self, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        return self.apply(ev.DealClosed(date=on, actor=self._actor(actor, self.seller), **meta))

    def terminate(self, *, on: _dt.date | str, reason: str = "", actor: str | None = None, **meta: Any) -> list[Change]:
        return self.apply(ev.DealTerminated(date=on, actor=self._actor(actor, self.seller), reason=reason, **meta))

    def meet_condition(
        self, condition: Condition, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        return self.apply(ev.ConditionMet(date=on, actor=self._actor(actor, self.seller), condition=condition, **meta))

    def require_gate(
        self, regulator: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        return self.apply(ev.GateRequired(date=on, actor=self._actor(actor, regulator), regulator=regulator, **meta))

    def waive_gate(self, regulator: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        return self.apply(ev.GateWaived(date=on, actor=self._actor(actor, regulator), regulator=regulator, **meta))

    def open_review(
        self,
        regulator: str,
        *,
        days: int,
        on: _dt.date | str,
        business_days: bool = False,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        return self.apply(
            ev.ReviewOpened(
                date=on,
                actor=self._actor(actor, regulator),
                regulator=regulator,
                days=days,
                business_days=business_days,
                **meta,
            )
        )

    def extend_review(
        self, regulator: str, *, days: int, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        return self.apply(
            ev.ReviewExtended(date=on, actor=self._actor(actor, regulator), regulator=regulator, days=days, **meta)
        )

    def approve(
        self,
        regulator: str,
        *,
        on: _dt.date | str,
        conditions: Iterable[Condition] = (),
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Approve the current terms, on ``conditions`` if any are given."""
        who = self._actor(actor, regulator)
        conds = frozenset(conditions)
        if conds:
            return self.apply(
                ev.ConditionallyApproved(date=on, actor=who, regulator=regulator, conditions=conds, **meta)
            )
        return self.apply(ev.Approved(date=on, actor=who, regulator=regulator, **meta))

    def block(
        self, regulator: str, *, on: _dt.date | str, reason: str = "", actor: str | None = None, **meta: Any
    ) -> list[Change]:
        return self.apply(
            ev.Blocked(date=on, actor=self._actor(actor, regulator), regulator=regulator, reason=reason, **meta)
        )

    def enact(
        self, regulator: str, name: str, rule: Rule, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        return self.apply(
            ev.RuleEnacted(
                date=on, actor=self._actor(actor, regulator), regulator=regulator, name=name, rule=rule, **meta
            )
        )

    def repeal(
        self, regulator: str, name: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        return self.apply(
            ev.RuleRepealed(date=on, actor=self._actor(actor, regulator), regulator=regulator, name=name, **meta)
        )

    def issue_mandate(
        self,
        mandate: str,
        *,
        issuer: str,
        deadline: _dt.date | str,
        on: _dt.date | str,
        extension_cap_days: int = 0,
        one_time_extension: bool = False,
        description: str = "",
        **meta: Any,
    ) -> list[Change]:
        return self.apply(
            ev.MandateIssued(
                date=on,
                actor=issuer,
                mandate=mandate,
                deadline=deadline,
                extension_cap_days=extension_cap_days,
                one_time_extension=one_time_extension,
                description=description,
                **meta,
            )
        )

    def _issuer(self, mandate: str, actor: str | None) -> str:
        return actor if actor is not None else self._mandate(mandate).issuer

    def extend_deadline(
        self, mandate: str, *, to: _dt.date | str, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        return self.apply(
            ev.DeadlineExtended(date=on, actor=self._issuer(mandate, actor), mandate=mandate, to=to, **meta)
        )

    def pause_enforcement(
        self, mandate: str, *, until: _dt.date | str, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        return self.apply(
            ev.EnforcementPaused(date=on, actor=self._issuer(mandate, actor), mandate=mandate, until=until, **meta)
        )

    def enjoin(self, mandate: str, *, court: str, on: _dt.date | str, **meta: Any) -> list[Change]:
        return self.apply(ev.Enjoined(date=on, actor=court, mandate=mandate, **meta))

    def lift_injunction(self, mandate: str, *, court: str, on: _dt.date | str, **meta: Any) -> list[Change]:
        return self.apply(ev.InjunctionLifted(date=on, actor=court, mandate=mandate, **meta))

    def lapse(self, mandate: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        return self.apply(ev.MandateLapsed(date=on, actor=self._issuer(mandate, actor), mandate=mandate, **meta))

    def enforce(self, mandate: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        return self.apply(ev.MandateEnforced(date=on, actor=self._issuer(mandate, actor), mandate=mandate, **meta))

    def revoke(self, mandate: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        return self.apply(ev.MandateRevoked(date=on, actor=self._issuer(mandate, actor), mandate=mandate, **meta))

    def qualify(self, mandate: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """Determine the current terms a qualified divestiture under ``mandate``."""
        return self.apply(ev.DivestitureQualified(date=on, actor=self._issuer(mandate, actor), mandate=mandate, **meta))

    def say(self, text: str, *, actor: str, on: _dt.date | str, label: str = "statement", **meta: Any) -> list[Change]:
        """Record a statement or signal that changes no state."""
        return self.apply(ev.Statement(date=on, actor=actor, text=text, label=label, **meta))


_RESETTABLE = frozenset({"under_review", "approved", "conditionally_approved", "blocked"})


@guard("approvals_hold")
def _approvals_hold(deal: Deal) -> bool:
    return not deal.blockers()


def replay(events: Iterable[ev.Event]) -> Deal:
    """Rebuild a deal from its events."""
    deal = Deal()
    for event in events:
        deal.apply(event)
    return deal


# ---------------------------------------------------------------------- handlers
# Each handler checks everything first, then changes state: nothing can fail
# after the first change.

Handler = Callable[[Deal, Any, int], None]
_HANDLERS: dict[type[ev.Event], Handler] = {}


def _on(cls: type[ev.Event]) -> Callable[[Handler], Handler]:
    def deco(func: Handler) -> Handler:
        _HANDLERS[cls] = func
        return func

    return deco


@_on(ev.DealOpened)
def _opened(deal: Deal, e: ev.DealOpened, i: int) -> None:
    if deal.state is not None:
        raise RefusedEvent("the deal is open already", fix="open a new Deal")
    parties = {p.name: p for p in e.parties}
    if e.actor not in parties:
        raise UnknownParty(f"unknown actor {e.actor!r}", field="actor", fix="declare the actor among the parties")
    seller = parties.get(e.seller)
    if seller is None:
        raise UnknownParty(f"seller {e.seller!r} is not among the parties", field="seller", fix="declare the seller")
    for reg in e.regulators:
        p = parties.get(reg)
        if p is None or p.role is not Role.REGULATOR:
            raise UnknownParty(
                f"{reg!r} is not a declared regulator", field="regulators", fix="declare it with role regulator"
            )
    deal.target, deal.seller, deal._parties = e.target, e.seller, parties
    deal.state = "open"
    deal.history.append(Change(e.date, i, "deal", None, "open"))
    required = set(e.regulators)
    for p in e.parties:
        if p.role is Role.REGULATOR:
            _new_gate(deal, p.name, "pending" if p.name in required else "not_required", e.date, i)


def _new_gate(deal: Deal, regulator: str, state: str, date: _dt.date, i: int) -> None:
    deal._gates[regulator] = _Gate(regulator, state)
    deal.history.append(Change(date, i, f"gate {regulator}", None, state))


@_on(ev.PartyJoined)
def _joined(deal: Deal, e: ev.PartyJoined, i: int) -> None:
    if e.party.name in deal._parties:
        raise RefusedEvent(f"{e.party.name} is a party already", field="party", fix="declare each party once")
    deal._parties[e.party.name] = e.party
    if e.party.role is Role.REGULATOR:
        _new_gate(deal, e.party.name, "not_required", e.date, i)


def _bid_party(deal: Deal, e: ev.Event, bidders: tuple[str, ...]) -> None:
    """Only the seller and the bid's own bidders act on a bid."""
    if e.actor != deal.seller and e.actor not in bidders:
        allowed = ", ".join((deal.seller, *bidders))
        msg = f"{e.actor} is neither the seller nor a bidder of this bid"
        raise RefusedEvent(msg, field="actor", fix=f"the actor must be one of: {allowed}")


@_on(ev.BidSubmitted)
def _submitted(deal: Deal, e: ev.BidSubmitted, i: int) -> None:
    if e.bid in deal._bids:
        raise RefusedEvent(
            f"bid {e.bid!r} exists already", field="bid", fix="revise it, or name the new bid differently"
        )
    for name in e.bidders:
        deal._party(name, "bidders")
    if deal.seller in e.bidders:
        raise InputError("the seller cannot bid for its own business", field="bidders", fix="name the buyers")
    if e.actor not in e.bidders:
        msg = f"{e.actor} submits a bid it is not part of"
        raise RefusedEvent(msg, field="actor", fix=f"the actor must be one of the bidders: {', '.join(e.bidders)}")
    deal._check_terms(e.terms)
    _check("deal", "bid", deal.state or "", "the deal", "receive a bid")
    if type(deal._bids) is not dict:
        deal._bids = {}
    deal._bids[e.bid] = _Bid(e.bid, e.bidders, e.terms)
    deal.history.append(Change(e.date, i, f"bid {e.bid}", None, "submitted"))
    deal._move("deal", deal, "bid", "deal", e.date, i)


@_on(ev.BidRevised)
def _revised(deal: Deal, e: ev.BidRevised, i: int) -> None:
    bid = deal._bid(e.bid)
    for name in e.bidders or ():
        deal._party(name, "bidders")
    _bid_party(deal, e, bid.bidders + (e.bidders or ()))
    if e.terms is not None:
        deal._check_terms(e.terms)
    _check("bid", "revise", bid.state, f"bid {bid.bid!r}", "be revised")
    if e.terms is not None:
        bid.terms = e.terms
    if e.bidders is not None:
        bid.bidders = e.bidders
    deal._move("bid", bid, "revise", f"bid {bid.bid}", e.date, i)


@_on(ev.BidRejected)
def _rejected(deal: Deal, e: ev.BidRejected, i: int) -> None:
    bid = deal._bid(e.bid)
    _bid_party(deal, e, bid.bidders)
    _check("bid", "reject", bid.state, f"bid {bid.bid!r}", "be rejected")
    deal._move("bid", bid, "reject", f"bid {bid.bid}", e.date, i)


@_on(ev.BidWithdrawn)
def _withdrawn(deal: Deal, e: ev.BidWithdrawn, i: int) -> None:
    bid = deal._bid(e.bid)
    _bid_party(deal, e, bid.bidders)
    _check("bid", "withdraw", bid.state, f"bid {bid.bid!r}", "be withdrawn")
    reopen = bid.state == "accepted" and deal.state == "agreed" and deal.terms == bid.terms
    if bid.state == "accepted" and deal.state == "signed":
        raise RefusedEvent("the deal is signed on this bid", fix="terminate the deal instead")
    deal._move("bid", bid, "withdraw", f"bid {bid.bid}", e.date, i)
    if reopen:
        deal._move("deal", deal, "reopen", "deal", e.date, i)


@_on(ev.BidAccepted)
def _accepted(deal: Deal, e: ev.BidAccepted, i: int) -> None:
    bid = deal._bid(e.bid)
    _bid_party(deal, e, bid.bidders)
    _check("bid", "accept", bid.state, f"bid {bid.bid!r}", "be accepted")
    other = next((b.bid for b in deal._bids.values() if b.state == "accepted"), None)
    if other is not None:
        msg = f"bid {other!r} is accepted already: at most one bid is accepted at a time"
        raise RefusedEvent(msg, fix=f"withdraw bid {other!r} first")
    _check("deal", "agree", deal.state or "", "the deal", "agree on a bid")
    deal._move("bid", bid, "accept", f"bid {bid.bid}", e.date, i)
    deal._set_terms(bid.terms, e.date, i)
    deal._move("deal", deal, "agree", "deal", e.date, i)


@_on(ev.TermsProposed)
def _proposed(deal: Deal, e: ev.TermsProposed, i: int) -> None:
    deal._check_terms(e.terms)
    _check("deal", "propose", deal.state or "", "the deal", "take new terms")
    deal._set_terms(e.terms, e.date, i)
    deal._move("deal", deal, "propose", "deal", e.date, i)


@_on(ev.TermsAgreed)
def _agreed(deal: Deal, e: ev.TermsAgreed, i: int) -> None:
    if e.terms is not None:
        deal._check_terms(e.terms)
    elif deal.terms is None:
        raise RefusedEvent("there are no terms to agree on", field="terms", fix="give the terms agreed")
    _check("deal", "agree", deal.state or "", "the deal", "agree")
    if e.terms is not None:
        deal._set_terms(e.terms, e.date, i)
    deal._move("deal", deal, "agree", "deal", e.date, i)


def _approvals(deal: Deal, what: str) -> None:
    problems = deal.blockers()
    if problems:
        rule = f"cannot {what}: " + "; ".join(problems)
        raise RefusedEvent(
            rule + " (every required gate must approve the exact terms, with every condition met)",
            fix="obtain the approvals of these terms and meet their conditions first, or waive gates no longer required",
        )


@_on(ev.DealSigned)
def _signed(deal: Deal, e: ev.DealSigned, i: int) -> None:
    _check("deal", "sign", deal.state or "", "the deal", "be signed")
    _approvals(deal, "sign")
    deal._move("deal", deal, "sign", "deal", e.date, i)


@_on(ev.DealClosed)
def _closed(deal: Deal, e: ev.DealClosed, i: int) -> None:
    _check("deal", "close", deal.state or "", "the deal", "be closed")
    _approvals(deal, "close")
    deal._move("deal", deal, "close", "deal", e.date, i)
    for m in deal._mandates.values():
        if (
            m.qualified_terms is not None
            and m.qualified_terms == deal.terms
            and m.state not in MACHINES["mandate"].finals
        ):
            deal._move("mandate", m, "satisfy", f"mandate {m.mandate}", e.date, i)


@_on(ev.DealTerminated)
def _terminated(deal: Deal, e: ev.DealTerminated, i: int) -> None:
    _check("deal", "terminate", deal.state or "", "the deal", "be terminated")
    deal._move("deal", deal, "terminate", "deal", e.date, i)


@_on(ev.ConditionMet)
def _met(deal: Deal, e: ev.ConditionMet, i: int) -> None:
    if e.condition in deal._met:
        raise RefusedEvent(f"condition {e.condition} is met already", field="condition", fix="record it once")
    if type(deal._met) is not set:
        deal._met = set()
    deal._met.add(e.condition)


@_on(ev.GateRequired)
def _required(deal: Deal, e: ev.GateRequired, i: int) -> None:
    deal._party(e.regulator, "regulator", Role.REGULATOR)
    gate = deal._gate(e.regulator)
    _check("gate", "require", gate.state, f"{e.regulator}'s gate", "be required")
    deal._move("gate", gate, "require", f"gate {e.regulator}", e.date, i)


@_on(ev.GateWaived)
def _waived(deal: Deal, e: ev.GateWaived, i: int) -> None:
    gate = deal._gate(e.regulator)
    _check("gate", "waive", gate.state, f"{e.regulator}'s gate", "be waived")
    deal._move("gate", gate, "waive", f"gate {e.regulator}", e.date, i)


@_on(ev.ReviewOpened)
def _review(deal: Deal, e: ev.ReviewOpened, i: int) -> None:
    gate = deal._gate(e.regulator)
    _check("gate", "open_review", gate.state, f"{e.regulator}'s gate", "open a review")
    deal._move("gate", gate, "open_review", f"gate {e.regulator}", e.date, i)
    gate.review_due = add_days(e.date, e.days, business=e.business_days)
    gate.business = e.business_days
    gate.terms = deal.terms


@_on(ev.ReviewExtended)
def _review_extended(deal: Deal, e: ev.ReviewExtended, i: int) -> None:
    gate = deal._gate(e.regulator)
    _check("gate", "extend_review", gate.state, f"{e.regulator}'s gate", "extend a review")
    deal._move("gate", gate, "extend_review", f"gate {e.regulator}", e.date, i)
    assert gate.review_due is not None
    gate.review_due = add_days(gate.review_due, e.days, business=gate.business)


def _decide(trigger: str, what: str) -> Handler:
    def handler(deal: Deal, e: Any, i: int) -> None:
        gate = deal._gate(e.regulator)
        if deal.terms is None:
            raise RefusedEvent(
                f"{e.regulator} cannot {what}: an approval is of specific terms and none are proposed",
                fix="propose terms (terms_proposed or a bid) first",
            )
        _check("gate", trigger, gate.state, f"{e.regulator}'s gate", what)
        deal._move("gate", gate, trigger, f"gate {e.regulator}", e.date, i)
        gate.terms = deal.terms
        gate.conditions = getattr(e, "conditions", frozenset())
        gate.decided_on = e.date

    return handler


_on(ev.Approved)(_decide("approve", "approve"))
_on(ev.ConditionallyApproved)(_decide("approve_with_conditions", "approve with conditions"))
_on(ev.Blocked)(_decide("block", "block"))


@_on(ev.RuleEnacted)
def _enacted(deal: Deal, e: ev.RuleEnacted, i: int) -> None:
    deal._party(e.regulator, "regulator", Role.REGULATOR)
    in_force = deal._rules.get(e.regulator, {})
    if e.name in in_force:
        raise RefusedEvent(
            f"{e.regulator} has a rule {e.name!r} in force already",
            field="name",
            fix="repeal it first or choose another name",
        )
    gate = deal._gates[e.regulator]
    if type(deal._rules) is not dict:
        deal._rules = {}
    deal._rules.setdefault(e.regulator, {})[e.name] = (e.rule, e.date)
    if gate.state == "not_required":
        deal._move("gate", gate, "require", f"gate {e.regulator}", e.date, i)


@_on(ev.RuleRepealed)
def _repealed(deal: Deal, e: ev.RuleRepealed, i: int) -> None:
    in_force = deal._rules.get(e.regulator, {})
    if e.name not in in_force:
        known = ", ".join(in_force) or "none"
        raise RefusedEvent(
            f"{e.regulator} has no rule {e.name!r} in force", field="name", fix=f"rules in force: {known}"
        )
    del in_force[e.name]
    if not in_force:
        del deal._rules[e.regulator]


@_on(ev.MandateIssued)
def _issued(deal: Deal, e: ev.MandateIssued, i: int) -> None:
    if e.mandate in deal._mandates:
        raise RefusedEvent(
            f"mandate {e.mandate!r} exists already", field="mandate", fix="name the new mandate differently"
        )
    if e.deadline < e.date:
        raise InputError(
            f"deadline {e.deadline} is before the order of {e.date}", field="deadline", fix="give a later deadline"
        )
    if type(deal._mandates) is not dict:
        deal._mandates = {}
    deal._mandates[e.mandate] = _Mandate(e)
    deal.history.append(Change(e.date, i, f"mandate {e.mandate}", None, "in_force"))


@_on(ev.DeadlineExtended)
def _extended(deal: Deal, e: ev.DeadlineExtended, i: int) -> None:
    m = deal._mandate(e.mandate)
    _check("mandate", "extend", m.state, f"mandate {m.mandate!r}", "be extended")
    if e.to <= m.deadline:
        raise RefusedEvent(
            f"{e.to} is not after the deadline {m.deadline}", field="to", fix=f"extend to a date after {m.deadline}"
        )
    if m.one_time and m.extensions:
        raise RefusedEvent(
            f"mandate {m.mandate!r} allows one extension and it was used (deadline {m.deadline})",
            field="to",
            fix="pause enforcement (enforcement_paused) or let the mandate lapse",
        )
    used = (e.to - m.original).days
    if used > m.cap:
        raise RefusedEvent(
            f"extensions would add {used} days to {m.original}; at most {m.cap} are allowed in all",
            field="to",
            fix=f"extend to {add_days(m.original, m.cap)} at the latest"
            if m.cap
            else "this mandate allows no extension",
        )
    deal._move("mandate", m, "extend", f"mandate {m.mandate}", e.date, i)
    m.deadline = e.to
    m.extensions += 1


@_on(ev.EnforcementPaused)
def _paused(deal: Deal, e: ev.EnforcementPaused, i: int) -> None:
    m = deal._mandate(e.mandate)
    _check("mandate", "suspend", m.state, f"mandate {m.mandate!r}", "have its enforcement paused")
    if e.until <= e.date:
        raise InputError(
            f"pause until {e.until} ends before it starts", field="until", fix=f"give a date after {e.date}"
        )
    deal._move("mandate", m, "suspend", f"mandate {m.mandate}", e.date, i)
    m.paused_until = e.until


def _mandate_step(trigger: str, what: str, due: bool = False) -> Handler:
    def handler(deal: Deal, e: Any, i: int) -> None:
        m = deal._mandate(e.mandate)
        _check("mandate", trigger, m.state, f"mandate {m.mandate!r}", what)
        if due and e.date < m.deadline:
            raise RefusedEvent(
                f"the deadline {m.deadline} has not passed", field="date", fix=f"date it {m.deadline} or later"
            )
        if due and trigger == "enforce" and m.paused_until is not None and e.date < m.paused_until:
            raise RefusedEvent(
                f"enforcement is paused until {m.paused_until}", field="date", fix=f"date it {m.paused_until} or later"
            )
        deal._move("mandate", m, trigger, f"mandate {m.mandate}", e.date, i)

    return handler


_on(ev.Enjoined)(_mandate_step("enjoin", "be enjoined"))
_on(ev.InjunctionLifted)(_mandate_step("lift", "have an injunction lifted"))
_on(ev.MandateLapsed)(_mandate_step("lapse", "lapse", due=True))
_on(ev.MandateEnforced)(_mandate_step("enforce", "be enforced", due=True))
_on(ev.MandateRevoked)(_mandate_step("revoke", "be revoked"))


@_on(ev.DivestitureQualified)
def _qualified(deal: Deal, e: ev.DivestitureQualified, i: int) -> None:
    m = deal._mandate(e.mandate)
    if m.state in MACHINES["mandate"].finals:
        raise RefusedEvent(f"mandate {m.mandate!r} is {m.state}", field="mandate", fix="name a mandate in force")
    if deal.terms is None:
        raise RefusedEvent("no terms are proposed", field="terms", fix="propose the terms first")
    m.qualified_terms = deal.terms


@_on(ev.Statement)
def _statement(deal: Deal, e: ev.Statement, i: int) -> None:
    return None


_UNHANDLED = set(ev.EVENT_TYPES.values()) - set(_HANDLERS)
assert not _UNHANDLED, _UNHANDLED
