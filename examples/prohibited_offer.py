"""A hostile offer prohibited by a presidential order that also covers any
substantially equivalent transaction: a re-offer on new terms is refused, naming
the order, until the order is revoked (Broadcom's bid for Qualcomm, 2018)."""

from dealflow import Deal, DealflowError, Money, Party, Terms

parties = [
    Party("Qualcomm", "seller", "US"),
    Party("Broadcom", "bidder", "SG"),
    Party("CFIUS", "regulator", "US"),
    Party("President", "other", "US"),
]
deal = Deal.open("Qualcomm", seller="Qualcomm", parties=parties, regulators=["CFIUS"], on="2017-11-06")
offer = Terms.sale("Broadcom", entity="Qualcomm", price=Money("103e9"))
deal.submit_bid("broadcom", ["Broadcom"], offer, on="2017-11-06", note="unsolicited: $70 a share")
deal.reject_bid("broadcom", on="2017-11-13")  # the board rejects it; Broadcom goes hostile
deal.submit_bid("broadcom hostile", ["Broadcom"], offer.with_(price=Money("121e9")), on="2018-02-05")
deal.issue_order(
    "EO of 2018-03-12",
    "prohibition",
    issuer="President",
    acquirers=["Broadcom"],
    regulator="CFIUS",
    description="prohibits the proposed takeover of Qualcomm by Broadcom, and any substantially equivalent merger",
    on="2018-03-12",
)
for label, attempt in (
    (
        "a re-offer on new terms",
        lambda: deal.revise_bid("broadcom hostile", terms=offer.with_(price=Money("130e9")), on="2018-03-13"),
    ),
    ("a new bid", lambda: deal.submit_bid("broadcom again", ["Broadcom"], offer, on="2018-03-13")),
    ("accepting the offer", lambda: deal.accept_bid("broadcom hostile", on="2018-03-13")),
):
    try:
        attempt()
    except DealflowError as err:
        print(f"{label} refused: {err.rule}")
        print(f"  fix: {err.fix}")
deal.withdraw_bid("broadcom hostile", on="2018-03-14", reason="Broadcom withdraws its offer")
print(
    "order:",
    deal.order("EO of 2018-03-12").state,
    "| bids:",
    {b: deal.bid(b).state for b in ("broadcom", "broadcom hostile")},
)
