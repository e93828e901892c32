"""Small builders shared by the core tests."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from dealflow import Asset, Board, Deal, DealflowError, ForeignAdversaryControl, Money, Party, PartyJoined, Terms

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


#: the verdicts of a case README's fidelity table
VERDICTS = ("faithful", "approximated", "text only")


def fidelity_rows(readme: str) -> list[list[str]]:
    """A case README's fidelity table: [date, timeline kind, event(s) used, verdict] per timeline row."""
    section = re.split(r"^## Fidelity.*$", readme, maxsplit=1, flags=re.M)[1].split("\n## ", 1)[0]
    cells = [
        [c.strip() for c in line.strip().strip("|").split("|")] for line in section.splitlines() if line.startswith("|")
    ]
    return [c for c in cells if c[0] != "date" and not set(c[0]) <= set("-: ")]


def fidelity_totals(readme: str) -> tuple[int, int, int, int]:
    """The README's totals line: rows, faithful, approximated, text only."""
    found = re.search(r"^Totals: (\d+) rows, (\d+) faithful, (\d+) approximated, (\d+) text only", readme, re.M)
    assert found is not None, "the README has no totals line"
    rows, faithful, approximated, text_only = (int(n) for n in found.groups())
    return rows, faithful, approximated, text_only


def refusal(
    deal: Deal, act: Callable[[Deal], object], error: type[DealflowError] = DealflowError
) -> tuple[str, str | None, str, str]:
    """What ``act(deal)`` is refused with (an ``error``): its class name, field, rule and fix,
    once checked that nothing was half-applied (the deal's status is what it was)."""
    before = deal.status()
    with pytest.raises(error) as info:
        act(deal)
    assert deal.status() == before
    err = info.value
    return type(err).__name__, err.field, err.rule, err.fix
