"""``dealflow check FILE`` and ``dealflow diagram FILE``.

``check`` loads and replays a case file, checks the machines it runs on, checks
that every state change in its history is a transition of its machine, explores
the process from where the case ends (or from ``--on DATE``) and says what can
still happen: the shortest path to closed, the events every such path takes and
the regulators that can still block it.

``diagram`` prints (or writes with ``-o``) the state diagrams of the case, with
the path it took highlighted, as Markdown with mermaid blocks or as Graphviz DOT.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register", "run_check", "run_diagram"]


def register(subparsers: Any) -> None:
    """Add the ``check`` and ``diagram`` subcommands."""
    check = subparsers.add_parser(
        "check",
        help="validate a case file and its process, and say what can still happen",
        description=(
            "Load and replay a case file, check its machines and the transitions its history took, then "
            "explore the process from where it stands: can it close, by which shortest path, which events "
            "every path to closed takes, and which regulators can still block it."
        ),
    )
    check.add_argument("file", help="the case file, e.g. examples/tiktok/tiktok.yaml")
    check.add_argument("--on", metavar="DATE", help="explore from where the case stood at the end of DATE")
    check.add_argument(
        "--max-configurations",
        type=int,
        default=500_000,
        metavar="N",
        help="stop exploring beyond N configurations (default 500000)",
    )
    check.set_defaults(run=run_check)

    diagram = subparsers.add_parser(
        "diagram",
        help="print or write the state diagrams of a case, with the path it took highlighted",
        description=(
            "Draw each machine the case used (the deal, its bids, gates and mandates) with the states and "
            "transitions its history went through highlighted."
        ),
    )
    diagram.add_argument("file", help="the case file, e.g. examples/tiktok/tiktok.yaml")
    diagram.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of printing")
    diagram.add_argument(
        "--format",
        choices=("mermaid", "dot"),
        default="mermaid",
        help="mermaid (Markdown with mermaid blocks, renders on GitHub) or dot (Graphviz); default mermaid",
    )
    diagram.set_defaults(run=run_diagram)


def run_check(args: argparse.Namespace) -> int:
    """Run ``dealflow check``; exit code 0 when no defect is found, 1 otherwise."""
    from . import graph
    from ._case import load_case
    from ._diagram import taken_by
    from ._errors import InputError
    from ._library import resolve_case
    from ._machines import MACHINES
    from ._outputs import option_date, option_int

    out = sys.stdout
    option_int(args.max_configurations, "--max-configurations", 1)
    on = option_date(args.on, "--on")
    case = load_case(resolve_case(args.file))
    deal = case.replay()
    problems = []
    print(f"{case.name}: {len(case.events)} events read from {case.file}, replayed without refusal", file=out)
    for spec in MACHINES.values():
        problems += [f"machine {spec.name}: {d}" for d in spec.defects()]
    print(f"machines: {', '.join(MACHINES)} are sound" if not problems else "machines: defects found", file=out)
    strays = []
    for change in deal.history:
        kind = change.machine.partition(" ")[0]
        if change.before is not None and not taken_by(MACHINES[kind], change.before, change.after, None):
            strays.append(f"{change.date} {change.machine}: {change.before} -> {change.after}")
    problems += [f"history: no transition {s}" for s in strays]
    if not strays:
        print(f"history: {len(deal.history)} state changes, each a transition of its machine", file=out)
    if on is not None:
        deal = deal.fork(on)
    where = f"on {args.on}" if args.on is not None else "at the end"
    try:
        process = graph.explore_deal(deal, max_configurations=args.max_configurations)
    except InputError as err:
        print(f"process: not explored ({err.rule})", file=out)
    else:
        configs, steps = process.size
        print(f"process {where}: {graph.describe(process.initial, process)}", file=out)
        print(f"  {configs} configurations, {steps} steps, {len(process.finals())} final", file=out)
        path = process.shortest_path("closed")
        if path is None:
            print("  the deal cannot close from here", file=out)
        elif not path:
            print("  the deal is closed", file=out)
        else:
            print(f"  shortest path to closed ({len(path)} steps): {', '.join(s.label for s in path)}", file=out)
            necessary = process.necessary_events("closed")
            print(f"  every path to closed takes: {', '.join(s.label for s in necessary) or 'no one event'}", file=out)
            blockers = process.can_block()
            print(f"  regulators that can still block it: {', '.join(blockers) or 'none'}", file=out)
    for problem in problems:
        print(f"defect: {problem}", file=out)
    return 1 if problems else 0


def run_diagram(args: argparse.Namespace) -> int:
    """Run ``dealflow diagram``; exit code 0."""
    from ._case import load_case
    from ._diagram import deal_diagram
    from ._library import resolve_case
    from ._outputs import check_outputs, text_writer, write_outputs

    path = resolve_case(args.file)
    if args.output:
        check_outputs([("--output", args.output)], [path])
    case = load_case(path)
    text = deal_diagram(case.replay(), fmt=args.format)
    if args.output:
        write_outputs([("--output", args.output, text_writer(text))], inputs=[path])
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0
