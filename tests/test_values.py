"""Tests of dealflow._values: parties, money, stakes, conditions, boards and terms."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import Board, Condition, Holding, InputError, Money, Party, Stake, Terms
from dealflow._values import as_date, as_fraction, format_fraction


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1/5", Fraction(1, 5)),
        ("0.199", Fraction(199, 1000)),
        ("19.9%", Fraction(199, 1000)),
        (0.125, Fraction(1, 8)),
        (1, Fraction(1)),
        (Decimal("0.3"), Fraction(3, 10)),
    ],
)
def test_as_fraction_reads_exact_numbers(text: object, value: Fraction) -> None:
    """Stakes are read exactly from strings, percentages, ints, decimals and decimal floats."""
    assert as_fraction(text) == value


@pytest.mark.parametrize("bad", ["abc", "1/0", True, None, float("nan"), "inf"])
def test_as_fraction_refuses_non_numbers(bad: object) -> None:
    """Anything but an exact finite number is refused with the field named."""
    with pytest.raises(InputError) as info:
        as_fraction(bad, "stake")
    assert info.value.field == "stake"


@given(st.fractions(min_value=0, max_value=10))
def test_format_fraction_round_trips(value: Fraction) -> None:
    """Writing a fraction and reading it back gives the same fraction."""
    assert as_fraction(format_fraction(value)) == value


def test_stakes_never_exceed_one_hundred_percent() -> None:
    """A cap table adding up to over 100% is refused, naming the total."""
    with pytest.raises(InputError, match="add up to 120%, over 100%") as info:
        Terms("joint_venture", "JV", {"A": "60%", "B": "60%"})
    assert info.value.field == "cap_table"


@pytest.mark.parametrize("share", ["0", "-0.1", "1.5"])
def test_a_stake_is_within_zero_and_one(share: str) -> None:
    """Each stake lies in (0, 1]."""
    with pytest.raises(InputError, match="outside"):
        Stake("A", share)


def test_negative_price_is_refused() -> None:
    """Money is never negative."""
    with pytest.raises(InputError, match="negative"):
        Money("-1")
    assert Money("14e9").amount == Decimal("14e9")


def test_a_sale_has_a_buyer_and_holdings_are_bounded() -> None:
    """A sale needs a cap table; holdings in one entity add up to at most 100%."""
    with pytest.raises(InputError, match="needs a buyer"):
        Terms("sale", "X", {})
    with pytest.raises(InputError, match="holdings in H add up"):
        Terms("joint_venture", "X", {"H": "0.5"}, holdings=[Holding("A", "H", "0.6"), Holding("B", "H", "0.6")])


def test_terms_are_frozen_values_with_sorted_cap_tables() -> None:
    """Terms compare equal whatever the order their stakes were given in."""
    a = Terms("joint_venture", "JV", {"A": "0.1", "B": "0.2"})
    b = Terms("joint_venture", "JV", [Stake("B", "0.2"), Stake("A", "0.1")])
    assert a == b
    assert hash(a) == hash(b)
    assert a.buyers == ("B", "A")
    assert a.stake_of("C") == 0


def test_bad_enums_and_boards_are_refused() -> None:
    """Unknown roles and structures, and impossible boards, name the allowed values."""
    with pytest.raises(InputError, match="use one of: seller, bidder"):
        Party("X", "boss")
    with pytest.raises(InputError, match="use one of: sale, partnership, joint_venture"):
        Terms("merger", "X", {"A": 1})
    with pytest.raises(InputError, match="impossible"):
        Board(5, 6)


def test_dates_are_iso() -> None:
    """Dates are read from ISO strings and refused otherwise."""
    assert str(as_date("2020-09-13")) == "2020-09-13"
    with pytest.raises(InputError, match="not a date"):
        as_date("13/09/2020")


def test_condition_text() -> None:
    """A condition prints as kind:party:value."""
    assert str(Condition("data_hosted_by", "Oracle")) == "data_hosted_by:Oracle"


def test_a_holder_is_listed_once() -> None:
    """A cap table naming a holder twice is refused, naming the holder."""
    with pytest.raises(InputError, match="A listed twice") as info:
        Terms("joint_venture", "JV", [Stake("A", "10%"), Stake("A", "5%"), Stake("B", "5%")])
    assert info.value.field == "cap_table"


@pytest.mark.parametrize(("seats", "domestic"), [(0, 0), (-1, 0), (3, -1), (3, 4)])
def test_impossible_boards_are_refused(seats: int, domestic: int) -> None:
    """A board needs at least one seat and 0 <= domestic <= seats."""
    with pytest.raises(InputError, match="impossible"):
        Board(seats, domestic)
    assert Board(1, 0).seats == 1
    assert Board(1, 1).domestic == 1


@pytest.mark.parametrize(
    ("value", "exact"), [(0.1, Fraction(1, 10)), (0.199, Fraction(199, 1000)), (1e-3, Fraction(1, 1000))]
)
def test_floats_are_read_as_the_decimal_typed(value: float, exact: Fraction) -> None:
    """A float is read as the decimal a person typed, never as its binary approximation."""
    assert as_fraction(value) == exact
    assert as_fraction(value) != Fraction(value)
