"""Small builders shared by the core tests."""

from __future__ import annotations

from dealflow import Asset, Board, Deal, ForeignAdversaryControl, Money, Party, PartyJoined, Terms

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


def in_court() -> Deal:
    """agreed_jv with a court (D.D.C.) and a court of appeal (D.C. Circuit) declared."""
    deal = agreed_jv()
    deal.apply(PartyJoined(date="2020-08-12", actor="ByteDance", party=Party("D.D.C.", "court", "US")))
    deal.apply(PartyJoined(date="2020-08-12", actor="ByteDance", party=Party("D.C. Circuit", "court", "US")))
    return deal


def closed_jv() -> Deal:
    """A joint venture closed on 2020-09-01 with no gate required, a suit against it
    filed before closing, golden-share rights over the algorithm's sale and a
    national security agreement."""
    deal = opened(regulators=())
    deal.apply(PartyJoined(date="2020-08-01", actor="ByteDance", party=Party("D.D.C.", "court", "US")))
    deal.agree(JV, on="2020-08-02")
    deal.file_suit("ftc", plaintiff="Washington", court="D.D.C.", on="2020-08-03")
    deal.sign(on="2020-08-04")
    deal.close(on="2020-09-01")
    deal.grant_rights(
        "golden share",
        holder="Washington",
        consent_over=("asset_sale",),
        listed_assets=(Asset.ALGORITHM,),
        on="2020-09-01",
    )
    deal.enter_agreement(
        "nsa", government="Washington", obligors=("Oracle",), obligations=("US data in the US",), on="2020-09-01"
    )
    return deal
