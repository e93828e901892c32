"""Exploring composed deal processes (dealflow.graph): configurations per second,
and how the state graph grows with bidders, regulators and mandates.

No peer: the numbers say how far exploration scales.  Each row explores the
process from scratch (``dealflow.graph.explore``) and reports its size and speed;
the question rows time what ``dealflow check`` asked of an explored process.

The ``check`` rows answer ``dealflow check``'s questions on one deal with seven
regulators (six of them reviewing under their regimes), three alike offers and
two mandates, side by side in one run: before, the whole abstract graph
(``graph.explore_deal``, stopped at its limit); after, the deal's own rules
searched part by part (``dealflow._search.outlook``).  Time and peak memory
(tracemalloc) are measured for each.
"""

from __future__ import annotations

import gc
import time
import tracemalloc

from _harness import Row, Stats, fmt_bytes, fmt_count

from dealflow import Deal, InputError, Money, Party, Role, Terms
from dealflow import _events as ev
from dealflow import graph as g
from dealflow._review import ReviewFiled
from dealflow._search import outlook

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


# seven regulators: six review under their regimes, one (Tokyo) with no regime on record
_REGIMES = {
    "FTC": "us-hsr",
    "CFIUS": "us-cfius",
    "Brussels": "eu",
    "CMA": "uk-cma",
    "SAMR": "cn-samr",
    "NSIA": "uk-nsia",
    "Tokyo": "",
}


def big_deal() -> Deal:
    """A deal with seven regulators, three alike offers and two mandates, the terms on the table under review."""
    parties = [Party("Target", Role.SELLER, "US"), Party("Court", Role.COURT, "US")]
    parties += [Party(r, Role.REGULATOR, "US") for r in _REGIMES]
    parties += [Party(f"Bidder{i}", Role.BIDDER, "US") for i in range(3)]
    deal = Deal.open("Target", seller="Target", parties=parties, regulators=list(_REGIMES), on="2024-01-02")
    for i in range(3):
        terms = Terms.sale(f"Bidder{i}", entity="Target", price=Money(10_000_000_000))
        deal.apply(
            ev.BidSubmitted(date="2024-01-03", actor=f"Bidder{i}", bid=f"bid{i}", bidders=(f"Bidder{i}",), terms=terms)
        )
    deal.apply(ev.TermsProposed(date="2024-01-04", actor="Target", terms=Terms.sale("Bidder0", entity="Target")))
    for reg, regime in _REGIMES.items():
        if regime:
            deal.apply(ReviewFiled(date="2024-01-05", actor="Target", regulator=reg, regime=regime))
    for k, issuer in enumerate(("CFIUS", "NSIA")):
        deal.apply(ev.MandateIssued(date="2024-01-06", actor=issuer, mandate=f"order{k}", deadline="2024-12-31"))
    return deal


def _peak(fn: object) -> tuple[float, int, object]:
    """Seconds and peak traced bytes of one call under tracemalloc (a refusal is the result)."""
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        result = fn()  # type: ignore[operator]
    except InputError as err:
        result = err.rule  # not the error: its traceback would keep the explored graph alive
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, result


def check_rows(tiny: bool) -> list[Row]:
    """``dealflow check``'s questions on the seven-regulator deal: before and after, in one run."""
    deal = big_deal()
    cap = 5_000 if tiny else 500_000  # 500000: the old default of `dealflow check`
    rows = []
    secs, peak, before = _peak(lambda: g.explore_deal(deal, max_configurations=cap))
    said = f"gave up: {before}" if isinstance(before, str) else f"{before!r}"
    del before
    rows.append(
        Row(
            "check before: abstract graph of 7 regulators x 3 bidders x 2 mandates",
            Stats(secs, secs, secs),
            note=f"{said}; {fmt_bytes(peak)} peak; answered nothing; timed under tracemalloc (one run)",
            value=fmt_bytes(peak),
        )
    )
    _, peak, after = _peak(lambda: outlook(deal))
    stats, _ = _timed(lambda: outlook(deal), 3 if tiny else 5)
    o = after
    answer = (
        f"can close in {len(o.path)} events, {len(o.must)} needs, {len(o.vetoes)} who can stop it"  # type: ignore[union-attr]
        if getattr(o, "can_close", None)
        else f"{o!r}"
    )
    rows.append(
        Row(
            "check after: the deal's own rules, part by part (same deal)",
            stats,
            target="< 10 s",
            met=stats.median < 10,
            note=f"{answer}; {getattr(o, 'states', 0)} part states; {fmt_bytes(peak)} peak (tracemalloc run)",
            value=fmt_bytes(peak),
        )
    )
    return rows


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
    rows += check_rows(tiny)
    return rows


if __name__ == "__main__":
    for row in measure(tiny=False):
        print(row.name, row.ours, row.value, row.note)
