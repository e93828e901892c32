"""Tests of dealflow._votes: shareholder and board approvals, proxy contests, waivers and scoped re-votes."""

from __future__ import annotations

import pytest

from dealflow import ApprovalWaived, Deal, Money, Party, RefusedEvent, Terms

PARTIES = (
    Party("Target", "seller", "US"),
    Party("Buyer", "bidder", "US"),
    Party("Brussels", "regulator", "EU"),
)
MERGER = Terms.sale("Buyer", entity="Target", price=Money("1e9"), assets=["widgets"])


def signed_with_vote(**kwargs: object) -> Deal:
    """A signed merger whose closing needs the target's shareholders."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, on="2024-01-02")
    deal.sign(MERGER, on="2024-01-10")
    deal.require_approval(
        "vote",
        body="target_shareholders",
        party="Target",
        due="2024-04-30",
        on="2024-01-10",
        **kwargs,  # type: ignore[arg-type]
    )
    return deal


def test_a_vote_is_a_condition_precedent_with_its_own_date() -> None:
    """Closing waits for the shareholders' vote, which has its own due date, distinct from any gate."""
    deal = signed_with_vote()
    assert deal.approval("vote").due is not None and deal.approval("vote").due.isoformat() == "2024-04-30"
    assert [g.regulator for g in deal.status().gates] == ["Brussels"]  # no fake regulator
    with pytest.raises(RefusedEvent, match="target shareholders have not approved"):
        deal.close(on="2024-02-01")
    deal.vote("vote", passed=True, support="0.91", on="2024-04-20")
    assert deal.approval("vote").state == "approved"
    deal.close(on="2024-04-21")
    assert deal.state == "closed"


def test_a_failed_vote_bars_the_close_until_waived_by_an_entitled_party() -> None:
    """A rejected vote bars closing; only a party entitled to waive it can."""
    deal = signed_with_vote(waivable_by=["Buyer"])
    deal.vote("vote", passed=False, support="0.40", on="2024-04-20")
    with pytest.raises(RefusedEvent, match="vote is rejected"):
        deal.close(on="2024-04-21")
    with pytest.raises(RefusedEvent, match="Target is not entitled to waive"):
        deal.apply(ApprovalWaived(date="2024-04-22", actor="Target", approval="vote"))
    deal.apply(ApprovalWaived(date="2024-04-22", actor="Buyer", approval="vote"))
    deal.close(on="2024-04-23")
    assert deal.state == "closed"


def test_a_price_change_sends_the_shareholders_back_to_vote_and_says_why() -> None:
    """New terms touching the price reset the shareholders' approval with a reason; other changes keep it."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, on="2024-01-02")
    deal.agree(MERGER, on="2024-01-05")
    deal.require_approval("vote", body="target_shareholders", party="Target", on="2024-01-05")
    deal.vote("vote", passed=True, on="2024-02-01")
    deal.agree(MERGER.with_(assets=frozenset({"widgets", "gadgets"})), on="2024-02-02")
    assert deal.approval("vote").state == "approved"  # assets are outside the shareholders' scope
    changes = deal.agree(MERGER.with_(price=Money("1.1e9")), on="2024-02-03")
    reset = [c for c in changes if c.machine == "approval vote"]
    assert reset and reset[0].after == "required"
    assert "price (price and consideration)" in reset[0].reason


def test_a_proxy_contest_is_not_a_condition_of_closing() -> None:
    """Nominees put to the shareholders make a proxy contest, which bars nothing when not a precedent."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, on="2024-01-02")
    deal.require_approval(
        "proxy", body="target_shareholders", party="Target", nominees=["A. Nominee"], precedent=False, on="2024-01-03"
    )
    deal.vote("proxy", passed=True, on="2024-03-01")  # nominees elected, with no terms agreed
    assert deal.approval("proxy").nominees == ("A. Nominee",)
    assert deal.approval("proxy").state == "approved"
