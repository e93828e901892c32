"""Advocacy: a party's meetings with officials to press for (or against) a
regulator's decision, such as a chief executive's visit to a government whose
agency has not yet cleared the deal (Intel's CEO in Beijing, April and July 2023).

``meeting_held`` records who met whom, where, about which regulator's approval
and to what end.  It moves no machine (a meeting decides nothing), but unlike a
free-text ``statement`` it is checked against the deal (the parties met are
parties; the regulator named has a gate) and can be asked for:
:meth:`AdvocacyMethods.meetings` lists them, by regulator if asked.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ._concepts import Change, DealMethods, on
from ._errors import InputError, UnknownParty
from ._events import Event, _kind, _names, _seq, _str

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["AdvocacyMethods", "MeetingHeld"]


@_kind("meeting_held")
@attrs.frozen(kw_only=True, repr=False)
class MeetingHeld(Event):
    """The actor's representatives meet ``met`` (officials, ministries, a regulator),
    in ``place``, about ``regulator``'s approval, for ``purpose``.

    A meeting decides nothing: no machine moves, and a final deal still accepts it.
    Refused when a party met is not a party of the deal, or when ``regulator`` has
    no gate.

    Attributes:
        met: the parties met, at least one (parties of the deal, such as a ministry or a regulator).
        regulator: the regulator whose approval the meeting is about, when the record says (else empty).
        purpose: what the meeting sought, as the record gives it (optional).
        place: where it was held (optional).
    """

    changes_state: ClassVar[bool] = False

    met: tuple[str, ...] = attrs.field(converter=_seq, validator=_names)
    regulator: str = attrs.field(default="", validator=_str)
    purpose: str = attrs.field(default="", validator=_str)
    place: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        about = f" about {self.regulator}'s approval" if self.regulator else ""
        where = f" in {self.place}" if self.place else ""
        return f"{self.actor} meets {', '.join(self.met)}{where}{about}" + (f": {self.purpose}" if self.purpose else "")


@on(MeetingHeld)
def _meeting(deal: Deal, e: MeetingHeld, i: int) -> None:
    for name in e.met:
        deal._party(name, "met")
        if name == e.actor:
            raise InputError(f"{name} cannot meet itself", field="met", fix="name the parties the actor met")
    if e.regulator and e.regulator not in deal._gates:
        known = ", ".join(deal._gates) or "none"
        raise UnknownParty(f"no gate for {e.regulator!r}", field="regulator", fix=f"use one of: {known}")


class AdvocacyMethods(DealMethods):
    """Sugar and questions for meetings with officials."""

    __slots__ = ()

    def meetings(self, regulator: str | None = None) -> tuple[MeetingHeld, ...]:
        """The meetings recorded, in order; only those about ``regulator``'s approval when given."""
        deal: Any = self
        return tuple(
            e for e in deal.journal if isinstance(e, MeetingHeld) and (regulator is None or e.regulator == regulator)
        )

    def meet(
        self,
        *met: str,
        actor: str,
        on: _dt.date | str,
        regulator: str = "",
        purpose: str = "",
        place: str = "",
        **meta: Any,
    ) -> list[Change]:
        """Record ``meeting_held``: ``actor`` meets ``met`` about ``regulator``'s approval."""
        return self.apply(
            MeetingHeld(date=on, actor=actor, met=met, regulator=regulator, purpose=purpose, place=place, **meta)
        )
