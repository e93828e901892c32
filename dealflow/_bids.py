"""Bids and offers: one offer by one bidder or a consortium, with its own small
machine (submitted → revised / rejected / withdrawn / accepted), its events'
handlers, its runtime object and its status.

An offer may be unsolicited (hostile once rejected) and made as a tender or
exchange offer; a rejected offer may be raised or lowered in a new round of the
same bid (``revise`` from ``rejected``), never accepted as it stood; withdrawal
is final and, with ``ends_deal``, ends the pursuit (the deal ends ``withdrawn``).

Withdrawing the accepted bid while the deal is agreed on its terms (not signed)
undoes that agreement: the deal reopens (``negotiating``), and with ``ends_deal``
it then ends ``withdrawn`` (refused while another bid is live).  Once the deal is
signed on the bid, withdrawing it is refused (terminate the deal instead); an
agreement on other terms is not undone by withdrawing the bid."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from . import _events as ev
from ._concepts import BID_REVISED, Change, DealMethods, check, on
from ._errors import InputError, RefusedEvent, UnknownParty
from ._machines import MachineSpec, many, register_machine
from ._values import Terms

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = ["BID", "BidMethods", "BidStatus"]

BID = register_machine(
    MachineSpec(
        "bid",
        ("submitted", "revised", "rejected", "withdrawn", "accepted"),
        "submitted",
        frozenset({"withdrawn", "accepted"}),
        tuple(
            many("revise", "submitted revised rejected", "revised")
            + many("reject", "submitted revised", "rejected")
            + many("withdraw", "submitted revised rejected accepted", "withdrawn")
            + many("accept", "submitted revised", "accepted")
        ),
    )
)


@attrs.frozen
class BidStatus:
    """Where one bid stands (in :meth:`Deal.bid` and :attr:`Status.bids`).

    Attributes:
        bid: the bid's name.
        bidders: the bidding parties.
        state: submitted, revised, rejected, withdrawn or accepted.
        terms: the terms the bid offers now.
        round: 1 for the first offer, one more for each new set of terms.
        unsolicited: whether the target did not invite it (a hostile or unsolicited offer).
        form: how it is made: negotiated, tender, exchange or merger.
    """

    bid: str
    bidders: tuple[str, ...]
    state: str
    terms: Terms
    round: int = 1
    unsolicited: bool = False
    form: str = "negotiated"


class _Bid:
    __slots__ = ("bid", "bidders", "form", "round", "state", "terms", "unsolicited")

    def __init__(
        self, bid: str, bidders: tuple[str, ...], terms: Terms, unsolicited: bool = False, form: str = "negotiated"
    ) -> None:
        self.bid = bid
        self.bidders = bidders
        self.terms = terms
        self.state = "submitted"
        self.round = 1
        self.unsolicited = unsolicited
        self.form = form

    def status(self) -> BidStatus:
        return BidStatus(self.bid, self.bidders, self.state, self.terms, self.round, self.unsolicited, self.form)


def bid_of(bids: dict[str, _Bid], name: str) -> _Bid:
    bid = bids.get(name)
    if bid is None:
        known = ", ".join(bids) or "none yet"
        raise UnknownParty(f"unknown bid {name!r}", field="bid", fix=f"use one of: {known}")
    return bid


def _bid_party(deal: Deal, e: ev.Event, bidders: tuple[str, ...]) -> None:
    """Only the seller and the bid's own bidders act on a bid."""
    if e.actor != deal.seller and e.actor not in bidders:
        allowed = ", ".join((deal.seller, *bidders))
        msg = f"{e.actor} is neither the seller nor a bidder of this bid"
        raise RefusedEvent(msg, field="actor", fix=f"the actor must be one of: {allowed}")


def _submitted(deal: Deal, e: ev.BidSubmitted, i: int) -> None:
    if e.bid in deal._bids:
        raise RefusedEvent(
            f"bid {e.bid!r} exists already", field="bid", fix="revise it, or name the new bid differently"
        )
    for name in e.bidders:
        deal._party(name, "bidders")
    if deal.seller in e.bidders:
        raise InputError("the seller cannot bid for its own business", field="bidders", fix="name the buyers")
    if e.actor not in e.bidders:
        msg = f"{e.actor} submits a bid it is not part of"
        raise RefusedEvent(msg, field="actor", fix=f"the actor must be one of the bidders: {', '.join(e.bidders)}")
    deal._check_terms(e.terms)
    check("deal", "bid", deal.state or "", "the deal", "receive a bid")
    if type(deal._bids) is not dict:
        deal._bids = {}
    deal._bids[e.bid] = _Bid(e.bid, e.bidders, e.terms, e.unsolicited, e.form)
    deal.history.append(Change(e.date, i, f"bid {e.bid}", None, "submitted"))
    deal._move("deal", deal, "bid", "deal", e.date, i)


on(ev.BidSubmitted)(_submitted)


def _revised(deal: Deal, e: ev.BidRevised, i: int) -> None:
    bid = bid_of(deal._bids, e.bid)
    for name in e.bidders or ():
        deal._party(name, "bidders")
    _bid_party(deal, e, bid.bidders + (e.bidders or ()))
    if e.terms is not None:
        deal._check_terms(e.terms)
    check("bid", "revise", bid.state, "bid {!r}", "be revised", bid.bid)
    if e.terms is not None and e.terms != bid.terms:
        bid.terms = e.terms
        bid.round += 1
        for hook in BID_REVISED:
            hook(deal, bid.bid, e.terms, e.date, i)
    if e.bidders is not None:
        bid.bidders = e.bidders
    deal._move("bid", bid, "revise", f"bid {bid.bid}", e.date, i)


on(ev.BidRevised)(_revised)


def _rejected(deal: Deal, e: ev.BidRejected, i: int) -> None:
    bid = bid_of(deal._bids, e.bid)
    _bid_party(deal, e, bid.bidders)
    check("bid", "reject", bid.state, f"bid {bid.bid!r}", "be rejected")
    deal._move("bid", bid, "reject", f"bid {bid.bid}", e.date, i)


on(ev.BidRejected)(_rejected)


def _withdrawn(deal: Deal, e: ev.BidWithdrawn, i: int) -> None:
    bid = bid_of(deal._bids, e.bid)
    _bid_party(deal, e, bid.bidders)
    check("bid", "withdraw", bid.state, "bid {!r}", "be withdrawn", bid.bid)
    reopen = bid.state == "accepted" and deal.state == "agreed" and deal.terms == bid.terms
    if bid.state == "accepted" and deal.state == "signed":
        raise RefusedEvent("the deal is signed on this bid", fix="terminate the deal instead")
    if e.ends_deal:  # from the state the deal is in once the agreement on this bid is undone
        check("deal", "withdraw", "negotiating" if reopen else deal.state or "", "the deal", "end by a withdrawal")
        live = [b.bid for b in deal._bids.values() if b is not bid and b.state in ("submitted", "revised")]
        if live:
            raise RefusedEvent(
                f"bids {', '.join(live)} are still live: the pursuit does not end with this one",
                field="ends_deal",
                fix="withdraw the other bids first, or leave ends_deal false",
            )
    deal._move("bid", bid, "withdraw", f"bid {bid.bid}", e.date, i)
    if reopen:
        deal._move("deal", deal, "reopen", "deal", e.date, i)
    if e.ends_deal:
        deal._move("deal", deal, "withdraw", "deal", e.date, i)


on(ev.BidWithdrawn)(_withdrawn)


def _accepted(deal: Deal, e: ev.BidAccepted, i: int) -> None:
    bid = bid_of(deal._bids, e.bid)
    _bid_party(deal, e, bid.bidders)
    check("bid", "accept", bid.state, f"bid {bid.bid!r}", "be accepted")
    other = next((b.bid for b in deal._bids.values() if b.state == "accepted"), None)
    if other is not None:
        msg = f"bid {other!r} is accepted already: at most one bid is accepted at a time"
        raise RefusedEvent(msg, fix=f"withdraw bid {other!r} first")
    check("deal", "agree", deal.state or "", "the deal", "agree on a bid")
    deal._move("bid", bid, "accept", f"bid {bid.bid}", e.date, i)
    deal._set_terms(bid.terms, e.date, i)
    deal._move("deal", deal, "agree", "deal", e.date, i)


on(ev.BidAccepted)(_accepted)


class BidMethods(DealMethods):
    """Sugar for bids: each method builds one event and applies it."""

    __slots__ = ()

    if TYPE_CHECKING:
        _bids: dict[str, _Bid]

    def bid(self, name: str) -> BidStatus:
        """The status of bid ``name`` now."""
        return bid_of(self._bids, name).status()

    def submit_bid(
        self,
        bid: str,
        bidders: Iterable[str],
        terms: Terms,
        *,
        on: _dt.date | str,
        unsolicited: bool = False,
        form: str = "negotiated",
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """``bidders`` submit bid ``bid`` on ``terms``; the bid starts ``submitted``."""
        names = (bidders,) if isinstance(bidders, str) else tuple(bidders)
        lead = names[0] if names else ""
        return self.apply(
            ev.BidSubmitted(
                date=on,
                actor=self._actor(actor, lead),
                bid=bid,
                bidders=names,
                terms=terms,
                unsolicited=unsolicited,
                form=form,
                **meta,
            )
        )

    def revise_bid(
        self,
        bid: str,
        *,
        on: _dt.date | str,
        terms: Terms | None = None,
        bidders: Iterable[str] | None = None,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Revise bid ``bid``: new ``terms``, new ``bidders`` or both."""
        names = None if bidders is None else ((bidders,) if isinstance(bidders, str) else tuple(bidders))
        lead = bid_of(self._bids, bid).bidders[0]
        return self.apply(
            ev.BidRevised(date=on, actor=self._actor(actor, lead), bid=bid, terms=terms, bidders=names, **meta)
        )

    def reject_bid(
        self, bid: str, *, on: _dt.date | str, reason: str = "", actor: str | None = None, **meta: Any
    ) -> list[Change]:
        """The seller rejects bid ``bid``; it can never be accepted later."""
        return self.apply(
            ev.BidRejected(date=on, actor=self._actor(actor, self.seller), bid=bid, reason=reason, **meta)
        )

    def withdraw_bid(
        self,
        bid: str,
        *,
        on: _dt.date | str,
        reason: str = "",
        ends_deal: bool = False,
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """Withdraw ``bid``; with ``ends_deal`` the pursuit ends and the deal ends ``withdrawn``
        (the accepted bid too, while the deal is agreed on it and not signed)."""
        lead = bid_of(self._bids, bid).bidders[0]
        return self.apply(
            ev.BidWithdrawn(
                date=on, actor=self._actor(actor, lead), bid=bid, reason=reason, ends_deal=ends_deal, **meta
            )
        )

    def accept_bid(self, bid: str, *, on: _dt.date | str, actor: str | None = None, **meta: Any) -> list[Change]:
        """The seller accepts bid ``bid``: its terms come under negotiation (one accepted bid at a time)."""
        return self.apply(ev.BidAccepted(date=on, actor=self._actor(actor, self.seller), bid=bid, **meta))
