"""Referrals between authorities, and the parties' answers to a regulator's concerns.

A **referral** sends a case to an authority that could not take it on its own:
under EUMR Art. 22 one Member State asks the Commission to examine a
concentration below the EU thresholds (``referral_requested``), others join the
request (``referral_joined``), and the Commission accepts it
(``referral_accepted``) or declines it (``referral_declined``).  The request
opens the receiving authority's review under its regime in the referral phase
(the EU regime's ``art22_join``), and makes its gate required (EUMR Art. 22(4):
the standstill applies from the request); acceptance leaves the review waiting
for the notification (``phase_opened`` of the regime's first phase starts its
clock); a declined referral gives the gate back (not required).

The parties' **refusal to offer remedies** (``remedies_declined``: no
undertakings in lieu of a reference, no answer to a remedies notice but "no")
is recorded against a review that is still open; it moves no state, as the
regulator's next step (a Phase 2 reference, a prohibition) is its own event.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ._concepts import Change, DealMethods, check, on
from ._errors import RefusedEvent
from ._events import Event, _kind, _name, _one_of, _str
from ._gates import gate_of
from ._review import FINDINGS, ReviewClock, ReviewFiled, _filed, _set, _under_review

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = [
    "Referral",
    "ReferralAccepted",
    "ReferralDeclined",
    "ReferralJoined",
    "ReferralMethods",
    "ReferralRequested",
    "RemediesDeclined",
]


# ----------------------------------------------------------------------------- events


@_kind("referral_requested")
@attrs.frozen(kw_only=True, repr=False)
class ReferralRequested(Event):
    """The actor (an authority) asks ``regulator`` to examine the deal, on
    ``basis`` (e.g. ``EUMR Art. 22(1)``): ``regulator``'s review opens under
    ``regime`` in ``phase`` (an entry phase of the regime, the EU's
    ``art22_join``) and its gate becomes required.

    Refused when a referral to ``regulator`` was requested already (others join
    it), and when its gate is decided or its review open.

    Attributes:
        regulator: the authority asked to take the case (its gate).
        regime: the receiving authority's regime (e.g. ``eu``).
        phase: the regime's phase the request starts (e.g. ``art22_join``).
        basis: the legal basis, as the record gives it (optional).
    """

    regulator: str = attrs.field(validator=_name)
    regime: str = attrs.field(validator=_name)
    phase: str = attrs.field(validator=_name)
    basis: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        on = f" under {self.basis}" if self.basis else ""
        return f"{self.actor} asks {self.regulator} to take the case{on}"


@_kind("referral_joined")
@attrs.frozen(kw_only=True, repr=False)
class ReferralJoined(Event):
    """The actor (another authority) joins the pending referral request to ``regulator``.

    Refused when no referral to ``regulator`` is pending, and for an authority
    that is already a requester.

    Attributes:
        regulator: the authority the referral is to.
    """

    regulator: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"{self.actor} joins the referral to {self.regulator}"


@_kind("referral_accepted")
@attrs.frozen(kw_only=True, repr=False)
class ReferralAccepted(Event):
    """``regulator`` accepts the pending referral: it will examine the deal.  Its
    review moves on to the phase after the referral phase and waits for the
    notification (no due date until ``phase_opened`` starts the next phase).

    Refused when no referral to ``regulator`` is pending.

    Attributes:
        regulator: the authority accepting the referral.
    """

    regulator: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"{self.regulator} accepts the referral: the deal is to be notified to it"


@_kind("referral_declined")
@attrs.frozen(kw_only=True, repr=False)
class ReferralDeclined(Event):
    """``regulator`` declines the pending referral: its review ends and its gate
    is no longer required.

    Refused when no referral to ``regulator`` is pending.

    Attributes:
        regulator: the authority declining the referral.
        reason: why, as the record gives it (optional).
    """

    regulator: str = attrs.field(validator=_name)
    reason: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return f"{self.regulator} declines the referral" + (f": {self.reason}" if self.reason else "")


@_kind("remedies_declined")
@attrs.frozen(kw_only=True, repr=False)
class RemediesDeclined(Event):
    """The actor (a party) tells ``regulator`` it will offer no remedies: no
    undertakings in lieu of a reference, no commitments, or none of the
    remedies of a remedies notice; ``finding`` names the regulator's step
    answered (e.g. ``phase1_concerns``, ``remedies_notice``).

    Changes no state (the regulator's next step is its own event); refused
    unless ``regulator``'s gate is under review, and when ``finding`` names a
    step the regulator has not recorded (``review_finding``).

    Attributes:
        regulator: the regulator the parties answer.
        finding: the regulator's finding answered, one of ``FINDINGS`` (optional).
        reason: what the parties said, in a line (optional).
    """

    changes_state: ClassVar[bool] = False

    regulator: str = attrs.field(validator=_name)
    finding: str = attrs.field(default="", validator=_one_of(("", *FINDINGS)))
    reason: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        to = f" (answering {self.finding.replace('_', ' ')})" if self.finding else ""
        return f"{self.actor} offers {self.regulator} no remedies{to}" + (f": {self.reason}" if self.reason else "")


# ----------------------------------------------------------------------------- state


@attrs.frozen
class Referral:
    """A referral to ``regulator``: who asked (``requesters``, the first one
    first), when, on what basis, and its decision (``pending``, ``accepted`` or
    ``declined``, on ``decided_on``).

    Attributes:
        regulator: the authority the case is referred to.
        requesters: the authorities that asked, in order (the first requested, the others joined).
        requested_on: the day of the first request.
        basis: the legal basis given.
        decision: ``pending``, ``accepted`` or ``declined``.
        decided_on: the day of the decision (None while pending).
    """

    regulator: str
    requesters: tuple[str, ...]
    requested_on: _dt.date
    basis: str = ""
    decision: str = "pending"
    decided_on: _dt.date | None = None

    def __str__(self) -> str:
        basis = f" under {self.basis}" if self.basis else ""
        text = f"referred by {', '.join(self.requesters)}{basis} on {self.requested_on}"
        return text + (f", {self.decision} on {self.decided_on}" if self.decided_on else ", pending")


def _store(deal: Deal, referral: Referral) -> None:
    if type(deal._referrals) is not dict:
        deal._referrals = {}
    deal._referrals[referral.regulator] = referral


def _pending(deal: Deal, regulator: str) -> Referral:
    gate_of(deal._gates, regulator)
    r = deal._referrals.get(regulator)
    if r is None or r.decision != "pending":
        state = f"was {r.decision} on {r.decided_on}" if r is not None else "was never requested"
        raise RefusedEvent(
            f"no referral to {regulator} is pending: it {state}",
            field="regulator",
            fix="record the request first (referral_requested)",
        )
    return r


# ----------------------------------------------------------------------------- handlers


@on(ReferralRequested)
def _requested(deal: Deal, e: ReferralRequested, i: int) -> None:
    gate = gate_of(deal._gates, e.regulator)
    r = deal._referrals.get(e.regulator)
    if r is not None:
        raise RefusedEvent(
            f"a referral to {e.regulator} was requested on {r.requested_on} by {r.requesters[0]}",
            field="regulator",
            fix="record another authority's request as referral_joined",
        )
    if gate.state == "not_required":
        deal._move("gate", gate, "require", f"gate {e.regulator}", e.date, i)
    filed = ReviewFiled(date=e.date, actor=e.actor, regulator=e.regulator, regime=e.regime, phase=e.phase)
    _filed(deal, filed, i)
    _store(deal, Referral(e.regulator, (e.actor,), e.date, e.basis))


@on(ReferralJoined)
def _joined(deal: Deal, e: ReferralJoined, i: int) -> None:
    r = _pending(deal, e.regulator)
    if e.actor in r.requesters:
        raise RefusedEvent(
            f"{e.actor} has asked for the referral to {e.regulator} already",
            field="actor",
            fix="record each authority's request once",
        )
    _store(deal, attrs.evolve(r, requesters=(*r.requesters, e.actor)))


@on(ReferralAccepted)
def _accepted(deal: Deal, e: ReferralAccepted, i: int) -> None:
    r = _pending(deal, e.regulator)
    gate, clock = _under_review(deal, e.regulator)
    nexts = clock.phase_value().next
    phase = nexts[0] if nexts else clock.phase
    waiting = ReviewClock(clock.regime, phase, e.date, clock.entry, stopped=e.date)
    _set(deal, gate, waiting, None, e.date, i)
    _store(deal, attrs.evolve(r, decision="accepted", decided_on=e.date))


@on(ReferralDeclined)
def _declined(deal: Deal, e: ReferralDeclined, i: int) -> None:
    r = _pending(deal, e.regulator)
    gate = gate_of(deal._gates, e.regulator)
    check("gate", "waive", gate.state, f"{e.regulator}'s gate", "be given back")
    deal._move("gate", gate, "waive", f"gate {e.regulator}", e.date, i)
    gate.review_due = None
    del deal._reviews[e.regulator]
    _store(deal, attrs.evolve(r, decision="declined", decided_on=e.date))


@on(RemediesDeclined)
def _no_remedies(deal: Deal, e: RemediesDeclined, i: int) -> None:
    gate = gate_of(deal._gates, e.regulator)
    if gate.state != "under_review":
        raise RefusedEvent(
            f"{e.regulator}'s gate is {gate.state}, not under review",
            field="regulator",
            fix="the parties answer a regulator whose review is open",
        )
    made = [f.finding for f in deal._findings.get(e.regulator, ())]
    if e.finding and e.finding not in made:
        raise RefusedEvent(
            f"{e.regulator} has recorded no {e.finding.replace('_', ' ')}",
            field="finding",
            fix=f"answer one of its findings: {', '.join(made)}"
            if made
            else "record the finding first (review_finding)",
        )


# ----------------------------------------------------------------------------- sugar


class ReferralMethods(DealMethods):
    """Sugar for referrals and the parties' answers; and the question: a referral's status."""

    __slots__ = ()

    if TYPE_CHECKING:
        _referrals: dict[str, Referral]

    def referral(self, regulator: str) -> Referral | None:
        """The referral to ``regulator``, or ``None`` if none was requested."""
        return self._referrals.get(regulator)

    def request_referral(
        self, regulator: str, regime: str, phase: str, *, actor: str, on: _dt.date | str, basis: str = "", **meta: Any
    ) -> list[Change]:
        """``actor`` asks ``regulator`` to take the case: its review opens in ``phase`` of ``regime``."""
        return self.apply(
            ReferralRequested(
                date=on, actor=actor, regulator=regulator, regime=regime, phase=phase, basis=basis, **meta
            )
        )

    def join_referral(self, regulator: str, *, actor: str, on: _dt.date | str, **meta: Any) -> list[Change]:
        """``actor`` joins the pending referral request to ``regulator``."""
        return self.apply(ReferralJoined(date=on, actor=actor, regulator=regulator, **meta))

    def accept_referral(
        self, regulator: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """``regulator`` accepts the pending referral (its review waits for the notification)."""
        return self.apply(ReferralAccepted(date=on, actor=self._actor(actor, regulator), regulator=regulator, **meta))

    def decline_referral(
        self, regulator: str, *, on: _dt.date | str, reason: str = "", actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """``regulator`` declines the pending referral (its gate is no longer required)."""
        who = self._actor(actor, regulator)
        return self.apply(ReferralDeclined(date=on, actor=who, regulator=regulator, reason=reason, **meta))

    def decline_remedies(
        self,
        regulator: str,
        *,
        on: _dt.date | str,
        finding: str = "",
        reason: str = "",
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """The parties tell ``regulator`` they will offer no remedies."""
        who = self._actor(actor, self.seller)
        return self.apply(
            RemediesDeclined(date=on, actor=who, regulator=regulator, finding=finding, reason=reason, **meta)
        )
