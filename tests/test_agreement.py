"""Tests of dealflow._agreement: exact consideration, fees, prepayments and contracts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given

from dealflow import (
    Consideration,
    Contract,
    DealSigned,
    Fee,
    InputError,
    Money,
    Prepayment,
    TickingFee,
    event_from_dict,
    event_to_dict,
)
from dealflow.testing import contracts


def test_consideration_is_exact_and_says_its_form() -> None:
    """Cash per share and exchange ratios are exact; cash, stock and mixes are told apart."""
    mix = Consideration(cash_per_share="18.75", exchange_ratio="0.3675", total="68.7e9")
    assert mix.cash_per_share == Decimal("18.75") and mix.exchange_ratio == Fraction(147, 400)
    assert (mix.form, Consideration(exchange_ratio="1/3").form, Consideration(total=5).form) == ("mix", "stock", "cash")
    with pytest.raises(InputError, match="names no amount"):
        Consideration()
    with pytest.raises(InputError, match="not positive"):
        Consideration(exchange_ratio=0)


def test_fees_name_known_triggers_and_kinds() -> None:
    """A fee needs at least one known trigger and a known kind."""
    with pytest.raises(InputError, match="unknown or no triggers"):
        Fee("A", "B", "1e6", ("bad_weather",))
    with pytest.raises(InputError, match="not a fee kind"):
        Fee("A", "B", "1e6", ("breach",), kind="bonus")
    assert Fee("A", "B", 1, "breach").triggers == ("breach",)


def test_ticking_fees_accrue_by_the_day_from_their_start() -> None:
    """A ticking fee owes nothing before its start and per_day for each day after."""
    fee = TickingFee("A", "B", "2.5", "2024-01-01")
    assert fee.accrued(dt.date(2023, 12, 1)) == Money(0)
    assert fee.accrued(dt.date(2024, 1, 11)) == Money("25.0")


def test_contracts_list_their_parties() -> None:
    """A contract names the payers, payees and waivers it binds."""
    c = Contract(fees=(Fee("A", "B", 1, "breach"),), prepayments=(Prepayment("C", "A", 1),))
    assert c.parties() == {"A", "B", "C"}


@given(contracts())
def test_contracts_round_trip_in_a_signing(contract: Contract) -> None:
    """Any drawn contract survives the plain-data form of a signing, exactly."""
    event = DealSigned(date="2024-01-01", actor="A", contract=contract)
    assert event_from_dict(event_to_dict(event)) == event
