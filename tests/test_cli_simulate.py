"""Tests of ``dealflow simulate`` (dealflow._cli_simulate)."""

from __future__ import annotations

import io

import pytest

from dealflow.cli import build_parser, main
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


class _Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Claim to be a terminal."""
        return True


def test_simulate_prints_progress_and_a_table_of_every_run(capsys: pytest.CaptureFixture[str]) -> None:
    """On a terminal the plain progress bar goes to stderr and reaches the total; the table counts every run."""
    args = build_parser().parse_args(["simulate", "--runs", "6", "--workers", "1", "--plain", "--by", "state"])
    err = _Terminal()
    code = args.run(args, err=err)
    out = capsys.readouterr().out
    assert code == 0
    assert "6/6" in err.getvalue() and "6/6" not in out
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


def test_no_progress_bar_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    """Piped or captured, neither stream carries a progress bar: only the table is printed."""
    assert main(["simulate", "--runs", "2", "--workers", "1", "--plain"]) == 0
    captured = capsys.readouterr()
    assert "simulating" not in captured.out and "simulating" not in captured.err
    assert "2 runs" in captured.out
