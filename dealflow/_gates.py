"""Approval gates and the rules regulators enact: one gate per regulator with its
own machine (not required / pending → under review → approved, conditionally
approved or blocked), the handlers of gate, decision and rule events, the gates'
closing blockers and their reaction to a change of terms."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from . import _events as ev
from ._calendar import add_days
from ._concepts import (
    CONDITION_CHECKS,
    EMPTY_SET,
    Change,
    DealMethods,
    Handler,
    bid_revised,
    check,
    closing_blocker,
    on,
    party_added,
    terms_changed,
    touched,
    withdrawal_reason,
)
from ._errors import RefusedEvent, UnknownParty
from ._machines import MachineSpec, many, register_machine
from ._rules import Rule, condition_met_by
from ._values import Condition, Party, Role, Terms

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["GATE", "RESETTABLE", "EnactedRule", "GateMethods", "GateStatus"]

GATE = register_machine(
    MachineSpec(
        "gate",
        ("not_required", "pending", "under_review", "approved", "conditionally_approved", "blocked"),
        "pending",
        frozenset({"not_required", "approved", "conditionally_approved", "blocked"}),
        tuple(
            many("require", "not_required", "pending")
            + many("waive", "pending under_review", "not_required")
            + many("open_review", "pending", "under_review")
            + many("extend_review", "under_review")
            + many("approve", "pending under_review", "approved")
            + many("approve_with_conditions", "pending under_review", "conditionally_approved")
            + many("block", "pending under_review", "blocked")
            + many("reset", "under_review approved conditionally_approved blocked", "pending")
        ),
    )
)

# the gate states a change of terms sends back to pending
RESETTABLE = frozenset({"under_review", "approved", "conditionally_approved", "blocked"})


@attrs.frozen
class GateStatus:
    """Where one regulator's approval gate stands (in :meth:`Deal.gate` and :attr:`Status.gates`).

    Attributes:
        regulator: the regulator.
        state: not_required, pending, under_review, approved, conditionally_approved or blocked.
        terms: the terms the review or the decision is of (None before any).
        conditions: the conditions of a conditional approval.
        review_due: the day the review clock runs out, while under review.
        decided_on: the day of the decision.
        business_days: true when the review clock counts business days.
        review: the kind of review (``gate_scoped``): competition, investment, export,
            shareholders, all or custom.
        scopes: what the gate reviews: a change of terms elsewhere keeps its decision.
        bid: the offer it reviews, when that offer is not (yet) the deal's terms.
    """

    regulator: str
    state: str
    terms: Terms | None
    conditions: frozenset[Condition]
    review_due: _dt.date | None
    decided_on: _dt.date | None
    business_days: bool = False  # the review clock counts business days
    review: str = "all"  # the kind of review (GateScoped): competition, investment, export...
    scopes: tuple[str, ...] = ev.SCOPES  # what it reviews: a change elsewhere keeps its decision
    bid: str = ""  # the offer it reviews, when that offer is not (yet) the deal's terms


@attrs.frozen
class EnactedRule:
    """A rule in force: who enacted it, under which name, and since when.

    Attributes:
        regulator: the regulator whose rule it is.
        name: the name it was enacted under.
        rule: the rule.
        enacted_on: the day it came into force.
    """

    regulator: str
    name: str
    rule: Rule
    enacted_on: _dt.date


class _Gate:
    __slots__ = (
        "bid",
        "business",
        "conditions",
        "decided_on",
        "regulator",
        "review",
        "review_due",
        "scopes",
        "state",
        "terms",
    )

    def __init__(self, regulator: str, state: str) -> None:
        self.review = "all"
        self.scopes: tuple[str, ...] = ev.SCOPES
        self.bid = ""
        self.regulator = regulator
        self.state = state
        self.terms: Terms | None = None
        self.conditions: frozenset[Condition] = EMPTY_SET  # one shared empty set: fewer objects per deal
        self.review_due: _dt.date | None = None
        self.business = False
        self.decided_on: _dt.date | None = None

    def status(self) -> GateStatus:
        return GateStatus(
            self.regulator,
            self.state,
            self.terms,
            self.conditions,
            self.review_due,
            self.decided_on,
            self.business,
            self.review,
            self.scopes,
            self.bid,
        )


def gate_of(gates: dict[str, _Gate], regulator: str) -> _Gate:
    gate = gates.get(regulator)
    if gate is None:
        known = ", ".join(gates) or "none"
        raise UnknownParty(f"no gate for {regulator!r}", field="regulator", fix=f"use one of: {known}")
    return gate


def _new_gate(deal: Deal, party: Party, required: bool, date: _dt.date, i: int) -> None:
    """Every regulator has a gate, pending when required from the opening, else not required."""
    if party.role is not Role.REGULATOR:
        return
    state = "pending" if required else "not_required"
    deal._gates[party.name] = _Gate(party.name, state)
    deal.history.append(Change(date, i, f"gate {party.name}", None, state))


party_added(_new_gate)


def _checked(deal: Deal, cond: Condition) -> bool:
    """Whether a concept's condition check finds ``cond`` met by the deal's state."""
    return any(met(deal, cond) for met in CONDITION_CHECKS)


def _gates_block(deal: Deal) -> list[str]:
    """Every required gate must have approved the current terms, with its conditions met."""
    out = []
    terms = deal.terms
    for gate in deal._gates.values():
        if gate.state == "not_required":
            continue
        if gate.state not in ("approved", "conditionally_approved"):
            out.append(f"{gate.regulator} has not approved (its gate is {gate.state})")
        elif gate.terms != terms:
            out.append(f"{gate.regulator} approved other terms")
        elif terms is not None:
            for cond in sorted(gate.conditions):
                if cond not in deal._met and not condition_met_by(terms, cond) and not _checked(deal, cond):
                    out.append(f"{gate.regulator}'s condition {cond} is not met")
    return out


closing_blocker(_gates_block)


def _rescope(
    deal: Deal, gate: _Gate, terms: Terms, date: _dt.date, i: int, seen: dict[int, dict[str, str]] | None = None
) -> None:
    """``gate``'s review or decision meets new ``terms``: it lapses if the change
    touches one of its scopes (the history says which), else it carries over.
    ``seen`` keeps what a change touched, by the old terms, for the other gates."""
    old = gate.terms
    if old is None:
        # a review opened before any terms existed (CFIUS's 2019 review) now reviews these
        gate.terms = terms
        return
    hit = seen.get(id(old)) if seen is not None else None
    if hit is None:
        if old is terms or old == terms:
            return  # (a gate whose terms are in ``seen`` had terms other than these)
        hit = touched(old, terms)
        if seen is not None:
            seen[id(old)] = hit  # every gate's terms were alive when the loop began: ids are distinct
    reason = withdrawal_reason(gate.scopes, hit)  # empty when the change touches none of its scopes
    if reason:
        deal._move("gate", gate, "reset", f"gate {gate.regulator}", date, i, reason)
        gate.terms = None
        gate.conditions = EMPTY_SET
        gate.review_due = None
        gate.decided_on = None
        gate.bid = ""
    else:
        gate.terms = terms


def _reset_gates(deal: Deal, old: Terms | None, terms: Terms, date: _dt.date, i: int) -> None:
    """Approvals, blocks and reviews of other terms lapse when the change touches their scope."""
    seen: dict[int, dict[str, str]] = {}
    for gate in deal._gates.values():
        if gate.state not in RESETTABLE:
            continue
        if gate.bid:
            bid = deal._bids.get(gate.bid)
            if bid is not None and bid.state != "accepted":
                continue  # it reviews an offer, not the deal's terms
            gate.bid = ""
        _rescope(deal, gate, terms, date, i, seen)


terms_changed(_reset_gates)


def _bid_revised(deal: Deal, name: str, terms: Terms, date: _dt.date, i: int) -> None:
    """A new round of offer ``name``: the reviews and decisions of it meet its new terms."""
    for gate in deal._gates.values():
        if gate.bid == name and gate.state in RESETTABLE:
            _rescope(deal, gate, terms, date, i)
            if gate.state != "pending":
                gate.bid = name


bid_revised(_bid_revised)


def _terms_reviewed(deal: Deal, e: Any, what: str) -> Terms:
    """The terms of offer ``e.bid`` that a review or decision is of (one naming no
    offer is of the deal's terms: its handler reads them itself)."""
    bid = deal._bids.get(e.bid)
    if bid is None:
        known = ", ".join(deal._bids) or "none yet"
        raise UnknownParty(f"unknown bid {e.bid!r}", field="bid", fix=f"use one of: {known}")
    if bid.state in ("withdrawn", "accepted"):
        raise RefusedEvent(
            f"bid {e.bid!r} is {bid.state}: {e.regulator} cannot {what} it as an offer",
            field="bid",
            fix="review the deal's terms (leave bid empty), or a live offer",
        )
    return bid.terms


def _scoped(deal: Deal, e: ev.GateScoped, i: int) -> None:
    deal._party(e.regulator, "regulator", Role.REGULATOR)
    gate = gate_of(deal._gates, e.regulator)
    gate.review = e.review or "custom"
    gate.scopes = e.scopes or ev.REVIEWS[e.review]


on(ev.GateScoped)(_scoped)


def _required(deal: Deal, e: ev.GateRequired, i: int) -> None:
    deal._party(e.regulator, "regulator", Role.REGULATOR)
    gate = gate_of(deal._gates, e.regulator)
    check("gate", "require", gate.state, f"{e.regulator}'s gate", "be required")
    deal._move("gate", gate, "require", f"gate {e.regulator}", e.date, i)


on(ev.GateRequired)(_required)


def _decider(deal: Deal, e: Any) -> None:
    """A gate is decided by its regulator, or by a government body of the regulator's own
    jurisdiction acting for it (the President for Washington): not by a party to the
    deal, nor a court, nor a foreign authority (``dealflow check``'s moves rely on it)."""
    who = deal._parties.get(e.actor)
    reg = deal._parties.get(e.regulator)
    if who is None or reg is None or who.name == reg.name:
        return
    if who.role not in (Role.REGULATOR, Role.OTHER) or who.jurisdiction != reg.jurisdiction:
        where = f" of {who.jurisdiction}" if who.jurisdiction else ""
        raise RefusedEvent(
            f"{e.actor} (a {who.role}{where}) cannot decide {e.regulator}'s gate",
            field="actor",
            fix=f"record it by {e.regulator}, or by a government body of {reg.jurisdiction or 'its jurisdiction'}",
        )


def _waived(deal: Deal, e: ev.GateWaived, i: int) -> None:
    gate = gate_of(deal._gates, e.regulator)
    _decider(deal, e)
    check("gate", "waive", gate.state, f"{e.regulator}'s gate", "be waived")
    deal._move("gate", gate, "waive", f"gate {e.regulator}", e.date, i)


on(ev.GateWaived)(_waived)


def _review(deal: Deal, e: ev.ReviewOpened, i: int) -> None:
    gate = gate_of(deal._gates, e.regulator)
    terms = _terms_reviewed(deal, e, "review") if e.bid else deal.terms
    check("gate", "open_review", gate.state, "{}'s gate", "open a review", e.regulator)
    deal._move("gate", gate, "open_review", f"gate {e.regulator}", e.date, i)
    gate.review_due = add_days(e.date, e.days, business=e.business_days)
    gate.business = e.business_days
    gate.terms = terms
    gate.bid = e.bid


on(ev.ReviewOpened)(_review)


def _review_extended(deal: Deal, e: ev.ReviewExtended, i: int) -> None:
    gate = gate_of(deal._gates, e.regulator)
    check("gate", "extend_review", gate.state, f"{e.regulator}'s gate", "extend a review")
    deal._move("gate", gate, "extend_review", f"gate {e.regulator}", e.date, i)
    assert gate.review_due is not None
    gate.review_due = add_days(gate.review_due, e.days, business=gate.business)


on(ev.ReviewExtended)(_review_extended)


def _decide(trigger: str, what: str) -> Handler:
    def handler(deal: Deal, e: Any, i: int) -> None:
        gate = gate_of(deal._gates, e.regulator)
        if e.actor != e.regulator:  # a regulator decides its own gate (the actor is a party)
            _decider(deal, e)
        terms = _terms_reviewed(deal, e, what) if e.bid else deal.terms
        if terms is None:
            raise RefusedEvent(
                f"{e.regulator} cannot {what}: an approval is of specific terms and none are proposed",
                fix="propose terms (terms_proposed or a bid) first, or name the offer (bid) decided on",
            )
        check("gate", trigger, gate.state, "{}'s gate", what, e.regulator)
        deal._move("gate", gate, trigger, f"gate {e.regulator}", e.date, i)
        gate.terms = terms
        gate.bid = e.bid
        gate.conditions = getattr(e, "conditions", EMPTY_SET)
        gate.decided_on = e.date

    return handler


on(ev.Approved)(_decide("approve", "approve"))
on(ev.ConditionallyApproved)(_decide("approve_with_conditions", "approve with conditions"))
on(ev.Blocked)(_decide("block", "block"))


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


on(ev.RuleEnacted)(_enacted)


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


on(ev.RuleRepealed)(_repealed)


class GateMethods(DealMethods):
    """Sugar for gates, decisions and rules: each method builds one event and applies it."""

    __slots__ = ()

    if TYPE_CHECKING:
        _gates: dict[str, _Gate]

    def gate(self, regulator: str) -> GateStatus:
        """The status of ``regulator``'s approval gate now."""
        return gate_of(self._gates, regulator).status()

    def scope_gate(
        self,
        regulator: str,
        review: str = "",
        *,
        scopes: Iterable[str] = (),
        on: _dt.date | str,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Declare what ``regulator``'s gate reviews: a ``review`` kind (competition,
        investment, export, shareholders, all) and/or explicit ``scopes``."""
        return self.apply(
            ev.GateScoped(
                date=on,
                actor=self._actor(actor, regulator),
                regulator=regulator,
                review=review,
                scopes=tuple(scopes),
                **meta,
            )
        )

    def require_gate(
        self, regulator: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Make ``regulator``'s approval required (its gate becomes pending)."""
        return self.apply(ev.GateRequired(date=on, actor=self._actor(actor, regulator), regulator=regulator, **meta))

    def waive_gate(self, regulator: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """Waive ``regulator``'s approval: no longer required."""
        return self.apply(ev.GateWaived(date=on, actor=self._actor(actor, regulator), regulator=regulator, **meta))

    def open_review(
        self,
        regulator: str,
        *,
        days: int,
        on: _dt.date | str,
        business_days: bool = False,
        bid: str = "",
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Open a review of the current terms, or of offer ``bid`` (not accepted)."""
        return self.apply(
            ev.ReviewOpened(
                date=on,
                actor=self._actor(actor, regulator),
                regulator=regulator,
                days=days,
                business_days=business_days,
                bid=bid,
                **meta,
            )
        )

    def extend_review(
        self, regulator: str, *, days: int, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """``regulator`` extends its review clock by ``days``."""
        return self.apply(
            ev.ReviewExtended(date=on, actor=self._actor(actor, regulator), regulator=regulator, days=days, **meta)
        )

    def approve(
        self,
        regulator: str,
        *,
        on: _dt.date | str,
        conditions: Iterable[Condition] = (),
        bid: str = "",
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Approve the current terms (or offer ``bid``'s), on ``conditions`` if any are given."""
        who = self._actor(actor, regulator)
        conds = frozenset(conditions)
        if conds:
            return self.apply(
                ev.ConditionallyApproved(date=on, actor=who, regulator=regulator, conditions=conds, bid=bid, **meta)
            )
        return self.apply(ev.Approved(date=on, actor=who, regulator=regulator, bid=bid, **meta))

    def block(
        self,
        regulator: str,
        *,
        on: _dt.date | str,
        reason: str = "",
        bid: str = "",
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Block the current terms, or offer ``bid`` (one never accepted)."""
        return self.apply(
            ev.Blocked(
                date=on, actor=self._actor(actor, regulator), regulator=regulator, reason=reason, bid=bid, **meta
            )
        )

    def enact(
        self, regulator: str, name: str, rule: Rule, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """``regulator`` puts ``rule`` in force under ``name`` from ``on``."""
        return self.apply(
            ev.RuleEnacted(
                date=on, actor=self._actor(actor, regulator), regulator=regulator, name=name, rule=rule, **meta
            )
        )

    def repeal(
        self, regulator: str, name: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """``regulator`` repeals its rule ``name`` from ``on``."""
        return self.apply(
            ev.RuleRepealed(date=on, actor=self._actor(actor, regulator), regulator=regulator, name=name, **meta)
        )
