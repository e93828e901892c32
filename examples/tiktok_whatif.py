"""What if Beijing had never listed the algorithm? Fork the TikTok case on 2020-08-27
and play it forward with negotiating agents, with and without the export-control
catalogue, then compare the outcomes with the recorded history.

Run: python examples/tiktok_whatif.py [RUNS]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from dealflow import Agent, Asset, RegulatorPolicy, RuleEnacted, ScriptedPolicy, Terms, load_case
from dealflow.simulate import (
    Bidder,
    Cast,
    ConcedingBidder,
    ConcedingSeller,
    Concession,
    Reservation,
    Simulation,
    fork,
    outcome_of,
)

CASE = Path(__file__).parent / "tiktok" / "tiktok.yaml"
history = load_case(CASE).replay()
catalogue = next(e for e in history.journal if isinstance(e, RuleEnacted) and e.regulator == "Beijing")
start = fork(history, "2020-08-27")  # the day before the catalogue: Microsoft and Walmart in talks


def whatif(enacted: bool) -> Simulation:
    """The negotiation from 2020-08-28, with Beijing's catalogue enacted on its date or never."""

    def cast(rng: random.Random) -> Cast:
        sale = Terms.sale("Microsoft", entity="TikTok US", assets=[Asset.US_OPERATIONS, Asset.ALGORITHM])
        microsoft = ConcedingBidder(sale, Concession.linear(10e9, rng.randrange(15, 35) * 1e9, step=5e8))
        oracle = ConcedingBidder(
            sale.with_(cap_table={"Oracle": 1}),
            Concession.conceder(8e9, rng.randrange(12, 30) * 1e9, step=5e8),
            reservation=Reservation(30e9),
        )
        others = [Agent(start.parties[catalogue.actor], ScriptedPolicy([catalogue]))] if enacted else []
        return Cast(
            seller=ConcedingSeller(Concession.boulware(40e9, 15e9, step=5e8), can_meet=["data_hosted_by"]),
            bidders=[Bidder("Microsoft", microsoft, bid="microsoft"), Bidder("Oracle", oracle)],
            regulators={"Washington": RegulatorPolicy(days=45), "Beijing": RegulatorPolicy(days=30)},
            others=others,
        )

    return Simulation(deal=start, cast=cast, start="2020-08-28", rounds=60, on_deadline="lapse")


def main(runs: int) -> None:
    recorded = outcome_of(history)
    print(f"recorded history: {recorded.state} on {recorded.date}, {recorded.structure}")
    for enacted in (True, False):
        table = whatif(enacted).runs(range(runs))
        sold = [r for r in table if r.state == "closed" and r.terms is not None and Asset.ALGORITHM in r.terms.assets]
        label = "with Beijing's catalogue" if enacted else "without it"
        print(f"\n{runs} runs {label}: {len(sold)} close a sale of the algorithm")
        print(table.table("state", "structure", "gate"))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
