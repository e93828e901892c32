"""``dealflow check FILE`` and ``dealflow diagram FILE``.

``check`` loads and replays a case file, checks the machines it runs on, checks
that every state change in its history is a transition of its machine, then
asks the deal, from where the case ends (or from ``--on DATE``), what can still
happen (:mod:`dealflow._search`): can it close and by which shortest way (the
events printed replay on the deal), what every way to close needs, and who can
still stop it.  A question a limit left open is said to be unanswered, with why.

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
        help="validate a case file and say what can still happen: can it close, how, what it needs, who can stop it",
        description=(
            "Load and replay a case file, check its machines and the transitions its history took, then ask "
            "the deal, from where it stands (or stood on --on DATE): can it close, by which shortest way (the "
            "events printed are tried on the deal, whole, before they are printed), what every way to close "
            "needs, and who can still stop it. Moves follow the real-deal model: a required review is cleared "
            "by its regulator's decision or, where its regime says so, by the expiry of its waiting period on "
            "its last day, never waived; votes pass or are waived by a party entitled to; remedies, suits, "
            "orders and conditions precedent are moved by the parties who move them. Each part that bars "
            "closing is searched on its own, on the terms on the table and each live offer's (offers alike but "
            "for their bidders' names are explored once); exploration does not invent terms, so a 'no' on a "
            "deal not yet signed holds for the terms explored. A part whose search reaches --max-states states, "
            "or a search past --max-seconds, leaves its question unanswered: the output says which, why and "
            "what to do, and never prints a partial answer as whole."
        ),
    )
    check.add_argument("file", help="the case file, e.g. examples/tiktok/tiktok.yaml")
    check.add_argument("--on", metavar="DATE", help="explore from where the case stood at the end of DATE")
    check.add_argument(
        "--max-states",
        "--max-configurations",
        dest="max_states",
        type=int,
        default=5_000,
        metavar="N",
        help="search at most N states of each part that bars closing (default 5000)",
    )
    check.add_argument(
        "--max-seconds",
        type=float,
        default=30.0,
        metavar="S",
        help="stop searching after S seconds; what is left is reported unanswered (default 30)",
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
    from ._case import load_case
    from ._diagram import taken_by
    from ._library import resolve_case
    from ._machines import MACHINES
    from ._outputs import option_date, option_int

    out = sys.stdout
    option_int(args.max_states, "--max-states", 1)
    seconds = _seconds(args.max_seconds)
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
    print_outlook(deal, on=on, max_states=args.max_states, max_seconds=seconds, out=out)
    for problem in problems:
        print(f"defect: {problem}", file=out)
    return 1 if problems else 0


def _seconds(value: float) -> float:
    import math

    from ._errors import InputError

    if math.isnan(value) or not value > 0:
        raise InputError(f"--max-seconds is {value}", field="--max-seconds", fix="give a number of seconds above 0")
    return float(value)


def print_outlook(deal: Any, *, on: Any, max_states: int, max_seconds: float, out: Any) -> None:
    """Print what can still happen to ``deal`` from ``on`` (see :func:`dealflow._search.outlook`)."""
    import time

    from ._search import outlook

    t0 = time.perf_counter()
    o = outlook(deal, on=on, max_states=max_states, max_seconds=max_seconds)
    took = time.perf_counter() - t0
    where = f"on {on}" if on is not None else f"at the end ({o.on})"
    terms = f"{o.terms_explored} set{'s' if o.terms_explored != 1 else ''} of terms"
    print(
        f"outlook {where}: the deal is {o.state}; explored {terms}, {o.states} part states in {took:.2f} s",
        file=out,
    )
    for bid, like in o.alike:
        print(f"  bid {bid!r} is alike bid {like!r} but for its bidders: explored once", file=out)
    if o.state == "closed":
        print("  the deal is closed", file=out)
    elif o.can_close:
        print(
            f"  can it close? yes; shortest way ({len(o.path)} event{'s' if len(o.path) != 1 else ''}, "
            "replayed on the deal before printing):",
            file=out,
        )
        for e in o.path:
            print(f"    {e.date} {e.kind} by {e.actor}: {e.describe()}", file=out)
    elif o.can_close is None:
        print("  can it close? not answered:", file=out)
    elif o.can_close is False:
        print(f"  can it close? {'not on the terms explored' if o.terms_can_change else 'no'}:", file=out)
        for why in o.why_not:
            print(f"    - {why}", file=out)
        if o.terms_can_change:
            print(
                "    terms can still change: new terms reopen the reviews and votes whose scope they touch "
                "(exploration does not invent terms)",
                file=out,
            )
    if o.can_close and o.state != "closed":
        if o.must_known:
            print("  every way to close needs:", file=out)
            for claim in o.must:
                print(f"    - {claim.what}", file=out)
            print(f"  who can still stop it (every way needs their act): {', '.join(o.vetoes) or 'no one'}", file=out)
        else:
            print("  what every way to close needs: not answered (a search stopped at a limit, below)", file=out)
    for q in o.unanswered:
        print(f"    - {q}", file=out)


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
