"""Tests of dealflow._contract: signing, the outside date, conditions precedent, termination and settlement."""

from __future__ import annotations

import copy
import datetime as dt

import attrs
import pytest

import dealflow as df
from dealflow import (
    Condition,
    Consideration,
    Contract,
    Deal,
    ExtensionOption,
    Fee,
    FeePaid,
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
        Payment(
            "Buyer",
            "Target",
            Money("80e6"),
            "reverse termination fee, on termination (outside_date)",
            fee="reverse_termination",
        ),
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


def test_a_mutual_termination_on_the_outside_date_owes_its_fees_and_needs_a_party() -> None:
    """A termination by mutual agreement rests on its trigger (fees follow it) and is made by a party to the agreement."""
    deal = signed()
    with pytest.raises(RefusedEvent, match="Outsider is not a party to the agreement"):
        deal.terminate(trigger="regulatory_failure", mutual=True, actor="Outsider", on="2024-07-01")
    deal.terminate(trigger="outside_date", mutual=True, actor="Target", on="2024-07-01")
    assert deal.state == "terminated"
    assert "by mutual agreement (outside date)" in deal.journal[-1].describe()
    fee = deal.settlement()[0]
    assert (fee.payer, fee.payee, fee.amount, fee.fee) == ("Buyer", "Target", Money("80e6"), "reverse_termination")
    assert fee.reason == "reverse termination fee, on termination (outside_date)"


def test_a_go_shop_termination_owes_the_reduced_fee_and_a_later_one_the_full_fee() -> None:
    """Terminated for a superior proposal within the go-shop: the go-shop amount; after it: the full fee."""
    fees = (Fee("Target", "Buyer", "30e6", ("superior_proposal",), go_shop_amount="10e6"),)
    early = signed(fees=fees, go_shop_ends="2024-02-10")
    early.terminate(trigger="superior_proposal", on="2024-02-10")
    assert [p.amount for p in early.settlement()[:1]] == [Money("10e6")]
    assert "(go-shop)" in early.settlement()[0].reason
    late = signed(fees=fees, go_shop_ends="2024-02-10")
    late.terminate(trigger="superior_proposal", on="2024-02-11")
    assert [p.amount for p in late.settlement()[:1]] == [Money("30e6")]


def _optioned() -> Deal:
    """A signed deal whose outside date was amended to 2024-08-30 with an option to 2024-11-29 (5 days' notice)."""
    deal = signed()
    option = ExtensionOption("2024-11-29", notice_days=5, only_regulatory=True)
    deal.extend_outside_date(to="2024-08-30", option=option, on="2024-06-20")
    return deal


def test_an_option_to_extend_is_exercised_once_within_its_notice_period() -> None:
    """The option extends to its date, by notice no later than 5 business days before the outside date, once."""
    deal = _optioned()
    assert deal.contract is not None and deal.contract.option is not None
    deal.waive_condition(FINANCING, actor="Buyer", on="2024-08-01")
    deal.extend_outside_date(to="2024-11-29", exercise=True, actor="Buyer", on="2024-08-23")
    assert deal.contract is not None
    assert (deal.contract.outside_date, deal.contract.option, deal.contract.extensions) == (
        dt.date(2024, 11, 29),
        None,
        2,
    )
    with pytest.raises(RefusedEvent, match="no option"):
        deal.extend_outside_date(to="2024-12-31", exercise=True, on="2024-09-01")


@pytest.mark.parametrize(
    ("to", "actor", "on", "waive", "match"),
    [
        ("2024-12-31", "Buyer", "2024-08-23", True, "option extends to 2024-11-29"),
        ("2024-11-29", "Outsider", "2024-08-23", True, "may not exercise"),
        ("2024-11-29", "Buyer", "2024-08-26", True, "notice must be given by 2024-08-23"),
        ("2024-11-29", "Buyer", "2024-08-23", False, "condition precedent financing"),
    ],
)
def test_an_exercise_is_refused_outside_the_options_terms(
    to: str, actor: str, on: str, waive: bool, match: str
) -> None:
    """Another date, another party, late notice, or a non-regulatory condition still open: refused, nothing moves."""
    deal = _optioned()
    if waive:
        deal.waive_condition(FINANCING, actor="Buyer", on="2024-08-01")
    before = copy.deepcopy(deal)
    with pytest.raises(RefusedEvent, match=match):
        deal.extend_outside_date(to=to, exercise=True, actor=actor, on=on)
    assert deal == before


# ---------------------------------------------------------------------- termination agreements


def test_a_termination_agreement_keeps_the_named_fee_payable_through_the_abandonment() -> None:
    """Terminated by mutual agreement (section 8.1(a), reverse fee kept), announced abandoned the next day: fee owed."""
    deal = signed(prepayments=())
    deal.agree_termination(on="2024-04-01", actor="Buyer", section="8.1(a)", fees=("reverse_termination",))
    assert deal.state == "signed"  # the agreement ended; the deal ends with the announcement
    status = deal.contract
    assert status is not None
    assert (status.ended, status.ended_on, status.trigger, status.section) == (
        "terminated",
        dt.date(2024, 4, 1),
        "mutual",
        "8.1(a)",
    )
    owed = Payment(
        "Buyer",
        "Target",
        Money("80e6"),
        "reverse termination fee, under the termination agreement of 2024-04-01, section 8.1(a)",
        fee="reverse_termination",
    )
    assert deal.settlement() == (owed,)
    assert any("terminated on 2024-04-01" in r for r in deal.blockers())
    deal.abandon(on="2024-04-02", actor="Buyer", reason="no clear path to approval")
    assert deal.state == "abandoned"
    assert deal.settlement() == (owed,)
    assert deal.contract is not None and deal.contract.ended_on == dt.date(2024, 4, 1)


def test_a_termination_agreement_without_fees_owes_none() -> None:
    """A mutual termination that keeps no fee payable owes no fee (the target's fee has no mutual trigger)."""
    deal = signed(prepayments=())
    deal.agree_termination(on="2024-04-01", actor="Target")
    deal.abandon(on="2024-04-01")
    assert deal.settlement() == ()


def test_a_termination_agreement_is_refused_without_an_agreement_a_party_or_the_fee() -> None:
    """Refused before signing, twice, from a non-party, and for a fee kind the agreement lacks; nothing moves."""
    deal = Deal.open("Target", seller="Target", parties=PARTIES, regulators=["Brussels"], on="2024-01-02")
    with pytest.raises(RefusedEvent, match="no agreement in force"):
        deal.agree_termination(on="2024-01-03")
    deal = signed(fees=(Fee("Target", "Buyer", "30e6", ("superior_proposal",)),))
    with pytest.raises(UnknownParty, match="no reverse termination fee"):
        deal.agree_termination(on="2024-04-01", fees=("reverse_termination",))
    with pytest.raises(RefusedEvent, match="not a party to the agreement"):
        deal.agree_termination(on="2024-04-01", actor="Outsider")
    assert deal.contract is not None and deal.contract.ended == ""
    deal.agree_termination(on="2024-04-01", fees=("termination",))
    with pytest.raises(RefusedEvent, match="it ended"):
        deal.agree_termination(on="2024-04-02")
    with pytest.raises(RefusedEvent, match="no agreement in force"):
        deal.extend_outside_date(to="2025-01-01", on="2024-04-02")


def test_a_fee_owed_on_termination_is_paid_once_after_the_end() -> None:
    """An ended deal accepts the owed fee's payment once, of the right amount; the settlement then says paid."""
    deal = signed()
    with pytest.raises(RefusedEvent) as early:
        deal.apply(FeePaid(date="2024-05-01", actor="Buyer", payer="Buyer", payee="Target", fee="reverse_termination"))
    assert early.value.field == "fee" and "once the deal ends" in early.value.fix
    deal.terminate(trigger="outside_date", actor="Buyer", on="2024-06-30")
    with pytest.raises(RefusedEvent) as wrong:
        deal.apply(FeePaid(date="2024-07-02", actor="Target", payer="Target", payee="Buyer", fee="termination"))
    assert wrong.value.field == "fee" and "Buyer owes Target the reverse termination fee" in wrong.value.fix
    with pytest.raises(RefusedEvent) as amount:
        deal.apply(
            FeePaid(
                date="2024-07-02",
                actor="Buyer",
                payer="Buyer",
                payee="Target",
                fee="reverse_termination",
                amount=Money("1e6"),
            )
        )
    assert amount.value.field == "amount" and "80000000" in amount.value.fix.replace(",", "")
    deal.apply(
        FeePaid(
            date="2024-07-02",
            actor="Buyer",
            payer="Buyer",
            payee="Target",
            fee="reverse_termination",
            date_precision="week",
            date_qualifier="by",
        )
    )
    fee = deal.settlement()[0]
    assert (fee.fee, fee.paid_on) == ("reverse_termination", dt.date(2024, 7, 2))
    assert str(fee).startswith("Buyer paid Target")
    with pytest.raises(RefusedEvent, match="paid on 2024-07-02"):
        deal.apply(FeePaid(date="2024-07-03", actor="Buyer", payer="Buyer", payee="Target", fee="reverse_termination"))
    assert df.replay(deal.journal) == deal
    assert deal.status_on("2024-07-01").settlement[0].paid_on is None
