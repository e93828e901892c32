"""Shared measuring kit for dealflow's benchmarks.

Each ``benchmarks/bench_*.py`` module exposes ``measure(tiny: bool) -> list[Row]``;
``benchmarks/run.py`` collects the rows of every module into one table of ratios
against the targets of DESIGN.md.  Times are seconds per operation; a ``Stats``
with ``unit="B"`` holds bytes.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Stats:
    """Seconds (or, with ``unit="B"``, bytes) per operation over several timed runs."""

    median: float
    min: float
    max: float
    unit: str = "s"

    @classmethod
    def of(cls, runs: Sequence[float], unit: str = "s") -> Stats:
        """The median, min and max of ``runs``."""
        return cls(statistics.median(runs), min(runs), max(runs), unit)

    def fmt(self, value: float) -> str:
        return fmt_bytes(value) if self.unit == "B" else fmt_seconds(value)

    def __str__(self) -> str:
        if self.min == self.max:
            return self.fmt(self.median)
        return f"{self.fmt(self.median)} [{self.fmt(self.min)}..{self.fmt(self.max)}]"


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


def measure_batches(
    setup: Callable[[], object], run: Callable[[object], object], *, per_batch: int, repeat: int = 5
) -> Stats:
    """Seconds per operation of ``run(setup())``, which performs ``per_batch``
    operations; ``setup`` (a fresh state per batch) is not timed."""
    runs = []
    for _ in range(repeat):
        state = setup()
        t0 = time.perf_counter()
        run(state)
        runs.append((time.perf_counter() - t0) / per_batch)
        del state
    return Stats.of(runs)


def bytes_per_item(make: Callable[[int], object], n: int) -> float:
    """Bytes still allocated (tracemalloc) after ``make(n)`` builds and returns
    ``n`` items, divided by ``n``; the container holding them is counted."""
    gc.collect()
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = make(n)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        if started:
            tracemalloc.stop()
    del kept
    gc.collect()
    return (after - before) / n


def timer_overhead(samples: int = 20_000) -> float:
    """Seconds that one ``perf_counter()`` pair adds to a measured interval."""
    clock = time.perf_counter
    runs = []
    for _ in range(5):
        total = 0.0
        for _ in range(samples):
            t0 = clock()
            total += clock() - t0
        runs.append(total / samples)
    return min(runs)


def fmt_seconds(s: float) -> str:
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    return f"{s * 1e6:.2f} µs"


def fmt_bytes(b: float) -> str:
    if b >= 1024 * 1024:
        return f"{b / (1024 * 1024):.1f} MiB"
    if b >= 1024:
        return f"{b / 1024:.2f} KiB"
    return f"{b:.0f} B"


def fmt_count(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)
