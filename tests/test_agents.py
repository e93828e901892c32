"""Tests of dealflow._agents: policies and the day-by-day runner."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import dealflow as df
from dealflow import Agent, BidderPolicy, Deal, RegulatorPolicy, ScriptedPolicy, SellerPolicy, replay, run

from .helpers import PARTIES, SALE, agreed_jv, opened

P = {p.name: p for p in PARTIES}


def _market(exponent: float = 1.0) -> tuple[Deal, list[Agent]]:
    deal = opened(on="2020-08-01")
    deal.enact("Washington", "act", df.ForeignAdversaryControl(), on="2020-08-01")
    agents = [
        Agent(
            P["Microsoft"],
            BidderPolicy("msft", SALE, start=20_000_000_000, limit=35_000_000_000, patience=60, exponent=exponent),
        ),
        Agent(P["ByteDance"], SellerPolicy(30_000_000_000)),
        Agent(P["Washington"], RegulatorPolicy(days=45)),
    ]
    return deal, agents


def test_bidder_concedes_until_the_seller_accepts_and_the_deal_closes() -> None:
    """A conceding bidder meets the seller's reservation; the regulator approves; the deal closes."""
    deal, agents = _market()
    result = run(deal, agents, start="2020-08-01", until="2021-12-31")
    assert result.stopped == "final"
    assert deal.state == "closed"
    accepted = deal.bid("msft")
    assert accepted.state == "accepted"
    assert accepted.terms.price is not None
    assert accepted.terms.price.amount >= Decimal(30_000_000_000)
    review = next(c for c in deal.history if c.machine == "gate Washington" and c.after == "approved")
    opened_on = next(c.date for c in deal.history if c.after == "under_review")
    assert (review.date - opened_on).days == 45


def test_boulware_concedes_later_than_a_conceder() -> None:
    """An exponent below 1 offers less at mid-time than an exponent above 1."""
    boulware = BidderPolicy("b", SALE, start=0, limit=100, patience=10, exponent=0.2)
    conceder = BidderPolicy("c", SALE, start=0, limit=100, patience=10, exponent=5)
    assert boulware.offer(5) < BidderPolicy("l", SALE, start=0, limit=100, patience=10).offer(5) < conceder.offer(5)
    assert boulware.offer(10) == conceder.offer(10) == 100


def test_bidder_withdraws_when_patience_runs_out() -> None:
    """A bidder whose limit stays under the reservation withdraws at its deadline."""
    deal = opened(on="2020-08-01")
    agents = [
        Agent(P["Microsoft"], BidderPolicy("msft", SALE, start=1, limit=2, patience=20)),
        Agent(P["ByteDance"], SellerPolicy(30_000_000_000)),
    ]
    result = run(deal, agents, start="2020-08-01", until="2020-12-31", quiet_days=30)
    assert deal.bid("msft").state == "withdrawn"
    assert result.stopped == "quiet"
    assert deal.state == "negotiating"


def test_regulator_blocks_by_its_rules_and_the_seller_walks_away() -> None:
    """Terms that fail the regulator's rules are blocked and the seller terminates."""
    deal = agreed_jv()
    deal.restructure(deal.terms.with_(cap_table={"ByteDance": "0.3", "Oracle": "0.15"}), on="2020-08-12")  # type: ignore[union-attr]
    deal.agree(on="2020-08-12")
    agents = [Agent(P["Washington"], RegulatorPolicy(days=10)), Agent(P["ByteDance"], SellerPolicy(0))]
    run(deal, agents, start="2020-08-13", until="2020-12-31")
    assert deal.gate("Washington").state == "blocked"
    assert deal.state == "terminated"


def test_scripted_policy_replays_the_record() -> None:
    """An agent whose policy is the record rebuilds the recorded deal."""
    deal, agents = _market()
    run(deal, agents, start="2020-08-01", until="2021-12-31")
    again = Deal()
    recorder = Agent(P["ByteDance"], ScriptedPolicy(deal.journal))
    run(again, [recorder], start=deal.journal[0].date, until=deal.clock or dt.date.max)
    assert again == deal
    assert replay(deal.journal) == deal


def test_runner_refuses_an_end_before_the_start() -> None:
    """run() refuses an until date before its start."""
    with pytest.raises(df.InputError, match="before start"):
        run(opened(), [], start="2020-08-02", until="2020-08-01")
    with pytest.raises(df.InputError, match="limit below"):
        BidderPolicy("b", SALE, start=10, limit=5)
