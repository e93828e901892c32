"""The definitive agreement: signing (on agreed terms only: invariant 1), its
outside date and extensions, its conditions precedent and who may waive them,
termination under its triggers, abandonment, and the settlement that says who
owes whom what when the deal ends."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import attrs

from . import _events as ev
from ._agreement import Contract, Payment
from ._concepts import Change, DealMethods, after_close, check, closing_blocker, on
from ._errors import RefusedEvent, UnknownParty
from ._rules import condition_met_by
from ._values import Condition, Money, Role, Terms

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["ContractMethods", "ContractStatus", "settlement"]


@attrs.frozen
class ContractStatus:
    """The signed agreement: its terms as signed, when, its outside date now (after
    ``extensions``), the conditions precedent waived, and how it ended.

    Attributes:
        contract: the agreement's terms as signed.
        signed_on: the day it was signed.
        outside_date: the outside date now, after any extensions (None: none agreed).
        extensions: how many times the outside date was extended.
        waived: the conditions precedent waived.
        ended: empty while in force, else closed, terminated or abandoned.
        ended_on: the day it ended.
        trigger: the termination trigger (``mutual`` for an abandonment), if any.
    """

    contract: Contract
    signed_on: _dt.date
    outside_date: _dt.date | None
    extensions: int
    waived: frozenset[Condition]
    ended: str  # "" while in force, else closed / terminated / abandoned
    ended_on: _dt.date | None
    trigger: str  # the termination trigger, if terminated


class _Contract:
    __slots__ = ("contract", "ended", "ended_on", "extensions", "outside_date", "signed_on", "trigger", "waived")

    def __init__(self, contract: Contract, signed_on: _dt.date) -> None:
        self.contract = contract
        self.signed_on = signed_on
        self.outside_date = contract.outside_date
        self.extensions = 0
        self.waived: frozenset[Condition] = frozenset()
        self.ended = ""
        self.ended_on: _dt.date | None = None
        self.trigger = ""

    def status(self) -> ContractStatus:
        return ContractStatus(
            self.contract,
            self.signed_on,
            self.outside_date,
            self.extensions,
            self.waived,
            self.ended,
            self.ended_on,
            self.trigger,
        )


def _principals(deal: Deal) -> set[str]:
    """The parties to the agreement: the seller and the buyers of the terms."""
    out = {deal.seller}
    if deal.terms is not None:
        out |= {s.holder for s in deal.terms.cap_table if s.holder in deal._parties}
    return out


@closing_blocker
def _precedents(deal: Deal) -> list[str]:
    """Every condition precedent of the agreement is met or waived."""
    c = deal._contract
    if c is None or deal.terms is None:
        return []
    out = []
    for p in c.contract.conditions:
        cond = p.condition
        if cond in c.waived or cond in deal._met or condition_met_by(deal.terms, cond):
            continue
        out.append(f"condition precedent {cond} is neither met nor waived")
    return out


def _end(deal: Deal, how: str, date: _dt.date, trigger: str = "") -> None:
    c = deal._contract
    if c is not None and not c.ended:
        c.ended, c.ended_on, c.trigger = how, date, trigger


@after_close
def _closed(deal: Deal, date: _dt.date, i: int) -> None:
    _end(deal, "closed", date)


@on(ev.DealSigned)
def _signed(deal: Deal, e: ev.DealSigned, i: int) -> None:
    if e.terms is not None:
        deal._check_terms(e.terms)
        check("deal", "agree", deal.state or "", "the deal", "agree on the terms signed")
    else:
        check("deal", "sign", deal.state or "", "the deal", "be signed")
    contract = e.contract if e.contract is not None else Contract()
    for name in sorted(contract.parties()):
        deal._party(name, "contract")
    if contract.outside_date is not None and contract.outside_date < e.date:
        raise RefusedEvent(
            f"outside date {contract.outside_date} is before the signing on {e.date}",
            field="contract.outside_date",
            fix="give an outside date on or after the signing",
        )
    if e.terms is not None:
        deal._set_terms(e.terms, e.date, i)
        deal._move("deal", deal, "agree", "deal", e.date, i)
    deal._move("deal", deal, "sign", "deal", e.date, i)
    deal._contract = _Contract(contract, e.date)


@on(ev.DealTerminated)
def _terminated(deal: Deal, e: ev.DealTerminated, i: int) -> None:
    check("deal", "terminate", deal.state or "", "the deal", "be terminated")
    role = deal._parties[e.actor].role
    enforcer = any(m.issuer == e.actor and m.state == "enforced" for m in deal._mandates.values())
    if role in (Role.REGULATOR, Role.COURT) and not enforcer:  # they block or enjoin; the parties terminate
        msg = f"{e.actor} is a {role}: a {role} does not terminate a deal (unless enforcing its own mandate)"
        raise RefusedEvent(msg, field="actor", fix="record its decision (blocked) or its order; the parties terminate")
    c = deal._contract
    if e.trigger == "outside_date":
        if c is None or c.outside_date is None:
            raise RefusedEvent(
                "there is no outside date to terminate on",
                field="trigger",
                fix="sign an agreement with an outside date",
            )
        if e.date < c.outside_date:
            raise RefusedEvent(
                f"the outside date {c.outside_date} has not passed",
                field="trigger",
                fix=f"date it {c.outside_date} or later, or give another trigger",
            )
        principals = _principals(deal)
        if e.actor not in principals:
            raise RefusedEvent(
                f"{e.actor} is not a party to the agreement",
                field="actor",
                fix=f"either party may terminate: {', '.join(sorted(principals))}",
            )
    deal._move("deal", deal, "terminate", "deal", e.date, i)
    _end(deal, "terminated", e.date, e.trigger)


@on(ev.DealAbandoned)
def _abandoned(deal: Deal, e: ev.DealAbandoned, i: int) -> None:
    check("deal", "abandon", deal.state or "", "the deal", "be abandoned")
    deal._move("deal", deal, "abandon", "deal", e.date, i)
    _end(deal, "abandoned", e.date, "mutual")


@on(ev.OutsideDateExtended)
def _outside_extended(deal: Deal, e: ev.OutsideDateExtended, i: int) -> None:
    c = deal._contract
    if c is None or c.ended or c.outside_date is None:
        raise RefusedEvent(
            "no agreement in force has an outside date", field="to", fix="sign an agreement with an outside date first"
        )
    if e.to <= c.outside_date:
        raise RefusedEvent(
            f"{e.to} is not after the outside date {c.outside_date}",
            field="to",
            fix=f"extend to a date after {c.outside_date}",
        )
    c.outside_date = e.to
    c.extensions += 1


@on(ev.ConditionWaived)
def _waived(deal: Deal, e: ev.ConditionWaived, i: int) -> None:
    c = deal._contract
    if c is None or c.ended:
        raise RefusedEvent("no agreement in force", field="condition", fix="sign the agreement first")
    precedent = next((p for p in c.contract.conditions if p.condition == e.condition), None)
    if precedent is None:
        known = ", ".join(str(p.condition) for p in c.contract.conditions) or "none"
        raise UnknownParty(
            f"{e.condition} is not a condition precedent of the agreement",
            field="condition",
            fix=f"use one of: {known}",
        )
    if e.actor not in precedent.waivable_by:
        allowed = ", ".join(precedent.waivable_by) or "nobody (it must be met)"
        raise RefusedEvent(
            f"{e.actor} is not entitled to waive {e.condition}", field="actor", fix=f"it may be waived by: {allowed}"
        )
    if e.condition in c.waived:
        raise RefusedEvent(f"{e.condition} is waived already", field="condition", fix="waive it once")
    c.waived = c.waived | {e.condition}


def settlement(deal: Deal) -> tuple[Payment, ...]:
    """Who owes whom what, and why, now that the deal has ended (empty while it runs)."""
    c = deal._contract
    if c is None or not c.ended or c.ended_on is None:
        return ()
    contract = c.contract
    out: list[Payment] = []
    terms: Terms | None = deal.terms
    if c.ended == "closed":
        buyers = " + ".join(terms.buyers) if terms is not None else "the buyers"
        cons = contract.consideration
        if cons is not None and cons.total is not None:
            out.append(Payment(buyers, deal.seller, Money(cons.total, cons.currency), f"consideration: {cons}"))
        elif terms is not None and terms.price is not None:
            out.append(Payment(buyers, deal.seller, terms.price, "the price"))
        for t in contract.ticking_fees:
            owed = t.accrued(c.ended_on)
            if owed.amount:
                days = (c.ended_on - t.start).days
                out.append(Payment(t.payer, t.payee, owed, f"ticking fee, {days} days from {t.start} to the close"))
        return tuple(out)
    trigger = c.trigger
    if c.ended == "terminated" and trigger:
        for fee in contract.fees:
            if trigger in fee.triggers:
                what = fee.kind.replace("_", " ")
                out.append(Payment(fee.payer, fee.payee, fee.amount, f"{what} fee, on termination ({trigger})"))
    for p in contract.prepayments:
        if not p.kept_on_termination:
            out.append(Payment(p.payee, p.payer, p.amount, f"prepayment refunded on {c.ended}"))
    return tuple(out)


def kept(deal: Deal) -> tuple[Payment, ...]:
    """Prepayments the payee keeps once the agreement has ended without a close."""
    c = deal._contract
    if c is None or c.ended in ("", "closed"):
        return ()
    return tuple(
        Payment(p.payer, p.payee, p.amount, f"prepayment kept on {c.ended}")
        for p in c.contract.prepayments
        if p.kept_on_termination
    )


class ContractMethods(DealMethods):
    """Sugar for the agreement: each method builds one event and applies it."""

    __slots__ = ()

    if TYPE_CHECKING:
        _contract: _Contract | None

    @property
    def contract(self) -> ContractStatus | None:
        """The signed agreement, or None before signing."""
        return self._contract.status() if self._contract is not None else None

    def sign(
        self,
        terms: Terms | None = None,
        *,
        on: _dt.date | str,
        contract: Contract | None = None,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Sign the agreed terms (or ``terms``), with the agreement's ``contract`` terms."""
        return self.apply(
            ev.DealSigned(date=on, actor=self._actor(actor, self.seller), terms=terms, contract=contract, **meta)
        )

    def terminate(
        self,
        *,
        on: _dt.date | str,
        reason: str = "",
        trigger: str = "",
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """End the deal without closing; ``trigger`` names the right used (fees follow it)."""
        return self.apply(
            ev.DealTerminated(date=on, actor=self._actor(actor, self.seller), reason=reason, trigger=trigger, **meta)
        )

    def abandon(self, *, on: _dt.date | str, reason: str = "", actor: str | None = None, **meta: Any) -> list[Change]:
        """The parties abandon an agreed or signed deal."""
        return self.apply(ev.DealAbandoned(date=on, actor=self._actor(actor, self.seller), reason=reason, **meta))

    def extend_outside_date(
        self, *, to: _dt.date | str, on: _dt.date | str, reason: str = "", actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Record ``outside_date_extended``: the signed agreement's outside date moves to ``to``."""
        return self.apply(
            ev.OutsideDateExtended(date=on, actor=self._actor(actor, self.seller), to=to, reason=reason, **meta)
        )

    def waive_condition(self, condition: Condition, *, actor: str, on: _dt.date | str, **meta: Any) -> list[Change]:
        """``actor``, entitled to waive it, waives a condition precedent."""
        return self.apply(ev.ConditionWaived(date=on, actor=actor, condition=condition, **meta))
