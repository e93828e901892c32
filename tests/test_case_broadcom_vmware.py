"""Tests of the bundled Broadcom / VMware case: its replayed end, key states, settlement and fidelity table."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dealflow import Money, case_path, load_case
from dealflow.cli import main

from .helpers import fidelity_rows

PATH = case_path("broadcom-vmware")
CASE = load_case(PATH)
DEAL = CASE.replay()
README = (PATH.parent / "README.md").read_text(encoding="utf-8")
D = dt.date


def test_the_deal_closes_on_2023_11_22_with_every_gate_cleared() -> None:
    """The replay ends closed on 2023-11-22: the FTC by expiry, the CMA outright, the Commission and SAMR on conditions."""
    assert DEAL.state == "closed"
    assert DEAL.clock == D(2023, 11, 22)
    gates = {
        name: (DEAL.gate(name).state, DEAL.gate(name).decided_on)
        for name in ("FTC", "European Commission", "CMA", "SAMR")
    }
    assert gates == {
        "FTC": ("approved", D(2023, 8, 21)),
        "European Commission": ("conditionally_approved", D(2023, 7, 12)),
        "CMA": ("approved", D(2023, 8, 21)),
        "SAMR": ("conditionally_approved", D(2023, 11, 21)),
    }


def test_the_commitments_survive_the_close_as_obligations() -> None:
    """The EU's two commitments and SAMR's conditions are accepted behavioural remedies still binding after the close."""
    obligations = {(o.remedy, o.regulator, o.nature, o.years) for o in DEAL.obligations()}
    assert obligations == {
        ("EU interoperability commitments", "European Commission", "behavioural", 10),
        ("EU open-source FC HBA drivers", "European Commission", "behavioural", 0),
        ("SAMR interoperability conditions", "SAMR", "behavioural", 0),
    }


def test_the_settlement_is_the_consideration_and_no_fee() -> None:
    """Closed: Broadcom owes VMware the consideration (a prorated cash-or-stock election), and no termination fee."""
    (payment,) = DEAL.settlement()
    assert (payment.payer, payment.payee, payment.amount) == ("Broadcom", "VMware", Money("61e9"))
    assert "at the holder's election, prorated to 50% of shares in cash" in payment.reason


def test_key_states_on_the_way() -> None:
    """Where the reviews stood on dates the record gives: the regimes' clocks match the recorded deadlines."""
    on_vote = DEAL.fork("2022-11-04")
    assert on_vote.approval("VMware stockholders").state == "approved"
    assert on_vote.contract is not None and on_vote.contract.go_shop_ended == D(2022, 7, 5)
    assert on_vote.latest_decision("FTC") is None  # the second request's clock never dated
    restarted = DEAL.fork("2023-02-15")
    assert restarted.latest_decision("European Commission") == D(2023, 6, 7)
    assert restarted.latest_decision("CMA") == D(2023, 3, 22)
    referred = DEAL.fork("2023-04-04")
    assert referred.latest_decision("CMA") == D(2023, 9, 12)
    assert referred.latest_decision("European Commission") == D(2023, 6, 21)
    assert referred.latest_decision("SAMR") is None  # filed, not yet accepted
    assert DEAL.fork("2023-04-25").latest_decision("SAMR") == D(2023, 5, 25)


def test_the_outside_date_runs_to_2023_11_26_under_the_option() -> None:
    """Two amendments and one exercise of the May option take the outside date to 2023-11-26."""
    before = DEAL.fork("2023-08-20").contract
    assert before is not None and before.outside_date == D(2023, 8, 26) and before.option is not None
    after = DEAL.contract
    assert after is not None
    assert (after.outside_date, after.extensions, after.option, after.ended) == (D(2023, 11, 26), 3, None, "closed")


def _table_rows() -> list[list[str]]:
    return fidelity_rows(README)


def test_every_timeline_row_has_its_events() -> None:
    """Each of the table's rows is numbered in some event's note (Row N), and no note names a row beyond them."""
    rows = len(_table_rows())
    named = {int(n) for e in CASE.events for n in re.findall(r"Row (\d+)\b", e.note)}
    assert named == set(range(1, rows + 1))


def test_unverified_rows_keep_their_mark() -> None:
    """Events whose note says UNVERIFIED about their own day are marked verified: false."""
    unverified = {e.date for e in CASE.events if not e.verified}
    assert {D(2023, 1, 25), D(2023, 2, 15), D(2023, 4, 4), D(2023, 5, 16)} <= unverified


def test_the_status_report_shows_waiting_clocks_the_agreement_and_the_vote() -> None:
    """On 2023-02-01 the report names the clocks not started or stopped, the agreement's terms and the vote."""
    from dealflow._report import format_status

    text = format_status(DEAL, "2023-02-01")
    assert "FTC                  under review" in text
    assert "Second request (extended waiting period): clock not started" in text
    assert "Phase 2 (in-depth investigation): clock stopped since 2023-01-24" in text
    assert "Preliminary review (Phase 1): clock not started" in text
    assert "signed 2022-05-26; outside date 2023-02-26; go-shop to 2022-07-05 (ended: no rival proposal)" in text
    assert "VMware stockholders  approved on 2022-11-04 (99.61% in favour)" in text
    later = format_status(DEAL, "2023-06-01")
    assert "outside date 2023-08-26, extended 2 times; extendable by notice to 2023-11-26" in later


def test_the_end_shows_the_settlement_and_the_obligations() -> None:
    """The replay's end lists the consideration owed and the three commitments that survive the close."""
    from dealflow._report import format_end

    text = format_end(DEAL)
    assert text.startswith("The end: VMware closed on 2023-11-22")
    assert "Broadcom owes VMware 61,000,000,000 USD" in text
    assert "obligations that survive the close" in text
    assert "EU interoperability commitments (behavioural, 10 years, to European Commission)" in text
    assert "SAMR interoperability conditions (behavioural, to SAMR)" in text


def test_dealflow_cases_lists_the_case(capsys: pytest.CaptureFixture[str]) -> None:
    """`dealflow cases` has a line for broadcom-vmware with its title and its dates."""
    assert main(["cases"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("broadcom-vmware "))
    assert "Broadcom / VMware" in line and "2022-05-26 to 2023-11-22" in line
