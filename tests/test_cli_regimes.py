"""Tests of dealflow._cli_regimes: ``dealflow regimes`` and ``dealflow deadline``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from dealflow import regimes as R
from dealflow.cli import main
from dealflow.regimes import _registry


@pytest.fixture
def registry() -> Iterator[None]:
    """Restore the regime registry after a test loads its own file."""
    R.regimes()
    saved = dict(_registry._REGIMES)
    yield
    _registry._REGIMES.clear()
    _registry._REGIMES.update(saved)


def test_deadline_prints_the_last_day_first_then_calendar_rule_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    """The first line starts with the ISO date; the calendar, the rule and its source follow."""
    assert main(["deadline", "uk-cma", "phase1", "2025-12-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == "2026-01-29"
    assert lines[1].startswith("  calendar: england-wales")
    assert "40 working days" in lines[2]
    assert "Enterprise Act 2002 s.34ZA(3)" in lines[2]


def test_deadline_takes_extensions_and_clock_stops(capsys: pytest.CaptureFixture[str]) -> None:
    """--extend NAME=N and --stop STOPPED:RESTARTED reach the computation."""
    assert main(["deadline", "uk-cma", "phase2", "2022-09-15", "--extend", "special_reasons=8"]) == 0
    assert capsys.readouterr().out.startswith("2023-04-26")
    assert main(["deadline", "eu", "phase2", "2023-03-01", "--stop", "2023-03-10:2023-03-17"]) == 0
    out = capsys.readouterr().out
    assert "clock stopped 2023-03-10, restarted 2023-03-17" in out
    assert out.split()[0] > R.deadline("eu", "phase2", dt.date(2023, 3, 1)).last_day.isoformat()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deadline", "uk-cmaa", "phase1", "2025-12-01"], "did you mean 'uk-cma'"),
        (["deadline", "eu", "phse1", "2023-03-01"], "did you mean 'phase1'"),
        (["deadline", "eu", "phase1", "2026-03-01"], "outside the years 2022-2025"),
        (["deadline", "eu", "phase1", "2023-03-01", "--stop", "2023-03-10"], "stops[0].restarted"),
        (["deadline", "eu", "phase1", "1 March 2023"], "is not a date"),
        (["deadline", "uk-cma", "phase2", "2022-09-15", "--extend", "special_reasons=eight"], "not a whole number"),
    ],
)
def test_bad_input_exits_non_zero_with_the_root_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unknown names, uncovered years, a stop without restart: exit 2 and one clear line on stderr."""
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("dealflow: ")
    assert message in captured.err


def test_regimes_lists_every_regime_and_its_phases(capsys: pytest.CaptureFixture[str]) -> None:
    """`dealflow regimes` lists each regime with its phases and clocks; with a name, its conventions too."""
    assert main(["regimes"]) == 0
    out = capsys.readouterr().out
    for name in (
        "us-hsr",
        "us-cfius",
        "us-cfius-2018",
        "us-cfius-2007",
        "eu",
        "uk-cma",
        "uk-nsia",
        "cn-samr",
        "cn-tech-export",
    ):
        assert f"\n{name}: " in f"\n{out}"
    assert "  initial_waiting: Initial waiting period: 30 calendar days" in out
    assert main(["regimes", "eu"]) == 0
    out = capsys.readouterr().out
    assert "convention: Periods begin on the working day following the event" in out
    assert "uk-cma" not in out


def test_a_user_regime_file_is_loaded_with_load(
    registry: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--load FILE registers a user's regime before the deadline is computed."""
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\ntitle: Mine\nauthority: Me\njurisdiction: Here\nsource: My Act\n"
        "phases:\n  - name: only\n    title: Only\n    starts: filing\n"
        "    clock: {length: 10, unit: calendar_days, source: My Act s.1}\n"
        "    on_expiry: clearance\n    expiry_source: My Act s.2\n",
        encoding="utf-8",
    )
    assert main(["deadline", "mine", "only", "2024-01-01", "--load", str(path)]) == 0
    assert capsys.readouterr().out.startswith("2024-01-11")
