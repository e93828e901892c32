"""Mandates: government orders that force a sale by a deadline, with their own
machine (in force, enjoined, suspended, lapsed, enforced → revoked or satisfied),
their events' handlers, runtime object and status.  Closing on the terms
determined a qualified divestiture satisfies the mandate (an after-close hook)."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import attrs

from . import _events as ev
from ._calendar import add_days
from ._concepts import Change, DealMethods, Handler, after_close, check, on
from ._errors import InputError, RefusedEvent, UnknownParty
from ._machines import MachineSpec, many, register_machine
from ._values import Terms

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["MANDATE", "MandateMethods", "MandateStatus"]

MANDATE = register_machine(
    MachineSpec(
        "mandate",
        ("in_force", "enjoined", "suspended", "lapsed", "enforced", "revoked", "satisfied"),
        "in_force",
        frozenset({"revoked", "satisfied"}),
        tuple(
            many("extend", "in_force suspended enjoined")
            + many("extend", "lapsed", "in_force")
            + many("suspend", "in_force suspended enforced lapsed", "suspended")
            + many("enjoin", "in_force suspended enjoined", "enjoined")
            + many("lift", "enjoined", "in_force")
            + many("lapse", "in_force", "lapsed")
            + many("enforce", "in_force lapsed suspended", "enforced")
            + many("revoke", "in_force enjoined suspended lapsed enforced", "revoked")
            + many("satisfy", "in_force enjoined suspended lapsed enforced", "satisfied")
        ),
    )
)


@attrs.frozen
class MandateStatus:
    """Where one mandate (a divestiture order) stands (in :meth:`Deal.mandate` and :attr:`Status.mandates`).

    Attributes:
        mandate: the mandate's name.
        issuer: who issued it.
        state: in_force, enjoined, suspended, lapsed, enforced, revoked or satisfied.
        deadline: the deadline now, after any extension.
        original_deadline: the deadline as issued.
        extension_cap_days: the most days extensions may add in all.
        one_time_extension: true when the deadline may be extended once only.
        extensions: the extensions granted so far.
        paused_until: the day enforcement may resume, under a non-enforcement order.
        qualified_terms: the terms determined a qualified divestiture, if any.
        description: what the order says.
    """

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
        """The days that extensions have added to the deadline so far."""
        return (self.deadline - self.original_deadline).days


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

    def status(self) -> MandateStatus:
        return MandateStatus(
            self.mandate,
            self.issuer,
            self.state,
            self.deadline,
            self.original,
            self.cap,
            self.one_time,
            self.extensions,
            self.paused_until,
            self.qualified_terms,
            self.description,
        )


def mandate_of(mandates: dict[str, _Mandate], name: str) -> _Mandate:
    m = mandates.get(name)
    if m is None:
        known = ", ".join(mandates) or "none yet"
        raise UnknownParty(f"unknown mandate {name!r}", field="mandate", fix=f"use one of: {known}")
    return m


def _satisfy(deal: Deal, date: _dt.date, i: int) -> None:
    """Closing on the terms determined a qualified divestiture satisfies the mandate."""
    for m in deal._mandates.values():
        if m.qualified_terms is not None and m.qualified_terms == deal.terms and m.state not in MANDATE.finals:
            deal._move("mandate", m, "satisfy", f"mandate {m.mandate}", date, i)


after_close(_satisfy)


def _issued(deal: Deal, e: ev.MandateIssued, i: int) -> None:
    if e.mandate in deal._mandates:
        raise RefusedEvent(
            f"mandate {e.mandate!r} exists already", field="mandate", fix="name the new mandate differently"
        )
    if e.mandate in deal._orders:  # a suit against an order names an order or a mandate: one name, one target
        raise RefusedEvent(
            f"{e.mandate!r} is the name of an order already; suits name orders and mandates alike",
            field="mandate",
            fix="name the new mandate differently",
        )
    if e.deadline < e.date:
        raise InputError(
            f"deadline {e.deadline} is before the order of {e.date}", field="deadline", fix="give a later deadline"
        )
    if type(deal._mandates) is not dict:
        deal._mandates = {}
    deal._mandates[e.mandate] = _Mandate(e)
    deal.history.append(Change(e.date, i, f"mandate {e.mandate}", None, "in_force"))


on(ev.MandateIssued)(_issued)


def _extended(deal: Deal, e: ev.DeadlineExtended, i: int) -> None:
    m = mandate_of(deal._mandates, e.mandate)
    check("mandate", "extend", m.state, f"mandate {m.mandate!r}", "be extended")
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


on(ev.DeadlineExtended)(_extended)


def _paused(deal: Deal, e: ev.EnforcementPaused, i: int) -> None:
    m = mandate_of(deal._mandates, e.mandate)
    check("mandate", "suspend", m.state, f"mandate {m.mandate!r}", "have its enforcement paused")
    if e.until <= e.date:
        raise InputError(
            f"pause until {e.until} ends before it starts", field="until", fix=f"give a date after {e.date}"
        )
    deal._move("mandate", m, "suspend", f"mandate {m.mandate}", e.date, i)
    m.paused_until = e.until


on(ev.EnforcementPaused)(_paused)


def _mandate_step(trigger: str, what: str, due: bool = False) -> Handler:
    def handler(deal: Deal, e: Any, i: int) -> None:
        m = mandate_of(deal._mandates, e.mandate)
        check("mandate", trigger, m.state, f"mandate {m.mandate!r}", what)
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


# enjoined / injunction_lifted are handled by dealflow._litigation: an injunction is a suit's relief
on(ev.MandateLapsed)(_mandate_step("lapse", "lapse", due=True))
on(ev.MandateEnforced)(_mandate_step("enforce", "be enforced", due=True))
on(ev.MandateRevoked)(_mandate_step("revoke", "be revoked"))


def _qualified(deal: Deal, e: ev.DivestitureQualified, i: int) -> None:
    m = mandate_of(deal._mandates, e.mandate)
    if m.state in MANDATE.finals:
        raise RefusedEvent(f"mandate {m.mandate!r} is {m.state}", field="mandate", fix="name a mandate in force")
    if deal.terms is None:
        raise RefusedEvent("no terms are proposed", field="terms", fix="propose the terms first")
    m.qualified_terms = deal.terms


on(ev.DivestitureQualified)(_qualified)


class MandateMethods(DealMethods):
    """Sugar for mandates: each method builds one event and applies it."""

    __slots__ = ()

    if TYPE_CHECKING:
        _mandates: dict[str, _Mandate]

    def mandate(self, name: str) -> MandateStatus:
        """The status of mandate ``name`` now."""
        return mandate_of(self._mandates, name).status()

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
        """``issuer`` orders a divestiture by ``deadline``, with the extensions it allows."""
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
        return actor if actor is not None else mandate_of(self._mandates, mandate).issuer

    def extend_deadline(
        self, mandate: str, *, to: _dt.date | str, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """Move ``mandate``'s deadline to ``to`` (within its extension cap; a one-time extension once)."""
        return self.apply(
            ev.DeadlineExtended(date=on, actor=self._issuer(mandate, actor), mandate=mandate, to=to, **meta)
        )

    def pause_enforcement(
        self, mandate: str, *, until: _dt.date | str, on: _dt.date | str, actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """A non-enforcement order: ``mandate``'s deadline stands, enforcement waits until ``until``."""
        return self.apply(
            ev.EnforcementPaused(date=on, actor=self._issuer(mandate, actor), mandate=mandate, until=until, **meta)
        )

    def enjoin(self, mandate: str, *, court: str, on: _dt.date | str, **meta: Any) -> list[Change]:
        """``court`` enjoins ``mandate``: it cannot be enforced until the injunction is lifted."""
        return self.apply(ev.Enjoined(date=on, actor=court, mandate=mandate, **meta))

    def lift_injunction(self, mandate: str, *, court: str, on: _dt.date | str, **meta: Any) -> list[Change]:
        """``court`` lifts its injunction against ``mandate``."""
        return self.apply(ev.InjunctionLifted(date=on, actor=court, mandate=mandate, **meta))

    def lapse(self, mandate: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """``mandate``'s deadline passed unenforced: it lapses."""
        return self.apply(ev.MandateLapsed(date=on, actor=self._issuer(mandate, actor), mandate=mandate, **meta))

    def enforce(self, mandate: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """Enforce ``mandate`` after its deadline."""
        return self.apply(ev.MandateEnforced(date=on, actor=self._issuer(mandate, actor), mandate=mandate, **meta))

    def revoke(self, mandate: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """Revoke ``mandate``."""
        return self.apply(ev.MandateRevoked(date=on, actor=self._issuer(mandate, actor), mandate=mandate, **meta))

    def qualify(self, mandate: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """Determine the current terms a qualified divestiture under ``mandate``."""
        return self.apply(ev.DivestitureQualified(date=on, actor=self._issuer(mandate, actor), mandate=mandate, **meta))
