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
    parser.add_argument("file", help="the case file, e.g. examples/tiktok/tiktok.yaml")
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
    from ._case import load_case
    from ._report import check_decisions, format_checks, format_end, format_status, format_timeline
    from ._values import as_date

    out = sys.stdout
    ascii_only = bool(args.ascii) or _ascii_only(out)
    until = as_date(args.until, "--until") if args.until else None
    on = as_date(args.on, "--on") if args.on else None
    case = load_case(args.file)
    deal = case.replay_until(until)
    if deal.state is None:
        print(f"Nothing had happened by {until}: the case opens on {case.events[0].date}.", file=out)
        return 0
    sections: list[str] = []
    if on is not None:
        sections.append(format_status(deal, on, ascii_only=ascii_only))
    else:
        title = case.name + (f" (events up to {until})" if until is not None else "")
        sections.append(format_timeline(deal, width=args.width, ascii_only=ascii_only, title=title))
        sections.append(format_checks(check_decisions(deal.journal), width=args.width, ascii_only=ascii_only))
        if deal.is_final and until is None:
            sections.append(format_end(deal, ascii_only=ascii_only))
        else:
            day = until or deal.clock
            assert day is not None
            sections.append("Where everything stood\n\n" + format_status(deal, day, ascii_only=ascii_only))
    written = _write_files(args, deal, case.name + (f" (up to {until})" if until is not None else ""))
    print("\n\n".join(sections), file=out)
    for line in written:
        print(line, file=out)
    return 0


def _write_files(args: argparse.Namespace, deal: Any, title: str) -> list[str]:
    from ._errors import InputError

    done: list[str] = []

    def write(path: str, text: str, what: str) -> None:
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as err:
            raise InputError(f"cannot write {path}: {err.strerror}", field=what, fix="give a writable path") from None
        done.append(f"wrote {what} to {path}")

    if args.json:
        from ._serde import events_to_json

        write(args.json, events_to_json(deal.journal) + "\n", "--json")
    if args.diagram:
        from ._diagram import deal_diagram

        write(args.diagram, deal_diagram(deal, fmt="mermaid"), "--diagram")
    if args.plot:
        from ._plot import plot_deal

        plot_deal(deal, args.plot, title=title)
        done.append(f"wrote --plot to {args.plot}")
    if getattr(args, "html", None):
        from ._html import deal_html

        write(args.html, deal_html(deal, title=title, ascii_only=bool(args.ascii)), "--html")
    return done
