"""Remedies: behavioural commitments and structural divestitures to a named
remedy buyer (whose purchase may need clearances of its own), each a small
machine (offered → accepted → completed or discharged).  An upfront remedy must
complete before closing (a closing blocker); others survive the close as
obligations, still tracked on the closed deal.  A regulator's approval may be
conditional on a remedy: its condition ``{kind: remedy, party: REGULATOR, value:
NAME}`` is met once the remedy binds (accepted or completed)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from . import _events as ev
from ._concepts import Change, DealMethods, check, closing_blocker, condition_check, on
from ._errors import RefusedEvent, UnknownParty
from ._machines import MachineSpec, many, register_machine
from ._values import Condition, Role

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["REMEDY", "REMEDY_CONDITION", "RemedyMethods", "RemedyStatus"]

REMEDY = register_machine(
    MachineSpec(
        "remedy",
        ("offered", "accepted", "completed", "discharged"),
        "offered",
        frozenset({"completed", "discharged"}),
        tuple(
            many("accept", "offered", "accepted")
            + many("complete", "accepted", "completed")
            + many("discharge", "offered accepted", "discharged")
        ),
    )
)


@attrs.frozen
class RemedyStatus:
    """A remedy: to whom it was offered, what it is, its state, the remedy buyer and
    the clearances of that buyer still missing.

    Attributes:
        remedy: the remedy's name.
        regulator: the regulator it was offered to.
        nature: behavioural or structural.
        state: offered, accepted, completed or discharged.
        description: what it commits to.
        buyer: the remedy buyer of a structural remedy.
        assets: the assets divested.
        upfront: true when it must complete before closing.
        years: how long behavioural commitments last (0: not stated).
        buyer_clearance: the regulators whose clearance the remedy buyer needs.
        buyer_cleared: those of them that have cleared it.
    """

    remedy: str
    regulator: str
    nature: str
    state: str
    description: str
    buyer: str
    assets: tuple[str, ...]
    upfront: bool
    years: int
    buyer_clearance: tuple[str, ...]
    buyer_cleared: tuple[str, ...]

    @property
    def obligation(self) -> bool:
        """Still binding: accepted and neither completed nor discharged."""
        return self.state == "accepted"


class _Remedy:
    __slots__ = ("cleared", "e", "state")

    def __init__(self, e: ev.RemedyOffered) -> None:
        self.e = e
        self.state = "offered"
        self.cleared: tuple[str, ...] = ()

    @property
    def remedy(self) -> str:
        return self.e.remedy

    def status(self) -> RemedyStatus:
        e = self.e
        return RemedyStatus(
            e.remedy,
            e.regulator,
            e.nature,
            self.state,
            e.description,
            e.buyer,
            e.assets,
            e.upfront,
            e.years,
            e.buyer_clearance,
            self.cleared,
        )


def remedy_of(remedies: dict[str, _Remedy], name: str) -> _Remedy:
    r = remedies.get(name)
    if r is None:
        known = ", ".join(remedies) or "none yet"
        raise UnknownParty(f"unknown remedy {name!r}", field="remedy", fix=f"use one of: {known}")
    return r


def _upfront(deal: Deal) -> list[str]:
    """An upfront remedy's sale completes before the close."""
    return [
        f"upfront remedy {r.e.remedy!r} (sale to {r.e.buyer}) has not completed (it is {r.state})"
        for r in deal._remedies.values()
        if r.e.upfront and r.state not in ("completed", "discharged")
    ]


closing_blocker(_upfront)


#: the kind of a regulator's condition that a remedy meets once binding (``{kind: remedy, party: REGULATOR, value: NAME}``)
REMEDY_CONDITION = "remedy"


def _binding(deal: Deal, cond: Condition) -> bool:
    """A conditional approval's condition ``remedy:REGULATOR:NAME`` is met once
    remedy NAME, offered to that regulator, binds: accepted (its commitments then
    survive the close as obligations) or completed."""
    if cond.kind != REMEDY_CONDITION:
        return False
    r = deal._remedies.get(cond.value)
    return r is not None and r.e.regulator == (cond.party or r.e.regulator) and r.state in ("accepted", "completed")


condition_check(_binding)


def _offered(deal: Deal, e: ev.RemedyOffered, i: int) -> None:
    if e.remedy in deal._remedies:
        raise RefusedEvent(f"remedy {e.remedy!r} exists already", field="remedy", fix="name it differently")
    deal._party(e.regulator, "regulator", Role.REGULATOR)
    if e.buyer:
        deal._party(e.buyer, "buyer")
    for reg in e.buyer_clearance:
        deal._party(reg, "buyer_clearance", Role.REGULATOR)
    if type(deal._remedies) is not dict:
        deal._remedies = {}
    deal._remedies[e.remedy] = _Remedy(e)
    deal.history.append(Change(e.date, i, f"remedy {e.remedy}", None, "offered"))


on(ev.RemedyOffered)(_offered)


def _by_regulator(r: _Remedy, e: ev.Event) -> None:
    if e.actor != r.e.regulator:
        raise RefusedEvent(
            f"{e.actor} did not receive remedy {r.e.remedy!r}", field="actor", fix=f"the actor must be {r.e.regulator}"
        )


def _accepted(deal: Deal, e: ev.RemedyAccepted, i: int) -> None:
    r = remedy_of(deal._remedies, e.remedy)
    _by_regulator(r, e)
    check("remedy", "accept", r.state, f"remedy {r.e.remedy!r}", "be accepted")
    deal._move("remedy", r, "accept", f"remedy {r.e.remedy}", e.date, i)


on(ev.RemedyAccepted)(_accepted)


def _buyer_cleared(deal: Deal, e: ev.RemedyBuyerCleared, i: int) -> None:
    r = remedy_of(deal._remedies, e.remedy)
    if e.actor not in r.e.buyer_clearance:
        allowed = ", ".join(r.e.buyer_clearance) or "none (the buyer needs no clearance)"
        raise RefusedEvent(
            f"{e.actor} is not a regulator whose clearance the remedy buyer needs",
            field="actor",
            fix=f"clearances needed from: {allowed}",
        )
    if e.actor in r.cleared:
        raise RefusedEvent(f"{e.actor} cleared the remedy buyer already", field="actor", fix="record it once")
    if r.state in REMEDY.finals:
        raise RefusedEvent(
            f"remedy {r.e.remedy!r} is {r.state}", field="remedy", fix="clear the buyer before completion"
        )
    r.cleared = (*r.cleared, e.actor)


on(ev.RemedyBuyerCleared)(_buyer_cleared)


def _completed(deal: Deal, e: ev.RemedyCompleted, i: int) -> None:
    r = remedy_of(deal._remedies, e.remedy)
    if r.e.nature != "structural":
        raise RefusedEvent(
            f"remedy {r.e.remedy!r} is behavioural: nothing to complete", field="remedy", fix="discharge it instead"
        )
    check("remedy", "complete", r.state, f"remedy {r.e.remedy!r}", "be completed")
    missing = [reg for reg in r.e.buyer_clearance if reg not in r.cleared]
    if missing:
        raise RefusedEvent(
            f"the remedy buyer {r.e.buyer} lacks the clearance of {', '.join(missing)}",
            field="remedy",
            fix="record remedy_buyer_cleared by each of them first",
        )
    deal._move("remedy", r, "complete", f"remedy {r.e.remedy}", e.date, i)


on(ev.RemedyCompleted)(_completed)


def _discharged(deal: Deal, e: ev.RemedyDischarged, i: int) -> None:
    r = remedy_of(deal._remedies, e.remedy)
    _by_regulator(r, e)
    check("remedy", "discharge", r.state, f"remedy {r.e.remedy!r}", "be discharged")
    deal._move("remedy", r, "discharge", f"remedy {r.e.remedy}", e.date, i)


on(ev.RemedyDischarged)(_discharged)


class RemedyMethods(DealMethods):
    """Sugar for remedies: each method builds one event and applies it."""

    __slots__ = ()

    if TYPE_CHECKING:
        _remedies: dict[str, _Remedy]

    def remedy(self, name: str) -> RemedyStatus:
        """Where remedy ``name`` stands."""
        return remedy_of(self._remedies, name).status()

    def obligations(self) -> tuple[RemedyStatus, ...]:
        """Remedies still binding (accepted, neither completed nor discharged): after
        the close, the obligations that survive it."""
        return tuple(r.status() for r in self._remedies.values() if r.state == "accepted")

    def offer_remedy(
        self,
        remedy: str,
        *,
        regulator: str,
        nature: str,
        on: _dt.date | str,
        description: str = "",
        buyer: str = "",
        assets: Iterable[str] = (),
        buyer_clearance: Iterable[str] = (),
        upfront: bool = False,
        years: int = 0,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Record ``remedy_offered``: the parties offer ``regulator`` a behavioural or structural remedy."""
        return self.apply(
            ev.RemedyOffered(
                date=on,
                actor=self._actor(actor, self.seller),
                remedy=remedy,
                regulator=regulator,
                nature=nature,
                description=description,
                buyer=buyer,
                assets=tuple(assets),
                buyer_clearance=tuple(buyer_clearance),
                upfront=upfront,
                years=years,
                **meta,
            )
        )

    def accept_remedy(self, remedy: str, *, on: _dt.date | str, **meta: Any) -> list[Change]:
        """Record ``remedy_accepted``: the regulator it was offered to accepts ``remedy``."""
        regulator = remedy_of(self._remedies, remedy).e.regulator
        return self.apply(ev.RemedyAccepted(date=on, actor=regulator, remedy=remedy, **meta))

    def clear_remedy_buyer(self, remedy: str, *, by: str, on: _dt.date | str, **meta: Any) -> list[Change]:
        """Record ``remedy_buyer_cleared``: regulator ``by`` clears the purchase by the remedy's buyer."""
        return self.apply(ev.RemedyBuyerCleared(date=on, actor=by, remedy=remedy, **meta))

    def complete_remedy(
        self, remedy: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Record ``remedy_completed``: the structural remedy's divestiture is done (the seller acts by default)."""
        return self.apply(ev.RemedyCompleted(date=on, actor=self._actor(actor, self.seller), remedy=remedy, **meta))

    def discharge_remedy(self, remedy: str, *, on: _dt.date | str, **meta: Any) -> list[Change]:
        """Record ``remedy_discharged``: the regulator it was offered to ends the remedy's obligations."""
        regulator = remedy_of(self._remedies, remedy).e.regulator
        return self.apply(ev.RemedyDischarged(date=on, actor=regulator, remedy=remedy, **meta))
