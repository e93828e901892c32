"""Building a big case file's events from parsed YAML (issue 14): each kind's
fast constructor (dealflow/_fastinit.py) against the path before it
(``cls(**body)``, the attrs ``__init__`` with one validator call per field).

The same parsed data (a synthetic case of ``bench_growth.case_text``) is built
by ``dealflow._case._build`` with and without the fast constructors, alternating,
gc off, best of several runs: the ratio is what the fast constructors save.
Run alone: ``python benchmarks/bench_build.py [EVENTS]``.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import time
from typing import Any

from _harness import Row, Stats


def _parsed(n: int) -> dict[str, Any]:
    """A synthetic case of ``n`` events, read by the fast YAML parser as load_case reads it."""
    import bench_growth

    from dealflow._fastyaml import read_yaml_fast

    read = read_yaml_fast(bench_growth.case_text(n), "bench.yaml")
    assert read is not None, "the fast parser is not installed"
    data, chunks = read
    events: list[Any] = []
    if chunks is None:
        events = data["events"]
    else:
        for chunk in chunks:
            events += chunk
        chunks.close()
    return {**data, "events": events}


def _without_fast_constructors() -> contextlib.AbstractContextManager[None]:
    from dealflow._serde import _fast_init_replaced

    return _fast_init_replaced(lambda cls: None)


def compare(n: int, repeat: int) -> tuple[Stats, Stats]:
    """Seconds per event to build ``n`` parsed events: with the fast constructors, without."""
    from dealflow._case import _build

    data = _parsed(n)
    with _without_fast_constructors():
        before = _build(data, "bench.yaml")
    assert _build(data, "bench.yaml").events == before.events
    fast: list[float] = []
    slow: list[float] = []
    was = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            t0 = time.perf_counter()
            _build(data, "bench.yaml")
            fast.append((time.perf_counter() - t0) / n)
            with _without_fast_constructors():
                t0 = time.perf_counter()
                _build(data, "bench.yaml")
                slow.append((time.perf_counter() - t0) / n)
    finally:
        if was:
            gc.enable()
    return Stats.of(fast), Stats.of(slow)


def measure(tiny: bool) -> list[Row]:
    """One row: building a case's events, fast constructors against cls(**body)."""
    n = 2_000 if tiny else 100_000
    fast, slow = compare(n, 3 if tiny else 5)
    return [
        Row(
            f"building {n:,} parsed events (case file), per event",
            fast,
            peer="cls(**body) per event",
            theirs=slow,
            note=f"best: {fast.min * n:.3f} s against {slow.min * n:.3f} s for the case",
        )
    ]


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    fast, slow = compare(count, 5)
    print(
        f"{count:,} events: fast constructors {fast.min * count:.3f} s, cls(**body) {slow.min * count:.3f} s (best of 5)"
    )
    print(f"ratio (best): {slow.min / fast.min:.2f}x faster")
