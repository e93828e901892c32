"""Tests of dealflow._go_shop: recording a go-shop's end against the signed agreement."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from dealflow import Contract, Deal, Fee, GoShopEnded, InputError, Money, Party, RefusedEvent, Terms

PARTIES = (Party("Target", "seller", "US"), Party("Buyer", "bidder", "US"))
MERGER = Terms.sale("Buyer", entity="Target", price=Money("1e9"))


def signed(go_shop_ends: str | None = "2022-07-05") -> Deal:
    """A deal signed on 2022-05-26 with a go-shop to ``go_shop_ends`` (none: no go-shop)."""
    fees = (Fee("Target", "Buyer", "30e6", ("superior_proposal",), go_shop_amount="15e6"),) if go_shop_ends else ()
    deal = Deal.open("Target", seller="Target", parties=PARTIES, on="2022-05-26")
    deal.sign(MERGER, contract=Contract(go_shop_ends=go_shop_ends, fees=fees), on="2022-05-26")
    return deal


def test_the_go_shops_end_is_recorded_with_what_it_drew() -> None:
    """On its last day the go-shop's end is recorded, with no rival proposal; the contract status says so."""
    deal = signed()
    deal.apply(GoShopEnded(date="2022-07-05", actor="Target"))
    status = deal.contract
    assert status is not None
    assert (status.go_shop_ended, status.go_shop_proposals) == (dt.date(2022, 7, 5), 0)
    assert deal.journal[-1].describe() == "go-shop ended: no rival proposal"
    assert GoShopEnded(date="2022-07-06", actor="T", proposals=2).describe() == "go-shop ended: 2 rival proposal(s)"


@pytest.mark.parametrize(
    ("go_shop_ends", "twice", "on", "match"),
    [
        (None, False, "2022-07-05", "no agreement in force has a go-shop"),
        ("2022-07-05", False, "2022-07-04", "runs until 2022-07-05"),
        ("2022-07-05", True, "2022-07-06", "recorded on 2022-07-05"),
    ],
)
def test_a_go_shop_end_is_refused_without_a_go_shop_early_or_twice(
    go_shop_ends: str | None, twice: bool, on: str, match: str
) -> None:
    """No go-shop, a date before its last day, or a second record: refused, and nothing moves."""
    deal = signed(go_shop_ends)
    if twice:
        deal.apply(GoShopEnded(date="2022-07-05", actor="Target"))
    before = copy.deepcopy(deal)
    with pytest.raises(RefusedEvent, match=match):
        deal.apply(GoShopEnded(date=on, actor="Target"))
    assert deal == before


def test_a_negative_count_of_proposals_is_bad_input() -> None:
    """proposals is a whole number of 0 or more."""
    with pytest.raises(InputError) as err:
        GoShopEnded(date="2022-07-05", actor="Target", proposals=-1)
    assert err.value.field == "proposals"
