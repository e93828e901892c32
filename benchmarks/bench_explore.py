"""Exploring composed deal processes (dealflow.graph): configurations per second,
and how the state graph grows with bidders, regulators and mandates.

No peer: the numbers say how far exploration scales.  Each row explores the
process from scratch (``dealflow.graph.explore``) and reports its size and speed;
the question rows time what ``dealflow check`` asks of an explored process.
"""

from __future__ import annotations

import time

from _harness import Row, Stats, fmt_count

from dealflow import graph as g

BIDDERS = ("Microsoft", "Oracle", "Walmart")
REGULATORS = ("Washington", "Beijing", "Brussels")


def _explore(bidders: int, regulators: int, mandates: int) -> g.Process:
    return g.explore(BIDDERS[:bidders], REGULATORS[:regulators], mandates=[f"order{i}" for i in range(mandates)])


def _timed(fn: object, repeat: int) -> tuple[Stats, object]:
    runs = []
    result: object = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()  # type: ignore[operator]
        runs.append(time.perf_counter() - t0)
    runs.sort()
    return Stats(runs[len(runs) // 2], runs[0], runs[-1]), result


def measure(tiny: bool) -> list[Row]:
    shapes = (
        [(1, 1, 0), (2, 1, 0), (1, 2, 0), (1, 1, 1)]
        if tiny
        else [(1, 1, 0), (2, 1, 0), (3, 1, 0), (1, 2, 0), (1, 3, 0), (2, 2, 0), (1, 1, 1), (2, 2, 1)]
    )
    rows = []
    first = None
    for b, r, m in shapes:
        repeat = 3 if tiny or b + r + m <= 3 else 1
        stats, process = _timed(lambda b=b, r=r, m=m: _explore(b, r, m), repeat)
        nodes, edges = process.size  # type: ignore[attr-defined]
        first = first or nodes
        rows.append(
            Row(
                f"explore: {b} bidders x {r} regulators x {m} mandates",
                stats,
                note=f"{fmt_count(nodes)} configurations ({nodes / first:.0f}x the smallest), {fmt_count(edges)} steps",
                value=f"{nodes / stats.median:,.0f} configurations/s",
            )
        )
    shape = (1, 2, 0) if tiny else (2, 2, 0)
    process = _explore(*shape)
    stats, _ = _timed(lambda: (process.necessary_events(), process.can_block(), process.dominators()), 3)
    rows.append(
        Row(
            f"questions: necessary events, veto holders, dominators ({' x '.join(map(str, shape))})",
            stats,
            note=f"on {fmt_count(process.size[0])} configurations",
        )
    )
    small = _explore(1, 2, 0)
    stats, cases = _timed(small.test_cases, 1 if tiny else 3)
    count = len(cases)  # type: ignore[arg-type]
    rows.append(
        Row(
            "test generation: shortest path to every configuration (1 x 2 x 0)",
            Stats(stats.median / count, stats.min / count, stats.max / count),
            note=f"{count} cases, concrete events applied to a deal while generated",
            value=f"{count / stats.median:,.0f} cases/s",
        )
    )
    return rows


if __name__ == "__main__":
    for row in measure(tiny=False):
        print(row.name, row.ours, row.value, row.note)
