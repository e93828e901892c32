"""Tests that the scripts in examples/ run and say what they should."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_quickstart_closes_the_deal(capsys: pytest.CaptureFixture[str]) -> None:
    """The quickstart drives two bidders, a restructuring and two gates to a close."""
    runpy.run_path(str(EXAMPLES / "quickstart.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert out.rstrip().endswith("closed")
    assert "gate Beijing not_required -> pending" in out


def test_whatif_compares_the_fork_with_and_without_the_catalogue(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without Beijing's catalogue some forked runs close a sale of the algorithm; with it none do."""
    monkeypatch.setattr(sys, "argv", ["tiktok_whatif.py", "6"])
    runpy.run_path(str(EXAMPLES / "tiktok_whatif.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "recorded history: closed on 2026-01-22, joint_venture" in out
    assert "6 runs with Beijing's catalogue: 0 close a sale of the algorithm" in out
    without = out.split("without it: ")[1]
    assert int(without.split()[0]) > 0


def test_sign_then_clear_closes_and_prices_the_road_not_taken(capsys: pytest.CaptureFixture[str]) -> None:
    """The merger signs first, clears two authorities, a vote and an upfront remedy sale, closes, and prices a termination."""
    runpy.run_path(str(EXAMPLES / "sign_then_clear.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "signed on 2024-01-15, signed" in out
    assert "Acme's target shareholders have not approved" in out
    assert "upfront remedy 'coatings sale' (sale to Initech) has not completed" in out
    assert "closed on 2024-12-05 after 1 outside-date extension" in out
    assert "surviving the close: remedy 'supply' (behavioural, 10 years)" in out
    assert "Globex owes Acme 1,200,000,000 USD: reverse termination fee, on termination (outside_date)" in out


def test_hostile_offer_is_blocked_then_withdrawn(capsys: pytest.CaptureFixture[str]) -> None:
    """The unsolicited offer goes three rounds, is reviewed and blocked while never accepted, and ends withdrawn."""
    runpy.run_path(str(EXAMPLES / "hostile_offer.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "round 3, rejected" in out
    assert "Washington (investment: control) still under_review on the offer 'contoso'" in out
    assert "2018-03-12 gate Washington: under_review -> blocked" in out
    assert "the deal ends withdrawn; agreement signed: False; owed: []" in out


def test_agency_suit_closes_after_the_injunction_is_denied(capsys: pytest.CaptureFixture[str]) -> None:
    """The TRO bars closing; once the preliminary injunction is denied the deal closes."""
    runpy.run_path(str(EXAMPLES / "agency_suit.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "refused: cannot close: a temporary restraining order of N.D. Cal." in out
    assert "blockers after the denial: []" in out
    assert "suit FTC v. Buyer pending -> restrained" in out
    assert out.rstrip().endswith("pending -> closed")


def test_prohibited_offer_refuses_the_re_offer_naming_the_order(capsys: pytest.CaptureFixture[str]) -> None:
    """A re-offer on new terms, a new bid and an acceptance are refused, each naming the order."""
    runpy.run_path(str(EXAMPLES / "prohibited_offer.py"), run_name="__main__")
    out = capsys.readouterr().out
    for label in ("a re-offer on new terms", "a new bid", "accepting the offer"):
        assert f"{label} refused: order 'EO of 2018-03-12' of President" in out
    assert "'broadcom hostile': 'withdrawn'" in out


def test_golden_share_refuses_the_sale_until_consent(capsys: pytest.CaptureFixture[str]) -> None:
    """The sale of a listed asset after closing is refused without consent and accepted with it."""
    runpy.run_path(str(EXAMPLES / "golden_share.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "refused: asset sale of Granite City Works needs United States's consent" in out
    assert "require directors of US" in out
    assert "sold with consent; deal closed | agreement in_force" in out
