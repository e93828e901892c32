"""The deal's own lifecycle: its machine (open → negotiating → agreed → signed →
closed, or terminated), the handlers of opening, parties joining, terms proposed
and agreed, signing, closing, termination, conditions met and statements, the
``approvals_hold`` guard and the sugar methods for them."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from . import _events as ev
from ._concepts import AFTER_CLOSE, PARTY_ADDED, Change, DealMethods, check, on
from ._errors import RefusedEvent, UnknownParty
from ._machines import MachineSpec, guard, many, register_machine
from ._values import Condition, Role, Terms

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["DEAL", "LifecycleMethods"]

DEAL = register_machine(
    MachineSpec(
        "deal",
        ("open", "negotiating", "agreed", "signed", "closed", "terminated", "withdrawn", "abandoned"),
        "open",
        frozenset({"closed", "terminated", "withdrawn", "abandoned"}),
        tuple(
            many("bid", "open", "negotiating")
            + many("bid", "negotiating agreed")
            + many("propose", "open negotiating agreed", "negotiating")
            + many("agree", "open negotiating", "agreed")
            + many("agree", "agreed")
            + many("reopen", "agreed", "negotiating")
            + many("sign", "agreed", "signed")
            + many("close", "signed", "closed")
            + many("terminate", "open negotiating agreed signed", "terminated")
            + many("withdraw", "open negotiating", "withdrawn")
            + many("abandon", "agreed signed", "abandoned")
        ),
        # invariant 1: signing needs agreed terms only; closing needs every clearance,
        # condition precedent and no closing blocker (each concept's, see _concepts)
        guards={"sign": ("terms_agreed",), "close": ("approvals_hold",)},
    )
)


def _approvals_hold(deal: Deal) -> bool:
    return not deal.blockers()


guard("approvals_hold")(_approvals_hold)


def _terms_agreed(deal: Deal) -> bool:
    return deal.terms is not None


guard("terms_agreed")(_terms_agreed)


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
        for hook in PARTY_ADDED:
            hook(deal, p, p.name in required, e.date, i)


on(ev.DealOpened)(_opened)


def _joined(deal: Deal, e: ev.PartyJoined, i: int) -> None:
    if e.party.name in deal._parties:
        raise RefusedEvent(f"{e.party.name} is a party already", field="party", fix="declare each party once")
    deal._parties[e.party.name] = e.party
    for hook in PARTY_ADDED:
        hook(deal, e.party, False, e.date, i)


on(ev.PartyJoined)(_joined)


def _proposed(deal: Deal, e: ev.TermsProposed, i: int) -> None:
    deal._check_terms(e.terms)
    check("deal", "propose", deal.state or "", "the deal", "take new terms")
    deal._set_terms(e.terms, e.date, i)
    deal._move("deal", deal, "propose", "deal", e.date, i)


on(ev.TermsProposed)(_proposed)


def _agreed(deal: Deal, e: ev.TermsAgreed, i: int) -> None:
    if e.terms is not None:
        deal._check_terms(e.terms)
    elif deal.terms is None:
        raise RefusedEvent("there are no terms to agree on", field="terms", fix="give the terms agreed")
    check("deal", "agree", deal.state or "", "the deal", "agree")
    if e.terms is not None:
        deal._set_terms(e.terms, e.date, i)
    deal._move("deal", deal, "agree", "deal", e.date, i)


on(ev.TermsAgreed)(_agreed)


def _approvals(deal: Deal, what: str) -> None:
    problems = deal.blockers()
    if problems:
        rule = f"cannot {what}: " + "; ".join(problems)
        raise RefusedEvent(
            rule + " (every required gate must clear the exact terms, every condition precedent be met or waived,"
            " and nothing bar the close)",
            fix="obtain the clearances of these terms, meet or waive the conditions precedent and lift what bars "
            "the close first, or waive gates no longer required",
        )


def _closed(deal: Deal, e: ev.DealClosed, i: int) -> None:
    check("deal", "close", deal.state or "", "the deal", "be closed")
    _approvals(deal, "close")
    deal._move("deal", deal, "close", "deal", e.date, i)
    for hook in AFTER_CLOSE:
        hook(deal, e.date, i)


on(ev.DealClosed)(_closed)


def _met(deal: Deal, e: ev.ConditionMet, i: int) -> None:
    if e.condition in deal._met:
        raise RefusedEvent(f"condition {e.condition} is met already", field="condition", fix="record it once")
    if type(deal._met) is not set:
        deal._met = set()
    deal._met.add(e.condition)


on(ev.ConditionMet)(_met)


def _statement(deal: Deal, e: ev.Statement, i: int) -> None:
    return None


on(ev.Statement)(_statement)


class LifecycleMethods(DealMethods):
    """Sugar for the deal's lifecycle: each method builds one event and applies it."""

    __slots__ = ()

    def restructure(self, terms: Terms, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """Put new terms under negotiation (for instance a sale becoming a partnership)."""
        return self.apply(ev.TermsProposed(date=on, actor=self._actor(actor, self.seller), terms=terms, **meta))

    def agree(
        self, terms: Terms | None = None, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Agree on ``terms`` (or on the terms under negotiation): the deal becomes ``agreed``."""
        return self.apply(ev.TermsAgreed(date=on, actor=self._actor(actor, self.seller), terms=terms, **meta))

    def close(self, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """Close the signed deal; refused while an approval, a condition or an order still bars it."""
        return self.apply(ev.DealClosed(date=on, actor=self._actor(actor, self.seller), **meta))

    def meet_condition(
        self, condition: Condition, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Record that ``condition`` (of an approval or of the terms) is met."""
        return self.apply(ev.ConditionMet(date=on, actor=self._actor(actor, self.seller), condition=condition, **meta))

    def say(self, text: str, *, actor: str, on: _dt.date | str, label: str = "statement", **meta: Any) -> list[Change]:
        """Record a statement or signal that changes no state."""
        return self.apply(ev.Statement(date=on, actor=actor, text=text, label=label, **meta))
