"""Tests of dealflow._lapses: the outside date passing without a close, as a recorded event."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealflow import (
    Contract,
    Deal,
    Fee,
    Lapse,
    Money,
    OutsideDatePassed,
    Party,
    RefusedEvent,
    Terms,
    UnknownParty,
    event_from_dict,
    event_to_dict,
)

PARTIES = (
    Party("Target", "seller", "IL"),
    Party("Buyer", "bidder", "US"),
    Party("Beijing", "regulator", "CN"),
    Party("Others", "regulator", "various"),
)
MERGER = Terms.sale("Buyer", entity="Target", price=Money("5e9"))
CONTRACT = Contract(
    outside_date="2023-02-15",
    fees=(Fee("Buyer", "Target", "353e6", ("regulatory_failure", "outside_date"), kind="reverse_termination"),),
)


def signed() -> Deal:
    """A deal signed on 2022-02-15 with an outside date of 2023-02-15, both gates required."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Beijing", "Others"], on="2022-02-15")
    deal.sign(MERGER, contract=CONTRACT, on="2022-02-15")
    return deal


def test_the_outside_date_passes_with_the_undecided_gates_recorded() -> None:
    """Recorded on its day or later, it lists the regulators still missing; the agreement stays in force."""
    deal = signed()
    deal.approve("Others", on="2022-06-30")
    changes = deal.outside_date_passed(undecided=("Beijing",), on="2023-02-15")
    assert changes == []
    assert deal.state == "signed"
    assert deal.lapses() == (Lapse(dt.date(2023, 2, 15), dt.date(2023, 2, 15), ("Beijing",)),)
    assert "the outside date passes without the approval of Beijing" in deal.journal[-1].describe()


def test_it_is_refused_before_the_date_and_twice_for_the_same_date() -> None:
    """Not before the outside date, once per outside date; an extension allows a new one for the new date."""
    deal = signed()
    with pytest.raises(RefusedEvent, match="has not come") as info:
        deal.outside_date_passed(on="2023-02-14")
    assert info.value.fix == "date it 2023-02-15 (it lapses at the end of that day) or later"
    deal.outside_date_passed(on="2023-02-16")
    with pytest.raises(RefusedEvent, match="recorded as passed already"):
        deal.outside_date_passed(on="2023-02-17")
    deal.extend_outside_date(to="2023-06-15", on="2023-02-17")
    deal.outside_date_passed(on="2023-06-15")
    assert [lapse.outside_date.isoformat() for lapse in deal.lapses()] == ["2023-02-15", "2023-06-15"]


def test_an_undecided_regulator_must_have_a_required_gate_not_decided() -> None:
    """A regulator named undecided that has decided, or has no gate, is refused."""
    deal = signed()
    deal.approve("Others", on="2022-06-30")
    with pytest.raises(RefusedEvent, match="Others's gate is approved"):
        deal.outside_date_passed(undecided=("Others",), on="2023-02-15")
    with pytest.raises(UnknownParty, match="no gate for 'Nobody'"):
        deal.outside_date_passed(undecided=("Nobody",), on="2023-02-15")
    assert deal.lapses() == ()


def test_it_needs_an_agreement_in_force_with_an_outside_date() -> None:
    """Refused before signing, without an outside date, and once the deal has ended."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, on="2022-02-15")
    with pytest.raises(RefusedEvent, match="no agreement in force has an outside date"):
        deal.outside_date_passed(on="2023-02-15")
    deal = signed()
    deal.terminate(trigger="outside_date", mutual=True, actor="Target", on="2023-02-16")
    with pytest.raises(RefusedEvent, match="accepts no further state change"):
        deal.outside_date_passed(on="2023-02-16")


def test_a_termination_after_the_lapse_owes_the_reverse_fee() -> None:
    """The Intel/Tower path: lapse with a gate undecided, then a mutual termination on the outside-date right."""
    deal = signed()
    deal.outside_date_passed(undecided=("Beijing", "Others"), on="2023-02-15")
    deal.terminate(trigger="outside_date", mutual=True, actor="Target", on="2023-02-16")
    assert [p.amount for p in deal.settlement()] == [Money("353e6")]


def test_the_event_round_trips_and_checks_its_fields() -> None:
    """Its plain-data form reads back equal; a bad undecided list is refused when built."""
    event = OutsideDatePassed(date="2023-08-15", actor="Buyer", undecided=("Beijing",), reason="no decision")
    assert event_from_dict(event_to_dict(event)) == event
    with pytest.raises(Exception, match="lists a name twice"):
        OutsideDatePassed(date="2023-08-15", actor="Buyer", undecided=("Beijing", "Beijing"))


@settings(max_examples=40, deadline=None)
@given(st.integers(-60, 60))
def test_a_lapse_is_accepted_exactly_from_the_outside_date_on(offset: int) -> None:
    """Property: recorded on a day, it is accepted iff that day is the outside date or later; a refusal changes nothing."""
    deal = signed()
    day = dt.date(2023, 2, 15) + dt.timedelta(days=offset)
    journal = list(deal.journal)
    if offset >= 0:
        deal.outside_date_passed(on=day)
        assert [lapse.recorded_on for lapse in deal.lapses()] == [day]
    else:
        with pytest.raises(RefusedEvent):
            deal.outside_date_passed(on=day)
        assert deal.journal == journal and deal.lapses() == ()
