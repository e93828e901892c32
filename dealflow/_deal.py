"""The deal: the aggregate that composes the concepts' machines, owns the clock
and the journal, and routes each event to its concept's handler.

Every change is an event (:mod:`dealflow._events`); the methods on :class:`Deal`
are sugar that build one and :meth:`Deal.apply` it.  An event is checked in full
before anything moves, so a refused event leaves the deal exactly as it was.

Each concept lives in its own module (see :mod:`dealflow._concepts` for how to
add one): :mod:`~dealflow._lifecycle` (the deal's own machine: opening, terms,
signing, closing, termination), :mod:`~dealflow._bids`, :mod:`~dealflow._gates`
(approval gates and rules) and :mod:`~dealflow._mandates`.  The concept modules
are imported below, in the order their machines are listed in ``MACHINES``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from . import _events as ev

# the concept modules, imported for their machines and handlers (the order is MACHINES' order)
from ._lifecycle import DEAL, LifecycleMethods  # isort: skip
from ._bids import BidMethods, BidStatus, _Bid  # isort: skip
from ._gates import EnactedRule, GateMethods, GateStatus, _Gate  # isort: skip
from ._mandates import MandateMethods, MandateStatus, _Mandate  # isort: skip
from ._litigation import LitigationMethods, SuitStatus, _Suit  # isort: skip
from ._orders import OrderMethods, OrderStatus, _Order  # isort: skip
from ._rights import AgreementStatus, RightsMethods, RightsStatus, _Agreement, _Rights  # isort: skip
from ._concepts import (
    CLOSING_BLOCKERS,
    EMPTY,
    EMPTY_SET,
    HANDLERS,
    POST_CLOSING,
    PRECHECKS,
    TERMS_CHANGED,
    Change,
    find,
)
from ._errors import DealflowError, InputError, RefusedEvent, UnknownParty
from ._machines import fire
from ._rules import AllOf, Rule, RuleContext, Verdict
from ._values import Condition, Party, Role, Terms, as_date

__all__ = [
    "BidStatus",
    "Change",
    "Deal",
    "EnactedRule",
    "GateStatus",
    "MandateStatus",
    "Status",
    "replay",
]


@attrs.frozen
class Status:
    """Where everything stood on ``on`` (the date of the last event applied).

    A concept adds its status as a field with a default at the end, filled in by
    :meth:`Deal.status`."""

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
    suits: tuple[SuitStatus, ...] = ()
    orders: tuple[OrderStatus, ...] = ()
    agreements: tuple[AgreementStatus, ...] = ()
    rights: tuple[RightsStatus, ...] = ()

    def bid(self, name: str) -> BidStatus:
        return find(self.bids, "bid", name, "bid")

    def gate(self, regulator: str) -> GateStatus:
        return find(self.gates, "regulator", regulator, "gate")

    def mandate(self, name: str) -> MandateStatus:
        return find(self.mandates, "mandate", name, "mandate")

    def suit(self, name: str) -> SuitStatus:
        return find(self.suits, "suit", name, "suit")

    def order(self, name: str) -> OrderStatus:
        return find(self.orders, "order", name, "order")

    def rules_of(self, regulator: str) -> tuple[EnactedRule, ...]:
        return tuple(r for r in self.rules if r.regulator == regulator)


_FINAL = DEAL.finals
_OPENED = ev.DealOpened


class Deal(LifecycleMethods, BidMethods, GateMethods, MandateMethods, LitigationMethods, OrderMethods, RightsMethods):
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

    # per-concept state: one slot each, starting as a shared empty value (EMPTY)
    # and given its own container on first write, so that idle deals stay small
    __slots__ = (
        "_agreements",
        "_bids",
        "_gates",
        "_mandates",
        "_met",
        "_orders",
        "_parties",
        "_rights",
        "_rules",
        "_suits",
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
        self._bids: dict[str, _Bid] = EMPTY
        self._gates: dict[str, _Gate] = {}
        self._mandates: dict[str, _Mandate] = EMPTY
        self._rules: dict[str, dict[str, tuple[Rule, _dt.date]]] = EMPTY
        self._met: set[Condition] = EMPTY_SET
        self._suits: dict[str, _Suit] = EMPTY
        self._orders: dict[str, _Order] = EMPTY
        self._agreements: dict[str, _Agreement] = EMPTY
        self._rights: dict[str, _Rights] = EMPTY

    # ------------------------------------------------------------------ applying

    def apply(self, event: ev.Event) -> list[Change]:
        """Apply one event and return the state changes it caused.

        Raises a :class:`DealflowError` subclass, naming the event's index and
        kind, the rule broken and what would be allowed instead; the deal is then
        exactly as it was.
        """
        handler = HANDLERS.get(type(event))
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
                if type(event) is not _OPENED:
                    msg = "the deal is not open yet"
                    raise RefusedEvent(msg, fix="start the journal with a deal_opened event")
            else:
                if self.clock is not None and event.date < self.clock:
                    msg = f"date {event.date} is before the deal's clock {self.clock}: time never runs backwards"
                    raise RefusedEvent(msg, field="date", fix=f"date it {self.clock} or later")
                if event.actor not in self._parties:
                    known = ", ".join(self._parties)
                    raise UnknownParty(f"unknown actor {event.actor!r}", field="actor", fix=f"use one of: {known}")
                if (
                    self.state in _FINAL
                    and event.changes_state
                    and not (self.state == "closed" and type(event) in POST_CLOSING)
                ):
                    msg = f"the deal is {self.state}: it accepts no further state change"
                    raise RefusedEvent(msg, fix="record a statement, or open a new deal")
                for pre in PRECHECKS:
                    pre(self, event, index)
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

    def _check_terms(self, terms: Terms) -> None:
        for s in terms.cap_table:
            if s.holder not in self._parties and s.holder not in {h.owned for h in terms.holdings}:
                known = ", ".join(self._parties)
                raise UnknownParty(f"unknown holder {s.holder!r}", field="terms.cap_table", fix=f"use one of: {known}")

    def _set_terms(self, terms: Terms, date: _dt.date, index: int) -> None:
        """Make ``terms`` current; each concept reacts (approvals of other terms lapse)."""
        if terms == self.terms:
            return
        old = self.terms
        self.terms = terms
        for hook in TERMS_CHANGED:
            hook(self, old, terms, date, index)

    # ------------------------------------------------------------------ questions

    def blockers(self) -> list[str]:
        """Why the current terms cannot be signed or closed now (empty when they can):
        each concept's closing blockers, in turn."""
        if self.terms is None:
            return ["no terms are agreed"]
        out: list[str] = []
        for blocker in CLOSING_BLOCKERS:
            out.extend(blocker(self))
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
            bids=tuple(b.status() for b in self._bids.values()),
            gates=tuple(g.status() for g in self._gates.values()),
            mandates=tuple(m.status() for m in self._mandates.values()),
            rules=tuple(
                EnactedRule(reg, name, rule, date)
                for reg, rules in self._rules.items()
                for name, (rule, date) in rules.items()
            ),
            conditions_met=frozenset(self._met),
            suits=tuple(s.status() for s in self._suits.values()),
            orders=tuple(o.status() for o in self._orders.values()),
            agreements=tuple(a.status() for a in self._agreements.values()),
            rights=tuple(r.status() for r in self._rights.values()),
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


def replay(events: Iterable[ev.Event]) -> Deal:
    """Rebuild a deal from its events."""
    deal = Deal()
    for event in events:
        deal.apply(event)
    return deal


_UNHANDLED = set(ev.EVENT_TYPES.values()) - set(HANDLERS)
assert not _UNHANDLED, _UNHANDLED
