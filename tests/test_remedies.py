"""Tests of dealflow._remedies: behavioural and structural remedies, remedy buyers' clearance, upfront sales and obligations."""

from __future__ import annotations

import pytest

from dealflow import Condition, Deal, Money, Party, RefusedEvent, RemedyAccepted, Terms

PARTIES = (
    Party("Target", "seller", "US"),
    Party("Buyer", "bidder", "US"),
    Party("Brussels", "regulator", "EU"),
    Party("London", "regulator", "GB"),
    Party("RemedyCo", "other", "DE"),
)
MERGER = Terms.sale("Buyer", entity="Target", price=Money("1e9"), assets=["widgets", "gadgets"])


def signed() -> Deal:
    """A signed merger cleared by both authorities."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Brussels", "London"], on="2024-01-02")
    deal.sign(MERGER, on="2024-01-10")
    deal.approve("Brussels", on="2024-02-01")
    deal.approve("London", on="2024-02-01")
    return deal


def test_an_upfront_sale_bars_the_close_until_its_buyer_is_cleared_and_it_completes() -> None:
    """An upfront remedy must complete before closing, and it completes only once its buyer is cleared."""
    deal = signed()
    deal.offer_remedy(
        "gadgets",
        regulator="Brussels",
        nature="structural",
        assets=["gadgets"],
        buyer="RemedyCo",
        buyer_clearance=["Brussels", "London"],
        upfront=True,
        on="2024-02-05",
    )
    assert deal.blockers() == ["upfront remedy 'gadgets' (sale to RemedyCo) has not completed (it is offered)"]
    with pytest.raises(RefusedEvent, match="London did not receive remedy"):
        deal.apply(RemedyAccepted(date="2024-02-06", actor="London", remedy="gadgets"))
    deal.accept_remedy("gadgets", on="2024-02-06")
    deal.clear_remedy_buyer("gadgets", by="Brussels", on="2024-02-07")
    with pytest.raises(RefusedEvent, match="lacks the clearance of London"):
        deal.complete_remedy("gadgets", on="2024-02-08")
    with pytest.raises(RefusedEvent, match="Target is not a regulator whose clearance"):
        deal.clear_remedy_buyer("gadgets", by="Target", on="2024-02-08")
    deal.clear_remedy_buyer("gadgets", by="London", on="2024-02-08")
    deal.complete_remedy("gadgets", on="2024-02-09")
    deal.close(on="2024-02-10")
    assert deal.state == "closed" and deal.remedy("gadgets").state == "completed"


def test_behavioural_commitments_survive_the_close_as_obligations() -> None:
    """Commitments accepted before closing stay binding after it, and can still be discharged on the closed deal."""
    deal = signed()
    deal.offer_remedy("licences", regulator="London", nature="behavioural", years=10, on="2024-02-05")
    deal.accept_remedy("licences", on="2024-02-06")
    assert deal.blockers() == []  # not upfront: it does not bar the close
    deal.close(on="2024-02-10")
    assert [o.remedy for o in deal.obligations()] == ["licences"]
    deal.discharge_remedy("licences", on="2034-02-06")
    assert deal.obligations() == () and deal.state == "closed"
    with pytest.raises(RefusedEvent, match="it accepts no further state change"):
        deal.approve("Brussels", on="2034-02-07")


def test_a_post_closing_sale_completes_after_the_close() -> None:
    """A structural remedy that is not upfront may complete after the close, on the closed deal."""
    deal = signed()
    deal.offer_remedy("widgets", regulator="Brussels", nature="structural", buyer="RemedyCo", on="2024-02-05")
    deal.accept_remedy("widgets", on="2024-02-06")
    deal.close(on="2024-02-10")
    deal.complete_remedy("widgets", on="2024-08-01")
    assert deal.remedy("widgets").state == "completed" and deal.state == "closed"


def test_remedies_on_a_terminated_deal_are_refused() -> None:
    """A terminated deal accepts no remedy move: only a closed deal carries obligations."""
    deal = signed()
    deal.offer_remedy("licences", regulator="London", nature="behavioural", on="2024-02-05")
    deal.accept_remedy("licences", on="2024-02-06")
    deal.terminate(on="2024-02-07")
    with pytest.raises(RefusedEvent, match="terminated"):
        deal.discharge_remedy("licences", on="2024-02-08")


def test_an_approval_conditional_on_commitments_is_met_once_they_bind() -> None:
    """A condition {kind: remedy, party, value} bars the close until that regulator's remedy is accepted."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Brussels"], on="2024-01-02")
    deal.sign(MERGER, on="2024-01-10")
    deal.offer_remedy("interop", regulator="Brussels", nature="behavioural", years=10, on="2024-02-05")
    deal.offer_remedy("other", regulator="London", nature="behavioural", on="2024-02-05")
    wanted = Condition("remedy", "Brussels", "interop")
    deal.approve("Brussels", conditions=[wanted, Condition("remedy", "Brussels", "other")], on="2024-02-06")
    assert deal.blockers() == [
        "Brussels's condition remedy:Brussels:interop is not met",
        "Brussels's condition remedy:Brussels:other is not met",
    ]
    deal.accept_remedy("interop", on="2024-02-06")
    deal.accept_remedy("other", on="2024-02-06")  # accepted, but offered to London: not Brussels' condition
    assert deal.blockers() == ["Brussels's condition remedy:Brussels:other is not met"]
