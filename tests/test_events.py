"""Tests of dealflow._events: event values, their checks and descriptions."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import dealflow as df

from .helpers import SALE


def test_events_are_frozen_and_dated() -> None:
    """Events are frozen values whose dates are read from ISO strings."""
    e = df.BidRejected(date="2020-09-13", actor="ByteDance", bid="msft", reason="not selling")
    assert e.date == dt.date(2020, 9, 13)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        e.bid = "x"  # type: ignore[misc]
    assert e == df.BidRejected(date=dt.date(2020, 9, 13), actor="ByteDance", bid="msft", reason="not selling")


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: df.Statement(date="2020-02-30", actor="A", text="t"), "date"),
        (lambda: df.Statement(date="2020-02-01", actor="", text="t"), "actor"),
        (lambda: df.Statement(date="2020-02-01", actor="A", text="t", verified="yes"), "verified"),
        (lambda: df.BidSubmitted(date="2020-02-01", actor="A", bid="b", bidders=(), terms=SALE), "bidders"),
        (lambda: df.BidSubmitted(date="2020-02-01", actor="A", bid="b", bidders=("A", "A"), terms=SALE), "bidders"),
        (lambda: df.BidSubmitted(date="2020-02-01", actor="A", bid="b", bidders="A", terms={}), "terms"),
        (lambda: df.ReviewOpened(date="2020-02-01", actor="A", regulator="R", days=0), "days"),
        (lambda: df.MandateIssued(date="2020-02-01", actor="A", mandate="m", deadline="soon"), "deadline"),
        (lambda: df.ConditionallyApproved(date="2020-02-01", actor="A", regulator="R", conditions=[]), "conditions"),
    ],
)
def test_bad_fields_are_refused_by_name(build: object, field: str) -> None:
    """Building an event with a bad field raises InputError naming the field."""
    with pytest.raises(df.InputError) as info:
        build()  # type: ignore[operator]
    assert info.value.field == field


def test_a_revision_must_change_something() -> None:
    """A bid revision with neither terms nor bidders is refused."""
    with pytest.raises(df.InputError, match="changes nothing"):
        df.BidRevised(date="2020-02-01", actor="A", bid="b")


def test_single_bidder_name_becomes_a_tuple() -> None:
    """A lone bidder name is read as a one-name list."""
    e = df.BidSubmitted(date="2020-02-01", actor="A", bid="b", bidders="A", terms=SALE)
    assert e.bidders == ("A",)


def test_every_kind_is_registered_and_described() -> None:
    """Every event kind is registered by its name and describes itself in words."""
    assert df.EVENT_TYPES["bid_submitted"] is df.BidSubmitted
    assert all(cls.kind == name for name, cls in df.EVENT_TYPES.items())
    e = df.BidSubmitted(date="2020-08-02", actor="Microsoft", bid="msft", bidders=("Microsoft",), terms=SALE)
    assert e.describe() == "Microsoft bid 'msft': sale of TikTok US: Microsoft 100%; for 30,000,000,000 USD"
    assert "bid='msft'" in repr(e)
    assert df.Statement(date="2020-08-02", actor="A", text="hi", label="lawsuit").describe() == "lawsuit: hi"
    assert not df.Statement.changes_state


@pytest.mark.parametrize(
    ("precision", "qualifier", "shown"),
    [
        ("day", "", "2023-08-17"),
        ("day", "inferred", "2023-08-17 (inferred)"),
        ("week", "", "the week of 2023-08-14"),
        ("month", "about", "about 2023-08"),
        ("quarter", "", "2023-Q3"),
        ("half", "by", "by 2023-H2"),
        ("year", "after", "after 2023"),
    ],
)
def test_an_event_carries_the_records_own_date_precision(precision: str, qualifier: str, shown: str) -> None:
    """An event dated only to a month, a half or a year says so, with how the record bounds the date."""
    e = df.Statement(date="2023-08-17", actor="A", text="t", date_precision=precision, date_qualifier=qualifier)
    assert e.dated() == shown
    assert e.exactly_dated is (precision == "day" and not qualifier)


def test_a_date_precision_or_qualifier_outside_the_lists_is_refused() -> None:
    """Unknown precisions and qualifiers are refused naming the field and the allowed values."""
    with pytest.raises(df.InputError) as err:
        df.Statement(date="2023-08-17", actor="A", text="t", date_precision="season")
    assert err.value.field == "date_precision" and "month" in err.value.fix
    with pytest.raises(df.InputError) as err:
        df.Statement(date="2023-08-17", actor="A", text="t", date_qualifier="circa")
    assert err.value.field == "date_qualifier" and "about" in err.value.fix


def test_parties_given_as_a_mapping_are_refused() -> None:
    """A mapping is not a list of parties: its keys are not read as parties."""
    with pytest.raises(df.InputError) as info:
        df.DealOpened(date=dt.date(2020, 1, 1), actor="S", target="T", seller="S", parties={})  # type: ignore[arg-type]
    assert info.value.field == "parties"
