"""Small builders shared by the core tests."""

from __future__ import annotations

from dealflow import Asset, Board, Deal, ForeignAdversaryControl, Money, Party, Terms

PARTIES = (
    Party("ByteDance", "seller", "CN"),
    Party("Microsoft", "bidder", "US"),
    Party("Walmart", "bidder", "US"),
    Party("Oracle", "bidder", "US"),
    Party("Washington", "regulator", "US"),
    Party("Beijing", "regulator", "CN"),
    Party("Court", "other", "US"),
)

SALE = Terms.sale("Microsoft", entity="TikTok US", price=Money("30e9"), assets=[Asset.US_OPERATIONS, Asset.ALGORITHM])
JV = Terms(
    "joint_venture",
    "TikTok Global",
    {"ByteDance": "19.9%", "Oracle": "15%"},
    assets=[Asset.US_OPERATIONS],
    data_custodian="Oracle",
    board=Board(7, 4),
)


def opened(on: str = "2020-08-01", regulators: tuple[str, ...] = ("Washington",)) -> Deal:
    """A deal for TikTok US with Washington's gate required."""
    return Deal.open("TikTok US", seller="ByteDance", parties=PARTIES, regulators=regulators, on=on)


def agreed_jv() -> Deal:
    """A deal whose joint-venture terms are agreed, with the Act in force."""
    deal = opened()
    deal.enact("Washington", "act", ForeignAdversaryControl(), on="2020-08-02")
    deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-03")
    deal.restructure(JV, on="2020-08-10")
    deal.agree(on="2020-08-11")
    return deal
