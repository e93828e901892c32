"""A hostile offer, raised twice, rejected, blocked by a regulator before anyone
accepted it, then withdrawn.

Contoso makes an unsolicited offer for Northwind at $70 a share.  Northwind's
board rejects it and every raise; Contoso nominates directors for a proxy contest.
Washington reviews the offer itself, though it was never accepted: a raise in
price is outside what an investment screen reviews (who controls what), so the
review goes on.  Washington blocks the offer; Contoso withdraws it, and the
pursuit ends "withdrawn": no agreement was ever signed, so nobody owes anything.
"""

from dealflow import Deal, Money, Party, Terms

parties = [
    Party("Northwind", "seller", "US"),
    Party("Contoso", "bidder", "SG"),
    Party("Washington", "regulator", "US"),
]
deal = Deal.open("Northwind", seller="Northwind", parties=parties, on="2017-11-01")


def offer(dollars_a_share: int) -> Terms:
    total = Money(dollars_a_share * 1_470_000_000)  # about 1.47 billion shares
    return Terms.sale("Contoso", entity="Northwind", price=total, assets=["chips", "licensing"])


deal.submit_bid("contoso", ["Contoso"], offer(70), unsolicited=True, on="2017-11-06")
deal.revise_bid("contoso", terms=offer(75), on="2017-12-01")  # raised, before any answer
deal.reject_bid("contoso", reason="undervalues Northwind", on="2017-12-05")
deal.require_approval(
    "proxy contest",
    body="target_shareholders",
    party="Northwind",
    nominees=["six Contoso nominees"],
    precedent=False,  # a board election, not a condition of any agreement
    due="2018-03-06",
    actor="Contoso",
    on="2017-12-11",
)
deal.require_gate("Washington", on="2018-01-29")
deal.scope_gate("Washington", "investment", on="2018-01-29")
deal.open_review("Washington", days=30, bid="contoso", on="2018-01-29")  # an offer never accepted
deal.revise_bid("contoso", terms=offer(82), on="2018-02-05")  # raised again, after the rejection
deal.reject_bid("contoso", reason="still undervalues Northwind", on="2018-02-08")
bid = deal.bid("contoso")
gate = deal.gate("Washington")
print(f"offer {bid.bid!r}: round {bid.round}, {bid.state}, {bid.terms.price}, unsolicited={bid.unsolicited}")
print(f"Washington ({gate.review}: {', '.join(gate.scopes)}) still {gate.state} on the offer {gate.bid!r}")

deal.block("Washington", reason="a threat to national security", bid="contoso", on="2018-03-12")
deal.withdraw_bid("contoso", reason="the presidential order", ends_deal=True, on="2018-03-14")
for change in deal.history:
    if change.machine in ("deal", "bid contoso", "gate Washington"):
        print(f"  {change.date} {change.machine}: {change.before} -> {change.after}")
print(f"the deal ends {deal.state}; agreement signed: {deal.contract is not None}; owed: {list(deal.settlement())}")
