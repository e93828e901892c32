"""Lapses: the signed agreement's outside date passing without a close, as its own
recorded event.

An outside (long-stop) date that passes is not a termination: it gives either
party the right to terminate (trigger ``outside_date``), and the parties may
still extend it afterwards.  ``outside_date_passed`` records that it passed and,
in ``undecided``, the regulators whose required approval had not been given by
then (Intel/Tower's 2023-08-15: China's SAMR never decided).  The handler checks
the record against the deal: the outside date must have come, and every gate
named undecided must be required and not decided; it moves no machine (the
agreement stays in force until a termination or an extension).
:meth:`LapseMethods.lapses` lists what was recorded.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import attrs

from ._concepts import Change, DealMethods, on
from ._errors import RefusedEvent
from ._events import DealSigned, Event, OutsideDateExtended, _kind, _name_list, _opt_names, _str
from ._gates import gate_of

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["Lapse", "LapseMethods", "OutsideDatePassed"]

#: gate states that are a decision (an undecided gate is required and in none of them)
_DECIDED = frozenset({"approved", "conditionally_approved", "blocked", "not_required"})


@_kind("outside_date_passed")
@attrs.frozen(kw_only=True, repr=False)
class OutsideDatePassed(Event):
    """The signed agreement's outside date passes without a close; ``undecided``
    names the regulators whose required approval was still missing.

    Dated on the outside date (it lapses at the end of that day) or later.  The
    agreement stays in force: either party may then terminate it (trigger
    ``outside_date``), or the parties extend it.  Refused without an agreement in
    force with an outside date, before that date, twice for the same outside date,
    and when a regulator named ``undecided`` has no required gate or has decided.

    Attributes:
        undecided: the regulators whose required approval had not been given (checked against their gates).
        reason: what the record says of it, in a line (optional).
    """

    undecided: tuple[str, ...] = attrs.field(default=(), converter=_opt_names, validator=_name_list)
    reason: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        without = f" without the approval of {', '.join(self.undecided)}" if self.undecided else ""
        return f"the outside date passes{without}" + (f": {self.reason}" if self.reason else "")


@attrs.frozen
class Lapse:
    """An outside date that passed without a close (in :meth:`Deal.lapses`).

    Attributes:
        outside_date: the outside date that passed.
        recorded_on: the date of the ``outside_date_passed`` event.
        undecided: the regulators whose required approval was still missing.
    """

    outside_date: _dt.date
    recorded_on: _dt.date
    undecided: tuple[str, ...]


@on(OutsideDatePassed)
def _passed(deal: Deal, e: OutsideDatePassed, i: int) -> None:
    c = deal._contract
    if c is None or c.ended or c.outside_date is None:
        raise RefusedEvent("no agreement in force has an outside date", fix="sign an agreement with an outside date")
    if e.date < c.outside_date:
        raise RefusedEvent(
            f"the outside date {c.outside_date} has not come",
            field="date",
            fix=f"date it {c.outside_date} (it lapses at the end of that day) or later",
        )
    if any(lapse.outside_date == c.outside_date for lapse in _lapses(deal)):
        raise RefusedEvent(
            f"the outside date {c.outside_date} is recorded as passed already",
            fix="record it once (or extend the outside date first)",
        )
    for regulator in e.undecided:
        gate = gate_of(deal._gates, regulator)
        if gate.state in _DECIDED:
            raise RefusedEvent(
                f"{regulator}'s gate is {gate.state}: it is not an approval still missing",
                field="undecided",
                fix="name only regulators whose required gate is pending or under review",
            )
    # nothing to move: the journal is the record (see LapseMethods.lapses)


def _lapses(deal: Deal) -> list[Lapse]:
    """The lapses recorded in the journal, each with the outside date in force when it was recorded."""
    out: list[Lapse] = []
    outside: _dt.date | None = None
    for event in deal.journal:
        if isinstance(event, DealSigned):
            outside = event.contract.outside_date if event.contract is not None else None
        elif isinstance(event, OutsideDateExtended):
            outside = event.to
        elif isinstance(event, OutsideDatePassed) and outside is not None:
            out.append(Lapse(outside, event.date, event.undecided))
    return out


class LapseMethods(DealMethods):
    """Sugar and questions for lapsed outside dates."""

    __slots__ = ()

    def lapses(self) -> tuple[Lapse, ...]:
        """Every outside date recorded as passed without a close, in order."""
        deal: Any = self
        return tuple(_lapses(deal))

    def outside_date_passed(
        self,
        *,
        on: _dt.date | str,
        undecided: tuple[str, ...] = (),
        reason: str = "",
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Record ``outside_date_passed``: the outside date passed with ``undecided`` regulators still missing."""
        who = self._actor(actor, self.seller)
        return self.apply(OutsideDatePassed(date=on, actor=who, undecided=undecided, reason=reason, **meta))
