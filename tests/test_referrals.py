"""Tests of dealflow._referrals: referrals between authorities and the parties' refusal to offer remedies."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

import dealflow as df
from dealflow import Deal, Party, Referral, Terms
from dealflow._serde import events_from_json, events_to_json

D = dt.date

PARTIES = (
    Party("Seller", "seller", "US"),
    Party("Buyer", "bidder", "US"),
    Party("EC", "regulator", "EU"),
    Party("CMA", "regulator", "GB"),
    Party("BWB", "other", "AT"),
    Party("LCA", "other", "LU"),
)


def signed() -> Deal:
    """A signed sale of Target to Buyer, with the CMA's gate required and the Commission's not."""
    deal = Deal.open("Target", seller="Seller", parties=PARTIES, regulators=["CMA"], on="2022-09-15")
    deal.sign(Terms.sale("Buyer", entity="Target"), on="2022-09-15")
    return deal


def test_an_article_22_request_opens_the_receiving_gate_and_its_joining_period() -> None:
    """The request makes the Commission's gate required and under review in art22_join (15 working days)."""
    deal = signed()
    assert deal.gate("EC").state == "not_required"
    deal.request_referral("EC", "eu", "art22_join", actor="BWB", on="2023-01-09", basis="EUMR Art. 22(1)")
    assert deal.gate("EC").state == "under_review"
    assert deal.latest_decision("EC") == D(2023, 1, 30)
    assert deal.referral("EC") == Referral("EC", ("BWB",), D(2023, 1, 9), "EUMR Art. 22(1)")
    assert deal.referral("CMA") is None


def test_joining_and_accepting_wait_for_the_notification() -> None:
    """Another authority joins; acceptance leaves the review without a due date until Phase 1 opens."""
    deal = signed()
    deal.request_referral("EC", "eu", "art22_join", actor="BWB", on="2023-01-09")
    deal.join_referral("EC", actor="LCA", on="2023-01-30")
    deal.accept_referral("EC", on="2023-02-14")
    referral = deal.referral("EC")
    assert referral is not None
    assert (referral.requesters, referral.decision, referral.decided_on) == (("BWB", "LCA"), "accepted", D(2023, 2, 14))
    assert str(referral) == "referred by BWB, LCA on 2023-01-09, accepted on 2023-02-14"
    review = deal.review("EC")
    assert review is not None and (review.phase, review.due) == ("art22_decision", None)
    deal.open_phase("EC", "phase1", on="2023-06-30", actor="Buyer")
    assert deal.latest_decision("EC") == D(2023, 8, 7)


def test_a_declined_referral_gives_the_gate_back() -> None:
    """A declined referral ends the review: the gate is not required again and nothing bars closing on it."""
    deal = signed()
    deal.request_referral("EC", "eu", "art22_join", actor="BWB", on="2023-01-09")
    deal.decline_referral("EC", on="2023-02-14", reason="no effect on trade between Member States")
    assert deal.gate("EC").state == "not_required"
    assert deal.review("EC") is None
    assert deal.referral("EC").decision == "declined"  # type: ignore[union-attr]
    assert not any("EC" in r for r in deal.blockers())


def test_referral_steps_out_of_order_are_refused_and_nothing_moves() -> None:
    """Joining or deciding with no pending request, a second request, and a requester joining again are refused."""
    deal = signed()
    with pytest.raises(df.RefusedEvent, match="was never requested"):
        deal.join_referral("EC", actor="LCA", on="2023-01-10")
    with pytest.raises(df.RefusedEvent, match="was never requested"):
        deal.accept_referral("EC", on="2023-01-10")
    deal.request_referral("EC", "eu", "art22_join", actor="BWB", on="2023-01-09")
    before = copy.deepcopy(deal)
    with pytest.raises(df.RefusedEvent, match="referral_joined"):
        deal.request_referral("EC", "eu", "art22_join", actor="LCA", on="2023-01-10")
    with pytest.raises(df.RefusedEvent, match="already"):
        deal.join_referral("EC", actor="BWB", on="2023-01-10")
    assert deal == before
    deal.accept_referral("EC", on="2023-02-14")
    with pytest.raises(df.RefusedEvent, match="was accepted on 2023-02-14"):
        deal.decline_referral("EC", on="2023-02-15")
    with pytest.raises(df.UnknownParty, match="no gate"):
        deal.join_referral("Brussels", actor="LCA", on="2023-02-15")


def test_declining_remedies_needs_an_open_review_and_changes_no_state() -> None:
    """remedies_declined is recorded against a review under way (no state change) and refused otherwise."""
    deal = signed()
    with pytest.raises(df.RefusedEvent, match="not under review"):
        deal.decline_remedies("CMA", on="2023-05-01", actor="Buyer")
    deal.file_review("CMA", "uk-cma", on="2023-05-04")
    with pytest.raises(df.RefusedEvent, match="recorded no phase1 concerns") as err:
        deal.decline_remedies("CMA", on="2023-07-07", actor="Buyer", finding="phase1_concerns")
    assert err.value.field == "finding"
    deal.record_finding("CMA", "phase1_concerns", on="2023-06-30", response_due="2023-07-07")
    history = list(deal.history)
    deal.decline_remedies("CMA", on="2023-07-07", actor="Buyer", finding="phase1_concerns", reason="none offered")
    assert deal.history == history
    assert deal.journal[-1].describe() == "Buyer offers CMA no remedies (answering phase1 concerns): none offered"


def test_referral_journals_round_trip_and_replay() -> None:
    """A journal with every referral kind writes to JSON and replays to an equal deal."""
    deal = signed()
    deal.request_referral("EC", "eu", "art22_join", actor="BWB", on="2023-01-09", basis="EUMR Art. 22(1)")
    deal.join_referral("EC", actor="LCA", on="2023-01-30")
    deal.accept_referral("EC", on="2023-02-14")
    deal.file_review("CMA", "uk-cma", on="2023-05-04")
    deal.decline_remedies("CMA", on="2023-07-07", actor="Buyer")
    journal = events_from_json(events_to_json(deal.journal))
    assert journal == deal.journal
    again = df.replay(journal)
    assert again == deal
    assert again.referral("EC") == deal.referral("EC")
