"""Shared measuring kit for dealflow's benchmarks.

Each ``benchmarks/bench_*.py`` module exposes ``measure(tiny: bool) -> list[Row]``;
``benchmarks/run.py`` collects the rows of every module into one table of ratios
against the targets of DESIGN.md.  Times are seconds per operation.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Stats:
    """Seconds per operation over ``repeat`` timed runs."""

    median: float
    min: float
    max: float

    def __str__(self) -> str:
        return f"{fmt_seconds(self.median)} [{fmt_seconds(self.min)}..{fmt_seconds(self.max)}]"


@dataclass(frozen=True)
class Row:
    """One line of the table: ours against a peer measured in the same run.

    ``ratio`` is ours / theirs (below 1 means faster) unless ``value`` is set for
    measurements with no peer (for instance bytes per deal or import time).
    """

    name: str
    ours: Stats | None
    peer: str = ""
    theirs: Stats | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    value: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.theirs is None or self.theirs.median == 0:
            return None
        return self.ours.median / self.theirs.median


def measure(fn: Callable[[], object], *, number: int, repeat: int = 5) -> Stats:
    """Time ``fn`` ``number`` times per run, ``repeat`` runs: seconds per call."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - t0) / number)
    return Stats(statistics.median(runs), min(runs), max(runs))


def fmt_seconds(s: float) -> str:
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    return f"{s * 1e6:.2f} µs"
