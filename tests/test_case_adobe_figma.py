"""Tests of the bundled Adobe / Figma case: its replayed end, key states, settlement and fidelity table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dealflow import Deal, Money, case_path, load_case
from dealflow.cli import main

from .helpers import fidelity_rows

D = dt.date
CASE_DIR = Path(case_path("adobe-figma")).parent
CASE = load_case(case_path("adobe-figma"))


@pytest.fixture(scope="module")
def deal() -> Deal:
    """The case replayed to its end."""
    return CASE.replay()


def test_the_deal_is_abandoned_on_2023_12_18_after_the_agreement_ended_on_12_17(deal: Deal) -> None:
    """The end: the agreement terminated by mutual consent (8.1(a)) on 12-17, the deal abandoned on 12-18."""
    assert deal.state == "abandoned"
    ended = [c.date for c in deal.history if c.machine == "deal" and c.after == "abandoned"]
    assert ended == [D(2023, 12, 18)]
    contract = deal.contract
    assert contract is not None
    assert (contract.ended, contract.ended_on, contract.trigger, contract.section) == (
        "terminated",
        D(2023, 12, 17),
        "mutual",
        "8.1(a)",
    )
    on_17 = deal.status_on("2023-12-17")
    assert on_17.state == "signed"
    assert on_17.contract is not None and on_17.contract.ended == "terminated"


def test_adobe_owes_figma_the_1bn_reverse_termination_fee(deal: Deal) -> None:
    """deal.settlement() lists Adobe's $1bn fee to Figma under the termination agreement: owed from 12-17, paid by 12-21."""
    (payment,) = deal.settlement()
    assert (payment.payer, payment.payee, payment.amount, payment.fee) == (
        "Adobe",
        "Figma",
        Money("1e9"),
        "reverse_termination",
    )
    assert "termination agreement of 2023-12-17" in payment.reason and "8.1(a)" in payment.reason
    assert payment.paid_on == D(2023, 12, 21)
    assert deal.status_on("2023-12-16").settlement == ()
    (owed,) = deal.status_on("2023-12-18").settlement
    assert (owed.payer, owed.payee, owed.amount, owed.paid_on) == ("Adobe", "Figma", Money("1e9"), None)


@pytest.mark.parametrize(
    ("day", "regulator", "phase", "due"),
    [
        ("2022-10-14", "DOJ", "initial_waiting", D(2022, 11, 14)),
        ("2022-11-14", "DOJ", "second_request", None),
        ("2023-01-09", "European Commission", "art22_join", D(2023, 1, 30)),
        ("2023-06-30", "European Commission", "phase1", D(2023, 8, 7)),
        ("2023-08-07", "European Commission", "phase2", D(2023, 12, 14)),
        ("2023-08-09", "European Commission", "phase2", D(2024, 1, 8)),
        ("2023-09-19", "European Commission", "phase2", None),
        ("2023-10-20", "European Commission", "phase2", D(2024, 2, 8)),
        ("2023-05-04", "CMA", "phase1", D(2023, 7, 3)),
        ("2023-07-13", "CMA", "phase2", D(2023, 12, 27)),
        ("2023-08-31", "CMA", "phase2", D(2023, 12, 31)),
        ("2023-10-25", "CMA", "phase2", D(2024, 2, 25)),
    ],
)
def test_the_regimes_deadlines_on_key_dates(
    deal: Deal, day: str, regulator: str, phase: str, due: dt.date | None
) -> None:
    """Each gate's phase and computed last day on the key dates (README.md compares them with the record)."""
    review = next(r for r in deal.status_on(day).reviews if r.regulator == regulator)
    assert (review.phase, review.due) == (phase, due)


def test_key_states_of_the_gates_and_the_referral(deal: Deal) -> None:
    """The Commission's gate is not required before Austria's request; no gate is ever decided."""
    before = {g.regulator: g.state for g in deal.status_on("2023-01-08").gates}
    assert before == {"DOJ": "under_review", "European Commission": "not_required", "CMA": "pending"}
    end = {g.regulator: g.state for g in deal.status().gates}
    assert end == dict.fromkeys(("DOJ", "European Commission", "CMA"), "under_review")
    referral = deal.referral("European Commission")
    assert referral is not None
    assert (referral.requesters, referral.decision, referral.decided_on) == (
        ("Austria (BWB)", "Luxembourg (LCA)"),
        "accepted",
        D(2023, 2, 14),
    )


def test_replay_prints_the_abandonment(capsys: pytest.CaptureFixture[str]) -> None:
    """`dealflow replay adobe-figma` finds the bundled case by name and ends abandoned on 2023-12-18."""
    assert main(["replay", "adobe-figma"]) == 0
    out = capsys.readouterr().out
    assert "The end: Figma abandoned on 2023-12-18" in out
    assert "termination agreed under section 8.1(a)" in out
    assert "the agreement: terminated on 2023-12-17 by mutual consent, section 8.1(a)" in out
    assert "Adobe paid Figma 1,000,000,000 USD by 2023-12-21: reverse termination fee" in out


def _fidelity() -> list[list[str]]:
    return fidelity_rows((CASE_DIR / "README.md").read_text(encoding="utf-8"))


def test_every_timeline_row_has_a_fidelity_row() -> None:
    """The table has one line per row of the timeline, dated as the timeline dates them."""
    rows = _fidelity()
    dates = [row[0] for row in rows]
    assert len(dates) == 26
    assert dates[0] == "2022-09-15" and dates[-1] == "≤2023-12-21"
    assert dates.count("2023-06-30") == 2


def test_the_readme_shows_the_replayed_end_as_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's replayed end is the tail of `dealflow replay adobe-figma` today."""
    text = (CASE_DIR / "README.md").read_text(encoding="utf-8")
    shown = text.split("## The replayed end", 1)[1].split("```", 2)[1].strip("\n")
    assert main(["replay", "adobe-figma"]) == 0
    out = capsys.readouterr().out.rstrip("\n")
    assert out.endswith(shown)
    assert "The end: Figma abandoned on 2023-12-18" in shown
