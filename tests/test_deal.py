"""Tests of dealflow._deal: the deal aggregate, its events and its refusals."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from collections.abc import Callable

import pytest

import dealflow as df
from dealflow import Asset, Condition, Deal, RefusedEvent, UnknownParty, replay

from .helpers import JV, PARTIES, SALE, agreed_jv, closed_jv, in_court, opened

D = dt.date


def test_open_creates_gates_for_every_regulator() -> None:
    """Opening a deal makes required gates pending and other regulators' gates not required."""
    deal = opened()
    assert deal.state == "open"
    assert deal.gate("Washington").state == "pending"
    assert deal.gate("Beijing").state == "not_required"
    assert [c.machine for c in deal.history] == ["deal", "gate Washington", "gate Beijing"]


def test_bid_lifecycle_and_history() -> None:
    """A bid moves submitted -> revised -> rejected and the deal records each change."""
    deal = opened()
    changes = deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-02")
    assert [(c.machine, c.before, c.after) for c in changes] == [
        ("bid msft", None, "submitted"),
        ("deal", "open", "negotiating"),
    ]
    deal.revise_bid("msft", bidders=["Microsoft", "Walmart"], on="2020-08-27")
    assert deal.bid("msft").bidders == ("Microsoft", "Walmart")
    assert deal.bid("msft").state == "revised"
    deal.reject_bid("msft", on="2020-09-13")
    assert deal.bid("msft").state == "rejected"
    with pytest.raises(RefusedEvent, match="rejected: cannot be accepted"):
        deal.accept_bid("msft", on="2020-09-14")


def test_accepting_a_bid_agrees_its_terms() -> None:
    """Accepting a bid moves the deal to agreed on exactly the bid's terms."""
    deal = opened()
    deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-02")
    deal.accept_bid("msft", on="2020-08-03")
    assert deal.state == "agreed"
    assert deal.terms == SALE


def test_at_most_one_accepted_bid() -> None:
    """A second bid cannot be accepted while another one is."""
    deal = opened()
    deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-02")
    deal.submit_bid("orcl", ["Oracle"], SALE.with_(cap_table={"Oracle": 1}), on="2020-08-02")
    deal.accept_bid("msft", on="2020-08-03")
    with pytest.raises(RefusedEvent, match="at most one bid is accepted") as info:
        deal.accept_bid("orcl", on="2020-08-04")
    assert "withdraw bid 'msft' first" in str(info.value)


def test_withdrawing_the_accepted_bid_reopens_negotiation() -> None:
    """When the accepted bid is withdrawn the deal goes back to negotiating."""
    deal = opened()
    deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-02")
    deal.accept_bid("msft", on="2020-08-03")
    deal.withdraw_bid("msft", on="2020-08-04")
    assert deal.state == "negotiating"
    assert deal.bid("msft").state == "withdrawn"


def test_restructuring_withdraws_approvals() -> None:
    """Changing the terms sends every gate that decided on the old terms back to pending."""
    deal = agreed_jv()
    deal.approve("Washington", on="2020-08-12")
    assert deal.gate("Washington").terms == JV
    deal.restructure(JV.with_(board=None), on="2020-08-13")
    gate = deal.gate("Washington")
    assert gate.state == "pending"
    assert gate.terms is None
    assert deal.state == "negotiating"


def test_reproposing_the_same_terms_keeps_approvals() -> None:
    """Proposing terms equal to the approved ones withdraws nothing."""
    deal = agreed_jv()
    deal.approve("Washington", on="2020-08-12")
    deal.restructure(JV, on="2020-08-13")
    assert deal.gate("Washington").state == "approved"


def test_sign_then_clear_close_requires_every_required_gate() -> None:
    """Signing needs the agreement only; closing is refused until every required gate approved the exact terms."""
    deal = agreed_jv()
    deal.sign(on="2020-08-12")
    assert deal.state == "signed"
    with pytest.raises(RefusedEvent, match="Washington has not approved"):
        deal.close(on="2020-08-12")
    deal.approve("Washington", on="2020-08-12")
    deal.close(on="2020-08-14")
    assert deal.state == "closed"


def test_signing_needs_agreed_terms() -> None:
    """A deal with no agreed terms cannot be signed; signing on given terms agrees them."""
    deal = opened()
    with pytest.raises(RefusedEvent, match="cannot be signed"):
        deal.sign(on="2020-08-02")
    deal.sign(JV, on="2020-08-02")
    assert (deal.state, deal.terms) == ("signed", JV)


def test_conditions_must_be_met_before_closing() -> None:
    """A conditional approval blocks closing (not signing) until its conditions are met."""
    deal = agreed_jv()
    ipo = Condition("ipo_within_months", value="12")
    deal.approve("Washington", conditions=[ipo], on="2020-08-12")
    assert deal.blockers() == ["Washington's condition ipo_within_months:12 is not met"]
    deal.sign(on="2020-08-13")
    with pytest.raises(RefusedEvent, match="ipo_within_months:12 is not met"):
        deal.close(on="2020-08-13")
    deal.meet_condition(ipo, on="2020-08-13")
    deal.close(on="2020-08-14")
    assert deal.state == "closed"


def test_conditions_met_by_the_terms_themselves() -> None:
    """A trusted-custody or board condition is met by terms that fulfil it."""
    deal = agreed_jv()
    deal.approve("Washington", conditions=[Condition("data_hosted_by", "Oracle")], on="2020-08-12")
    assert deal.blockers() == []


def test_closed_deal_refuses_changes_but_takes_statements() -> None:
    """A closed deal accepts no state change; statements are still recorded."""
    deal = agreed_jv()
    deal.approve("Washington", on="2020-08-12")
    deal.sign(on="2020-08-13")
    deal.close(on="2020-08-14")
    with pytest.raises(RefusedEvent, match="accepts no further state change"):
        deal.submit_bid("late", ["Oracle"], SALE, on="2020-08-15")
    deal.say("closing remarks", actor="ByteDance", on="2020-08-15")
    assert len(deal.journal) == 9


def test_time_never_runs_backwards() -> None:
    """An event dated before the deal's clock is refused and names the clock."""
    deal = opened(on="2020-08-05")
    with pytest.raises(RefusedEvent, match="before the deal's clock 2020-08-05") as info:
        deal.say("too early", actor="ByteDance", on="2020-08-04")
    assert info.value.field == "date"
    assert info.value.index == 1


def test_review_clock_in_calendar_and_business_days() -> None:
    """Review clocks count calendar days, or business days skipping weekends."""
    deal = agreed_jv()
    deal.open_review("Washington", days=45, on="2020-08-12")
    assert deal.gate("Washington").review_due == D(2020, 9, 26)
    deal.extend_review("Washington", days=15, on="2020-09-20")
    assert deal.gate("Washington").review_due == D(2020, 10, 11)
    deal.enact("Beijing", "catalogue", df.ExportLicenceRequired("Beijing"), on="2020-09-21")
    deal.open_review("Beijing", days=30, business_days=True, on="2020-09-21")  # a Monday
    assert deal.gate("Beijing").review_due == D(2020, 11, 2)


def test_enacting_a_rule_requires_the_gate() -> None:
    """Enacting a rule for a regulator with no required gate makes the gate pending."""
    deal = opened()
    changes = deal.enact("Beijing", "catalogue", df.ExportLicenceRequired("Beijing"), on="2020-08-28")
    assert [(c.machine, c.before, c.after) for c in changes] == [("gate Beijing", "not_required", "pending")]
    with pytest.raises(RefusedEvent, match="in force already"):
        deal.enact("Beijing", "catalogue", df.ApproveAlways(), on="2020-08-29")
    deal.repeal("Beijing", "catalogue", on="2020-08-30")
    assert deal.status().rules_of("Beijing") == ()


def test_verdict_reads_the_rules_in_force() -> None:
    """Deal.verdict evaluates the current terms under the regulator's rules in force."""
    deal = agreed_jv()
    assert deal.verdict("Washington").outcome is df.Outcome.APPROVE
    deal.restructure(JV.with_(cap_table={"ByteDance": "20%", "Oracle": "15%"}), on="2020-08-12")
    verdict = deal.verdict("Washington")
    assert verdict.outcome is df.Outcome.BLOCK
    assert "20%" in verdict.reasons[0]


def test_mandate_extensions_are_capped() -> None:
    """Extensions may add up to the cap in all, and never move a deadline back."""
    deal = opened()
    deal.issue_mandate("cfius", issuer="Washington", deadline="2020-11-12", extension_cap_days=30, on="2020-08-14")
    deal.extend_deadline("cfius", to="2020-11-27", on="2020-11-13")
    deal.extend_deadline("cfius", to="2020-12-04", on="2020-11-25")
    with pytest.raises(RefusedEvent, match="at most 30 are allowed") as info:
        deal.extend_deadline("cfius", to="2020-12-13", on="2020-11-30")
    assert "2020-12-12" in str(info.value)
    with pytest.raises(RefusedEvent, match="not after the deadline"):
        deal.extend_deadline("cfius", to="2020-12-01", on="2020-11-30")
    assert deal.mandate("cfius").deadline == D(2020, 12, 4)
    assert deal.mandate("cfius").extensions == 2


def test_one_time_extension_is_usable_once() -> None:
    """A one-time extension can be used once only."""
    deal = opened()
    deal.issue_mandate(
        "act",
        issuer="Washington",
        deadline="2025-01-19",
        extension_cap_days=90,
        one_time_extension=True,
        on="2024-04-24",
    )
    deal.extend_deadline("act", to="2025-02-19", on="2025-01-10")
    with pytest.raises(RefusedEvent, match="allows one extension and it was used"):
        deal.extend_deadline("act", to="2025-03-19", on="2025-02-01")


def test_lapse_and_enforcement_wait_for_the_deadline() -> None:
    """A mandate lapses or is enforced only once its deadline (and any pause) has passed."""
    deal = opened()
    deal.issue_mandate("act", issuer="Washington", deadline="2025-01-19", on="2024-04-24")
    with pytest.raises(RefusedEvent, match="has not passed"):
        deal.enforce("act", on="2025-01-18")
    deal.pause_enforcement("act", until="2025-04-05", on="2025-01-18")
    with pytest.raises(RefusedEvent, match="paused until 2025-04-05"):
        deal.enforce("act", on="2025-02-01")
    deal.enforce("act", on="2025-04-05")
    assert deal.mandate("act").state == "enforced"


def test_injunctions_and_revocation() -> None:
    """Courts enjoin a mandate, lift the injunction, and an order can be revoked."""
    deal = opened()
    deal.issue_mandate("ban", issuer="Washington", deadline="2020-09-20", on="2020-08-06")
    deal.enjoin("ban", court="Court", on="2020-09-27")
    deal.enjoin("ban", court="Court", on="2020-10-30")
    assert deal.mandate("ban").state == "enjoined"
    deal.lift_injunction("ban", court="Court", on="2020-11-01")
    deal.revoke("ban", on="2021-06-09")
    assert deal.mandate("ban").state == "revoked"
    with pytest.raises(RefusedEvent, match="revoked: cannot be enjoined"):
        deal.enjoin("ban", court="Court", on="2021-06-10")


def test_close_satisfies_a_qualified_mandate() -> None:
    """Closing on the terms determined a qualified divestiture satisfies the mandate."""
    deal = agreed_jv()
    deal.issue_mandate("act", issuer="Washington", deadline="2021-01-19", on="2020-08-11")
    deal.qualify("act", on="2020-08-12")
    deal.approve("Washington", on="2020-08-12")
    deal.sign(on="2020-08-13")
    changes = deal.close(on="2020-08-14")
    assert ("mandate act", "in_force", "satisfied") in [(c.machine, c.before, c.after) for c in changes]


def test_status_on_a_past_date_and_fork() -> None:
    """status_on rebuilds where everything stood on a date; fork gives a live deal."""
    deal = agreed_jv()
    deal.approve("Washington", on="2020-08-12")
    past = deal.status_on("2020-08-10")
    assert past.state == "negotiating"
    assert past.gate("Washington").state == "pending"
    assert past.on == D(2020, 8, 10)
    fork = deal.fork("2020-08-11")
    assert fork.state == "agreed"
    assert fork.journal == deal.journal[: len(fork.journal)]
    fork.block("Washington", on="2020-08-20")
    assert deal.gate("Washington").state == "approved"


def test_replay_rebuilds_an_equal_deal() -> None:
    """Replaying a journal gives an equal deal, and JSON round trips lose nothing."""
    deal = agreed_jv()
    deal.approve("Washington", conditions=[Condition("ipo_within_months", value="12")], on="2020-08-12")
    again = replay(deal.journal)
    assert again == deal
    assert again.history == deal.history
    assert replay(df.events_from_json(df.events_to_json(deal.journal))) == deal


def test_unknown_names_are_refused_with_the_known_ones() -> None:
    """Unknown parties, bids, gates and mandates name the known alternatives."""
    deal = opened()
    with pytest.raises(UnknownParty, match=r"unknown actor 'Nobody'.*use one of: ByteDance"):
        deal.say("hi", actor="Nobody", on="2020-08-02")
    with pytest.raises(UnknownParty, match="unknown bid 'x'"):
        deal.reject_bid("x", on="2020-08-02")
    with pytest.raises(UnknownParty, match="no gate for 'Court'"):
        deal.approve("Court", on="2020-08-02")
    with pytest.raises(UnknownParty, match="unknown mandate 'm'"):
        deal.apply(df.MandateLapsed(date="2020-08-02", actor="Washington", mandate="m"))
    with pytest.raises(UnknownParty, match="unknown holder 'Nobody'"):
        deal.submit_bid("b", ["Oracle"], SALE.with_(cap_table={"Nobody": 1}), on="2020-08-02")


@pytest.mark.parametrize(("role", "says"), [("other", "an other"), ("investor", "an investor"), ("bidder", "a bidder")])
def test_a_party_of_the_wrong_role_is_named_with_its_role_in_good_english(role: str, says: str) -> None:
    """A party named where a regulator is needed: 'X is an other / an investor / a bidder, not a regulator'."""
    deal = opened()
    deal.apply(df.PartyJoined(date="2020-08-02", actor="ByteDance", party=df.Party("X", role, "US")))
    with pytest.raises(df.InputError) as info:
        deal.require_gate("X", on="2020-08-03")
    assert (info.value.rule, info.value.field, info.value.fix) == (
        f"X is {says}, not a regulator",
        "regulator",
        "name a regulator",
    )


def test_not_an_event_is_refused() -> None:
    """apply() refuses anything that is not a dealflow event."""
    with pytest.raises(df.InputError, match="expected a dealflow event"):
        Deal().apply({"type": "statement"})  # type: ignore[arg-type]


def test_first_event_must_open_the_deal() -> None:
    """A journal that does not start with deal_opened is refused."""
    with pytest.raises(RefusedEvent, match="not open yet"):
        Deal().apply(df.Statement(date="2020-01-01", actor="x", text="hello"))


# --------------------------------------------------------------------------------------
# Invariant 7, for every event kind: a refused event leaves the deal exactly as it was.

E = df


def _refusals() -> dict[str, tuple[Callable[[], Deal], df.Event]]:
    """For each event kind: a deal and an event of that kind it must refuse."""
    d = "2020-09-01"
    cond = Condition("ipo_within_months", value="12")

    def with_mandate() -> Deal:
        deal = agreed_jv()
        deal.issue_mandate("m", issuer="Washington", deadline="2020-12-01", extension_cap_days=10, on="2020-08-20")
        return deal

    def under_cfius() -> Deal:
        deal = opened()
        deal.file_review("Washington", "us-cfius", on="2020-08-02")
        return deal

    def with_remedy() -> Deal:
        deal = agreed_jv()
        deal.offer_remedy(
            "sale",
            regulator="Washington",
            nature="structural",
            buyer="Walmart",
            buyer_clearance=["Beijing"],
            on="2020-08-20",
        )
        return deal

    def with_vote() -> Deal:
        deal = agreed_jv()
        deal.require_approval("vote", body="target_shareholders", party="ByteDance", on="2020-08-20")
        return deal

    return {
        "gate_scoped": (opened, E.GateScoped(date=d, actor="Washington", regulator="Nobody", review="competition")),
        "deal_abandoned": (opened, E.DealAbandoned(date=d, actor="ByteDance")),
        "outside_date_extended": (agreed_jv, E.OutsideDateExtended(date=d, actor="ByteDance", to="2021-01-01")),
        "outside_date_passed": (agreed_jv, E.OutsideDatePassed(date=d, actor="ByteDance", undecided=("Washington",))),
        "meeting_held": (opened, E.MeetingHeld(date=d, actor="ByteDance", met=("Ghost",))),
        "go_shop_ended": (agreed_jv, df.GoShopEnded(date=d, actor="ByteDance")),
        "condition_waived": (agreed_jv, E.ConditionWaived(date=d, actor="ByteDance", condition=cond)),
        "approval_required": (
            opened,
            E.ApprovalRequired(date=d, actor="ByteDance", approval="v", body="target_shareholders", party="Ghost"),
        ),
        "vote_held": (with_vote, E.VoteHeld(date="2020-08-01", actor="ByteDance", approval="vote", passed=True)),
        "approval_waived": (with_vote, E.ApprovalWaived(date=d, actor="ByteDance", approval="vote")),
        "remedy_offered": (
            opened,
            E.RemedyOffered(date=d, actor="ByteDance", remedy="r", regulator="Microsoft", nature="behavioural"),
        ),
        "remedy_accepted": (with_remedy, E.RemedyAccepted(date=d, actor="Beijing", remedy="sale")),
        "remedy_buyer_cleared": (with_remedy, E.RemedyBuyerCleared(date=d, actor="Washington", remedy="sale")),
        "remedy_completed": (with_remedy, E.RemedyCompleted(date=d, actor="ByteDance", remedy="sale")),
        "remedy_discharged": (with_remedy, E.RemedyDischarged(date=d, actor="Washington", remedy="nope")),
        "deal_opened": (
            opened,
            E.DealOpened(date=d, actor="ByteDance", target="x", seller="ByteDance", parties=PARTIES),
        ),
        "party_joined": (opened, E.PartyJoined(date=d, actor="ByteDance", party=PARTIES[1])),
        "bid_submitted": (
            agreed_jv,
            E.BidSubmitted(date=d, actor="Oracle", bid="msft", bidders=("Oracle",), terms=SALE),
        ),
        "bid_revised": (agreed_jv, E.BidRevised(date=d, actor="Microsoft", bid="nope", bidders=("Microsoft",))),
        "bid_rejected": (agreed_jv, E.BidRejected(date="2020-08-01", actor="ByteDance", bid="msft")),
        "bid_withdrawn": (agreed_jv, E.BidWithdrawn(date=d, actor="Nobody", bid="msft")),
        "bid_accepted": (opened, E.BidAccepted(date=d, actor="ByteDance", bid="msft")),
        "terms_proposed": (
            agreed_jv,
            E.TermsProposed(date=d, actor="ByteDance", terms=JV.with_(cap_table={"Ghost": "0.5"})),
        ),
        "terms_agreed": (opened, E.TermsAgreed(date=d, actor="ByteDance")),
        "deal_signed": (opened, E.DealSigned(date=d, actor="ByteDance")),
        "deal_closed": (agreed_jv, E.DealClosed(date=d, actor="ByteDance")),
        "deal_terminated": (Deal, E.DealTerminated(date=d, actor="ByteDance")),
        "condition_met": (opened, E.ConditionMet(date="2019-01-01", actor="ByteDance", condition=cond)),
        "gate_required": (opened, E.GateRequired(date=d, actor="Washington", regulator="Washington")),
        "gate_waived": (opened, E.GateWaived(date=d, actor="Beijing", regulator="Beijing")),
        "review_opened": (opened, E.ReviewOpened(date=d, actor="Beijing", regulator="Beijing", days=30)),
        "review_extended": (opened, E.ReviewExtended(date=d, actor="Washington", regulator="Washington", days=5)),
        "approved": (opened, E.Approved(date=d, actor="Washington", regulator="Washington")),
        "conditionally_approved": (
            opened,
            E.ConditionallyApproved(date=d, actor="Washington", regulator="Washington", conditions=frozenset({cond})),
        ),
        "blocked": (opened, E.Blocked(date=d, actor="Washington", regulator="Washington")),
        "rule_enacted": (
            agreed_jv,
            E.RuleEnacted(date=d, actor="Washington", regulator="Washington", name="act", rule=df.ApproveAlways()),
        ),
        "rule_repealed": (opened, E.RuleRepealed(date=d, actor="Washington", regulator="Washington", name="act")),
        "mandate_issued": (
            with_mandate,
            E.MandateIssued(date=d, actor="Washington", mandate="m", deadline="2021-01-01"),
        ),
        "deadline_extended": (
            with_mandate,
            E.DeadlineExtended(date=d, actor="Washington", mandate="m", to="2020-12-31"),
        ),
        "enforcement_paused": (with_mandate, E.EnforcementPaused(date=d, actor="Washington", mandate="m", until=d)),
        "enjoined": (opened, E.Enjoined(date=d, actor="Court", mandate="m")),
        "injunction_lifted": (with_mandate, E.InjunctionLifted(date=d, actor="Court", mandate="m")),
        "mandate_lapsed": (with_mandate, E.MandateLapsed(date=d, actor="Washington", mandate="m")),
        "mandate_enforced": (with_mandate, E.MandateEnforced(date=d, actor="Washington", mandate="m")),
        "mandate_revoked": (opened, E.MandateRevoked(date=d, actor="Washington", mandate="m")),
        "divestiture_qualified": (opened, E.DivestitureQualified(date=d, actor="Washington", mandate="m")),
        "statement": (opened, E.Statement(date="2019-01-01", actor="ByteDance", text="early")),
        # regime reviews (dealflow._review)
        "review_filed": (opened, E.ReviewFiled(date=d, actor="Washington", regulator="Washington", regime="us-cfuis")),
        "notice_accepted": (opened, E.NoticeAccepted(date=d, actor="Washington", regulator="Washington")),
        "phase_opened": (
            under_cfius,
            E.PhaseOpened(date=d, actor="Washington", regulator="Washington", phase="president"),
        ),
        "clock_stopped": (under_cfius, E.ClockStopped(date=d, actor="Washington", regulator="Washington")),
        "clock_restarted": (under_cfius, E.ClockRestarted(date=d, actor="Washington", regulator="Washington")),
        "remedies_offered": (opened, E.RemediesOffered(date=d, actor="ByteDance", regulator="Washington")),
        "phase_extended": (
            under_cfius,
            E.PhaseExtended(
                date=d, actor="Washington", regulator="Washington", extension="extraordinary_circumstances"
            ),
        ),
        "review_expired": (under_cfius, E.ReviewExpired(date=d, actor="Washington", regulator="Washington")),
        "review_refiled": (opened, E.ReviewRefiled(date=d, actor="ByteDance", regulator="Washington")),
        "review_finding": (
            closed_jv,
            E.ReviewFinding(date=d, actor="Washington", regulator="Washington", finding="final_report"),
        ),
        "fee_paid": (
            agreed_jv,
            E.FeePaid(date=d, actor="Oracle", payer="Oracle", payee="ByteDance", fee="reverse_termination"),
        ),
        **_court_refusals(),
    }


def _court_refusals() -> dict[str, tuple[Callable[[], Deal], df.Event]]:
    """Litigation, orders and rights: a deal and an event of each kind it must refuse."""
    d = "2020-09-02"

    def sued() -> Deal:
        deal = in_court()
        deal.file_suit("s", plaintiff="Microsoft", court="D.D.C.", on="2020-08-20")
        return deal

    def withdrawn() -> Deal:
        deal = sued()
        deal.withdraw_suit("s", on="2020-08-21")
        return deal

    def prohibited() -> Deal:
        deal = in_court()
        deal.issue_order("ban", "prohibition", issuer="Washington", acquirers="Microsoft", on="2020-08-20")
        return deal

    def breached_not() -> Deal:
        return closed_jv()

    return {
        "suit_filed": (in_court, E.SuitFiled(date=d, actor="Microsoft", suit="s", court="Court")),
        "restraining_order_granted": (closed_jv, E.RestrainingOrderGranted(date=d, actor="D.D.C.", suit="ftc")),
        "restraining_order_denied": (in_court, E.RestrainingOrderDenied(date=d, actor="D.D.C.", suit="nope")),
        "preliminary_injunction_granted": (
            sued,
            E.PreliminaryInjunctionGranted(date=d, actor="D.C. Circuit", suit="s"),
        ),
        "preliminary_injunction_denied": (withdrawn, E.PreliminaryInjunctionDenied(date=d, actor="D.D.C.", suit="s")),
        "suit_dismissed": (in_court, E.SuitDismissed(date=d, actor="D.D.C.", suit="s")),
        "suit_withdrawn": (sued, E.SuitWithdrawn(date=d, actor="Walmart", suit="s")),
        "ruling_issued": (in_court, E.RulingIssued(date=d, actor="D.D.C.", suit="never", for_plaintiff=True)),
        "suit_appealed": (sued, E.SuitAppealed(date=d, actor="Microsoft", suit="s", court="D.C. Circuit")),
        "order_issued": (
            in_court,
            E.OrderIssued(date=d, actor="Washington", order="o", category="prohibition", acquirers=("Ghost",)),
        ),
        "order_revoked": (in_court, E.OrderRevoked(date=d, actor="Washington", order="o")),
        "order_deferred": (prohibited, E.OrderDeferred(date=d, actor="Washington", order="ban", to="2021-01-01")),
        "divestiture_completed": (prohibited, E.DivestitureCompleted(date=d, actor="ByteDance", order="ban")),
        "rights_granted": (
            closed_jv,
            E.RightsGranted(date=d, actor="Washington", rights="golden share", consent_over=("dissolution",)),
        ),
        "consent_given": (
            closed_jv,
            E.ConsentGiven(date=d, actor="Washington", rights="golden share", action="dissolution"),
        ),
        "corporate_action": (
            closed_jv,
            E.CorporateAction(date=d, actor="ByteDance", action="asset_sale", assets=(Asset.ALGORITHM,)),
        ),
        "agreement_entered": (
            closed_jv,
            E.AgreementEntered(date=d, actor="Washington", agreement="m", obligors=("Ghost",), obligations=("x",)),
        ),
        "agreement_breached": (
            closed_jv,
            E.AgreementBreached(date=d, actor="Washington", agreement="nsa", obligation="unknown"),
        ),
        "breach_cured": (breached_not, E.BreachCured(date=d, actor="Washington", agreement="nsa")),
        "agreement_ended": (closed_jv, E.AgreementEnded(date=d, actor="Washington", agreement="none")),
        "termination_agreed": (agreed_jv, df.TerminationAgreed(date=d, actor="ByteDance", section="8.1(a)")),
        "referral_requested": (
            opened,
            df.ReferralRequested(date=d, actor="Beijing", regulator="Nobody", regime="eu", phase="art22_join"),
        ),
        "referral_joined": (opened, df.ReferralJoined(date=d, actor="Beijing", regulator="Washington")),
        "referral_accepted": (opened, df.ReferralAccepted(date=d, actor="Washington", regulator="Washington")),
        "referral_declined": (opened, df.ReferralDeclined(date=d, actor="Washington", regulator="Washington")),
        "remedies_declined": (opened, df.RemediesDeclined(date=d, actor="ByteDance", regulator="Washington")),
    }


def test_refusal_table_covers_every_event_kind() -> None:
    """The refusal table below has a case for every registered event kind."""
    assert set(_refusals()) == set(df.EVENT_TYPES)


@pytest.mark.parametrize("kind", sorted(df.EVENT_TYPES))
def test_refused_event_leaves_the_deal_unchanged(kind: str) -> None:
    """A refused event of each kind raises DealflowError and changes nothing."""
    build, event = _refusals()[kind]
    deal = build()
    before = copy.deepcopy(deal)
    journal, history, status = list(deal.journal), list(deal.history), deal.status()
    with pytest.raises(df.DealflowError) as info:
        deal.apply(event)
    assert info.value.index == len(journal)
    assert info.value.kind == kind
    assert info.value.fix
    assert deal.journal == journal
    assert deal.history == history
    assert deal.status() == status
    assert deal == before


def test_a_review_opened_before_terms_covers_the_first_terms_then_lapses() -> None:
    """A review opened with no terms reviews the first terms proposed, and lapses when they change."""
    deal = opened()
    deal.open_review("Washington", days=45, on="2020-08-02")
    deal.restructure(JV, on="2020-08-03")
    assert deal.gate("Washington").state == "under_review"
    assert deal.gate("Washington").terms == JV
    deal.restructure(JV.with_(board=None), on="2020-08-04")
    assert deal.gate("Washington").state == "pending"


def test_deals_pickle_and_copy_independently() -> None:
    """Idle and busy deals survive pickling and deep copies, and copies do not share state."""
    import pickle

    for deal in (opened(), agreed_jv()):
        assert pickle.loads(pickle.dumps(deal)) == deal
        twin = copy.deepcopy(deal)
        assert twin == deal
        twin.submit_bid("late", ["Oracle"], SALE.with_(cap_table={"Oracle": 1}), on="2020-09-01")
        assert "late" not in {b.bid for b in deal.status().bids}


def test_only_the_seller_and_the_bidders_act_on_a_bid() -> None:
    """A party outside a bid can neither submit it, accept it, reject it nor withdraw it."""
    deal = opened()
    with pytest.raises(RefusedEvent, match="not part of") as info:
        deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-02", actor="Oracle")
    assert info.value.field == "actor"
    deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-02")
    for act in (deal.accept_bid, deal.reject_bid, deal.withdraw_bid):
        with pytest.raises(RefusedEvent, match="neither the seller nor a bidder"):
            act("msft", on="2020-08-03", actor="Washington")
    deal.revise_bid("msft", bidders=["Microsoft", "Walmart"], actor="Walmart", on="2020-08-27")
    deal.accept_bid("msft", actor="Walmart", on="2020-08-28")  # a bidder accepting the seller's counter-offer
    assert deal.state == "agreed"


# ---------------------------------------------------------------------- issue 15: hostile input and threads


@pytest.mark.parametrize(
    ("days", "on", "business"),
    [(10**9, "2020-08-02", False), (45, "9999-12-30", False), (10**9, "2020-08-02", True), (10**6, "2020-08-02", True)],
)
def test_finding_1_a_review_past_the_calendar_is_refused_and_changes_nothing(
    days: int, on: str, business: bool
) -> None:
    """Finding 1: a review clock past 9999-12-31 (or absurdly long) is refused as a DealflowError
    naming 'days', the deal is as it was, and later valid events are still accepted."""
    deal = opened()
    before = copy.deepcopy(deal)
    with pytest.raises(df.DealflowError) as info:
        deal.open_review("Washington", days=days, business_days=business, on=on)
    assert info.value.field == "days" and info.value.kind == "review_opened"
    assert deal == before
    assert replay(deal.journal) == deal
    deal.open_review("Washington", days=45, on="2020-08-03")
    assert deal.gate("Washington").state == "under_review"


def test_any_failure_inside_a_handler_is_rolled_back_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """A handler that changes the deal and then fails with any exception (a bug, an
    interrupt) leaves the deal exactly as it was; the exception itself reaches the caller."""
    from dealflow import _concepts

    deal = agreed_jv()
    before = copy.deepcopy(deal)

    def broken(d: Deal, e: df.Event, i: int) -> None:
        d.history.append(_concepts.Change(e.date, i, "deal", d.state, "signed"))
        d.state = "closed"
        d.terms = SALE
        d._gates["Washington"].state = "approved"
        raise exc

    for exc in (RuntimeError("bug"), KeyboardInterrupt(), RefusedEvent("late refusal", fix="none")):
        monkeypatch.setitem(_concepts.HANDLERS, df.Statement, broken)
        with pytest.raises(type(exc)):
            deal.say("hello", actor="ByteDance", on="2020-08-12")
        monkeypatch.undo()
        assert deal == before
        assert deal.gate("Washington").state == before.gate("Washington").state


def test_finding_8_a_datetime_as_an_event_date_is_refused_before_anything() -> None:
    """Finding 8: an event dated with a datetime is refused as an InputError naming 'date', not a TypeError."""
    deal = opened()
    before = copy.deepcopy(deal)
    event = df.Statement(date=dt.datetime(2020, 8, 2, 12, 0), actor="ByteDance", text="noon")
    with pytest.raises(df.InputError, match="not a datetime") as info:
        deal.apply(event)
    assert info.value.field == "date" and info.value.index == len(deal.journal)
    assert deal == before


def test_finding_8_a_misspelled_keyword_is_named_with_a_suggestion() -> None:
    """Finding 8: a misspelled keyword to an event method is an InputError naming it, with a did-you-mean."""
    deal = opened()
    before = copy.deepcopy(deal)
    with pytest.raises(
        df.InputError, match=r"takes no keyword 'busines_days' \(did you mean 'business_days'\?\)"
    ) as info:
        deal.open_review("Washington", days=45, on="2020-08-02", busines_days=True)
    assert info.value.field == "busines_days"
    with pytest.raises(df.InputError, match="did you mean 'verified'"):
        Deal.open("X", seller="ByteDance", parties=PARTIES, on="2020-08-01", verifed=True)
    assert deal == before


def test_finding_7_an_unknown_actor_lists_a_few_parties_and_suggests_one() -> None:
    """Finding 7: an unknown actor among many parties gives a short message with a did-you-mean."""
    many = [*PARTIES, *(df.Party(f"Holder {i}", "investor") for i in range(20_000))]
    deal = Deal.open("X", seller="ByteDance", parties=many, on="2020-08-01")
    with pytest.raises(UnknownParty, match=r"did you mean 'ByteDance'\?.* and \d+ more") as info:
        deal.say("hi", actor="BiteDance", on="2020-08-02")
    assert len(str(info.value)) < 1000


def test_finding_2_threads_applying_to_one_deal_keep_it_whole() -> None:
    """Finding 2: eight threads each submitting and accepting a bid on one deal: every apply is
    atomic, so the journal replays and at most one bid is ever accepted."""
    import sys

    bidders = [df.Party(f"Bidder {i}", "bidder", "US") for i in range(8)]
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: races show at once
    try:
        _race(bidders)
    finally:
        sys.setswitchinterval(switch)


def _race(bidders: list[df.Party]) -> None:
    import threading

    for trial in range(20):
        deal = Deal.open("X", seller="ByteDance", parties=[*PARTIES, *bidders], on="2020-08-01")
        start = threading.Barrier(len(bidders))

        def bid(party: df.Party, k: int, deal: Deal = deal, start: threading.Barrier = start) -> None:
            terms = df.Terms.sale(party.name, entity="X", price=df.Money(10 + k))
            day = dt.date(2020, 8, 2) + dt.timedelta(days=k % 3)
            start.wait()
            for call in (
                lambda: deal.submit_bid(f"b{k}", [party.name], terms, on=day),
                lambda: deal.accept_bid(f"b{k}", on=day + dt.timedelta(days=1), actor="ByteDance"),
            ):
                with contextlib.suppress(df.DealflowError):
                    call()

        threads = [threading.Thread(target=bid, args=(p, k)) for k, p in enumerate(bidders)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert replay(deal.journal) == deal, f"trial {trial}: the journal no longer replays"
        accepted = [b.bid for b in deal.status().bids if b.state == "accepted"]
        assert len(accepted) <= 1, f"trial {trial}: {accepted} accepted at once"


@pytest.mark.parametrize("terms", [SALE, JV])
def test_a_regulator_without_rules_says_what_the_empty_conjunction_says(terms: df.Terms) -> None:
    """With no rule in force, a regulator's verdict is the empty AllOf's on any terms and date; one enacted changes it."""
    deal = opened()
    deal.restructure(terms, on="2020-08-03")
    for day in ("2020-08-03", "2021-01-01"):
        expected = df.AllOf(()).evaluate(terms, df.RuleContext(dt.date.fromisoformat(day), deal.parties))
        assert deal.verdict("Washington", on=day) == expected
    deal.enact("Washington", "ban", df.Not(df.AllOf(())), on="2020-08-04")
    assert deal.verdict("Washington", on="2020-08-04").outcome is df.Outcome.BLOCK
    assert deal.verdict("Beijing", on="2020-08-04") == expected
    with pytest.raises(df.InputError, match="not a date"):
        deal.verdict("Washington", on="2020-13-45")
