"""Tests of dealflow._review: gates under review regimes, moved by dated events."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from pathlib import Path

import pytest

import dealflow as df
from dealflow import Deal, Party, Terms
from dealflow._report import format_status
from dealflow._serde import events_from_json, events_to_json

D = dt.date

PARTIES = (
    Party("Seller", "seller", "US"),
    Party("Buyer", "bidder", "US"),
    Party("CMA", "regulator", "GB"),
    Party("FTC", "regulator", "US"),
    Party("EC", "regulator", "EU"),
    Party("SAMR", "regulator", "CN"),
)
SALE = Terms.sale("Buyer", entity="Target")


def agreed(regulators: tuple[str, ...] = ("CMA", "FTC"), on: str = "2025-11-01") -> Deal:
    """A deal for Target whose sale to Buyer is agreed, with ``regulators`` required."""
    deal = Deal.open("Target", seller="Seller", parties=PARTIES, regulators=regulators, on=on)
    deal.submit_bid("b", ["Buyer"], SALE, on=on)
    deal.accept_bid("b", on=on)
    deal.agree(on=on)
    return deal


def test_cma_review_runs_on_england_and_wales_working_days() -> None:
    """Filed, then accepted on 2025-12-01: Phase 1 is due 2026-01-29 and the gate says so."""
    deal = agreed()
    deal.file_review("CMA", "uk-cma", on="2025-11-10", actor="Buyer")
    deal.accept_notice("CMA", on="2025-12-01")
    assert deal.gate("CMA").state == "under_review"
    assert deal.gate("CMA").review_due == D(2026, 1, 29)
    assert deal.latest_decision("CMA") == D(2026, 1, 29)
    review = deal.review("CMA")
    assert review is not None
    assert (review.regime, review.phase, review.started, review.on_expiry) == (
        "uk-cma",
        "phase1",
        D(2025, 12, 1),
        "decision_due",
    )
    assert deal.status().reviews == (review,)


def test_phase2_stop_restart_and_extension_move_the_latest_decision() -> None:
    """Phase 2 of 24 weeks from the reference; a 10-day stop and an 8-week extension push it out."""
    deal = agreed()
    deal.file_review("CMA", "uk-cma", on="2025-12-01")
    deal.open_phase("CMA", "phase2", on="2026-01-29")
    assert deal.latest_decision("CMA") == D(2026, 7, 15)  # 24 weeks beginning with 29 January
    deal.stop_clock("CMA", on="2026-02-10")
    assert deal.latest_decision("CMA") is None
    assert deal.review("CMA").stopped_since == D(2026, 2, 10)  # type: ignore[union-attr]
    deal.restart_clock("CMA", on="2026-02-20")
    assert deal.latest_decision("CMA") == D(2026, 7, 25)
    deal.extend_phase("CMA", "special_reasons", days=8, on="2026-03-20")
    assert deal.latest_decision("CMA") == D(2026, 9, 19)
    with pytest.raises(df.RefusedEvent, match="can be used 1 time") as err:  # s.39(3): once
        deal.extend_phase("CMA", "special_reasons", days=1, on="2026-03-21")
    assert err.value.kind == "phase_extended"


def test_hsr_waiting_period_expiry_is_clearance_not_before_its_last_day() -> None:
    """review_expired before the waiting period ends is refused, leaving the deal as it was; on or after
    it the gate is approved as of the last day (16 CFR 803.10(b)(3): 4 July runs to 5 July 2025)."""
    deal = agreed(("FTC",), on="2025-06-01")
    deal.file_review("FTC", "us-hsr", on="2025-06-04")
    assert deal.latest_decision("FTC") == D(2025, 7, 7)  # 30th day is Friday 4 July, a holiday; then a weekend
    before = copy.deepcopy(deal)
    with pytest.raises(df.RefusedEvent, match="runs until 2025-07-07") as err:
        deal.expire_review("FTC", on="2025-07-05")
    assert err.value.fix == "date it 2025-07-07 or later"
    assert deal == before
    deal.expire_review("FTC", on="2025-07-08")
    assert deal.gate("FTC").state == "approved"
    assert deal.gate("FTC").decided_on == D(2025, 7, 7)
    assert deal.blockers() == []


def test_a_decision_due_phase_does_not_clear_by_expiry() -> None:
    """CFIUS does not clear by silence: review_expired is refused with the rule's source."""
    deal = agreed(("FTC",), on="2024-03-01")
    deal.file_review("FTC", "us-cfius", on="2024-03-04")
    with pytest.raises(df.RefusedEvent, match=r"does not clear by expiry.*4565"):
        deal.expire_review("FTC", on="2024-05-01")


def test_eu_commitments_extend_phase1_once() -> None:
    """Remedies offered in EU Phase 1 extend it by 10 working days (Art. 10(1)); a second extension past
    35 working days is refused."""
    deal = agreed(("EC",), on="2023-06-01")
    deal.file_review("EC", "eu", on="2023-06-30")
    assert deal.latest_decision("EC") == D(2023, 8, 7)  # M.11033 Adobe / Figma's Phase 1 deadline
    deal.offer_remedies("EC", extension="commitments", on="2023-07-20")
    assert deal.latest_decision("EC") == D(2023, 8, 22)  # 15 August is a Commission holiday
    with pytest.raises(df.RefusedEvent, match="at most 35 working days"):
        deal.offer_remedies("EC", extension="referral_request", on="2023-07-21")


def test_a_phase_that_does_not_follow_is_refused_with_the_allowed_ones() -> None:
    """Under the EUMR, Phase 2 follows Phase 1; an unknown phase names the regime's phases."""
    deal = agreed(("EC",), on="2023-06-01")
    deal.file_review("EC", "eu", on="2023-06-30")
    deal.open_phase("EC", "phase2", on="2023-08-07")
    with pytest.raises(df.RefusedEvent, match="does not follow") as err:
        deal.open_phase("EC", "phase1", on="2023-08-08")
    assert err.value.fix == "phase2 is the last phase"
    with pytest.raises(df.InputError, match="did you mean 'phase2'"):
        deal.open_phase("EC", "phase_2", on="2023-08-08")


def test_a_filing_outside_a_calendars_years_is_refused_and_nothing_moves() -> None:
    """The Commission's holidays are known to 2025: a filing whose count reaches 2026 is refused."""
    deal = agreed(("EC",), on="2025-11-01")
    before = copy.deepcopy(deal)
    with pytest.raises(df.InputError, match="outside the years 2022-2025") as err:
        deal.file_review("EC", "eu", on="2025-12-10")
    assert err.value.field == "date"
    assert deal == before
    assert deal.gate("EC").state == "pending"


def test_pull_and_refile_restarts_samr_phase1() -> None:
    """SAMR pull-and-refile: Phase 1 starts again on the refiling date."""
    deal = agreed(("SAMR",), on="2024-01-01")
    deal.file_review("SAMR", "cn-samr", on="2024-01-02")
    deal.open_phase("SAMR", "phase2", on="2024-02-01")
    deal.refile_review("SAMR", on="2024-06-01")
    review = deal.review("SAMR")
    assert review is not None
    assert (review.phase, review.due) == ("phase1", D(2024, 7, 1))


def test_changed_terms_lapse_the_review() -> None:
    """A review is of specific terms: new terms send the gate back to pending and drop its review."""
    deal = agreed(("FTC",), on="2025-06-01")
    deal.file_review("FTC", "us-hsr", on="2025-06-04")
    deal.restructure(SALE.with_(price=df.Money("1e9")), on="2025-06-10")
    assert deal.gate("FTC").state == "pending"
    assert deal.review("FTC") is None
    assert deal.latest_decision("FTC") is None
    deal.file_review("FTC", "us-hsr", on="2025-06-11")
    assert deal.latest_decision("FTC") == D(2025, 7, 11)


def test_project_close_against_the_outside_date() -> None:
    """The earliest close is the last of the gates' latest decision dates; unknown while a gate is pending."""
    deal = agreed(("CMA", "FTC"), on="2025-11-01")
    deal.file_review("FTC", "us-hsr", on="2025-12-01")
    projection = deal.project_close("2026-03-31")
    assert projection.earliest is None
    assert projection.unknown == ("CMA",)
    assert projection.beyond_outside_date is None
    deal.file_review("CMA", "uk-cma", on="2025-12-01")
    projection = deal.project_close("2026-01-15")
    assert projection.gates == (("CMA", D(2026, 1, 29)), ("FTC", D(2025, 12, 31)))
    assert projection.earliest == D(2026, 1, 29)
    assert projection.beyond_outside_date is True
    assert deal.project_close("2026-03-31").beyond_outside_date is False
    deal.block("CMA", on="2026-01-20")
    assert deal.project_close().blocked == ("CMA",)
    assert deal.project_close().earliest is None


def test_review_journals_replay_round_trip_and_copy() -> None:
    """A journal with every review event replays to an equal deal, survives JSON, pickling and deep copies."""
    deal = agreed(("EC", "SAMR"), on="2023-01-02")
    deal.file_review("EC", "eu", on="2023-01-03")
    deal.offer_remedies("EC", on="2023-01-10")
    deal.stop_clock("EC", on="2023-01-11")
    deal.restart_clock("EC", on="2023-01-16")
    deal.open_phase("EC", "phase2", on="2023-02-15")
    deal.extend_phase("EC", "agreed", days=10, on="2023-02-16")
    deal.file_review("SAMR", "cn-samr", on="2023-03-01")
    deal.accept_notice("SAMR", on="2023-03-06")
    deal.refile_review("SAMR", on="2023-03-20")
    deal.expire_review("SAMR", on="2023-04-20")
    kinds = {e.kind for e in deal.journal}
    assert {
        "review_filed",
        "notice_accepted",
        "phase_opened",
        "clock_stopped",
        "clock_restarted",
        "remedies_offered",
        "phase_extended",
        "review_expired",
        "review_refiled",
    } <= kinds
    assert df.replay(deal.journal) == deal
    assert events_from_json(events_to_json(deal.journal)) == deal.journal
    assert pickle.loads(pickle.dumps(deal)) == deal
    twin = copy.deepcopy(deal)
    twin.stop_clock("EC", on="2023-05-01")
    assert deal.review("EC").stopped_since is None  # type: ignore[union-attr]
    assert deal.status_on("2023-01-12").gate("EC").review_due is None  # stopped on that day


CASE = """\
name: A reviewed sale
target: Target
seller: Seller
opened: 2025-11-01
regulators: [CMA]
parties:
  - {name: Seller, role: seller, jurisdiction: US}
  - {name: Buyer, role: bidder, jurisdiction: US}
  - {name: CMA, role: regulator, jurisdiction: GB}
events:
  - {type: bid_submitted, date: 2025-11-02, actor: Buyer, bid: b, bidders: [Buyer],
     terms: {structure: sale, entity: Target, cap_table: {Buyer: 1}}}
  - {type: bid_accepted, date: 2025-11-03, actor: Seller, bid: b}
  - {type: review_filed, date: 2025-11-20, actor: Buyer, regulator: CMA, regime: uk-cma}
  - {type: notice_accepted, date: 2025-12-01, actor: CMA, regulator: CMA}
  - {type: phase_opened, date: 2026-01-29, actor: CMA, regulator: CMA, phase: phase2}
  - {type: phase_extended, date: 2026-06-01, actor: CMA, regulator: CMA, extension: special_reasons, days: 4}
"""


def test_case_files_read_review_events(tmp_path: Path) -> None:
    """Case files carry review events like any other; a bad regime is refused naming the event and field."""
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    deal = df.load_case(path).replay()
    assert deal.latest_decision("CMA") == D(2026, 8, 12)  # 24 weeks beginning 29 January, + 4 weeks
    path.write_text(CASE.replace("regime: uk-cma", "regime: uk-cmaa"), encoding="utf-8")
    with pytest.raises(df.InputError, match="did you mean 'uk-cma'") as err:
        df.load_case(path).replay()
    assert err.value.kind == "review_filed"
    assert err.value.field == "regime"


def test_hsr_pull_and_refile_restarts_the_same_kind_of_waiting_period() -> None:
    """16 CFR 803.12(c): a cash tender offer filed 30 August 2024 (period to Monday 16 September) and
    pulled and refiled on 13 September gets a new 15-day period, to Monday 30 September."""
    deal = agreed(("FTC",), on="2024-08-01")
    deal.file_review("FTC", "us-hsr", phase="initial_waiting_cash_tender", on="2024-08-30")
    assert deal.latest_decision("FTC") == D(2024, 9, 16)
    deal.refile_review("FTC", on="2024-09-13")
    review = deal.review("FTC")
    assert review is not None
    assert (review.phase, review.started, review.due) == ("initial_waiting_cash_tender", D(2024, 9, 13), D(2024, 9, 30))


def test_a_pending_clock_has_no_due_date_until_the_act_it_waits_for() -> None:
    """A filing whose clock waits (SAMR before acceptance) has no due date; notice_accepted starts it."""
    deal = agreed(("SAMR",), on="2022-09-01")
    deal.file_review("SAMR", "cn-samr", on="2022-09-06", clock_pending=True)
    assert deal.gate("SAMR").state == "under_review"
    assert deal.latest_decision("SAMR") is None
    with pytest.raises(df.RefusedEvent, match="has not started"):
        deal.stop_clock("SAMR", on="2022-10-01")
    deal.accept_notice("SAMR", on="2023-04-25")
    assert deal.latest_decision("SAMR") == D(2023, 5, 25)


def test_a_phase_dated_by_a_later_act_runs_from_its_start_day() -> None:
    """phase_opened with started counts the phase's clock from that day; a start outside the span is refused."""
    deal = agreed(("SAMR",), on="2023-04-01")
    deal.file_review("SAMR", "cn-samr", on="2023-04-25")
    before = copy.deepcopy(deal)
    with pytest.raises(df.RefusedEvent, match="cannot have started") as err:
        deal.open_phase("SAMR", "phase2", started="2023-04-24", on="2023-08-22")
    assert err.value.field == "started"
    assert deal == before
    deal.open_phase("SAMR", "phase2", started="2023-05-25", on="2023-08-22")
    assert deal.latest_decision("SAMR") == D(2023, 8, 23)
    deal.extend_phase("SAMR", "extended_review", days=60, on="2023-08-22")
    assert deal.latest_decision("SAMR") == D(2023, 10, 22)


def test_a_phase_cannot_both_wait_and_have_started() -> None:
    """clock_pending and started contradict each other: the event is refused as bad input."""
    with pytest.raises(df.InputError, match="no start day"):
        df.PhaseOpened(
            date="2023-01-02", actor="FTC", regulator="FTC", phase="x", clock_pending=True, started="2023-01-01"
        )


def test_an_announced_expiry_clears_a_second_request_whose_clock_never_started() -> None:
    """A second request's period waits for substantial compliance; a party's announcement clears the gate as of its date."""
    deal = agreed(("FTC",), on="2022-06-01")
    deal.file_review("FTC", "us-hsr", on="2022-06-10")
    assert deal.latest_decision("FTC") == D(2022, 7, 11)
    deal.open_phase("FTC", "second_request", on="2022-07-11", clock_pending=True)
    assert deal.latest_decision("FTC") is None
    before = copy.deepcopy(deal)
    with pytest.raises(df.RefusedEvent, match="has not started") as err:
        deal.expire_review("FTC", on="2023-08-21")
    assert "announced: true" in err.value.fix
    assert deal == before
    deal.expire_review("FTC", on="2023-08-21", actor="Buyer", announced=True)
    assert deal.gate("FTC").state == "approved"
    assert deal.gate("FTC").decided_on == D(2023, 8, 21)


def test_an_announced_expiry_is_still_refused_before_a_known_last_day() -> None:
    """announced does not let an expiry precede the computed last day of a running clock."""
    deal = agreed(("FTC",), on="2022-06-01")
    deal.file_review("FTC", "us-hsr", on="2022-06-10")
    with pytest.raises(df.RefusedEvent, match="runs until 2022-07-11"):
        deal.expire_review("FTC", on="2022-07-01", announced=True)


def test_a_stop_known_only_by_its_length_moves_the_deadline_by_it() -> None:
    """clock_restarted with days_stopped: a 4-day stop ending on the restart moves Phase 2's end by 4 days."""
    deal = agreed()
    deal.file_review("CMA", "uk-cma", on="2025-12-01")
    deal.open_phase("CMA", "phase2", on="2026-01-29")
    assert deal.latest_decision("CMA") == D(2026, 7, 15)
    deal.restart_clock("CMA", on="2026-02-27", days_stopped=4)
    assert deal.latest_decision("CMA") == D(2026, 7, 19)
    review = deal.review("CMA")
    assert review is not None and review.stops[-1].stopped == D(2026, 2, 23)


def test_a_stop_known_by_its_length_is_refused_when_it_cannot_be() -> None:
    """Refused on a stopped clock, for a stop reaching back before the phase, and on a clock that cannot stop."""
    deal = agreed()
    deal.file_review("CMA", "uk-cma", on="2025-12-01")
    deal.open_phase("CMA", "phase2", on="2026-01-29")
    before = copy.deepcopy(deal)
    with pytest.raises(df.RefusedEvent, match="begins before the phase") as err:
        deal.restart_clock("CMA", on="2026-02-01", days_stopped=10)
    assert err.value.field == "days_stopped"
    assert deal == before
    deal.stop_clock("CMA", on="2026-02-10")
    with pytest.raises(df.RefusedEvent, match="the stop's length is known"):
        deal.restart_clock("CMA", on="2026-02-20", days_stopped=3)
    hsr = agreed(("FTC",), on="2025-06-01")
    hsr.file_review("FTC", "us-hsr", on="2025-06-04")
    with pytest.raises(df.RefusedEvent, match="cannot be stopped"):
        hsr.restart_clock("FTC", on="2025-06-20", days_stopped=3)


def test_findings_are_recorded_steps_that_decide_nothing() -> None:
    """A statement of objections and provisional findings are kept in order on the gate, which stays under review."""
    deal = agreed(("EC", "CMA"), on="2023-01-02")
    deal.file_review("EC", "eu", on="2023-01-03")
    deal.record_finding(
        "CMA", "invitation_to_comment", on="2023-01-04", response_due="2023-01-18", outcome="no_concerns"
    )
    deal.record_finding("EC", "statement_of_objections", on="2023-02-01", markets=("storage adapters",))
    deal.record_finding("EC", "supplementary_statement_of_objections", on="2023-02-20", decision_due="2023-06-01")
    assert deal.gate("EC").state == "under_review"
    assert [f.finding for f in deal.findings("EC")] == [
        "statement_of_objections",
        "supplementary_statement_of_objections",
    ]
    assert deal.findings("EC")[0].markets == ("storage adapters",)
    assert [f.regulator for f in deal.findings()] == ["CMA", "EC", "EC"]
    review = deal.review("EC")
    assert review is not None and review.findings == deal.findings("EC")
    assert deal.findings("CMA")[0].response_due == D(2023, 1, 18)
    assert "last step: supplementary statement of objections on 2023-02-20, decision due 2023-06-01" in (
        format_status(deal, "2023-02-20")
    )
    assert df.replay(deal.journal) == deal
    assert events_from_json(events_to_json(deal.journal)) == deal.journal
    assert deal.status_on("2023-02-05").gate("EC").state == "under_review"
    assert len(deal.fork("2023-02-05").findings("EC")) == 1


def test_a_finding_is_refused_after_the_decision_from_another_actor_or_of_an_unknown_kind() -> None:
    """Findings come from the regulator before its decision; anything else is refused naming the field and fix."""
    deal = agreed(("EC",), on="2023-01-02")
    with pytest.raises(df.RefusedEvent) as err:
        deal.apply(
            df.ReviewFinding(date="2023-01-05", actor="Buyer", regulator="EC", finding="statement_of_objections")
        )
    assert (err.value.field, err.value.fix) == ("actor", "the actor is EC")
    with pytest.raises(df.InputError) as bad:
        df.ReviewFinding(date="2023-01-05", actor="EC", regulator="EC", finding="objections")
    assert bad.value.field == "finding" and "statement_of_objections" in bad.value.fix
    with pytest.raises(df.RefusedEvent) as idle:
        deal.record_finding("FTC", "issues_letter", on="2023-01-05")
    assert idle.value.field == "regulator" and "gate_required" in idle.value.fix
    deal.approve("EC", on="2023-01-06")
    before = list(deal.journal)
    with pytest.raises(df.RefusedEvent) as late:
        deal.record_finding("EC", "final_report", on="2023-01-07")
    assert late.value.field == "regulator" and "before the decision" in late.value.fix
    assert deal.journal == before and deal.findings("EC") == ()
