"""Growth: each path that used to grow faster than its work, at n, 10n and 100n.

Every row times one path at three sizes and prints the growth exponent
``log(t(100n) / t(n)) / log(100)`` beside its limit: at most 1.1 (linear, give or
take), and for the status on a date at most 0.3 (flat or logarithmic in the
journal's length).  A size that takes longer than the budget is stopped (a timer
interrupts it) and shown as more than the budget; the exponent is then a lower
bound from the sizes that finished.

``DEALFLOW_GROWTH_BUDGET`` sets the budget in CPU seconds (default 20).

Times are wall-clock seconds (``perf_counter``; this machine's CPU-time clocks
tick every 4 ms), and the exponent uses the fastest of the repeated calls at each
size: the machine is shared, and another process's load made linear paths look
superlinear in medians.  Budgets are CPU time.  Only the public API (and ``dealflow.cli.main``,
``dealflow._report``, ``dealflow._case.load_case``) is used, so that the same
module measures an older checkout of dealflow (``benchmarks/README.md`` shows
both, measured in one run).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import io
import json
import math
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

from _harness import Row, Stats, fmt_count, fmt_seconds

import dealflow as df

LINEAR = 1.1  # growth exponent limit
FLAT = 0.3  # status on a date: flat or logarithmic
OWNERSHIP_SECONDS = 50e-3
STATUS_SECONDS = 5e-3
CLI_SECONDS = 3.0
DAY = _dt.date(2020, 9, 1)
PARTIES = (
    df.Party("ByteDance", "seller", "CN"),
    df.Party("Oracle", "bidder", "US"),
    df.Party("Walmart", "bidder", "US"),
    df.Party("Washington", "regulator", "US"),
    df.Party("Beijing", "regulator", "CN"),
)


class _Stopped(BaseException):
    """A measurement ran over its budget (a BaseException: the CLI's own handler
    of unexpected errors must not take it for a bug of dealflow)."""


@contextlib.contextmanager
def _budget(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of CPU time (SIGPROF; no limit where
    there is none)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise _Stopped

    old = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


_CPU: dict[int, float] = {}  # id of a call's Stats -> its fastest call in CPU seconds of this thread


def _time(fn: Callable[[], object], repeat: int, budget: float) -> Stats | None:
    """Seconds per call of ``fn`` (up to ``repeat`` calls, fewer once they add up
    to the budget), or None when one call runs over it.  The fastest call's CPU
    time (this thread's) is kept aside, in ``_CPU``: on a loaded machine it moves
    less than the wall clock."""
    runs: list[float] = []
    cpu: list[float] = []
    try:
        for _ in range(repeat):
            if runs and sum(runs) + runs[-1] > budget:
                break
            with _budget(budget):
                c0 = time.thread_time()
                t0 = time.perf_counter()
                fn()
                runs.append(time.perf_counter() - t0)
                cpu.append(time.thread_time() - c0)
    except _Stopped:
        if not runs:
            return None
    finally:
        gc.collect()
    stats = Stats.of(runs)
    _CPU[id(stats)] = min(cpu)
    return stats


def _growth_row(
    name: str,
    sizes: tuple[int, int, int],
    setup: Callable[[int], Callable[[], object]],
    *,
    budget: float,
    limit: float = LINEAR,
    repeat: int = 5,
    target: tuple[str, float, int] | None = None,
    unit: str = "",
) -> Row:
    """One row: ``setup(n)`` builds the input (not timed) and returns the call to time."""
    times: dict[int, Stats | None] = {}
    for n in sizes:
        if times and times[max(times)] is None:
            times[n] = None  # a smaller size was stopped already
            continue
        try:
            with _budget(budget * 3):
                call = setup(n)
        except _Stopped:
            times[n] = None
            continue
        times[n] = _time(call, repeat, budget)
    done = [n for n in sizes if times[n] is not None]
    cells = ", ".join(f"{fmt_count(n)}{unit}: {times[n] or f'> {fmt_seconds(budget)}'}" for n in sizes)
    if len(done) >= 2:
        first, last = done[0], done[-1]
        t_first, t_last = times[first], times[last]
        assert t_first is not None and t_last is not None
        exponent = math.log(max(t_last.min, 1e-9) / max(t_first.min, 1e-9)) / math.log(last / first)
        bound = len(done) < len(sizes)
        value = f"{'>= ' if bound else ''}{exponent:.2f}"
        met: bool | None = (not bound) and exponent <= limit
        cpu_first, cpu_last = _CPU.get(id(t_first)), _CPU.get(id(t_last))
        if cpu_first and cpu_last:
            cpu_exponent = math.log(max(cpu_last, 1e-9) / max(cpu_first, 1e-9)) / math.log(last / first)
            cells += f"; CPU of the fastest call {fmt_seconds(cpu_first)} to {fmt_seconds(cpu_last)}"
            cells += f", exponent {cpu_exponent:.2f}"
    else:
        value, met = "-", False
    note = f"{cells}; load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else cells
    if target is not None:
        label, seconds, at = target
        got = times.get(at)
        ok = got is not None and got.min < seconds  # the fastest call: the machine is shared
        note += f"; target {label} at {fmt_count(at)}{unit}: {'met' if ok else 'NOT met'}"
        met = bool(met) and ok
    largest = times[done[-1]] if done else None
    return Row(f"growth: {name}", largest, target=f"exponent <= {limit}", met=met, value=f"exponent {value}", note=note)


# ---------------------------------------------------------------------- ownership


def _graph_module() -> Any:
    from dealflow import graph

    return graph


def _chain(n: int, share: Fraction) -> Any:
    import networkx as nx

    g = nx.DiGraph()
    for i in range(n):
        g.add_edge(f"c{i}", f"c{i + 1}", share=share)
    return g


def _controllers_chain(n: int) -> Callable[[], object]:
    g = _graph_module()
    graph = _chain(n, Fraction(1))
    return lambda: g.controllers(graph, f"c{n}", "20%")


def _controllers_chain_fractional(n: int) -> Callable[[], object]:
    g = _graph_module()
    graph = _chain(n, Fraction(9, 10))
    return lambda: g.controllers(graph, f"c{n}", "20%")


def _diamonds(k: int) -> Callable[[], object]:
    import networkx as nx

    g = _graph_module()
    graph = nx.DiGraph()
    for i in range(k):
        nxt = f"x{i + 1}" if i + 1 < k else "T"
        graph.add_edge(f"x{i}", f"a{i}", share=Fraction(1, 2))
        graph.add_edge(f"x{i}", f"b{i}", share=Fraction(1, 2))
        graph.add_edge(f"a{i}", nxt, share=Fraction(1, 2))
        graph.add_edge(f"b{i}", nxt, share=Fraction(1, 2))
    return lambda: g.effective_ownership(graph, "x0", "T")


def _holders(n: int) -> Callable[[], object]:
    g = _graph_module()
    terms = df.Terms(
        "joint_venture",
        "T",
        {f"h{i}": Fraction(1, n) for i in range(n)},
        holdings=[df.Holding(f"p{i % 10}", f"h{i}", "1/2") for i in range(n)],
    )
    graph = g.ownership_graph(terms)
    return lambda: g.controllers(graph, "T", "1/20")


def _control_test(n: int) -> Callable[[], object]:
    terms = df.Terms(
        "joint_venture",
        "T",
        {f"h{i}": Fraction(1, n) for i in range(n)},
        holdings=[df.Holding(f"p{i % 10}", f"h{i}", "1/2") for i in range(n)],
    )
    parties = {f"p{i}": df.Party(f"p{i}", "investor", "CN" if i % 2 else "US") for i in range(10)}
    ctx = df.RuleContext(DAY, parties)
    rule = df.ForeignAdversaryControl()
    return lambda: rule.evaluate(terms, ctx)


# ---------------------------------------------------------------------- the terms check


def _terms_check(n: int) -> Callable[[], object]:
    holders = [df.Party(f"p{i}", "investor", "US") for i in range(10)]
    terms = df.Terms(
        "joint_venture",
        "T",
        {f"h{i}": Fraction(1, n) for i in range(n)},
        holdings=[df.Holding(f"p{i % 10}", f"h{i}", "1") for i in range(n)],
    )

    def call() -> None:
        deal = df.Deal.open("T", seller="ByteDance", parties=PARTIES + tuple(holders), on=DAY)
        deal.restructure(terms, on=DAY)

    return call


# ---------------------------------------------------------------------- journals


SALE = df.Terms.sale("Oracle", entity="TikTok US", price=df.Money("20e9"))
PARTNERSHIP = df.Terms("joint_venture", "TikTok Global", {"ByteDance": "0.199", "Oracle": "0.125"})


def _steady_day(day: _dt.date) -> list[df.Event]:
    """A day of events that leaves the deal's state as it found it (gates pending,
    the sale proposed): the state stays the same size however long the journal."""
    return [
        df.ReviewOpened(actor="Washington", regulator="Washington", days=45, date=day),
        df.Approved(actor="Washington", regulator="Washington", date=day),
        df.Blocked(actor="Beijing", regulator="Beijing", reason="export licence", date=day),
        df.TermsProposed(actor="ByteDance", terms=PARTNERSHIP, date=day),
        df.Statement(actor="Oracle", text="still talking", date=day),
        df.TermsProposed(actor="ByteDance", terms=SALE, date=day),
    ]


def _steady_deal(n: int, per_day: int = 600) -> df.Deal:
    """An open deal with ``n`` events, ``per_day`` a day (the same event objects
    within a day, so a million events fit in memory)."""
    deal = df.Deal.open("TikTok US", seller="ByteDance", parties=PARTIES, regulators=["Washington", "Beijing"], on=DAY)
    deal.restructure(SALE, on=DAY)
    day = DAY
    while len(deal.journal) < n:
        day += _dt.timedelta(days=1)
        events = _steady_day(day)
        for _ in range(per_day // len(events)):
            for e in events:
                deal.apply(e)
    return deal


def _middle(deal: df.Deal) -> _dt.date:
    return deal.journal[len(deal.journal) // 2].date


def _status_on(n: int) -> Callable[[], object]:
    deal = _steady_deal(n)
    dates = sorted({e.date for e in deal.journal})
    picks = [dates[(k * 7919) % (len(dates) - 1)] for k in range(16)]  # never the last date: that reads the deal
    deal.status_on(max(picks))  # the first question builds what the next ones use (if anything)
    state = {"k": 0}

    def call() -> None:
        state["k"] += 1
        deal.status_on(picks[state["k"] % len(picks)])

    return call


def _fork(n: int) -> Callable[[], object]:
    deal = _steady_deal(n)
    day = _middle(deal)
    deal.fork(day)
    return lambda: deal.fork(day)


def _bids_journal(n: int) -> list[df.Event]:
    """``n`` events: each round submits a new bid, revises it, has both gates
    decide and withdraws it (bids pile up: the status grows with the journal)."""
    deal = df.Deal.open("TikTok US", seller="ByteDance", parties=PARTIES, regulators=["Washington", "Beijing"], on=DAY)
    deal.restructure(SALE, on=DAY)
    k = 0
    while len(deal.journal) < n:
        bid = f"b{k}"
        day = DAY + _dt.timedelta(days=k // 50)
        for e in (
            df.BidSubmitted(actor="Walmart", bid=bid, bidders=("Walmart",), terms=SALE, date=day),
            df.ReviewOpened(actor="Washington", regulator="Washington", days=45, date=day),
            df.Approved(actor="Washington", regulator="Washington", date=day),
            df.Blocked(actor="Beijing", regulator="Beijing", reason="export licence", date=day),
            df.TermsProposed(actor="ByteDance", terms=PARTNERSHIP, date=day),
            df.TermsProposed(actor="ByteDance", terms=SALE, date=day),
            df.BidWithdrawn(actor="Walmart", bid=bid, date=day),
        ):
            deal.apply(e)
        k += 1
    return deal.journal


def _decision_check(n: int) -> Callable[[], object]:
    from dealflow._report import check_decisions

    journal = _bids_journal(n)
    return lambda: check_decisions(journal)


def _status_report(n: int) -> Callable[[], object]:
    from dealflow._report import format_status

    deal = df.replay(_bids_journal(n))
    day = deal.clock
    assert day is not None
    return lambda: format_status(deal, day)


def _replay(n: int) -> Callable[[], object]:
    journal = _steady_deal(n).journal
    return lambda: df.replay(journal)


# ---------------------------------------------------------------------- the CLI


def _yaml_scalar(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON scalar or collection is a YAML flow value


def case_text(n: int) -> str:
    """A case file (YAML, block style like examples/tiktok) with ``n`` events."""
    from dealflow import event_to_dict

    lines = [
        "name: A synthetic case",
        "target: TikTok US",
        "seller: ByteDance",
        f"opened: {DAY.isoformat()}",
        "regulators: [Washington, Beijing]",
        "parties:",
        *(f"  - {{name: {p.name}, role: {p.role}, jurisdiction: {p.jurisdiction}}}" for p in PARTIES),
        "sources:",
        "  1: https://example.org/1",
        "events:",
    ]
    journal = _bids_journal(n + 1)[1 : n + 1]
    for event in journal:
        data = event_to_dict(event)
        first = True
        for key, value in data.items():
            if value in (None, "", [], {}) or key == "verified":
                continue
            text = value if isinstance(value, str) and key in ("type", "date", "actor", "bid", "regulator") else None
            shown = text if text is not None else _yaml_scalar(value)
            lines.append(f"  {'- ' if first else '  '}{key}: {shown}")
            first = False
        lines.append("    source: 1")
    return "\n".join(lines) + "\n"


def _cli_replay(n: int) -> Callable[[], object]:
    from dealflow.cli import main

    fd, path = tempfile.mkstemp(suffix=".yaml", prefix="dealflow-growth-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(case_text(n))
    _TEMP.append(path)

    def call() -> None:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["replay", path, "--width", "100"])
        assert code == 0, out.getvalue()[-500:]

    return call


def _load_case(n: int) -> Callable[[], object]:
    from dealflow._case import load_case

    fd, path = tempfile.mkstemp(suffix=".yaml", prefix="dealflow-growth-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(case_text(n))
    _TEMP.append(path)
    return lambda: load_case(path)


_TEMP: list[str] = []


# ---------------------------------------------------------------------- deals and exploration


def _create(n: int) -> Callable[[], object]:
    def call() -> None:
        deals = [df.Deal.open("T", seller="ByteDance", parties=PARTIES, regulators=["Washington"], on=DAY)]
        for _ in range(n - 1):
            deals.append(df.Deal.open("T", seller="ByteDance", parties=PARTIES, regulators=["Washington"], on=DAY))

    return call


def _create_bulk(n: int) -> Callable[[], object]:
    bulk = df.bulk  # type: ignore[attr-defined,unused-ignore]  # absent from older checkouts

    def call() -> None:
        with bulk():
            deals = [df.Deal.open("T", seller="ByteDance", parties=PARTIES, regulators=["Washington"], on=DAY)]
            for _ in range(n - 1):
                deals.append(df.Deal.open("T", seller="ByteDance", parties=PARTIES, regulators=["Washington"], on=DAY))

    return call


# ---------------------------------------------------------------------- rows


def measure(tiny: bool) -> list[Row]:
    """Each path at n, 10n and 100n (tiny: small n, seconds in all)."""
    budget = 1.0 if tiny else float(os.environ.get("DEALFLOW_GROWTH_BUDGET", "20"))
    rows = []

    def sized(full: tuple[int, int, int], small: tuple[int, int, int]) -> tuple[int, int, int]:
        return small if tiny else full

    try:
        rows += [
            _growth_row(
                "graph.controllers, holding chain (100% links)",
                sized((100, 1_000, 10_000), (10, 100, 1_000)),
                _controllers_chain,
                budget=budget,
                target=None if tiny else ("< 50 ms", OWNERSHIP_SECONDS, 10_000),
                unit=" links",
            ),
            _growth_row(
                "graph.controllers, holding chain (90% links: exact numbers grow with n)",
                sized((100, 1_000, 10_000), (10, 100, 1_000)),
                _controllers_chain_fractional,
                budget=budget,
                limit=2.0,
                unit=" links",
            ),
            _growth_row(
                "graph.effective_ownership, diamonds in series",
                sized((2, 20, 200), (1, 10, 100)),
                _diamonds,
                budget=budget,
                target=None if tiny else ("< 50 ms", OWNERSHIP_SECONDS, 20),
                unit=" diamonds",
            ),
            _growth_row(
                "graph.controllers, holders through holding companies",
                sized((100, 1_000, 10_000), (10, 100, 1_000)),
                _holders,
                budget=budget,
                target=None if tiny else ("< 50 ms", OWNERSHIP_SECONDS, 10_000),
                unit=" holders",
            ),
            _growth_row(
                "ForeignAdversaryControl (20% test), holders through holding companies",
                sized((100, 1_000, 10_000), (10, 100, 1_000)),
                _control_test,
                budget=budget,
                unit=" holders",
            ),
            _growth_row(
                "terms check: restructure to terms with n holding-company holders",
                sized((100, 1_000, 10_000), (10, 100, 1_000)),
                _terms_check,
                budget=budget,
                unit=" holders",
            ),
            _growth_row(
                "Deal.status_on a date (snapshots built)",
                sized((10_000, 100_000, 1_000_000), (300, 3_000, 30_000)),
                _status_on,
                budget=budget,
                limit=FLAT,
                repeat=16,
                target=None if tiny else ("< 5 ms", STATUS_SECONDS, 1_000_000),
                unit=" events",
            ),
            _growth_row(
                "Deal.fork on a date (journal and history copied)",
                sized((10_000, 100_000, 1_000_000), (300, 3_000, 30_000)),
                _fork,
                budget=budget,
                repeat=5,
                unit=" events",
            ),
            _growth_row(
                "replay (journal with a steady state)",
                sized((10_000, 100_000, 1_000_000), (30, 300, 3_000)),
                _replay,
                budget=budget,
                repeat=3,
                unit=" events",
            ),
            _growth_row(
                "report: decision check (bids pile up)",
                sized((1_000, 10_000, 100_000), (30, 300, 3_000)),
                _decision_check,
                budget=budget,
                repeat=3,
                unit=" events",
            ),
            _growth_row(
                "report: status report (bids pile up)",
                sized((1_000, 10_000, 100_000), (30, 300, 3_000)),
                _status_report,
                budget=budget,
                repeat=3,
                unit=" events",
            ),
            _growth_row(
                "load_case (YAML)",
                sized((1_000, 10_000, 100_000), (3, 30, 300)),
                _load_case,
                budget=budget,
                repeat=3,
                unit=" events",
            ),
            _growth_row(
                "dealflow replay FILE (CLI, in-process)",
                sized((1_000, 10_000, 100_000), (3, 30, 300)),
                _cli_replay,
                budget=budget,
                repeat=3,
                target=None if tiny else ("< 3 s", CLI_SECONDS, 100_000),
                unit=" events",
            ),
            _growth_row(
                "create deals: Deal.open (cyclic GC as is)",
                sized((10_000, 100_000, 1_000_000), (100, 1_000, 10_000)),
                _create,
                budget=budget,
                repeat=3,
                unit=" deals",
            ),
        ]
        if hasattr(df, "bulk"):
            rows.append(
                _growth_row(
                    "create deals: Deal.open inside dealflow.bulk()",
                    sized((10_000, 100_000, 1_000_000), (100, 1_000, 10_000)),
                    _create_bulk,
                    budget=budget,
                    repeat=3,
                    unit=" deals",
                )
            )
    finally:
        for path in _TEMP:
            with contextlib.suppress(OSError):
                os.remove(path)
        _TEMP.clear()
    return rows


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, os.path.dirname(__file__))
    for row in measure("--tiny" in sys.argv):
        print(row.name, row.value, row.note)
