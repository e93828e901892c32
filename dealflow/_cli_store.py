"""``dealflow store ...``: keep many live deals in a store and ask across them.

``import FILE`` stores a case file as a deal, ``list`` lists the deals, ``show
DEAL [--on DATE]`` prints where a deal stands, ``append DEAL FILE
[--expect-version N]`` appends events read from a JSON or YAML list, ``due
--within DAYS [--on DATE]`` lists the deadlines coming up, ``pending
[REGULATOR]`` the gates waiting for a decision, ``export DEAL FILE`` writes a
deal as a case file.  The database is ``--db URL``, else ``$DEALFLOW_DB``, else
``dealflow.db`` in the working directory.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``store`` subcommand and its own subcommands."""
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="the store: a SQLite file (path or sqlite:///PATH) or postgresql://... "
        "(default: $DEALFLOW_DB, else dealflow.db here)",
    )
    parser = subparsers.add_parser(
        "store",
        parents=[db],
        help="keep live deals in a store (SQLite or PostgreSQL) and ask across them",
        description="Keep deals as event journals in a store and ask across them: states, pending gates, deadlines.",
    )
    sub = parser.add_subparsers(dest="store_command", required=True, metavar="ACTION")

    p = sub.add_parser("import", parents=[db], help="store a case file as a new deal")
    p.add_argument("file", help="a case file, e.g. examples/tiktok/tiktok.yaml")
    p.add_argument("--as", dest="deal", metavar="DEAL", help="the deal's id (default: the file's name, e.g. tiktok)")
    p.set_defaults(run=_import)

    p = sub.add_parser("list", parents=[db], help="list the deals: state, events, clock")
    p.add_argument("--state", help="only deals in this state (e.g. signed)")
    p.set_defaults(run=_list)

    p = sub.add_parser("show", parents=[db], help="where a deal stands (or stood on a date)")
    p.add_argument("deal", help="the deal's id")
    p.add_argument("--on", metavar="DATE", help="where it stood at the end of DATE (YYYY-MM-DD)")
    p.add_argument("--ascii", action="store_true", help="plain ASCII output")
    p.set_defaults(run=_show)

    p = sub.add_parser("append", parents=[db], help="append events (a JSON or YAML list) to a deal, in one batch")
    p.add_argument("deal", help="the deal's id")
    p.add_argument("file", help="a JSON or YAML list of events, e.g. [{type: statement, date: ..., ...}]")
    p.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="refuse unless the deal has exactly N events (the version you last saw)",
    )
    p.set_defaults(run=_append)

    p = sub.add_parser("due", parents=[db], help="deadlines coming up across all deals")
    p.add_argument("--within", type=int, required=True, metavar="DAYS", help="from DATE to DAYS days after it")
    p.add_argument("--on", metavar="DATE", help="the first day (default: today)")
    p.set_defaults(run=_due)

    p = sub.add_parser("pending", parents=[db], help="gates waiting for a regulator's decision")
    p.add_argument("regulator", nargs="?", help="only this regulator's gates")
    p.set_defaults(run=_pending)

    p = sub.add_parser("export", parents=[db], help="write a deal as a case file (YAML, or JSON for .json)")
    p.add_argument("deal", help="the deal's id")
    p.add_argument("file", help="the case file to write")
    p.set_defaults(run=_export)


def _open(args: argparse.Namespace) -> Any:
    from .store import open_store

    return open_store(getattr(args, "db", None))


def _import(args: argparse.Namespace) -> int:
    with _open(args) as store:
        s = store.import_case(args.file, args.deal)
    print(f"imported {args.file} as {s.deal}: {s.version} events, {s.state}, clock {s.clock}")
    return 0


def _list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        deals = store.deals(state=args.state)
    if not deals:
        print("no deals" + (f" in state {args.state}" if args.state else "") + f" in {_where(args)}")
        return 0
    rows: list[tuple[str, ...]] = [("DEAL", "STATE", "EVENTS", "CLOCK", "TARGET")]
    rows += [(d.deal, d.state or "-", str(d.version), str(d.clock or "-"), d.target) for d in deals]
    _table(rows)
    return 0


def _where(args: argparse.Namespace) -> str:
    from .store import default_url

    return str(getattr(args, "db", None) or default_url())


def _show(args: argparse.Namespace) -> int:
    from ._report import format_status
    from ._values import as_date

    on = as_date(args.on, "--on") if args.on else None
    with _open(args) as store:
        summary = store.summary(args.deal)
        deal = store.load(args.deal)
    ascii_only = bool(args.ascii) or _ascii_only()
    day = on or deal.clock
    title = f"{summary.deal}: {summary.name or summary.target} (version {summary.version}, {summary.state})"
    if on is not None and deal.journal[0].date > on:
        print(f"{title}\nNothing had happened by {on}: the deal opens on {deal.journal[0].date}.")
        return 0
    print(title)
    print()
    print(format_status(deal, day, ascii_only=ascii_only))
    return 0


def _ascii_only() -> bool:
    try:
        "→·↳✓✗…".encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def _append(args: argparse.Namespace) -> int:
    events = _read_events(args.file)
    with _open(args) as store:
        version = store.append(args.deal, events, expected_version=args.expect_version)
    print(f"appended {len(events)} event{'s' if len(events) != 1 else ''} to {args.deal}: now version {version}")
    return 0


def _read_events(file: str) -> list[Any]:
    """The events of a JSON or YAML file, read as case files are (limits, duplicate keys, lines)."""
    from ._errors import InputError
    from ._input import parse_yaml, read_text
    from ._serde import event_from_dict

    text = read_text(file, what="events file")
    if file.lower().endswith(".json"):
        from ._serde import events_from_json

        return list(events_from_json(text, file=file))
    data = parse_yaml(text, file)  # the checking safe loader: data only
    if isinstance(data, dict) and "events" in data:
        data = data["events"]
    if not isinstance(data, list) or not data:
        raise InputError("expected a list of events", file=file, fix="write - {type: ..., date: ..., actor: ...}")
    return [event_from_dict(item, index=i, file=file) for i, item in enumerate(data)]


def _due(args: argparse.Namespace) -> int:
    from ._errors import InputError
    from ._values import as_date

    if args.within < 0:
        raise InputError(f"--within {args.within} is negative", field="--within", fix="give a number of days, e.g. 7")
    first = as_date(args.on, "--on") if args.on else _dt.date.today()
    last = first + _dt.timedelta(days=args.within)
    with _open(args) as store:
        found = store.deadlines(first, last)
    if not found:
        print(f"no deadlines from {first} to {last}")
        return 0
    print(f"deadlines from {first} to {last}:")
    rows: list[tuple[str, ...]] = [("DUE", "IN", "DEAL", "DEADLINE", "OF")]
    rows += [(str(d.due), f"{(d.due - first).days}d", d.deal, d.kind.replace("_", " "), d.subject) for d in found]
    _table(rows)
    return 0


def _pending(args: argparse.Namespace) -> int:
    with _open(args) as store:
        gates = store.pending_gates(args.regulator)
    if not gates:
        print("no gates waiting" + (f" for {args.regulator}" if args.regulator else ""))
        return 0
    rows: list[tuple[str, ...]] = [("REGULATOR", "DEAL", "STATE", "REVIEW DUE")]
    rows += [(g.regulator, g.deal, g.state.replace("_", " "), str(g.review_due or "-")) for g in gates]
    _table(rows)
    return 0


def _export(args: argparse.Namespace) -> int:
    with _open(args) as store:
        store.export_case(args.deal, args.file)
    print(f"wrote {args.deal} to {os.fspath(args.file)}")
    return 0


def _table(rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
