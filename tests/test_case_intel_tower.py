"""Tests of the bundled Intel / Tower Semiconductor case: its replayed end, key states, settlement and fidelity table."""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import pytest

from dealflow import Deal, Money, case_path, load_case

from .helpers import fidelity_rows

D = dt.date
CASE_FILE = Path(case_path("intel-tower"))
CASE = load_case(CASE_FILE)
README = (CASE_FILE.parent / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def deal() -> Deal:
    """The case replayed to its end."""
    return CASE.replay()


def test_the_deal_is_terminated_on_2023_08_16_by_mutual_agreement_after_the_outside_date(deal: Deal) -> None:
    """The end: terminated on 2023-08-16 on the outside-date right, by mutual agreement, the day after it passed."""
    assert deal.state == "terminated"
    ended = [c.date for c in deal.history if c.machine == "deal" and c.after == "terminated"]
    assert ended == [D(2023, 8, 16)]
    contract = deal.contract
    assert contract is not None
    assert (contract.ended, contract.ended_on, contract.trigger) == ("terminated", D(2023, 8, 16), "outside_date")
    assert (contract.outside_date, contract.extensions) == (D(2023, 8, 15), 2)
    terminated = next(e for e in deal.journal if e.kind == "deal_terminated")
    assert getattr(terminated, "mutual", False) is True
    assert deal.status_on("2023-08-15").state == "signed"


def test_intel_owes_tower_the_353m_reverse_termination_fee_and_pays_it(deal: Deal) -> None:
    """deal.settlement() lists Intel's $353M reverse termination fee to Tower, marked paid by the fee_paid row."""
    (payment,) = deal.settlement()
    assert (payment.payer, payment.payee, payment.amount) == ("Intel", "Tower", Money("353e6"))
    assert "reverse termination fee" in payment.reason
    assert getattr(payment, "paid_on", None) == D(2023, 8, 16)
    paid = next(e for e in deal.journal if e.kind == "fee_paid")
    assert (paid.verified, getattr(paid, "date_qualifier", "")) == (False, "after")
    assert deal.status_on("2023-08-15").settlement == ()


def test_the_outside_date_passes_with_samr_undecided(deal: Deal) -> None:
    """The outside date moves twice (mid-Feb, mid-June, 08-15) and passes on 2023-08-15 with SAMR undecided."""
    outside = {d: deal.status_on(d).contract.outside_date for d in ("2022-02-15", "2023-03-01", "2023-07-01")}  # type: ignore[union-attr]
    assert outside == {"2022-02-15": D(2023, 2, 15), "2023-03-01": D(2023, 6, 15), "2023-07-01": D(2023, 8, 15)}
    ((lapse),) = deal.lapses()
    assert (lapse.outside_date, lapse.recorded_on, lapse.undecided) == (D(2023, 8, 15), D(2023, 8, 15), ("SAMR",))


@pytest.mark.parametrize(
    ("day", "phase", "due", "stopped"),
    [
        ("2022-08-01", "phase1", D(2022, 8, 31), None),
        ("2022-09-01", "phase2", D(2022, 11, 29), None),
        ("2022-12-13", "phase2", D(2023, 1, 28), None),
        ("2023-01-20", "phase2", None, D(2023, 1, 15)),
        ("2023-08-15", "phase2", None, D(2023, 1, 15)),
    ],
)
def test_samrs_review_under_cn_samr_on_key_dates(
    deal: Deal, day: str, phase: str, due: dt.date | None, stopped: dt.date | None
) -> None:
    """SAMR's phase, computed last day and clock stop on key dates (README.md compares them with the record)."""
    (review,) = deal.status_on(day).reviews
    assert (review.regulator, review.regime) == ("SAMR", "cn-samr")
    assert (review.phase, review.due, review.stopped_since) == (phase, due, stopped)


def test_key_states_of_the_gates_and_the_vote(deal: Deal) -> None:
    """The vote passes on 2022-04-25; the other regulators clear by mid-2022; SAMR never decides."""
    assert deal.status_on("2022-04-24").approval("Tower shareholders").state == "required"
    assert deal.status_on("2022-04-25").approval("Tower shareholders").state == "approved"
    mid = {g.regulator: g.state for g in deal.status_on("2022-06-30").gates}
    assert mid == {"SAMR": "pending", "Other regulators": "approved"}
    end = {g.regulator: g.state for g in deal.status().gates}
    assert end == {"SAMR": "under_review", "Other regulators": "approved"}


def test_the_ceo_visits_are_meetings_about_samrs_approval(deal: Deal) -> None:
    """Both of Gelsinger's China trips are meetings about SAMR's approval, with MOFCOM and unnamed officials."""
    assert [(m.date, m.met) for m in deal.meetings("SAMR")] == [
        (D(2023, 4, 11), ("MOFCOM",)),
        (D(2023, 7, 10), ("Chinese officials",)),
    ]


def test_unverified_rows_keep_their_mark() -> None:
    """Every event whose row is UNVERIFIED (or whose date the record leaves open) is verified: false."""
    unverified = {(e.kind, e.date.isoformat()) for e in CASE.events if not e.verified}
    assert {
        ("approved", "2022-06-30"),
        ("review_filed", "2022-08-01"),
        ("clock_stopped", "2023-01-15"),
        ("outside_date_extended", "2023-02-15"),
        ("outside_date_extended", "2023-06-15"),
        ("fee_paid", "2023-08-16"),
    } <= unverified
    assert ("deal_terminated", "2023-08-16") not in unverified


def _fidelity_rows() -> list[list[str]]:
    section = README.split("## Fidelity", 1)[1].split("\n## ", 1)[0]
    assert "| date | timeline kind | event(s) used | verdict |" in section
    return fidelity_rows(README)


def test_the_table_has_a_row_per_timeline_row() -> None:
    """The fidelity table lists each timeline row's date, in the timeline's order (19 rows)."""
    dates = [row[0] for row in _fidelity_rows()]
    assert dates[0] == "2022-02-15" and dates[-1].startswith("after 2023-08-16")
    assert len(dates) == 19


def test_the_readme_shows_the_replayed_end(deal: Deal) -> None:
    """The README quotes the replay's end line."""
    assert "The end: Tower Semiconductor Ltd. terminated on 2023-08-16" in README


def test_the_readmes_python_example_runs() -> None:
    """The README's settlement and lapse example gives what it shows (run as a doctest)."""
    results = doctest.testfile(str(CASE_FILE.parent / "README.md"), module_relative=False)
    assert (results.failed, results.attempted) == (0, 4)
