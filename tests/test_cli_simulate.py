"""Tests of ``dealflow simulate`` (dealflow._cli_simulate)."""

from __future__ import annotations

import pytest

from dealflow.cli import main
from dealflow.simulate import example


def _rows(text: str) -> dict[str, int]:
    """The summary table's first column to its run count."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("---")) + 1
    out = {}
    for line in lines[start:]:
        parts = line.split()
        if len(parts) < 3 or not parts[-2].isdigit():
            break
        out[parts[0]] = int(parts[-2])
    return out


def test_simulate_prints_progress_and_a_table_of_every_run(capsys: pytest.CaptureFixture[str]) -> None:
    """The plain progress bar reaches the total and the table counts every run as the library does."""
    code = main(["simulate", "--runs", "6", "--workers", "1", "--plain", "--by", "state"])
    out = capsys.readouterr().out
    assert code == 0
    assert "6/6" in out
    counts = _rows(out)
    assert sum(counts.values()) == 6
    expected = example({"rounds": 60}).runs(range(6)).counts("state")
    assert counts == {str(k[0]): v for k, v in expected.items()}


def test_simulate_sweeps_a_grid_of_tactics(capsys: pytest.CaptureFixture[str]) -> None:
    """Repeating --seller sweeps the tactics and the table shows the swept column."""
    code = main(["simulate", "--runs", "3", "--workers", "1", "--plain", "--seller", "linear", "--seller", "conceder"])
    out = capsys.readouterr().out
    assert code == 0
    assert "6 runs" in out and "2 grid point(s)" in out
    assert set(_rows(out)) <= {"linear", "conceder"}


@pytest.mark.parametrize("argv", [["--runs", "0"], ["--workers", "0"], ["--rounds", "0"]])
def test_bad_counts_exit_2_with_the_fix(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Impossible counts exit with status 2 and a message naming the fix."""
    assert main(["simulate", "--plain", *argv]) == 2
    assert "Fix:" in capsys.readouterr().err
