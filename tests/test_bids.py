"""Tests of dealflow._bids: offers, hostile rounds, tender offers and withdrawal as its own end."""

from __future__ import annotations

import pytest

from dealflow import Deal, Money, Party, RefusedEvent, Terms

PARTIES = (
    Party("Target", "seller", "US"),
    Party("Raider", "bidder", "US"),
    Party("Knight", "bidder", "US"),
    Party("Washington", "regulator", "US"),
)


def offer(price: str, buyer: str = "Raider") -> Terms:
    """A sale of Target to ``buyer`` at ``price``."""
    return Terms.sale(buyer, entity="Target", price=Money(price))


def opened() -> Deal:
    """A target with no regulator required yet."""
    return Deal.open("Target", seller="Target", parties=PARTIES, on="2024-01-02")


def test_a_rejected_offer_comes_back_as_a_new_round_of_the_same_bid() -> None:
    """Raising a rejected offer is a new round of the same bid, never an acceptance of the rejected round."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), unsolicited=True, form="tender", on="2024-01-03")
    deal.reject_bid("raid", on="2024-01-10")
    with pytest.raises(RefusedEvent, match="bid 'raid' is rejected: cannot be accepted"):
        deal.accept_bid("raid", on="2024-01-11")
    deal.revise_bid("raid", terms=offer("75e9"), on="2024-01-12")
    bid = deal.bid("raid")
    assert (bid.state, bid.round, bid.unsolicited, bid.form) == ("revised", 2, True, "tender")
    deal.revise_bid("raid", terms=offer("72e9"), on="2024-01-13")  # lowered: a round too
    assert deal.bid("raid").round == 3
    deal.accept_bid("raid", on="2024-01-14")
    assert deal.state == "agreed" and deal.terms == offer("72e9")


def test_withdrawing_the_only_offer_ends_the_pursuit_as_withdrawn() -> None:
    """With ends_deal the deal ends withdrawn, which is not a termination; not while another offer is live."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), unsolicited=True, on="2024-01-03")
    deal.submit_bid("white knight", "Knight", offer("71e9", "Knight"), on="2024-01-04")
    with pytest.raises(RefusedEvent, match="white knight are still live"):
        deal.withdraw_bid("raid", ends_deal=True, on="2024-01-05")
    deal.withdraw_bid("white knight", on="2024-01-05")
    deal.withdraw_bid("raid", ends_deal=True, on="2024-01-06")
    assert deal.state == "withdrawn"
    assert deal.contract is None and deal.settlement() == ()
    with pytest.raises(RefusedEvent, match="withdrawn: it accepts no further state change"):
        deal.terminate(on="2024-01-07")


def test_a_regulator_blocks_an_offer_never_accepted() -> None:
    """A regulator reviews and blocks an offer that nobody accepted; raising the price keeps its review."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), unsolicited=True, on="2024-01-03")
    deal.require_gate("Washington", on="2024-01-04")
    deal.scope_gate("Washington", "investment", on="2024-01-04")
    deal.open_review("Washington", days=30, bid="raid", on="2024-01-05")
    assert deal.gate("Washington").terms == offer("70e9")
    deal.revise_bid("raid", terms=offer("80e9"), on="2024-01-06")
    gate = deal.gate("Washington")
    assert (gate.state, gate.terms, gate.bid) == ("under_review", offer("80e9"), "raid")
    deal.block("Washington", bid="raid", on="2024-01-20")
    assert deal.gate("Washington").state == "blocked" and deal.terms is None
    other = deal.fork("2024-01-20")
    deal.withdraw_bid("raid", ends_deal=True, on="2024-01-21")
    assert deal.state == "withdrawn"
    other.withdraw_bid("raid", on="2024-01-21")  # the pursuit goes on without an offer
    with pytest.raises(RefusedEvent, match="bid 'raid' is withdrawn"):
        other.approve("Washington", bid="raid", on="2024-01-22")


def test_an_agreed_deal_is_abandoned_not_terminated() -> None:
    """Abandonment is its own end of an agreed deal."""
    deal = opened()
    deal.agree(offer("70e9"), on="2024-01-03")
    deal.abandon(reason="under review too long", on="2024-06-01")
    assert deal.state == "abandoned"
