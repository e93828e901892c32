"""An agency sues to stop a merger: the court grants a temporary restraining order,
then denies a preliminary injunction, and the deal closes."""

from dealflow import Deal, DealflowError, Money, Party, Terms

parties = [
    Party("Seller Inc", "seller", "US"),
    Party("Buyer Corp", "bidder", "US"),
    Party("FTC", "regulator", "US"),
    Party("N.D. Cal.", "court", "US"),  # courts are parties with a jurisdiction
]
deal = Deal.open("Seller Inc", seller="Seller Inc", parties=parties, regulators=["FTC"], on="2023-01-09")
deal.agree(Terms.sale("Buyer Corp", entity="Seller Inc", price=Money("69e9")), on="2023-01-10")
deal.approve("FTC", on="2023-06-01")  # the HSR waiting period ends: the gate clears...
deal.sign(on="2023-06-02")
# ...but the agency goes to court to stop the closing
deal.file_suit(
    "FTC v. Buyer", plaintiff="FTC", court="N.D. Cal.", claim="the merger lessens competition", on="2023-06-12"
)
deal.grant_tro("FTC v. Buyer", on="2023-06-13")
print("blockers under the TRO:", deal.blockers())
try:
    deal.close(on="2023-06-20")
except DealflowError as err:
    print("refused:", err.rule)
deal.deny_injunction("FTC v. Buyer", on="2023-07-11")  # the TRO ends with the denial
print("blockers after the denial:", deal.blockers())
deal.close(on="2023-10-13")
for change in deal.history:
    print(change.date, change.machine, change.before, "->", change.after)
print(deal.suit("FTC v. Buyer").state, "->", deal.state)
