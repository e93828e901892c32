"""Tests of dealflow._bids: offers, hostile rounds, tender offers and withdrawal as its own end."""

from __future__ import annotations

import pytest

from dealflow import Deal, DealflowError, InputError, Money, Party, RefusedEvent, Terms

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


def _refused(call: object) -> DealflowError:
    """The error a call raises (it must raise one)."""
    with pytest.raises(DealflowError) as info:
        call()  # type: ignore[operator]
    return info.value


def test_submitting_a_bid_names_what_is_wrong_and_the_fix() -> None:
    """A taken name (field bid), a selling bidder (field bidders), an actor not among the bidders
    (field actor) and an undeclared bidder (field bidders) are each refused with their fix."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    err = _refused(lambda: deal.submit_bid("raid", "Knight", offer("71e9", "Knight"), on="2024-01-04"))
    assert (type(err), err.field) == (RefusedEvent, "bid")
    assert "revise it, or name the new bid differently" in (err.fix or "")
    assert "bid 'raid' exists already" in str(err)
    err = _refused(lambda: deal.submit_bid("own", ["Target", "Knight"], offer("1e9", "Knight"), on="2024-01-04"))
    assert (type(err), err.field) == (InputError, "bidders")
    assert "name the buyers" in (err.fix or "")
    assert "seller cannot bid" in str(err)
    err = _refused(lambda: deal.submit_bid("k", "Knight", offer("1e9", "Knight"), actor="Raider", on="2024-01-04"))
    assert (type(err), err.field) == (RefusedEvent, "actor")
    assert "one of the bidders: Knight" in (err.fix or "")
    assert "Raider submits a bid it is not part of" in str(err)
    err = _refused(lambda: deal.submit_bid("x", ["Knight", "Ghost"], offer("1e9", "Knight"), on="2024-01-04"))
    assert err.field == "bidders"
    assert [b.bid for b in deal.status().bids] == ["raid"]


def test_only_the_seller_and_the_bids_own_bidders_act_on_it() -> None:
    """Another bidder revising, rejecting, withdrawing or accepting someone else's bid: field actor, fix lists who may."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    for act in (
        lambda: deal.revise_bid("raid", terms=offer("80e9"), actor="Knight", on="2024-01-04"),
        lambda: deal.reject_bid("raid", actor="Knight", on="2024-01-04"),
        lambda: deal.withdraw_bid("raid", actor="Knight", on="2024-01-04"),
        lambda: deal.accept_bid("raid", actor="Knight", on="2024-01-04"),
    ):
        err = _refused(act)
        assert err.field == "actor"
        assert (err.fix or "").endswith("one of: Target, Raider")
        assert "Knight is neither the seller nor a bidder of this bid" in str(err)
    deal.revise_bid("raid", terms=offer("80e9"), actor="Target", on="2024-01-04")  # the seller may
    deal.revise_bid("raid", bidders=["Raider", "Knight"], on="2024-01-05")
    deal.revise_bid("raid", terms=offer("81e9"), actor="Knight", on="2024-01-06")  # now a bidder of it
    assert deal.bid("raid").bidders == ("Raider", "Knight")


def test_a_revision_is_a_new_round_only_when_the_terms_change() -> None:
    """Revising with the same terms or only new bidders keeps the round; new terms add one and reach the gates."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.revise_bid("raid", terms=offer("70e9"), on="2024-01-04")
    deal.revise_bid("raid", bidders=["Raider", "Knight"], on="2024-01-05")
    assert (deal.bid("raid").round, deal.bid("raid").state) == (1, "revised")
    deal.revise_bid("raid", terms=offer("71e9"), on="2024-01-06")
    assert (deal.bid("raid").round, deal.bid("raid").terms) == (2, offer("71e9"))


def test_withdrawing_the_accepted_bid_reopens_negotiation_until_signing() -> None:
    """The accepted bid withdrawn before signing: the deal goes back to negotiating; after signing it is refused."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.accept_bid("raid", on="2024-01-04")
    deal.withdraw_bid("raid", on="2024-01-05")
    assert (deal.state, deal.bid("raid").state) == ("negotiating", "withdrawn")
    deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-06")
    deal.accept_bid("knight", on="2024-01-07")
    deal.sign(on="2024-01-08")
    err = _refused(lambda: deal.withdraw_bid("knight", on="2024-01-09"))
    assert "the deal is signed on this bid" in str(err)
    assert "terminate the deal instead" in (err.fix or "")
    assert (deal.state, deal.bid("knight").state) == ("signed", "accepted")


def test_withdrawing_an_accepted_bid_whose_terms_were_renegotiated_leaves_the_deal_agreed() -> None:
    """Once the agreed terms differ from the accepted bid's, withdrawing the bid does not reopen the deal."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.accept_bid("raid", on="2024-01-04")
    deal.agree(offer("69e9"), on="2024-01-05")
    deal.withdraw_bid("raid", on="2024-01-06")
    assert (deal.state, deal.terms) == ("agreed", offer("69e9"))


def test_a_withdrawal_ends_the_pursuit_only_when_no_other_bid_is_live() -> None:
    """ends_deal with another live bid: refused (field ends_deal); with none, the deal ends withdrawn."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-03")
    err = _refused(lambda: deal.withdraw_bid("raid", ends_deal=True, on="2024-01-04"))
    assert err.field == "ends_deal"
    assert "withdraw the other bids first" in (err.fix or "")
    assert "bids knight are still live" in str(err)
    deal.reject_bid("knight", on="2024-01-05")
    deal.withdraw_bid("raid", ends_deal=True, on="2024-01-06")
    assert (deal.state, deal.bid("raid").state) == ("withdrawn", "withdrawn")


def test_one_bid_is_accepted_at_a_time() -> None:
    """Accepting a second bid while one is accepted: refused, the fix names the accepted bid to withdraw."""
    deal = opened()
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-03")
    deal.accept_bid("raid", on="2024-01-04")
    err = _refused(lambda: deal.accept_bid("knight", on="2024-01-05"))
    assert "withdraw bid 'raid' first" in (err.fix or "")
    assert "bid 'raid' is accepted already" in str(err)
    assert (deal.terms, deal.bid("knight").state) == (offer("70e9"), "submitted")


def test_an_unknown_bid_lists_the_known_ones() -> None:
    """A bid name the deal does not know: field bid, the fix lists the bids (or says there is none yet)."""
    deal = opened()
    err = _refused(lambda: deal.reject_bid("ghost", on="2024-01-03"))
    assert (err.field, err.fix) == ("bid", "use one of: none yet")
    deal.submit_bid("raid", "Raider", offer("70e9"), on="2024-01-03")
    deal.submit_bid("knight", "Knight", offer("71e9", "Knight"), on="2024-01-03")
    err = _refused(lambda: deal.reject_bid("ghost", on="2024-01-03"))
    assert (err.field, err.fix) == ("bid", "use one of: raid, knight")
    assert "unknown bid 'ghost'" in str(err)
