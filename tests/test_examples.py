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
