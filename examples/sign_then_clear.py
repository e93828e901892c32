"""A merger signed first and cleared afterwards.

Globex agrees to buy Acme for $60 a share in cash ($12 billion).  The merger
agreement is signed on day one; two competition authorities (Brussels and London)
and Acme's shareholders must then clear it.  Brussels asks for a remedy: Acme's
European coatings business is sold, before closing, to a remedy buyer (Initech)
whose purchase Brussels must clear too.  The outside date is extended once while
the remedy sale completes, and the deal closes.  Finally: what would Globex have
owed had Acme terminated on the original outside date instead?
"""

from dealflow import (
    Condition,
    Consideration,
    Contract,
    Deal,
    Fee,
    Money,
    Party,
    Precedent,
    Terms,
    TickingFee,
)

parties = [
    Party("Acme", "seller", "US"),
    Party("Globex", "bidder", "US"),
    Party("Brussels", "regulator", "EU"),
    Party("London", "regulator", "GB"),
    Party("Initech", "other", "DE"),  # the remedy buyer
]
deal = Deal.open("Acme", seller="Acme", parties=parties, regulators=["Brussels", "London"], on="2024-01-10")
for authority in ("Brussels", "London"):
    deal.scope_gate(authority, "competition", on="2024-01-10")  # who combines with whom, which businesses

merger = Terms.sale("Globex", entity="Acme", price=Money("12e9"), assets=["us_coatings", "eu_coatings", "adhesives"])
agreement = Contract(
    consideration=Consideration(cash_per_share="60.00", total="12e9"),
    outside_date="2024-10-15",
    fees=(
        Fee("Acme", "Globex", "360e6", ("superior_proposal", "change_of_recommendation")),
        Fee("Globex", "Acme", "1.2e9", ("regulatory_failure", "outside_date"), kind="reverse_termination"),
    ),
    ticking_fees=(TickingFee("Globex", "Acme", "1e6", "2024-10-15"),),
    conditions=(Precedent(Condition("financing"), waivable_by=("Globex",)),),
)
deal.sign(merger, contract=agreement, on="2024-01-15")  # signing needs the agreement only
deal.require_approval(
    "Acme vote", body="target_shareholders", party="Acme", due="2024-04-30", waivable_by=(), on="2024-01-15"
)
print(f"signed on 2024-01-15, {deal.state}: {agreement.consideration}")
print("  what bars the close:", "; ".join(deal.blockers()))

deal.open_review("Brussels", days=25, business_days=True, on="2024-02-01")
deal.open_review("London", days=40, business_days=True, on="2024-02-05")
deal.vote("Acme vote", passed=True, support="0.92", on="2024-04-20")
deal.approve("London", on="2024-06-28")
deal.offer_remedy(
    "coatings sale",
    regulator="Brussels",
    nature="structural",
    assets=["eu_coatings"],
    buyer="Initech",
    buyer_clearance=["Brussels"],
    upfront=True,
    on="2024-07-15",
)
deal.offer_remedy("supply", regulator="Brussels", nature="behavioural", years=10, on="2024-07-15")
deal.accept_remedy("coatings sale", on="2024-09-20")
deal.accept_remedy("supply", on="2024-09-20")
deal.approve("Brussels", on="2024-09-20")
deal.waive_condition(Condition("financing"), actor="Globex", on="2024-09-30")
print("on 2024-10-01, what bars the close:", "; ".join(deal.blockers()))

deal.extend_outside_date(to="2025-01-15", reason="the upfront remedy sale is still pending", on="2024-10-10")
deal.clear_remedy_buyer("coatings sale", by="Brussels", on="2024-11-20")
deal.complete_remedy("coatings sale", on="2024-12-02")
deal.close(on="2024-12-05")
print(f"closed on 2024-12-05 after {deal.contract.extensions if deal.contract else 0} outside-date extension")
for payment in deal.settlement():
    print("  at the close:", payment)
for obligation in deal.obligations():
    print(f"  surviving the close: remedy {obligation.remedy!r} ({obligation.nature}, {obligation.years} years)")

# What if Acme had terminated on the original outside date instead of extending it?
instead = deal.fork("2024-10-09")
instead.terminate(trigger="outside_date", reason="the long-stop date passed", on="2024-10-15")
print("had Acme terminated on the outside date, 2024-10-15:")
for payment in instead.settlement():
    print("  ", payment)
