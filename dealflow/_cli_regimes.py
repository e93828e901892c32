"""``dealflow regimes`` and ``dealflow deadline REGIME PHASE START``.

``regimes`` lists the registered review regimes with their phases and clocks.
``deadline`` prints a phase's last day first on its line (ISO date), then the
calendar used, the rule with its source, and what expiry means.  ``--load FILE``
adds a user's regime or calendar (YAML) first.
"""

from __future__ import annotations

import argparse
import datetime as _dt
from typing import Any

from ._errors import DealflowError, InputError, UsageError

__all__ = ["register", "run_deadline", "run_regimes"]


def register(subparsers: Any) -> None:
    """Add the ``regimes`` and ``deadline`` subcommands."""
    regimes = subparsers.add_parser(
        "regimes",
        help="list review regimes (HSR, CFIUS, EU, CMA, NSIA, SAMR...) with their phases and clocks",
        description="List the registered review regimes, each phase with its clock and the clock's source.",
    )
    regimes.add_argument("name", nargs="?", help="show only this regime, with its counting conventions")
    regimes.add_argument("--load", action="append", default=[], metavar="FILE", help="load a regime YAML file first")
    regimes.set_defaults(run=run_regimes)

    deadline = subparsers.add_parser(
        "deadline",
        help="the last day of a review phase, counted on its authority's calendar",
        description=(
            "Print the last day of PHASE of REGIME started on START (ISO date) first on its line, then the "
            "calendar used and the rule with its source."
        ),
    )
    deadline.add_argument("regime", help="e.g. uk-cma, eu, us-hsr, us-cfius, uk-nsia, cn-samr")
    deadline.add_argument("phase", help="e.g. phase1 (see `dealflow regimes REGIME`)")
    deadline.add_argument("start", help="the day the phase started (notification, acceptance...), e.g. 2025-12-01")
    deadline.add_argument(
        "--extend",
        action="append",
        default=[],
        metavar="NAME[=N]",
        help="a granted extension, e.g. commitments, or special_reasons=8 for one whose length is agreed",
    )
    deadline.add_argument(
        "--stop",
        action="append",
        default=[],
        metavar="STOPPED:RESTARTED",
        help="a stop-the-clock from STOPPED to RESTARTED (ISO dates), e.g. 2023-02-01:2023-02-20",
    )
    deadline.add_argument(
        "--load", action="append", default=[], metavar="FILE", help="load a regime or calendar YAML file first"
    )
    deadline.set_defaults(run=run_deadline)


def _date(text: str, field: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date", field=field, fix="write an ISO date such as 2025-12-01") from None


def _load(files: list[str]) -> None:
    import yaml

    from . import regimes

    for file in files:
        try:
            with open(file, encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
        except (OSError, yaml.YAMLError):
            data = None  # load_regime reports the file's problem with its name
        if isinstance(data, dict) and ("calendars" in data or "provider" in data):
            regimes.load_calendar(file)
        else:
            regimes.load_regime(file, replace=True)


def run_regimes(args: argparse.Namespace) -> int:
    """List regimes and their phases."""
    from . import regimes

    _load(args.load)
    chosen = [regimes.regime(args.name)] if args.name else list(regimes.regimes().values())
    for reg in chosen:
        period = ""
        if reg.in_force_from or reg.in_force_until:
            since = reg.in_force_from.isoformat() if reg.in_force_from else "..."
            until = reg.in_force_until.isoformat() if reg.in_force_until else "..."
            period = f" [{since} to {until}]"
        print(f"{reg.name}: {reg.title}{period}")
        for phase in reg.phases:
            exts = ", ".join(
                f"{e.name} +{e.length}"
                if e.length is not None
                else f"{e.name} (agreed{f', max {e.max}' if e.max else ''})"
                for e in phase.extensions
            )
            flags = [f"on expiry: {phase.on_expiry.replace('_', ' ')}"]
            if phase.stoppable:
                flags.append("clock can stop")
            if exts:
                flags.append(f"extensions: {exts}")
            print(f"  {phase.name}: {phase.title}: {phase.clock.describe()} [{phase.clock.source}]; {'; '.join(flags)}")
        if args.name:
            for conv in reg.conventions:
                print(f"  convention: {conv.rule} [{conv.source}]")
            if reg.refile is not None:
                print(f"  refile: {reg.refile.rule} [{reg.refile.source}]")
    return 0


def run_deadline(args: argparse.Namespace) -> int:
    """Print the phase's last day, calendar, rule and source."""
    _load(args.load)  # a bad --load file is refused input (exit 3)
    try:
        return _deadline(args)
    except UsageError:
        raise
    except DealflowError as err:  # REGIME, PHASE, START and the options are the command line: a usage error (exit 2)
        raise UsageError(err.rule, field=err.field, fix=err.fix) from None


def _deadline(args: argparse.Namespace) -> int:
    from . import regimes

    start = _date(args.start, "start")
    extensions: list[str | tuple[str, int | None]] = []
    for i, item in enumerate(args.extend):
        name, sep, number = item.partition("=")
        if sep:
            if not number.isdigit():
                raise InputError(
                    f"{item!r}: {number!r} is not a whole number",
                    field=f"extensions[{i}]",
                    fix="write NAME=N, e.g. special_reasons=8",
                )
            extensions.append((name, int(number)))
        else:
            extensions.append(name)
    stops = []
    for i, item in enumerate(args.stop):
        stopped, sep, restarted = item.partition(":")
        stops.append(
            regimes.ClockStop(
                _date(stopped, f"stops[{i}].stopped"),
                _date(restarted, f"stops[{i}].restarted") if sep and restarted else None,
            )
        )
    result = regimes.deadline(args.regime, args.phase, start, extensions=extensions, stops=stops)
    print("\n".join(result.lines()))
    return 0
