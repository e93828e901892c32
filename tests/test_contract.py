"""Tests of dealflow._contract: signing, the outside date, conditions precedent, termination and settlement."""

from __future__ import annotations

import attrs
import pytest

from dealflow import (
    Condition,
    Consideration,
    Contract,
    Deal,
    Fee,
    Money,
    Party,
    Payment,
    Precedent,
    Prepayment,
    RefusedEvent,
    Terms,
    TickingFee,
    UnknownParty,
)

PARTIES = (
    Party("Target", "seller", "US"),
    Party("Buyer", "bidder", "US"),
    Party("Brussels", "regulator", "EU"),
    Party("Outsider", "other", "US"),
)
MERGER = Terms.sale("Buyer", entity="Target", price=Money("1e9"))
FINANCING = Condition("financing")


def contract(**changes: object) -> Contract:
    """A contract with an outside date, both fees, a ticking fee, a prepayment and a waivable condition."""
    base = Contract(
        consideration=Consideration(cash_per_share="10", total="1e9"),
        outside_date="2024-06-30",
        fees=(
            Fee("Target", "Buyer", "30e6", ("superior_proposal",)),
            Fee("Buyer", "Target", "80e6", ("regulatory_failure", "outside_date"), kind="reverse_termination"),
        ),
        ticking_fees=(TickingFee("Buyer", "Target", "100000", "2024-06-01"),),
        prepayments=(Prepayment("Buyer", "Target", "5e6", kept_on_termination=False),),
        conditions=(Precedent(FINANCING, waivable_by=("Buyer",)),),
    )
    return attrs.evolve(base, **changes)


def signed(**changes: object) -> Deal:
    """A deal signed on 2024-01-10 with Brussels' gate required."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Brussels"], on="2024-01-02")
    deal.sign(MERGER, contract=contract(**changes), on="2024-01-10")
    return deal


def test_signing_needs_only_the_agreement() -> None:
    """Signing on given terms agrees and signs them, with no clearance yet; the contract is recorded."""
    deal = signed()
    assert deal.state == "signed"
    assert deal.contract is not None and deal.contract.signed_on.isoformat() == "2024-01-10"
    assert "Brussels has not approved (its gate is pending)" in deal.blockers()
    assert "condition precedent financing is neither met nor waived" in deal.blockers()


def test_conditions_precedent_are_waived_only_by_the_entitled_party() -> None:
    """Only a party the agreement entitles may waive a condition precedent, and only once."""
    deal = signed()
    with pytest.raises(RefusedEvent, match="Target is not entitled to waive financing") as info:
        deal.waive_condition(FINANCING, actor="Target", on="2024-02-01")
    assert info.value.fix == "it may be waived by: Buyer"
    with pytest.raises(UnknownParty, match="not a condition precedent"):
        deal.waive_condition(Condition("listing"), actor="Buyer", on="2024-02-01")
    deal.waive_condition(FINANCING, actor="Buyer", on="2024-02-01")
    deal.approve("Brussels", on="2024-03-01")
    assert deal.blockers() == []
    deal.close(on="2024-03-02")
    assert deal.state == "closed"


def test_outside_date_termination_waits_for_the_date_and_needs_a_party() -> None:
    """Either party may terminate on the outside date once it has passed; nobody else, never before."""
    deal = signed()
    with pytest.raises(RefusedEvent, match="has not passed"):
        deal.terminate(trigger="outside_date", on="2024-06-29")
    with pytest.raises(RefusedEvent, match="Outsider is not a party to the agreement"):
        deal.terminate(trigger="outside_date", actor="Outsider", on="2024-06-30")
    deal.terminate(trigger="outside_date", actor="Buyer", on="2024-06-30")
    assert deal.state == "terminated"
    assert deal.settlement() == (
        Payment("Buyer", "Target", Money("80e6"), "reverse termination fee, on termination (outside_date)"),
        Payment("Target", "Buyer", Money("5e6"), "prepayment refunded on terminated"),
    )


def test_a_regulator_does_not_terminate_a_deal() -> None:
    """A regulator (foreign or not) blocks or orders; it cannot terminate the deal, which stays as it was."""
    deal = signed()
    with pytest.raises(RefusedEvent, match="Brussels is a regulator: a regulator does not terminate a deal"):
        deal.terminate(actor="Brussels", on="2024-03-01")
    assert deal.state == "signed"
    deal.terminate(actor="Buyer", on="2024-03-01")
    assert deal.state == "terminated"


def test_extensions_move_the_outside_date_forward_only() -> None:
    """An extension moves the outside date later and is counted; one that does not is refused."""
    deal = signed()
    with pytest.raises(RefusedEvent, match="is not after the outside date"):
        deal.extend_outside_date(to="2024-06-30", on="2024-05-01")
    deal.extend_outside_date(to="2024-09-30", on="2024-05-01")
    assert deal.contract is not None
    assert (deal.contract.outside_date.isoformat(), deal.contract.extensions) == ("2024-09-30", 1)
    with pytest.raises(RefusedEvent, match="has not passed"):
        deal.terminate(trigger="outside_date", on="2024-07-01")


def test_settlement_on_close_owes_the_consideration_and_ticking_fee() -> None:
    """On a close the buyer owes the consideration and the ticking fee accrued since its start."""
    deal = signed()
    deal.waive_condition(FINANCING, actor="Buyer", on="2024-02-01")
    deal.approve("Brussels", on="2024-06-01")
    deal.close(on="2024-06-11")
    owed = deal.settlement()
    assert owed[0].amount == Money("1e9") and owed[0].payer == "Buyer"
    assert owed[1] == Payment("Buyer", "Target", Money("1000000"), "ticking fee, 10 days from 2024-06-01 to the close")
    assert deal.status().settlement == owed


def test_abandonment_owes_no_fee_and_keeps_kept_prepayments() -> None:
    """Abandoning a signed deal owes no termination fee; a prepayment kept on termination stays with its payee."""
    deal = signed(prepayments=(Prepayment("Buyer", "Target", "5e6"),))
    deal.abandon(reason="review too long", on="2024-04-01")
    assert deal.state == "abandoned"
    assert deal.settlement() == ()
    assert deal.kept() == (Payment("Buyer", "Target", Money("5e6"), "prepayment kept on abandoned"),)


def test_signing_refuses_unknown_parties_and_a_past_outside_date() -> None:
    """A contract naming an unknown party, or an outside date before signing, is refused and nothing moves."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, on="2024-01-02")
    with pytest.raises(UnknownParty):
        deal.sign(MERGER, contract=Contract(fees=(Fee("Ghost", "Target", "1", ("breach",)),)), on="2024-01-10")
    with pytest.raises(RefusedEvent, match="before the signing"):
        deal.sign(MERGER, contract=Contract(outside_date="2023-12-31"), on="2024-01-10")
    assert deal.state == "open" and deal.terms is None


def test_a_case_file_with_every_new_kind_replays_to_a_close() -> None:
    """examples/cases/merger.yaml reads every new event kind from YAML and replays to a close, and back through JSON."""
    from pathlib import Path

    from dealflow import events_from_json, events_to_json, load_case, replay

    case = load_case(Path(__file__).resolve().parent.parent / "examples" / "cases" / "merger.yaml")
    deal = case.replay()
    assert deal.state == "closed" and deal.contract is not None and deal.contract.extensions == 1
    kinds = {e.kind for e in case.events}
    assert {"gate_scoped", "approval_required", "vote_held", "remedy_offered", "condition_waived"} <= kinds
    assert replay(events_from_json(events_to_json(deal.journal))) == deal
