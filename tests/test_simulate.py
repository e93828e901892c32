"""Tests of dealflow.simulate: protocols, runs, forks, outcomes and sweeps."""

from __future__ import annotations

import concurrent.futures as cf
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealflow import (
    Asset,
    BidRevised,
    BidSubmitted,
    Deal,
    Event,
    InputError,
    Party,
    RegulatorPolicy,
    RuleEnacted,
    Terms,
    UnknownParty,
    events_from_json,
    events_to_json,
    replay,
)
from dealflow.simulate import (
    AlternatingOffers,
    Bidder,
    Cast,
    ConcedingBidder,
    ConcedingSeller,
    Concession,
    Exclusive,
    Outcomes,
    ProtocolViolation,
    Reservation,
    SealedBids,
    SerialExecutor,
    Simulation,
    Turn,
    draws,
    example,
    fork,
    grid,
    outcome_of,
    sweep,
)

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "tiktok" / "tiktok.yaml"


class Spy:
    """Wraps a negotiator and keeps every turn it was given."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.turns: list[Turn] = []

    def act(self, turn: Turn) -> Event | None:
        self.turns.append(turn)
        return self.inner.act(turn)  # type: ignore[no-any-return]


def small(protocol: Any = None, spies: dict[str, Spy] | None = None, rounds: int = 30) -> Simulation:
    parties = [Party("S", "seller", "CN"), Party("A", "bidder", "US"), Party("B", "bidder", "US")]
    deal = Deal.open("Co", seller="S", parties=parties, on="2021-01-01")

    def cast(rng: random.Random) -> Cast:
        bidders = []
        for name in ("A", "B"):
            policy: Any = ConcedingBidder(Terms.sale(name, entity="Co"), Concession.linear(10, rng.randint(40, 70)))
            if spies is not None:
                policy = spies.setdefault(name, Spy(policy))
            bidders.append(Bidder(name, policy))
        return Cast(seller=ConcedingSeller(Concession.boulware(100, 50)), bidders=bidders)

    return Simulation(deal=deal, cast=cast, protocol=protocol or AlternatingOffers(), rounds=rounds)


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32), protocol=st.sampled_from(["alternating", "sealed", "exclusive"]))
def test_a_seed_fixes_the_run_and_its_journal_replays(seed: int, protocol: str) -> None:
    """The same seed gives the same journal, which replays (and round-trips JSON) to an equal deal."""
    sim = example({"protocol": protocol, "rounds": 20})
    first, second = sim.run(seed), sim.run(seed)
    assert first.deal.journal == second.deal.journal
    assert first.outcome == second.outcome
    assert replay(first.deal.journal) == first.deal
    assert replay(events_from_json(events_to_json(first.deal.journal))) == first.deal


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32))
def test_a_closed_deal_always_has_every_approval(seed: int) -> None:
    """Whatever the policies do, a run never closes a deal with a blocker left."""
    result = example({"seller": "conceder"}).run(seed)
    if result.deal.state == "closed":
        assert result.deal.blockers() == []
        assert result.outcome.verdict in ("approved", "conditionally_approved")


def test_the_starting_deal_is_never_changed() -> None:
    """Running a simulation replays its deal afresh; the deal given is left as it was."""
    parties = [Party("S", "seller"), Party("A", "bidder")]
    deal = Deal.open("Co", seller="S", parties=parties, on="2021-01-01")
    before = list(deal.journal)
    sim = Simulation(
        deal=deal,
        cast=lambda rng: Cast(
            seller=ConcedingSeller(Concession.linear(100, 50)),
            bidders=[Bidder("A", ConcedingBidder(Terms.sale("A", entity="Co"), Concession.linear(10, 80)))],
        ),
    )
    assert sim.run(1).deal.state == "closed"  # no gate to pass
    assert deal.journal == before


def test_alternating_bidders_see_only_their_own_exchange() -> None:
    """In alternating offers a bidder's turn holds only its own bid's events and no deal."""
    spies: dict[str, Spy] = {}
    small(spies=spies).run(3)
    for name, spy in spies.items():
        assert spy.turns
        for turn in spy.turns:
            assert turn.deal is None
            assert all(getattr(e, "bid", name) == name for e in turn.exchanges)


def test_sealed_bids_are_made_from_the_same_state() -> None:
    """In a sealed-bid round no bidder sees a bid made in that round by another."""
    spies: dict[str, Spy] = {}
    result = small(SealedBids(), spies=spies).run(5)
    a, b = spies["A"].turns, spies["B"].turns
    for ta, tb in zip(a, b, strict=False):
        assert ta.round == tb.round
        assert all(e.actor != "B" for e in ta.exchanges)
    bid_events = [e for e in result.deal.journal if isinstance(e, (BidSubmitted, BidRevised))]
    assert all(e.actor in ("A", "B") for e in bid_events)  # nobody counters in sealed bids


def test_exclusive_talks_involve_only_the_partner() -> None:
    """In exclusive talks only the chosen bidder bids."""
    result = small(Exclusive("B")).run(2)
    bidders = {e.actor for e in result.deal.journal if isinstance(e, BidSubmitted)}
    assert bidders == {"B"}
    with pytest.raises(UnknownParty):
        small(Exclusive("Z")).run(2)


def test_a_policy_acting_for_another_party_is_a_protocol_violation() -> None:
    """A bidder returning an event acted by someone else is refused, naming the fix."""

    class Cheat:
        def act(self, turn: Turn) -> Event | None:
            return BidSubmitted(date=turn.today, actor="B", bid="A", bidders=("B",), terms=Terms.sale("B", entity="Co"))

    parties = [Party("S", "seller"), Party("A", "bidder"), Party("B", "bidder")]
    deal = Deal.open("Co", seller="S", parties=parties, on="2021-01-01")
    sim = Simulation(
        deal=deal,
        cast=lambda rng: Cast(seller=ConcedingSeller(Concession.linear(9, 1)), bidders=[Bidder("A", Cheat())]),
    )
    with pytest.raises(ProtocolViolation) as info:
        sim.run(0)
    assert "actor" in (info.value.fix or "")


def test_mandate_deadline_ends_the_run_or_forces_enforcement() -> None:
    """A deadline passing unenforced stops the run ('end') or enforces the mandate and ends the deal ('enforce')."""
    ended = example({"on_deadline": "end", "seller": "boulware", "rounds": 200}).run(4)
    assert ended.outcome.stopped in ("deadline", "final", "rounds")
    enforced = example({"on_deadline": "enforce", "rounds": 200}).runs(range(12))
    hit = enforced.where(gate="mandate cfius")
    assert len(hit) > 0
    assert all(r.state == "terminated" for r in hit)
    ends = example({"on_deadline": "end", "rounds": 200}).runs(range(12)).where(gate="mandate cfius")
    assert all(r.stopped == "deadline" and r.state != "terminated" for r in ends)


def test_fork_drops_events_and_keeps_the_rest() -> None:
    """fork(date, drop=...) replays the events up to the date, without those dropped."""
    deal = example().run(1).deal
    day = deal.journal[3].date
    kept = fork(deal, day, drop=lambda e: isinstance(e, RuleEnacted) and e.name == "catalogue")
    assert all(e.date <= day for e in kept.journal)
    assert not any(isinstance(e, RuleEnacted) and e.name == "catalogue" for e in kept.journal)
    assert len(kept.journal) == len([e for e in deal.journal if e.date <= day]) - 1


def test_bad_simulation_arguments_raise_input_errors() -> None:
    """Bad setups raise DealflowError subclasses naming the field."""
    with pytest.raises(InputError) as info:
        Simulation(deal=[], cast=lambda rng: None)  # type: ignore[arg-type,return-value]
    assert info.value.field == "deal"
    with pytest.raises(InputError):
        example({"rounds": 0})
    with pytest.raises(InputError):
        example({"colour": "blue"})
    with pytest.raises(InputError):
        example({"on_deadline": "ignore"})
    with pytest.raises(InputError):
        Simulation(deal=example().deal, cast=lambda rng: "nope").run(0)  # type: ignore[arg-type,return-value]
    with pytest.raises(InputError):
        example().run("1")  # type: ignore[arg-type]


def test_grid_and_draws() -> None:
    """grid is the product of its axes; draws are reproducible by seed."""
    assert grid(a=[1, 2], b=["x", "y", "z"])[-1] == {"a": 2, "b": "z"}
    assert len(grid(a=[1, 2], b=["x", "y", "z"])) == 6
    one = draws(5, seed=3, p=lambda r: r.random())
    assert one == draws(5, seed=3, p=lambda r: r.random()) != draws(5, seed=4, p=lambda r: r.random())
    with pytest.raises(InputError):
        grid(a="xy")


def _build(params: Mapping[str, Any]) -> Simulation:
    return example({**params, "rounds": 20})


POINTS = grid(seller=["boulware", "conceder"], export_control=[True, False])


def test_sweep_is_the_same_on_any_executor() -> None:
    """A sweep gives the same rows, in point-then-seed order, serially, on a process pool and chunked differently."""
    seen: list[tuple[int, int]] = []
    serial = sweep(_build, POINTS, seeds=3, executor=SerialExecutor(), progress=lambda d, t: seen.append((d, t)))
    with cf.ProcessPoolExecutor(max_workers=2) as pool:
        pooled = sweep(_build, POINTS, seeds=3, executor=pool, chunksize=5)
    assert serial == pooled
    assert len(serial) == 12
    assert [(r.param("seller"), r.seed) for r in serial][:4] == [
        ("boulware", 0),
        ("boulware", 1),
        ("boulware", 2),
        ("boulware", 0),
    ]
    assert seen[-1] == (12, 12)
    direct = [example({**p, "rounds": 20}).run(s).outcome for p in POINTS for s in range(3)]
    assert [r.state for r in serial] == [r.state for r in direct]


def test_sweep_on_a_dask_local_cluster() -> None:
    """dask.distributed's executor runs a sweep to the same table."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        table = sweep(_build, POINTS[:2], seeds=2, executor=client.get_executor())
    assert table == sweep(_build, POINTS[:2], seeds=2, workers=1)


def test_outcomes_count_and_print() -> None:
    """Outcomes count rows by columns and parameters and print a table with every group."""
    table = sweep(_build, POINTS, seeds=4, workers=1)
    counts = table.counts("state")
    assert sum(counts.values()) == len(table) == 16
    assert sum(table.shares("seller").values()) == pytest.approx(1)
    text = table.table("state", "seller")
    for (state, seller), n in table.counts("state", "seller").items():
        assert any(line.split()[:3] == [str(state), seller, str(n)] for line in text.splitlines())
    assert len(table.where(seller="conceder")) == 8
    assert table.records()[0]["seller"] == "boulware"
    with pytest.raises(UnknownParty):
        table[0].param("nope")
    assert isinstance(Outcomes(()), Outcomes)


@pytest.mark.skipif(not CASE.exists(), reason="the TikTok case file is not there")
def test_tiktok_fork_without_the_export_control() -> None:
    """Forking the TikTok case on 2020-08-27: with Beijing's catalogue no closed deal sells the algorithm; without it some do."""
    from dealflow._case import load_case

    case = load_case(CASE)
    history = case.replay()
    recorded = outcome_of(history)
    assert recorded.state == "closed" and recorded.structure == "joint_venture"
    control = next(e for e in history.journal if isinstance(e, RuleEnacted) and e.regulator == "Beijing")
    start = fork(history, "2020-08-27")
    assert start.state == "negotiating"

    def whatif(enacted: bool) -> Simulation:
        from dealflow import Agent, ScriptedPolicy

        def cast(rng: random.Random) -> Cast:
            full = Terms.sale("Microsoft", entity="TikTok US", assets=[Asset.US_OPERATIONS, Asset.ALGORITHM])
            seller = ConcedingSeller(Concession.boulware(40e9, 15e9, step=5e8), can_meet=["data_hosted_by"])
            bidders = [
                Bidder(
                    "Microsoft",
                    ConcedingBidder(full, Concession.linear(10e9, rng.randrange(15, 35) * 1e9, step=5e8)),
                    bid="microsoft",
                ),
                Bidder(
                    "Oracle",
                    ConcedingBidder(
                        full.with_(cap_table={"Oracle": 1}),
                        Concession.conceder(8e9, rng.randrange(12, 30) * 1e9, step=5e8),
                        reservation=Reservation(30e9),
                    ),
                ),
            ]
            regulators = {"Washington": RegulatorPolicy(days=45), "Beijing": RegulatorPolicy(days=30)}
            # policies keep state: build the scripted catalogue afresh for every run
            others = [Agent(start.parties[control.actor], ScriptedPolicy([control]))] if enacted else []
            return Cast(seller=seller, bidders=bidders, regulators=regulators, others=others)

        return Simulation(deal=start, cast=cast, start="2020-08-28", rounds=60, on_deadline="lapse")

    with_control = whatif(True).runs(range(20))
    without = whatif(False).runs(range(20))
    algorithm_sold = [
        r for r in with_control if r.state == "closed" and r.terms is not None and Asset.ALGORITHM in r.terms.assets
    ]
    assert algorithm_sold == []
    assert any(r.state == "closed" and Asset.ALGORITHM in (r.terms.assets if r.terms else ()) for r in without)
    one = whatif(False).run(7)
    assert replay(one.deal.journal) == one.deal
    assert one.deal.journal[: len(start.journal)] == start.journal


def test_restructuring_seller_reaches_a_joint_venture_in_some_runs() -> None:
    """The worked example's restructuring seller closes joint ventures that keep the algorithm licensed."""
    table = example({"seller": "conceder"}).runs(range(30))
    jvs = [r for r in table if r.structure == "joint_venture" and r.terms is not None]
    assert jvs
    assert all(Asset.ALGORITHM not in r.terms.assets for r in jvs if r.terms is not None)
