"""Tests of dealflow._advocacy: meetings with officials about a regulator's approval."""

from __future__ import annotations

import pytest

from dealflow import Deal, InputError, MeetingHeld, Money, Party, Terms, UnknownParty, event_from_dict, event_to_dict

PARTIES = (
    Party("Target", "seller", "IL"),
    Party("Buyer", "bidder", "US"),
    Party("Beijing", "regulator", "CN"),
    Party("Ministry", "other", "CN"),
)


def signed() -> Deal:
    """A deal signed on 2022-02-15 with Beijing's gate required."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Beijing"], on="2022-02-15")
    deal.sign(Terms.sale("Buyer", entity="Target", price=Money("5e9")), on="2022-02-15")
    return deal


def test_a_meeting_is_recorded_and_asked_for_by_regulator() -> None:
    """A meeting moves no machine; meetings() lists it, and filters by the regulator it was about."""
    deal = signed()
    before = deal.status()
    changes = deal.meet(
        "Ministry", actor="Buyer", regulator="Beijing", place="Beijing", purpose="lobby", on="2023-04-11"
    )
    assert changes == []
    assert deal.status().gates == before.gates
    deal.meet("Beijing", actor="Target", on="2023-04-12")
    assert [m.met for m in deal.meetings()] == [("Ministry",), ("Beijing",)]
    assert [m.actor for m in deal.meetings("Beijing")] == ["Buyer"]
    assert deal.journal[-2].describe() == "Buyer meets Ministry in Beijing about Beijing's approval: lobby"


def test_a_meeting_names_parties_and_a_gate() -> None:
    """Unknown parties met, a regulator without a gate, and meeting oneself are refused."""
    deal = signed()
    with pytest.raises(UnknownParty, match="unknown party 'Ghost'"):
        deal.meet("Ghost", actor="Buyer", on="2023-04-11")
    with pytest.raises(UnknownParty, match="no gate for 'Ministry'"):
        deal.meet("Ministry", actor="Buyer", regulator="Ministry", on="2023-04-11")
    with pytest.raises(InputError, match="cannot meet itself"):
        deal.meet("Buyer", actor="Buyer", on="2023-04-11")
    assert deal.meetings() == ()


def test_a_final_deal_still_records_meetings() -> None:
    """A meeting changes no state, so a terminated deal still accepts it (as it accepts statements)."""
    deal = signed()
    deal.terminate(on="2023-08-16")
    deal.meet("Ministry", actor="Buyer", on="2023-09-01")
    assert len(deal.meetings()) == 1


def test_the_event_round_trips_and_needs_someone_met() -> None:
    """Its plain-data form reads back equal; a meeting with nobody is refused when built."""
    event = MeetingHeld(date="2023-04-11", actor="Buyer", met=("Ministry",), regulator="Beijing", place="Beijing")
    assert event_from_dict(event_to_dict(event)) == event
    with pytest.raises(InputError, match="expected a list of names"):
        MeetingHeld(date="2023-04-11", actor="Buyer", met=())
