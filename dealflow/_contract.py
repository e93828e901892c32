"""The definitive agreement: signing (on agreed terms only: invariant 1), its
outside date and extensions, its conditions precedent and who may waive them,
termination under its triggers, a termination agreement (the parties end it by
mutual consent, keeping named fees payable), abandonment, and the settlement
that says who owes whom what when the deal ends."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from . import _events as ev
from ._agreement import Contract, ExtensionOption, Payment
from ._concepts import CLOSING_BLOCKERS, Change, DealMethods, after_close, check, closing_blocker, on
from ._errors import RefusedEvent, UnknownParty
from ._events import Event, _kind, _name_list, _opt_names, _str
from ._rules import condition_met_by
from ._values import Condition, Money, Role, Terms

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["FEE_KINDS", "ContractMethods", "ContractStatus", "FeePaid", "TerminationAgreed", "settlement"]

#: The kinds of fee an agreement may owe on termination (:class:`~dealflow.Fee` ``kind``).
FEE_KINDS = ("termination", "reverse_termination")


@ev._kind("fee_paid")
@attrs.frozen(kw_only=True, repr=False)
class FeePaid(ev.Event):
    """``payer`` pays ``payee`` the contract's ``fee`` that the deal's end made
    owed (a termination or reverse termination fee).

    A debt survives the end of the deal, so an ended deal accepts it.  Refused
    unless :meth:`Deal.settlement` lists that fee as owed by ``payer`` to
    ``payee`` and not yet paid, or when ``amount`` differs from the fee's.
    Afterwards the settlement still lists the payment, with its ``paid_on`` day.

    Attributes:
        payer: the party paying (the fee's payer).
        payee: the party paid (the fee's payee).
        fee: the kind of the contract's fee: ``termination`` or ``reverse_termination``.
        amount: the amount paid (default: the fee's amount; if given it must equal it).
    """

    survives_close: ClassVar[bool] = True
    survives_end: ClassVar[bool] = True

    payer: str = attrs.field(validator=ev._name)
    payee: str = attrs.field(validator=ev._name)
    fee: str = attrs.field(validator=ev._one_of(("termination", "reverse_termination")))
    amount: Money | None = attrs.field(default=None, validator=ev._of(Money, optional=True))

    def describe(self) -> str:
        what = self.fee.replace("_", " ")
        paid = f" {self.amount}" if self.amount is not None else ""
        return f"{self.payer} pays {self.payee} the {what} fee{paid}"


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
        option: the outstanding right to extend the outside date by notice, if any.
        go_shop_ended: the day the go-shop's end was recorded (``go_shop_ended``), if it was.
        go_shop_proposals: how many acquisition proposals the go-shop drew, as recorded at its end.
        section: the clause of the agreement a termination agreement was made under, if any.
        fees_agreed: the kinds of fee a termination agreement keeps payable.
    """

    contract: Contract
    signed_on: _dt.date
    outside_date: _dt.date | None
    extensions: int
    waived: frozenset[Condition]
    ended: str  # "" while in force, else closed / terminated / abandoned
    ended_on: _dt.date | None
    trigger: str  # the termination trigger, if terminated
    option: ExtensionOption | None = None
    go_shop_ended: _dt.date | None = None
    go_shop_proposals: int = 0
    section: str = ""
    fees_agreed: tuple[str, ...] = ()


class _Contract:
    __slots__ = (
        "contract",
        "ended",
        "ended_on",
        "extensions",
        "fees_agreed",
        "go_shop",
        "option",
        "outside_date",
        "paid",
        "section",
        "signed_on",
        "trigger",
        "waived",
    )

    def __init__(self, contract: Contract, signed_on: _dt.date) -> None:
        self.contract = contract
        self.signed_on = signed_on
        self.outside_date = contract.outside_date
        self.extensions = 0
        self.waived: frozenset[Condition] = frozenset()
        self.ended = ""
        self.ended_on: _dt.date | None = None
        self.trigger = ""
        self.option: ExtensionOption | None = contract.extension_option
        self.go_shop: tuple[_dt.date, int] | None = None  # (recorded on, proposals) once the go-shop's end is recorded
        self.section = ""
        self.fees_agreed: tuple[str, ...] = ()
        # (fee kind, payer, payee) -> (day paid, that day as the record gives it)
        self.paid: dict[tuple[str, str, str], tuple[_dt.date, str]] = {}

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
            self.option,
            self.go_shop[0] if self.go_shop else None,
            self.go_shop[1] if self.go_shop else 0,
            self.section,
            self.fees_agreed,
        )


@_kind("termination_agreed")
@attrs.frozen(kw_only=True, repr=False)
class TerminationAgreed(Event):
    """The parties to the signed agreement agree in writing to terminate it (by
    mutual consent, e.g. a mutual termination agreement under the agreement's
    clause ``section``), effective on ``date``; ``fees`` names the kinds of the
    agreement's fees the termination agreement keeps payable (e.g.
    ``reverse_termination``), owed from ``date`` (see :meth:`Deal.settlement`).

    The agreement ends (``terminated``, trigger ``mutual``) and the deal can no
    longer close; the deal itself ends when it is announced (``deal_abandoned``)
    or terminated.  Refused without an agreement in force, from an actor who is
    not a party to it, and for a fee kind the agreement does not have.

    Attributes:
        section: the clause of the agreement the termination is made under (e.g. ``8.1(a)``), optional.
        fees: the kinds of fee kept payable: ``termination`` and/or ``reverse_termination`` (none by default).
        reason: why the parties end it, in a line (optional).
    """

    section: str = attrs.field(default="", validator=_str)
    fees: tuple[str, ...] = attrs.field(default=(), converter=_opt_names, validator=_name_list)
    reason: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        under = f" under section {self.section}" if self.section else ""
        fees = f"; {', '.join(f.replace('_', ' ') for f in self.fees)} fee payable" if self.fees else ""
        return f"termination agreed{under}{fees}" + (f": {self.reason}" if self.reason else "")


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


@closing_blocker
def _termination_agreed(deal: Deal) -> list[str]:
    """An agreement the parties agreed to terminate cannot be closed on."""
    c = deal._contract
    if c is None or c.ended != "terminated":
        return []
    return [f"the agreement was terminated on {c.ended_on} ({c.trigger or 'terminated'})"]


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
    if e.trigger == "outside_date" or e.mutual:
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


@on(TerminationAgreed)
def _termination(deal: Deal, e: TerminationAgreed, i: int) -> None:
    c = deal._contract
    if c is None or c.ended:
        raise RefusedEvent(
            "no agreement in force to terminate" + (f": it ended ({c.ended}) on {c.ended_on}" if c else ""),
            fix="sign the agreement first; a deal that was never signed is abandoned (deal_abandoned)",
        )
    principals = _principals(deal)
    if e.actor not in principals:
        raise RefusedEvent(
            f"{e.actor} is not a party to the agreement",
            field="actor",
            fix=f"a party to it agrees the termination: {', '.join(sorted(principals))}",
        )
    kinds = {f.kind for f in c.contract.fees}
    for kind in e.fees:
        if kind not in FEE_KINDS or kind not in kinds:
            raise UnknownParty(
                f"the agreement has no {kind.replace('_', ' ')} fee",
                field="fees",
                fix=f"name fees of the agreement: {', '.join(sorted(kinds)) or 'it has none (give no fees)'}",
            )
    _end(deal, "terminated", e.date, "mutual")
    c.section, c.fees_agreed = e.section, e.fees


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
    if e.exercise:
        _check_exercise(deal, c, e)
    c.outside_date = e.to
    c.extensions += 1
    c.option = None if e.exercise else (e.option or c.option)


def _check_exercise(deal: Deal, c: _Contract, e: ev.OutsideDateExtended) -> None:
    """An exercise of the option to extend: the option, its date, who, by when, and what is still open."""
    option = c.option
    if option is None:
        raise RefusedEvent(
            "the agreement gives no option to extend the outside date",
            field="exercise",
            fix="record the parties' amendment instead (exercise: false)",
        )
    if e.to != option.to:
        raise RefusedEvent(f"the option extends to {option.to}, not {e.to}", field="to", fix=f"give to: {option.to}")
    allowed = set(option.by) or _principals(deal)
    if e.actor not in allowed:
        raise RefusedEvent(
            f"{e.actor} may not exercise the option",
            field="actor",
            fix=f"it is exercised by: {', '.join(sorted(allowed))}",
        )
    assert c.outside_date is not None
    last = option.notice_by(c.outside_date)
    if e.date > last:
        raise RefusedEvent(
            f"notice must be given by {last} ({option.notice_days} business days before {c.outside_date})",
            field="date",
            fix=f"date the notice {last} or earlier",
        )
    if option.only_regulatory:
        from ._gates import _gates_block

        others = [reason for blocker in CLOSING_BLOCKERS if blocker is not _gates_block for reason in blocker(deal)]
        if others:
            raise RefusedEvent(
                f"the option is open only while regulators' clearances alone remain, and {others[0]}",
                field="exercise",
                fix="satisfy or waive the other conditions first",
            )


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
            what = fee.kind.replace("_", " ")
            amount = fee.amount
            if trigger in fee.triggers:
                amount = fee.owed(c.ended_on, contract.go_shop_ends)
                if amount is not fee.amount:
                    what += " (go-shop)"
                reason = f"{what} fee, on termination ({trigger})"
            elif fee.kind in c.fees_agreed:
                under = f", section {c.section}" if c.section else ""
                reason = f"{what} fee, under the termination agreement of {c.ended_on}{under}"
            else:
                continue
            paid_on, paid_as = c.paid.get((fee.kind, fee.payer, fee.payee), (None, ""))
            out.append(Payment(fee.payer, fee.payee, amount, reason, fee=fee.kind, paid_on=paid_on, paid_as=paid_as))
    for p in contract.prepayments:
        if not p.kept_on_termination:
            out.append(Payment(p.payee, p.payer, p.amount, f"prepayment refunded on {c.ended}"))
    return tuple(out)


@on(FeePaid)
def _fee_paid(deal: Deal, e: FeePaid, i: int) -> None:
    owed = [p for p in settlement(deal) if p.fee]
    match = next((p for p in owed if (p.fee, p.payer, p.payee) == (e.fee, e.payer, e.payee)), None)
    if match is None:
        now = "; ".join(f"{p.payer} owes {p.payee} the {p.fee.replace('_', ' ')} fee" for p in owed)
        raise RefusedEvent(
            f"no {e.fee.replace('_', ' ')} fee is owed by {e.payer} to {e.payee}",
            field="fee",
            fix=f"fees owed now: {now}" if now else "a fee is owed only once the deal ends on one of its triggers",
        )
    if match.paid_on is not None:
        raise RefusedEvent(f"that fee was paid on {match.paid_on}", field="fee", fix="record each payment once")
    if e.amount is not None and e.amount != match.amount:
        raise RefusedEvent(
            f"{e.amount} is not the fee of {match.amount}", field="amount", fix=f"pay {match.amount}, or leave it out"
        )
    c = deal._contract
    assert c is not None  # a fee is owed only under a signed agreement
    c.paid = {**c.paid, (e.fee, e.payer, e.payee): (e.date, "" if e.exactly_dated else e.dated())}


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
        mutual: bool = False,
        **meta: Any,
    ) -> list[Change]:
        """End the deal without closing; ``trigger`` names the right used (fees follow it),
        ``mutual`` that the parties to the agreement agreed to it together."""
        who = self._actor(actor, self.seller)
        return self.apply(ev.DealTerminated(date=on, actor=who, reason=reason, trigger=trigger, mutual=mutual, **meta))

    def agree_termination(
        self,
        *,
        on: _dt.date | str,
        section: str = "",
        fees: tuple[str, ...] = (),
        reason: str = "",
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """The parties agree to terminate the signed agreement, keeping the ``fees`` kinds payable."""
        who = self._actor(actor, self.seller)
        return self.apply(TerminationAgreed(date=on, actor=who, section=section, fees=fees, reason=reason, **meta))

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
