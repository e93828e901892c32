"""Tests of dealflow._policies: concession, reservations, negotiators, regulators."""

from __future__ import annotations

import datetime as _dt
import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import (
    Approved,
    Asset,
    BidAccepted,
    BidRevised,
    BidSubmitted,
    Condition,
    ConditionallyApproved,
    Deal,
    InputError,
    Money,
    Party,
    Structure,
    TermsAgreed,
    TermsProposed,
    View,
)
from dealflow._policies import (
    BOULWARE,
    CONCEDER,
    LINEAR,
    ConcedingBidder,
    ConcedingSeller,
    Concession,
    ConditioningRegulator,
    Reservation,
    RestructuringSeller,
    Turn,
)

from .helpers import PARTIES, SALE, agreed_jv

DAY = _dt.date(2020, 9, 1)
SELLER = PARTIES[0]
MSFT = PARTIES[1]


def turn(
    party: Party, exchanges: tuple[object, ...] = (), r: int = 0, rounds: int = 10, deal: Deal | None = None
) -> Turn:
    return Turn(
        party=party,
        today=DAY,
        round=r,
        rounds=rounds,
        bid="msft",
        exchanges=exchanges,  # type: ignore[arg-type]
        rng=random.Random(0),
        deal=deal,
    )


@given(
    start=st.integers(0, 10**6),
    span=st.integers(0, 10**6),
    e=st.sampled_from([BOULWARE, LINEAR, CONCEDER, 0.5, 2.0]),
    t1=st.floats(0, 1),
    t2=st.floats(0, 1),
)
def test_concession_is_monotone_and_bounded(start: int, span: int, e: float, t1: float, t2: float) -> None:
    """A buyer's offers never fall as time passes and stay between start and limit."""
    c = Concession(start, start + span, e)
    lo, hi = sorted((t1, t2))
    assert c.at(0) == start and c.at(1) == start + span
    assert start <= c.at(lo) <= c.at(hi) <= start + span


@given(t=st.floats(0.01, 0.99))
def test_boulware_concedes_later_than_conceder(t: float) -> None:
    """At any time inside the negotiation Boulware has conceded no more than linear, and linear no more than conceder."""
    assert Concession.boulware(0, 1000).at(t) <= Concession.linear(0, 1000).at(t) <= Concession.conceder(0, 1000).at(t)


def test_concession_rounds_to_its_grid() -> None:
    """With a step every offer is a multiple of it."""
    c = Concession.linear("10e9", "20e9", step="1e9")
    assert all(p % Decimal("1e9") == 0 for p in c.schedule(7))
    assert c.at(0) == Decimal(10_000_000_000)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": 1, "limit": 2, "exponent": 0}, "exponent"),
        ({"start": -1, "limit": 2}, "start"),
        ({"start": 1, "limit": "x"}, "limit"),
        ({"start": 1, "limit": 2, "step": 0}, "step"),
    ],
)
def test_bad_concessions_name_the_field(kwargs: dict[str, object], field: str) -> None:
    """Bad parameters raise InputError naming the field."""
    with pytest.raises(InputError) as info:
        Concession(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_reservation_over_price_structure_and_assets() -> None:
    """A reservation refuses a price past it, an unlisted structure and a kept asset."""
    seller = Reservation("20e9", structures=["sale"], keep=[Asset.ALGORITHM])
    cheap = SALE.with_(price=Money("10e9"), assets=frozenset({Asset.US_OPERATIONS}))
    assert seller.allows(cheap.with_(price=Money("25e9")), buyer=False)
    assert not seller.allows(cheap, buyer=False)
    assert not seller.allows(SALE, buyer=False)  # includes the algorithm
    assert Reservation("31e9").allows(SALE, buyer=True)
    assert not Reservation("29e9").allows(SALE, buyer=True)
    with pytest.raises(InputError):
        Reservation(1, structures=["merger"])


def test_bidder_opens_then_accepts_a_counter_within_its_next_offer() -> None:
    """A bidder opens with a bid, then accepts a counter-offer no dearer than its next offer."""
    bidder = ConcedingBidder(SALE, Concession.linear(10, 100))
    first = bidder.act(turn(MSFT))
    assert isinstance(first, BidSubmitted) and first.terms.price == Money(10)
    counter = BidRevised(date=DAY, actor="ByteDance", bid="msft", terms=SALE.with_(price=Money(50)))
    assert isinstance(bidder.act(turn(MSFT, (first, counter), r=5)), BidAccepted)
    move = bidder.act(turn(MSFT, (first, counter), r=2))
    assert isinstance(move, BidRevised) and move.terms is not None and move.terms.price == Money(28)


def test_seller_accepts_a_bid_at_its_ask_and_counters_otherwise() -> None:
    """The seller accepts a bid meeting its current ask and counters a lower one at the ask."""
    deal = Deal.open("TikTok US", seller="ByteDance", parties=PARTIES, on="2020-08-01")
    seller = ConcedingSeller(Concession.linear(100, 50))
    low = BidSubmitted(
        date=DAY, actor="Microsoft", bid="msft", bidders=("Microsoft",), terms=SALE.with_(price=Money(60))
    )
    move = seller.act(turn(SELLER, (low,), r=0, deal=deal))
    assert isinstance(move, BidRevised) and move.terms is not None and move.terms.price == Money(100)
    assert isinstance(seller.act(turn(SELLER, (low,), r=8, deal=deal)), BidAccepted)


def test_restructuring_seller_offers_a_joint_venture_keeping_the_algorithm() -> None:
    """Offered its price for a sale that includes the algorithm, the seller proposes a JV that licenses it."""
    deal = Deal.open("TikTok US", seller="ByteDance", parties=PARTIES, on="2020-08-01")
    seller = RestructuringSeller(Concession.linear(40, 20), keep=[Asset.ALGORITHM])
    bid = BidSubmitted(date=DAY, actor="Microsoft", bid="msft", bidders=("Microsoft",), terms=SALE)
    move = seller.act(turn(SELLER, (bid,), deal=deal))
    assert isinstance(move, TermsProposed)
    jv = move.terms
    assert jv.structure is Structure.JOINT_VENTURE
    assert Asset.ALGORITHM not in jv.assets
    assert Condition("licensed", "ByteDance", Asset.ALGORITHM) in jv.conditions
    assert jv.stake_of("ByteDance") < Decimal("0.2")
    agree = ConcedingBidder(
        SALE, Concession.linear(0, 40e9), reservation=Reservation(40e9, structures=["joint_venture"])
    )
    assert isinstance(agree.act(turn(MSFT, (bid, move))), TermsAgreed)
    refuse = ConcedingBidder(SALE, Concession.linear(0, 40e9), reservation=Reservation(40e9, structures=["sale"]))
    assert not isinstance(refuse.act(turn(MSFT, (bid, move))), TermsAgreed)


def test_conditioning_regulator_attaches_its_conditions() -> None:
    """An approval by its rules becomes a conditional approval carrying the regulator's own conditions."""
    deal = agreed_jv()
    cond = Condition("ipo_within_months", value="12")
    reg = ConditioningRegulator([cond], days=10)
    party = PARTIES[4]
    opened = reg.act(View(party, _dt.date(2020, 8, 12), deal))
    assert opened is not None
    deal.apply(opened)
    decision = reg.act(View(party, _dt.date(2020, 8, 22), deal))
    assert isinstance(decision, ConditionallyApproved) and cond in decision.conditions
    plain = ConditioningRegulator([Condition("data_hosted_by", "Oracle")], days=10)  # the JV meets it already
    deal2 = agreed_jv()
    deal2.apply(plain.act(View(party, _dt.date(2020, 8, 12), deal2)))  # type: ignore[arg-type]
    assert isinstance(plain.act(View(party, _dt.date(2020, 8, 22), deal2)), Approved)


def test_bad_policy_arguments_raise_input_errors() -> None:
    """Policies refuse impossible setups with InputError."""
    with pytest.raises(InputError):
        ConcedingBidder(SALE, Concession.linear(10, 5))
    with pytest.raises(InputError):
        ConcedingSeller(Concession.linear(5, 10))
    with pytest.raises(InputError):
        RestructuringSeller(Concession.linear(10, 5), keep=[])
    with pytest.raises(InputError):
        ConditioningRegulator(["not a condition"])  # type: ignore[list-item]
