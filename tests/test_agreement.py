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
    ExtensionOption,
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


def test_a_cash_or_stock_election_is_its_own_form_and_may_be_prorated() -> None:
    """An election offers cash or shares per share, prorated by cash_share; it says so in a line."""
    c = Consideration(cash_per_share="142.50", exchange_ratio="0.2520", election=True, cash_share="0.5")
    assert c.form == "election"
    assert c.cash_share == Fraction(1, 2)
    assert str(c) == (
        "142.50 USD a share in cash or 63/250 buyer shares a share, at the holder's election, "
        "prorated to 50% of shares in cash"
    )
    assert Consideration(cash_per_share="10", exchange_ratio="0.5").form == "mix"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"cash_per_share": "10", "election": True}, "election"),
        ({"cash_per_share": "10", "exchange_ratio": "1", "cash_share": "0.5"}, "cash_share"),
        ({"cash_per_share": "10", "exchange_ratio": "1", "election": True, "cash_share": "1.5"}, "cash_share"),
        ({"cash_per_share": "10", "exchange_ratio": "1", "election": "yes"}, "election"),
    ],
)
def test_bad_elections_are_refused_naming_the_field(fields: dict[str, object], field: str) -> None:
    """An election needs both cash and shares; a proration needs an election and a share from 0 to 1."""
    with pytest.raises(InputError) as err:
        Consideration(**fields)  # type: ignore[arg-type]
    assert err.value.field == field


def test_a_go_shop_fee_is_owed_at_its_lower_amount_until_the_go_shop_ends() -> None:
    """The go-shop amount applies to a termination on or before go_shop_ends, the full fee after it."""
    fee = Fee("T", "B", "1.5e9", ("superior_proposal",), go_shop_amount="750e6")
    ends = dt.date(2022, 7, 5)
    assert fee.owed(ends, ends) == Money("750e6")
    assert fee.owed(dt.date(2022, 7, 6), ends) == Money("1.5e9")
    assert fee.owed(ends, None) == Money("1.5e9")
    with pytest.raises(InputError, match="no go-shop") as err:
        Contract(fees=(fee,))
    assert err.value.field == "go_shop_ends"


def test_an_extension_option_knows_its_notice_deadline_in_business_days() -> None:
    """Five business days before Saturday 2023-08-26 is Monday 2023-08-21; no notice period is the day itself."""
    option = ExtensionOption("2023-11-26", notice_days=5, only_regulatory=True)
    assert option.notice_by(dt.date(2023, 8, 26)) == dt.date(2023, 8, 21)
    assert ExtensionOption("2023-11-26").notice_by(dt.date(2023, 8, 26)) == dt.date(2023, 8, 26)
    with pytest.raises(InputError):
        ExtensionOption("2023-11-26", notice_days=-1)
