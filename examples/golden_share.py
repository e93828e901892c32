"""A closed deal with a national security agreement and a government's golden
share: the golden share's consent right refuses a later sale of a listed asset
until the government consents (modelled on Nippon Steel's purchase of U.S. Steel,
2025; the later sale is illustrative)."""

from dealflow import Deal, DealflowError, Money, Party, Terms

parties = [
    Party("U.S. Steel", "seller", "US"),
    Party("Nippon Steel", "bidder", "JP"),
    Party("CFIUS", "regulator", "US"),
    Party("United States", "other", "US"),
]
deal = Deal.open("U.S. Steel", seller="U.S. Steel", parties=parties, regulators=["CFIUS"], on="2023-12-18")
deal.agree(Terms.sale("Nippon Steel", entity="U.S. Steel", price=Money("14.9e9")), on="2023-12-18")
deal.approve("CFIUS", on="2025-06-13")
deal.sign(on="2025-06-13")
deal.close(on="2025-06-18")
# obligations and rights that survive closing: a closed deal accepts them
deal.enter_agreement(
    "NSA",
    government="United States",
    obligors=["Nippon Steel", "U.S. Steel"],
    obligations=["invest about $11B by 2028", "keep the headquarters in Pittsburgh"],
    on="2025-06-18",
)
deal.grant_rights(
    "golden share",
    holder="United States",
    consent_over=["asset_sale", "relocation"],
    listed_assets=["Granite City Works"],
    director_nationality="US",
    on="2025-06-18",
)
deal.act("asset_sale", assets=["a rail spur"], actor="U.S. Steel", on="2026-02-01")  # not listed: no consent needed
try:
    deal.act("asset_sale", assets=["Granite City Works"], actor="U.S. Steel", on="2026-03-01")
except DealflowError as err:
    print("refused:", err.rule)
    print("  fix:", err.fix)
try:
    deal.act("appoint_director", person="A. Director", nationality="JP", actor="U.S. Steel", on="2026-03-02")
except DealflowError as err:
    print("refused:", err.rule)
deal.consent("golden share", "asset_sale", assets=["Granite City Works"], on="2026-04-01")
deal.act("asset_sale", assets=["Granite City Works"], actor="U.S. Steel", on="2026-04-02")
print(
    "sold with consent; deal",
    deal.state,
    "| agreement",
    deal.agreement("NSA").state,
    "| consents left:",
    deal.rights("golden share").consents,
)
