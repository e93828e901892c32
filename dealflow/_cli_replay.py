"""``dealflow replay FILE``: replay a case file and show what happened.

By default it prints the timeline, the check of the recorded regulator decisions
against the rules in force, and the end.  ``--on DATE`` prints where everything
stood on that date instead; ``--until DATE`` replays only the events up to that
date (``--until 2020-09-14`` is the 2020-only view).  ``--json``, ``--plot`` and
``--diagram`` write the journal, a timeline plot and a state diagram to files;
``--html`` writes the replay as one self-contained web page.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``replay`` subcommand."""
    parser = subparsers.add_parser(
        "replay",
        help="replay a case file: timeline, decision check and the end (or the status on a date)",
        description=(
            "Replay a sourced, dated case file (YAML or JSON). Prints the timeline (a line per event and "
            "the state changes it caused), each recorded regulator decision checked against the rules in "
            "force on its date, and how the case ended."
        ),
    )
    parser.add_argument(
        "file", help="the case file, e.g. examples/tiktok/tiktok.yaml, or a bundled case's name (tiktok)"
    )
    parser.add_argument("--on", metavar="DATE", help="print where everything stood at the end of DATE (YYYY-MM-DD)")
    parser.add_argument(
        "--until",
        metavar="DATE",
        help="replay only the events up to DATE, e.g. 2020-09-14 for the 2020-only view of the TikTok case",
    )
    parser.add_argument("--json", metavar="OUT", help="write the replayed journal as JSON (dealflow events)")
    parser.add_argument("--plot", metavar="OUT", help="write a timeline plot, PNG or SVG (needs dealflow[plot])")
    parser.add_argument(
        "--diagram", metavar="OUT", help="write mermaid state diagrams (Markdown) with the path the case took"
    )
    parser.add_argument(
        "--html", metavar="OUT", help="write the replay as one self-contained web page (timeline, status on any date)"
    )
    parser.add_argument("--ascii", action="store_true", help="plain ASCII output (no arrows or ticks)")
    parser.add_argument("--width", type=int, metavar="N", help="wrap the text at N columns (default: the terminal)")
    parser.set_defaults(run=run)


def _ascii_only(stream: TextIO) -> bool:
    try:
        "→·↳✓✗…".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def run(args: argparse.Namespace) -> int:
    """Run ``dealflow replay`` with parsed ``args``; returns the exit code."""
    from ._gc import paused_gc
    from ._library import resolve_case
    from ._outputs import check_outputs, option_date, option_int

    out = sys.stdout
    ascii_only = bool(args.ascii) or _ascii_only(out)
    until = option_date(args.until, "--until")
    on = option_date(args.on, "--on")
    if on is not None and until is not None and on > until:
        msg = f"--on {on} is after --until {until}: the events after {until} are not replayed"
        raise _usage(msg, "--on", f"give --on {until} or earlier, or a later --until")
    option_int(args.width, "--width", 60, 1000)
    if args.plot and not args.plot.lower().endswith((".png", ".svg", ".pdf")):
        raise _usage(f"cannot plot to {args.plot}", "--plot", "give a file name ending in .png, .svg or .pdf")
    path = resolve_case(args.file)
    check_outputs(_outputs(args), [path])  # before any work: never over the input, never half-written
    with paused_gc():  # bulk work: reading, replaying and reporting a case make objects that live on
        return _run(args, path, until, on, ascii_only, out)


def _run(args: argparse.Namespace, path: str, until: Any, on: Any, ascii_only: bool, out: TextIO) -> int:
    from ._case import load_case
    from ._checkpoints import copy_deal
    from ._report import decision_checker, format_checks, format_end, format_status, format_timeline

    # one replay does it all: it checks the whole case, collects the decision checks
    # and keeps copies of the deal as it stood on --until and on --on
    case = load_case(path, check=False)
    checks: list[Any] = []
    check = decision_checker(checks)
    stood: dict[Any, Any] = {}

    def before(deal: Any, position: int, event: Any) -> None:
        for day in (until, on):
            if day is not None and day not in stood and event.date > day:
                stood[day] = copy_deal(deal)
        if until is None or event.date <= until:
            check(deal, position, event)

    deal = case.replay_until(None, before=before if until is not None or on is not None else check)
    deal = stood.get(until, deal)
    if deal.state is None:
        print(f"Nothing had happened by {until}: the case opens on {case.events[0].date}.", file=out)
        return 0
    sections: list[str] = []
    if on is not None:
        past = stood[on] if on in stood and stood[on].state is not None else deal
        sections.append(format_status(past, on, ascii_only=ascii_only))
    else:
        title = case.name + (f" (events up to {until})" if until is not None else "")
        sections.append(format_timeline(deal, width=args.width, ascii_only=ascii_only, title=title))
        sections.append(format_checks(checks, width=args.width, ascii_only=ascii_only))
        if deal.is_final and until is None:
            sections.append(format_end(deal, ascii_only=ascii_only))
        else:
            day = until or deal.clock
            assert day is not None
            sections.append("Where everything stood\n\n" + format_status(deal, day, ascii_only=ascii_only))
    written = _write_files(args, deal, case.name + (f" (up to {until})" if until is not None else ""), path)
    print("\n\n".join(sections), file=out)
    for line in written:
        print(line, file=out)
    from .cli import park

    park(case, deal, checks, stood)  # freed by the end of the process, not one by one
    return 0


def _usage(msg: str, option: str, fix: str) -> Exception:
    from ._errors import UsageError

    return UsageError(msg, field=option, fix=fix)


def _outputs(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The output options given, with their paths."""
    return [(f"--{name}", getattr(args, name)) for name in ("json", "diagram", "plot", "html") if getattr(args, name)]


def _write_files(args: argparse.Namespace, deal: Any, title: str, source: str) -> list[str]:
    """Write every output asked for, or none (see dealflow._outputs)."""
    from ._outputs import Output, text_writer, write_outputs

    outputs: list[Output] = []
    if args.json:
        from ._serde import events_to_json

        outputs.append(("--json", args.json, text_writer(events_to_json(deal.journal) + "\n")))
    if args.diagram:
        from ._diagram import deal_diagram

        outputs.append(("--diagram", args.diagram, text_writer(deal_diagram(deal, fmt="mermaid"))))
    if args.plot:
        from ._plot import plot_deal

        def plot(path: str) -> None:
            plot_deal(deal, path, title=title)

        outputs.append(("--plot", args.plot, plot))
    if args.html:
        from ._html import deal_html

        html = deal_html(deal, title=title, ascii_only=bool(args.ascii))
        outputs.append(("--html", args.html, text_writer(html)))
    return write_outputs(outputs, inputs=[source])
