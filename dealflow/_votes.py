"""Party approvals: shareholder votes and board approvals (the target's or the
acquirer's), proxy contests over board nominees, each a small machine of its own
(required → approved or rejected; waived), distinct from regulators' gates.  A
required approval that is a condition precedent bars closing until it passes or
is waived by a party entitled to waive it; a change of terms in its scope (price
and consideration for shareholders) sends it back to a new vote."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from . import _events as ev
from ._concepts import Change, DealMethods, check, closing_blocker, on, terms_changed, touched, withdrawal_reason
from ._errors import RefusedEvent, UnknownParty
from ._machines import MachineSpec, many, register_machine
from ._values import Terms

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["APPROVAL", "ApprovalStatus", "VoteMethods"]

APPROVAL = register_machine(
    MachineSpec(
        "approval",
        ("required", "approved", "rejected", "waived"),
        "required",
        frozenset({"approved", "waived"}),
        tuple(
            many("approve", "required", "approved")
            + many("reject", "required", "rejected")
            + many("waive", "required rejected", "waived")
            + many("reset", "approved rejected", "required")
        ),
    )
)

#: default scopes of a party approval, by who gives it
DEFAULT_SCOPES = {
    "target_shareholders": ("price",),
    "acquirer_shareholders": ("price",),
    "target_board": ("price", "combination"),
    "acquirer_board": ("price", "combination"),
    "other": ("price",),
}


@attrs.frozen
class ApprovalStatus:
    """A party approval: who gives it, its state, when it is due, what it covers,
    the terms voted on, the result's support and the nominees of a proxy contest.

    Attributes:
        approval: the approval's name.
        body: who votes (target_shareholders, acquirer_board...).
        party: the party whose body votes.
        state: required, approved, rejected or waived.
        due: the day the vote is due by, if any.
        scopes: what it approves: a change of terms in these scopes sends it back to a new vote.
        precedent: true when it is a condition precedent to closing.
        nominees: the board nominees of a proxy contest.
        waivable_by: the parties entitled to waive it.
        terms: the terms voted on (None before the vote).
        support: the share of the votes cast in favour, when known.
        decided_on: the day of the vote.
    """

    approval: str
    body: str
    party: str
    state: str
    due: _dt.date | None
    scopes: tuple[str, ...]
    precedent: bool
    nominees: tuple[str, ...]
    waivable_by: tuple[str, ...]
    terms: Terms | None
    support: Fraction | None
    decided_on: _dt.date | None


class _Approval:
    __slots__ = (
        "approval",
        "body",
        "decided_on",
        "due",
        "nominees",
        "party",
        "precedent",
        "scopes",
        "state",
        "support",
        "terms",
        "waivable_by",
    )

    def __init__(self, e: ev.ApprovalRequired) -> None:
        self.approval = e.approval
        self.body = e.body
        self.party = e.party
        self.state = "required"
        self.due = e.due
        self.scopes = e.scopes or (() if e.nominees else DEFAULT_SCOPES[e.body])
        self.precedent = e.precedent
        self.nominees = e.nominees
        self.waivable_by = e.waivable_by
        self.terms: Terms | None = None
        self.support: Fraction | None = None
        self.decided_on: _dt.date | None = None

    def status(self) -> ApprovalStatus:
        return ApprovalStatus(
            self.approval,
            self.body,
            self.party,
            self.state,
            self.due,
            self.scopes,
            self.precedent,
            self.nominees,
            self.waivable_by,
            self.terms,
            self.support,
            self.decided_on,
        )


def approval_of(approvals: dict[str, _Approval], name: str) -> _Approval:
    a = approvals.get(name)
    if a is None:
        known = ", ".join(approvals) or "none yet"
        raise UnknownParty(f"unknown approval {name!r}", field="approval", fix=f"use one of: {known}")
    return a


def _votes_block(deal: Deal) -> list[str]:
    """Every party approval that is a condition precedent has passed (of these terms) or is waived."""
    out = []
    for a in deal._approvals.values():
        if not a.precedent or a.state == "waived":
            continue
        if a.state != "approved":
            out.append(f"{a.party}'s {a.body.replace('_', ' ')} have not approved ({a.approval} is {a.state})")
    return out


closing_blocker(_votes_block)


def _revote(deal: Deal, old: Terms | None, terms: Terms, date: _dt.date, i: int) -> None:
    """Approvals of terms changed in their scope go back to a new vote."""
    for a in deal._approvals.values():
        if a.state not in ("approved", "rejected") or a.terms is None:
            continue
        hit = touched(a.terms, terms)
        if any(s in hit for s in a.scopes):
            deal._move("approval", a, "reset", f"approval {a.approval}", date, i, withdrawal_reason(a.scopes, hit))
            a.terms = None
            a.support = None
            a.decided_on = None
        else:
            a.terms = terms


terms_changed(_revote)


def _required(deal: Deal, e: ev.ApprovalRequired, i: int) -> None:
    if e.approval in deal._approvals:
        raise RefusedEvent(
            f"approval {e.approval!r} exists already", field="approval", fix="name the new approval differently"
        )
    deal._party(e.party, "party")
    for name in e.waivable_by:
        deal._party(name, "waivable_by")
    if type(deal._approvals) is not dict:
        deal._approvals = {}
    deal._approvals[e.approval] = _Approval(e)
    deal.history.append(Change(e.date, i, f"approval {e.approval}", None, "required"))


on(ev.ApprovalRequired)(_required)


def _vote(deal: Deal, e: ev.VoteHeld, i: int) -> None:
    a = approval_of(deal._approvals, e.approval)
    trigger = "approve" if e.passed else "reject"
    check("approval", trigger, a.state, f"approval {a.approval!r}", "be voted on")
    if deal.terms is None and not a.nominees:
        raise RefusedEvent("there are no terms to vote on", field="approval", fix="agree or sign terms before the vote")
    deal._move("approval", a, trigger, f"approval {a.approval}", e.date, i)
    a.terms = deal.terms
    a.support = e.support
    a.decided_on = e.date


on(ev.VoteHeld)(_vote)


def _waived(deal: Deal, e: ev.ApprovalWaived, i: int) -> None:
    a = approval_of(deal._approvals, e.approval)
    if e.actor not in a.waivable_by:
        allowed = ", ".join(a.waivable_by) or "nobody (it must pass)"
        raise RefusedEvent(
            f"{e.actor} is not entitled to waive {a.approval!r}", field="actor", fix=f"it may be waived by: {allowed}"
        )
    check("approval", "waive", a.state, f"approval {a.approval!r}", "be waived")
    deal._move("approval", a, "waive", f"approval {a.approval}", e.date, i)


on(ev.ApprovalWaived)(_waived)


class VoteMethods(DealMethods):
    """Sugar for party approvals: each method builds one event and applies it."""

    __slots__ = ()

    if TYPE_CHECKING:
        _approvals: dict[str, _Approval]

    def approval(self, name: str) -> ApprovalStatus:
        """Where party approval ``name`` stands."""
        return approval_of(self._approvals, name).status()

    def require_approval(
        self,
        approval: str,
        *,
        body: str,
        party: str,
        on: _dt.date | str,
        due: _dt.date | str | None = None,
        scopes: Iterable[str] = (),
        nominees: Iterable[str] = (),
        precedent: bool = True,
        waivable_by: Iterable[str] = (),
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """A vote of ``party``'s ``body`` (target_shareholders, acquirer_board...)."""
        return self.apply(
            ev.ApprovalRequired(
                date=on,
                actor=self._actor(actor, party),
                approval=approval,
                body=body,
                party=party,
                due=due,
                scopes=tuple(scopes),
                nominees=tuple(nominees),
                precedent=precedent,
                waivable_by=tuple(waivable_by),
                **meta,
            )
        )

    def vote(
        self,
        approval: str,
        *,
        passed: bool,
        on: _dt.date | str,
        support: object = None,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Record ``vote_held``: the vote on ``approval`` passes or fails (``support``: the share in favour)."""
        who = self._actor(actor, approval_of(self._approvals, approval).party)
        return self.apply(ev.VoteHeld(date=on, actor=who, approval=approval, passed=passed, support=support, **meta))
