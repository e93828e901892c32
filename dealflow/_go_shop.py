"""The go-shop: a period after signing in which the target may solicit rival
proposals, and a termination fee owed at a lower amount if it takes one (see
``Contract.go_shop_ends`` and ``Fee.go_shop_amount``).  The fee owed follows the
contract's dates; :class:`GoShopEnded` records that the period ran out and what
it drew, as the record reports it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from . import _events as ev
from ._concepts import on
from ._errors import InputError, RefusedEvent
from ._events import _kind

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["GoShopEnded"]


def _count(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"expected a whole number of 0 or more, got {value!r}", field=attr.name, fix="e.g. 0")


@_kind("go_shop_ended")
@attrs.frozen(kw_only=True, repr=False)
class GoShopEnded(ev.Event):
    """The signed agreement's go-shop period has run out (on its last day,
    ``Contract.go_shop_ends``, or when it is reported later), having drawn
    ``proposals`` acquisition proposals (0: no rival bidder came forward).

    From the day after ``go_shop_ends`` a fee with a go-shop amount is owed in
    full; this event records the end and its outcome.  Refused without an
    agreement in force that has a go-shop, before its last day, and twice.

    Attributes:
        proposals: how many rival acquisition proposals the go-shop drew (0: none).
    """

    proposals: int = attrs.field(default=0, validator=_count)

    def describe(self) -> str:
        drew = "no rival proposal" if not self.proposals else f"{self.proposals} rival proposal(s)"
        return f"go-shop ended: {drew}"


@on(GoShopEnded)
def _go_shop_ended(deal: Deal, e: GoShopEnded, i: int) -> None:
    c = deal._contract
    if c is None or c.ended or c.contract.go_shop_ends is None:
        raise RefusedEvent(
            "no agreement in force has a go-shop",
            fix="sign an agreement with go_shop_ends first, or record a statement",
        )
    ends = c.contract.go_shop_ends
    if e.date < ends:
        raise RefusedEvent(
            f"the go-shop runs until {ends}: it has not ended on {e.date}", field="date", fix=f"date it {ends} or later"
        )
    if c.go_shop is not None:
        raise RefusedEvent(f"the go-shop's end was recorded on {c.go_shop[0]}", fix="record it once")
    c.go_shop = (e.date, e.proposals)
