"""The core against its peers: applying events, creating deals, replaying the
TikTok case and importing dealflow.

Peers: ``transitions`` (always installed, dealflow builds on it) and
``python-statemachine`` (the ``bench`` and ``dev`` extras); a peer that is not
installed gives a row with a note instead of a number.
"""

from __future__ import annotations

import datetime as _dt
import gc
import importlib
import importlib.util
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _harness import Row, Stats, bytes_per_item, fmt_bytes, fmt_count, measure_batches, timer_overhead
from _harness import measure as time_calls

import dealflow as df

ROOT = Path(__file__).resolve().parent.parent
TIKTOK = ROOT / "examples" / "tiktok" / "tiktok.yaml"

APPLY_FACTOR = 1.5  # at most 1.5x one guarded transitions transition
PSM_FACTOR = 8.0  # at least 8x faster than python-statemachine
HAND_FACTOR = 1.5  # at most 1.5x hand-written pure Python doing the same checks (issue 14)
DEAL_SECONDS = 20e-6
DEAL_BYTES = 4 * 1024
LINEAR_SLACK = 1.5  # per-deal cost at the largest size within 1.5x of the smallest
REPLAY_SECONDS = 20e-3
IMPORT_SECONDS = 100e-3
NOT_IMPORTED = ("networkx", "hypothesis", "matplotlib", "rich")
REPORTED_MODULES = ("networkx", "hypothesis", "matplotlib", "rich", "cattrs", "yaml")

DAY = _dt.date(2020, 9, 1)
PARTIES = (
    df.Party("ByteDance", "seller", "CN"),
    df.Party("Oracle", "bidder", "US"),
    df.Party("Walmart", "bidder", "US"),
    df.Party("Washington", "regulator", "US"),
    df.Party("Beijing", "regulator", "CN"),
)
SALE = df.Terms.sale("Oracle", entity="TikTok US", price=df.Money("20e9"), assets=[df.Asset.US_OPERATIONS])
PARTNERSHIP = df.Terms(
    "joint_venture",
    "TikTok Global",
    {"ByteDance": "0.199", "Oracle": "0.125", "Walmart": "0.075"},
    price=df.Money("14e9"),
    assets=[df.Asset.US_OPERATIONS, df.Asset.ALGORITHM],
    data_custodian="Oracle",
)
HOSTED = df.Condition("data_hosted_by", "Oracle")


# ---------------------------------------------------------------------- applying events


def _mix_deal() -> df.Deal:
    """An open deal with both gates required and the sale under negotiation."""
    deal = df.Deal.open("TikTok US", seller="ByteDance", parties=PARTIES, regulators=["Washington", "Beijing"], on=DAY)
    deal.restructure(SALE, on=DAY)
    return deal


def _cycle(k: int) -> list[df.Event]:
    """One round that leaves the deal as it found it (gates pending, the sale
    proposed): a bid is submitted and revised back and forth, the gates decide,
    restructurings withdraw their decisions, the bid is withdrawn."""
    bid = f"b{k}"
    return [
        df.BidSubmitted(actor="Walmart", bid=bid, bidders=("Walmart",), terms=SALE, date=DAY),
        df.BidRevised(actor="Walmart", bid=bid, terms=PARTNERSHIP, date=DAY),
        df.ReviewOpened(actor="Washington", regulator="Washington", days=45, date=DAY),
        df.Approved(actor="Washington", regulator="Washington", date=DAY),
        df.Blocked(actor="Beijing", regulator="Beijing", reason="export licence", date=DAY),
        df.TermsProposed(actor="ByteDance", terms=PARTNERSHIP, date=DAY),  # resets both gates
        df.BidRevised(actor="Walmart", bid=bid, terms=SALE, date=DAY),
        df.ConditionallyApproved(actor="Washington", regulator="Washington", conditions=[HOSTED], date=DAY),
        df.Approved(actor="Beijing", regulator="Beijing", date=DAY),
        df.TermsProposed(actor="ByteDance", terms=SALE, date=DAY),  # resets both gates again
        df.BidWithdrawn(actor="Walmart", bid=bid, date=DAY),
    ]


def _events(cycles: int) -> list[df.Event]:
    return [e for k in range(cycles) for e in _cycle(k)]


def _mix_line(events: list[df.Event]) -> str:
    counts: dict[str, int] = {}
    for e in events[:11]:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def _apply_all(deal: Any, events: list[df.Event]) -> None:
    apply = deal.apply
    for e in events:
        apply(e)


def _apply_all_unlocked(deal: Any, events: list[df.Event]) -> None:
    apply = deal._apply  # Deal.apply without its per-deal lock: the lock's cost is the difference
    for e in events:
        apply(e)


def _per_kind(events: list[df.Event], repeat: int) -> dict[str, Stats]:
    """Seconds per apply by event kind, timing each apply (the timer's own cost subtracted)."""
    overhead = timer_overhead()
    clock = time.perf_counter
    runs: dict[str, list[float]] = {}
    for _ in range(repeat):
        deal = _mix_deal()
        apply = deal.apply
        totals: dict[str, float] = {}
        counts: dict[str, int] = {}
        for e in events:
            t0 = clock()
            apply(e)
            dt = clock() - t0
            totals[e.kind] = totals.get(e.kind, 0.0) + dt
            counts[e.kind] = counts.get(e.kind, 0) + 1
        for kind, total in totals.items():
            runs.setdefault(kind, []).append(total / counts[kind] - overhead)
    return {kind: Stats.of(r) for kind, r in runs.items()}


def _hand_deal() -> Any:
    from handwritten import HandDeal

    return HandDeal(PARTIES, ("Washington", "Beijing"), SALE)


class _Model:
    """A plain model for transitions (guard always passes)."""

    def ok(self) -> bool:
        return True


def _transitions_step(repeat: int, number: int) -> Stats:
    from transitions import Machine

    model = _Model()
    Machine(
        model=model,
        states=["a", "b"],
        transitions=[
            {"trigger": "go", "source": "a", "dest": "b", "conditions": "ok"},
            {"trigger": "go", "source": "b", "dest": "a", "conditions": "ok"},
        ],
        initial="a",
        auto_transitions=False,
    )
    go: Callable[[], object] = model.go  # type: ignore[attr-defined]
    return time_calls(go, number=number, repeat=repeat)


def _psm_class() -> Any:
    from statemachine import State, StateMachine

    class Toggle(StateMachine):
        a = State(initial=True)
        b = State()
        go = a.to(b, cond="ok") | b.to(a, cond="ok")

        def ok(self) -> bool:
            return True

    return Toggle


def _psm_step(repeat: int, number: int) -> Stats:
    sm = _psm_class()()
    return time_calls(sm.go, number=number, repeat=repeat)


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _apply_rows(tiny: bool) -> list[Row]:
    cycles = 20 if tiny else 2_000
    repeat = 3 if tiny else 7
    events = _events(cycles)
    per_batch = len(events)
    mix = _mix_line(events)

    build = time_calls(lambda: _cycle(0), number=50 if tiny else 2_000, repeat=repeat)
    build_each = Stats(build.median / 11, build.min / 11, build.max / 11)
    gc.collect()
    ours = measure_batches(_mix_deal, lambda d: _apply_all(d, events), per_batch=per_batch, repeat=repeat)
    gc.collect()
    unlocked = measure_batches(_mix_deal, lambda d: _apply_all_unlocked(d, events), per_batch=per_batch, repeat=repeat)
    gc.collect()
    hand = measure_batches(_hand_deal, lambda d: _apply_all(d, events), per_batch=per_batch, repeat=repeat)
    kinds = _per_kind(events, repeat)
    steps = 20_000 if tiny else 200_000
    trans = _transitions_step(repeat, steps)
    psm = _psm_step(repeat, steps // 10) if _installed("statemachine") else None

    fresh = (
        f"fresh deal per batch of {per_batch} applies ({cycles} rounds); journal and history grow by one event "
        "and its changes per apply, appended (amortised O(1)); bids are withdrawn, not removed"
    )
    rows = [
        Row(
            "apply: event mix (Deal.apply)",
            ours,
            "transitions guarded transition",
            trans,
            f"<= {APPLY_FACTOR}x transitions",
            ours.median <= APPLY_FACTOR * trans.median,
            f"mix per round: {mix}; {fresh}",
        )
    ]
    if psm is None:
        rows.append(
            Row(
                "apply: event mix vs python-statemachine",
                ours,
                "python-statemachine",
                target=f">= {PSM_FACTOR:g}x faster",
                note="python-statemachine not installed (pip install -e '.[bench]')",
            )
        )
    else:
        rows.append(
            Row(
                "apply: event mix vs python-statemachine",
                ours,
                "python-statemachine transition",
                psm,
                f">= {PSM_FACTOR:g}x faster",
                ours.median * PSM_FACTOR <= psm.median,
                f"python-statemachine {_version('python-statemachine')}; same guarded two-state toggle",
                f"{psm.median / ours.median:.1f}x faster",
            )
        )
    rows.append(
        Row(
            "apply: event mix vs hand-written pure Python",
            ours,
            "the same checks and records by hand",
            hand,
            f"<= {HAND_FACTOR}x hand-written",
            ours.median <= HAND_FACTOR * hand.median,
            "benchmarks/handwritten.py: one class, a dict of handlers, plain dicts; the same events, the same "
            "checks before any change, the journal, one change per state change, decisions with their terms, "
            "gates withdrawn by scope, the deal's lock",
        )
    )
    rows.append(
        Row(
            "apply: the per-deal lock's cost",
            ours,
            "the same mix without the lock (Deal._apply)",
            unlocked,
            note="each apply holds its deal's RLock, so that threads sharing a deal apply atomically",
            value=f"{(ours.median - unlocked.median) * 1e9:+.0f} ns an apply ({ours.median / unlocked.median:.2f}x)",
        )
    )
    for k, (kind, stats) in enumerate(kinds.items()):
        rows.append(
            Row(
                f"apply: {kind}",
                stats,
                "transitions guarded transition",
                trans,
                f"<= {APPLY_FACTOR}x transitions",
                stats.median <= APPLY_FACTOR * trans.median,
                "" if k else "per kind: each apply timed alone, the timer's own cost subtracted",
            )
        )
    rows.append(
        Row(
            "building one event (mix average)",
            build_each,
            note="attrs validators and converters; not included in the apply rows",
        )
    )
    return rows


# ---------------------------------------------------------------------- creating deals


_OPENED = df.DealOpened(
    date=DAY, actor="ByteDance", target="TikTok US", seller="ByteDance", parties=PARTIES, regulators=("Washington",)
)


def _open_n(n: int) -> list[df.Deal]:
    open_ = df.Deal.open
    return [
        open_("TikTok US", seller="ByteDance", parties=PARTIES, regulators=("Washington",), on=DAY) for _ in range(n)
    ]


def _bare_n(n: int) -> list[df.Deal]:
    new = df.Deal
    out = []
    for _ in range(n):
        deal = new()
        deal.apply(_OPENED)
        out.append(deal)
    return out


_PEER_STATES = ["open", "negotiating", "agreed", "signed", "closed", "terminated"]
_PEER_TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "bid", "source": "open", "dest": "negotiating", "conditions": "ok"},
    {"trigger": "agree", "source": "negotiating", "dest": "agreed", "conditions": "ok"},
    {"trigger": "sign", "source": "agreed", "dest": "signed", "conditions": "ok"},
    {"trigger": "close", "source": "signed", "dest": "closed", "conditions": "ok"},
    {"trigger": "terminate", "source": ["open", "negotiating", "agreed", "signed"], "dest": "terminated"},
]


def _machines_n(n: int) -> list[Any]:
    from transitions import Machine

    out = []
    for _ in range(n):
        model = _Model()
        Machine(model=model, states=_PEER_STATES, transitions=_PEER_TRANSITIONS, initial="open", auto_transitions=False)
        out.append(model)
    return out


def _add_model_n(n: int) -> list[Any]:
    from transitions import Machine

    shared = Machine(
        model=None, states=_PEER_STATES, transitions=_PEER_TRANSITIONS, initial="open", auto_transitions=False
    )
    out: list[Any] = [shared]
    for _ in range(n):
        model = _Model()
        shared.add_model(model)
        out.append(model)
    return out


def _psm_n(n: int) -> list[Any]:
    cls = _psm_class()
    return [cls() for _ in range(n)]


def _per_item_time(make: Callable[[int], object], n: int, repeat: int) -> Stats:
    runs = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        kept = make(n)
        runs.append((time.perf_counter() - t0) / n)
        del kept
    return Stats.of(runs)


def _memory(make: Callable[[int], object], n: int) -> Stats:
    b = bytes_per_item(make, n)
    return Stats(b, b, b, "B")


def _linear(stats: dict[int, Stats]) -> tuple[bool, str]:
    sizes = sorted(stats)
    first, last = stats[sizes[0]].median, stats[sizes[-1]].median
    growth = last / first
    line = ", ".join(f"{fmt_count(n)}: {stats[n]}" for n in sizes)
    return growth <= LINEAR_SLACK, f"per deal {line}; {fmt_count(sizes[-1])}/{fmt_count(sizes[0])} = {growth:.2f}x"


def _create_rows(tiny: bool) -> list[Row]:
    sizes = [1_000] if tiny else [1_000, 100_000, 1_000_000]
    machine_cap = 1_000 if tiny else 10_000
    add_cap = 1_000 if tiny else 20_000
    rows: list[Row] = []

    peer_time = {n: _per_item_time(_machines_n, n, 5 if n <= 1_000 else 3) for n in sorted({1_000, machine_cap})}
    peer_mem = _memory(_machines_n, 1_000)
    add_sizes = sorted({1_000, 5_000, add_cap} if not tiny else {1_000})
    add_time = {n: _per_item_time(_add_model_n, n, 3) for n in add_sizes}
    add_mem = _memory(_add_model_n, 1_000)

    for label, make in (("Deal.open (5 parties, 1 gate)", _open_n), ("Deal() + deal_opened event", _bare_n)):
        times: dict[int, Stats] = {}
        mems: dict[int, Stats] = {}
        for n in sizes:
            repeat = 7 if n <= 1_000 else (3 if n <= 100_000 else 2)
            times[n] = _per_item_time(make, n, repeat)
            mems[n] = _memory(make, n)
        for n in sizes:
            peer_n = min(n, machine_cap)
            capped = f"; peer capped at {fmt_count(peer_n)} machines (37 KiB each)" if peer_n != n else ""
            rows.append(
                Row(
                    f"create: {label}, {fmt_count(n)} deals",
                    times[n],
                    f"transitions Machine per model @{fmt_count(peer_n)}",
                    peer_time[peer_n],
                    f"<= {DEAL_SECONDS * 1e6:g} µs/deal",
                    times[n].median <= DEAL_SECONDS,
                    capped.lstrip("; "),
                )
            )
            rows.append(
                Row(
                    f"memory: {label}, {fmt_count(n)} deals",
                    mems[n],
                    "transitions Machine per model @1k",
                    peer_mem,
                    f"<= {fmt_bytes(DEAL_BYTES)}/deal",
                    mems[n].median <= DEAL_BYTES,
                    "tracemalloc, bytes still held per deal (list slot included)",
                )
            )
        largest = sizes[-1]
        gc.disable()
        try:
            no_gc = _per_item_time(make, largest, 2 if largest > 1_000 else 5)
        finally:
            gc.enable()
        rows.append(
            Row(
                f"create: {label}, {fmt_count(largest)} deals, cyclic GC off",
                no_gc,
                target=f"(diagnosis) <= {DEAL_SECONDS * 1e6:g} µs/deal",
                met=no_gc.median <= DEAL_SECONDS,
                note="gc.disable() while creating: the share of the time above spent in the cyclic garbage collector",
            )
        )
        if len(sizes) > 1:
            ok_t, line_t = _linear(times)
            ok_m, line_m = _linear(mems)
            rows.append(
                Row(
                    f"linear: {label} time",
                    None,
                    target=f"linear to 1M (<= {LINEAR_SLACK}x per deal)",
                    met=ok_t,
                    note=line_t,
                    value=f"{times[sizes[-1]].median / times[sizes[0]].median:.2f}x",
                )
            )
            rows.append(
                Row(
                    f"linear: {label} memory",
                    None,
                    target=f"linear to 1M (<= {LINEAR_SLACK}x per deal)",
                    met=ok_m,
                    note=line_m,
                    value=f"{mems[sizes[-1]].median / mems[sizes[0]].median:.2f}x",
                )
            )
    growth = ", ".join(f"{fmt_count(n)}: {add_time[n]}" for n in add_sizes)
    rows.append(
        Row(
            "peer: transitions shared Machine.add_model",
            None,
            note=(
                f"per model {growth}; memory {fmt_bytes(add_mem.median)}/model @1k; list membership check makes "
                f"n models O(n^2): capped at {fmt_count(add_sizes[-1])}"
            ),
            value=f"{add_time[add_sizes[-1]].median / add_time[add_sizes[0]].median:.2f}x growth",
        )
    )
    if _installed("statemachine"):
        psm_time = _per_item_time(_psm_n, 1_000, 3)
        psm_mem = _memory(_psm_n, 1_000)
        rows.append(
            Row(
                "peer: python-statemachine instance",
                psm_time,
                note=f"two-state guarded toggle @1k; memory {fmt_bytes(psm_mem.median)}/instance",
            )
        )
    return rows


# ---------------------------------------------------------------------- TikTok case


def _tiktok_rows(tiny: bool) -> list[Row]:
    name = "TikTok case: load + replay"
    target = f"< {REPLAY_SECONDS * 1e3:g} ms"
    if not TIKTOK.exists():
        return [Row(name, None, target=target, note=f"skipped: {TIKTOK.relative_to(ROOT)} does not exist yet")]
    try:
        load_case = importlib.import_module("dealflow._case").load_case
    except (ImportError, AttributeError) as err:
        return [Row(name, None, target=target, note=f"skipped: dealflow._case.load_case not importable ({err})")]
    case = load_case(TIKTOK)
    events = len(case.replay().journal)
    repeat = 5 if tiny else 30
    both = time_calls(lambda: load_case(TIKTOK).replay(), number=1, repeat=repeat)
    load = time_calls(lambda: load_case(TIKTOK), number=1, repeat=repeat)
    replay = time_calls(case.replay, number=1, repeat=repeat)
    firsts = [float(_python("-c", _CASE_PROBE).stdout) for _ in range(3 if tiny else 7)]
    cold = Stats.of(firsts)
    return [
        Row(
            name,
            both,
            target=target,
            met=both.median < REPLAY_SECONDS,
            note=f"{events} events, in-process (modules loaded, file read and parsed each time)",
        ),
        Row("TikTok case: load_case only", load, note="read, parse YAML, build and check the events"),
        Row("TikTok case: replay only", replay, note="Case.replay() of a loaded case: applying the events"),
        Row(
            "TikTok case: first load + replay in a fresh process",
            cold,
            target=target,
            met=cold.median < REPLAY_SECONDS,
            note="after `import dealflow`; includes loading yaml, cattrs and the case module on first use",
        ),
    ]


_CASE_PROBE = (
    "import time, dealflow; t = time.perf_counter(); from dealflow._case import load_case; "
    f"load_case({str(TIKTOK)!r}).replay(); print(time.perf_counter() - t)"
)


# ---------------------------------------------------------------------- import


_PROBE = (
    "import sys, time; t = time.perf_counter(); import dealflow; t = time.perf_counter() - t; "
    "print(t); print(' '.join(sorted(m for m in sys.modules if '.' not in m)))"
)


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True, cwd=ROOT, env=env)


def _importtime_total(stderr: str) -> float:
    """Cumulative microseconds of the top-level ``dealflow`` line of ``-X importtime``."""
    total = 0.0
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m and m.group(4) == "dealflow":
            total = float(m.group(2))
    return total / 1e6


def _import_rows(tiny: bool) -> list[Row]:
    runs = 3 if tiny else 11
    walls, cumulative = [], []
    modules: set[str] = set()
    for _ in range(runs):
        out = _python("-c", _PROBE).stdout.split("\n")
        walls.append(float(out[0]))
        modules = set(out[1].split())
        cumulative.append(_importtime_total(_python("-X", "importtime", "-c", "import dealflow").stderr))
    wall, itime = Stats.of(walls), Stats.of(cumulative)
    loaded = {m: m in modules for m in REPORTED_MODULES}
    clean = not any(loaded[m] for m in NOT_IMPORTED)
    seen = ", ".join(f"{m} {'loaded' if v else 'not loaded'}" for m, v in loaded.items())
    return [
        Row(
            "import dealflow (in a fresh process)",
            wall,
            target=f"< {IMPORT_SECONDS * 1e3:g} ms",
            met=wall.median < IMPORT_SECONDS,
            note=f"perf_counter around the import, median of {runs} processes",
        ),
        Row(
            "import dealflow (-X importtime cumulative)",
            itime,
            target=f"< {IMPORT_SECONDS * 1e3:g} ms",
            met=itime.median < IMPORT_SECONDS,
            note=f"{len(modules)} top-level modules loaded",
        ),
        Row(
            "import dealflow: modules loaded",
            None,
            target="no " + ", ".join(NOT_IMPORTED),
            met=clean,
            note=seen,
            value="clean" if clean else "heavy",
        ),
    ]


# ---------------------------------------------------------------------- entry point


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def measure(tiny: bool) -> list[Row]:
    """Every core row; ``tiny`` runs each at a size that takes a few seconds."""
    return [*_apply_rows(tiny), *_create_rows(tiny), *_tiktok_rows(tiny), *_import_rows(tiny)]
