"""``dealflow simulate``: run many seeded what-ifs of the worked example and
print a summary table.

It sweeps :func:`dealflow.simulate.example` over the seeds (and over the
protocols and seller tactics given, several of each make a grid) on a process
pool, showing a progress bar on standard error when it is a terminal (rich's when
``dealflow[rich]`` is installed, plain text otherwise) and then a table of outcomes by final state, stop, structure,
deciding gate and verdict.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TextIO

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``simulate`` subcommand."""
    parser = subparsers.add_parser(
        "simulate",
        help="run seeded what-if negotiations of a TikTok-like sale and summarise the outcomes",
        description=(
            "Run the worked example of dealflow.simulate (ByteDance, Microsoft, Oracle, Washington and Beijing "
            "under a divestiture order) once per seed and per grid point, on a process pool, and print a table "
            "of the outcomes. Give --protocol or --seller several times to sweep a grid."
        ),
    )
    parser.add_argument("--runs", type=int, default=200, help="seeds per grid point (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    parser.add_argument(
        "--protocol",
        action="append",
        choices=("alternating", "sealed", "exclusive"),
        help="negotiation protocol (repeat to sweep; default alternating)",
    )
    parser.add_argument(
        "--seller",
        action="append",
        choices=("boulware", "linear", "conceder"),
        help="the seller's concession tactic (repeat to sweep; default boulware)",
    )
    parser.add_argument("--rounds", type=int, default=60, help="negotiation deadline in rounds (days; default 60)")
    parser.add_argument(
        "--no-export-control", action="store_true", help="what if Beijing never enacted its export-control catalogue"
    )
    parser.add_argument(
        "--no-restructure", action="store_true", help="the seller sells outright instead of offering a joint venture"
    )
    parser.add_argument(
        "--on-deadline",
        choices=("end", "lapse", "enforce"),
        default="end",
        help="when the divestiture order's deadline passes: stop, record a lapse, or enforce (default end)",
    )
    parser.add_argument("--workers", type=int, default=None, help="processes (default: all CPUs; 1 runs in-process)")
    parser.add_argument(
        "--by",
        default="state,stopped,structure,gate,verdict",
        help="columns of the summary, comma-separated (outcome columns or parameters)",
    )
    parser.add_argument("--plain", action="store_true", help="plain text even when rich is installed")
    parser.set_defaults(run=run)


def _bar(out: TextIO, plain: bool) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress callback and a closer: rich's bar when available, else text."""
    if not plain:
        try:
            from rich.progress import Progress
        except ImportError:
            pass
        else:
            from rich.console import Console

            progress = Progress(console=Console(file=out), transient=True)
            task = progress.add_task("simulating", total=None)
            progress.start()

            def update(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            return update, progress.stop
    state = {"shown": -1}

    def text(done: int, total: int) -> None:
        tenth = 10 * done // max(total, 1)
        if tenth != state["shown"]:
            state["shown"] = tenth
            filled = "#" * (2 * tenth)
            print(f"\rsimulating [{filled:<20}] {done}/{total}", end="" if done < total else "\n", file=out, flush=True)

    return text, lambda: None


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the sweep and print the table; 0 on success."""
    from ._outputs import option_int
    from .simulate import example, grid, sweep

    out = out or sys.stdout
    option_int(args.runs, "--runs", 1, 10_000_000)
    option_int(args.workers, "--workers", 1, 1024)
    option_int(args.rounds, "--rounds", 1, 100_000)
    option_int(args.seed, "--seed", 0, 2**63)
    points = grid(
        protocol=args.protocol or ["alternating"],
        seller=args.seller or ["boulware"],
        rounds=[args.rounds],
        export_control=[not args.no_export_control],
        restructure=[not args.no_restructure],
        on_deadline=[args.on_deadline],
    )
    example(points[0])  # refuse bad parameters before starting processes
    seeds = range(args.seed, args.seed + args.runs)
    err = err or sys.stderr
    shown = err.isatty()  # a progress bar only on a terminal, never in a pipe or a log
    update, close = _bar(err, args.plain) if shown else (None, lambda: None)
    try:
        table = sweep(example, points, seeds=seeds, workers=args.workers, progress=update)
    finally:
        close()
    by = tuple(c.strip() for c in args.by.split(",") if c.strip())
    swept = tuple(k for k in ("protocol", "seller") if len({p[k] for p in points}) > 1)
    cols = (*swept, *by)
    print(f"{len(table)} runs, seeds {seeds.start}..{seeds.stop - 1}, {len(points)} grid point(s)", file=out)
    print(table.table(*cols), file=out)
    closed = table.where(state="closed")
    if len(closed):
        mean = closed.mean("price")
        print(f"closed: {len(closed)} ({100 * len(closed) / len(table):.1f}%), mean price {mean:,.0f}", file=out)
    return 0
