"""Two bidders, a restructuring and two regulators' gates, driven to a close."""

from dealflow import Asset, Board, Deal, ExportLicenceRequired, ForeignAdversaryControl, Money, Party, Terms

parties = [
    Party("ByteDance", "seller", "CN"),
    Party("Microsoft", "bidder", "US"),
    Party("Oracle", "bidder", "US"),
    Party("Washington", "regulator", "US"),
    Party("Beijing", "regulator", "CN"),
]
deal = Deal.open("TikTok US", seller="ByteDance", parties=parties, regulators=["Washington"], on="2020-08-02")
sale = Terms.sale("Microsoft", entity="TikTok US", price=Money("30e9"), assets=[Asset.US_OPERATIONS, Asset.ALGORITHM])
deal.submit_bid("microsoft", ["Microsoft"], sale, on="2020-08-02")
deal.enact("Washington", "act", ForeignAdversaryControl(), on="2020-08-06")
deal.enact("Beijing", "catalogue", ExportLicenceRequired("Beijing"), on="2020-08-28")  # Beijing's gate now required
deal.submit_bid("oracle", ["Oracle"], sale.with_(cap_table={"Oracle": 1}, price=Money("20e9")), on="2020-09-01")
deal.reject_bid("microsoft", on="2020-09-13")
jv = Terms(
    "joint_venture",
    "TikTok Global",
    {"ByteDance": "0.199", "Oracle": "0.15"},
    price=Money("14e9"),
    assets=[Asset.US_OPERATIONS, Asset.ALGORITHM],
    data_custodian="Oracle",
    board=Board(7, 4),
)
deal.restructure(jv, on="2020-09-14")  # a sale becomes a joint venture
deal.agree(on="2020-09-19")
for regulator in ("Washington", "Beijing"):
    verdict = deal.verdict(regulator)
    print(f"{regulator}: {verdict}")
    deal.approve(regulator, conditions=verdict.conditions, on="2020-10-01")
print("blockers before licence:", deal.blockers())
deal.meet_condition(sorted(deal.gate("Beijing").conditions)[0], actor="Beijing", on="2020-10-02")
deal.sign(on="2020-10-05")
deal.close(on="2020-11-01")
for change in deal.history:
    print(change.date, change.machine, change.before, "->", change.after)
print(deal.state)
