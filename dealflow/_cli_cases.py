"""``dealflow cases`` lists the bundled cases; ``dealflow schema`` prints (or
writes) the JSON Schema of case files, generated from the event classes."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._agreement import Payment
    from ._case import Case

__all__ = ["case_line", "register", "run_cases", "run_schema"]


def register(subparsers: Any) -> None:
    """Add the ``cases`` and ``schema`` subcommands."""
    cases = subparsers.add_parser(
        "cases",
        help="list the cases shipped with dealflow, one line each (replay one with: dealflow replay NAME)",
        description=(
            "List the sourced case files bundled in the package, one line each: name, title, who deals with whom "
            "(the case's summary), the period its events cover, and how its replay ends (with what is owed)."
        ),
    )
    cases.set_defaults(run=run_cases)
    schema = subparsers.add_parser(
        "schema",
        help="print or write the JSON Schema of case files (generated from the event classes)",
        description=(
            "Print the JSON Schema of dealflow case files, generated from the event classes and the registered "
            "rules. Editors check case files against it as they are typed: put "
            "'# yaml-language-server: $schema=PATH' on a case file's first line."
        ),
    )
    schema.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of printing")
    schema.set_defaults(run=run_schema)


def run_cases(args: argparse.Namespace) -> int:
    """Print one line per bundled case."""
    from ._case import load_case
    from ._library import bundled_cases, case_path

    names = bundled_cases()
    width = max((len(n) for n in names), default=0)
    for name in names:
        case = load_case(case_path(name), check=False)
        print(f"{name:<{width}}  {case_line(case)}")
    return 0


def _payment_line(p: Payment) -> str:
    """A payment in a few words: who owes (or paid) whom how much, and what for (no details)."""
    what = p.reason.split(":")[0].split(",")[0]
    verb = f"paid {p.payee} {p.amount} {p.paid_text()}" if p.paid_on is not None else f"owes {p.payee} {p.amount}"
    return f"{p.payer} {verb} ({what})"


def case_line(case: Case) -> str:
    """A case in one line: title | who deals with whom | the period | how its replay ends (and what is owed)."""
    deal = case.replay()
    state = deal.state or "open"
    ended = next((c.date for c in reversed(deal.history) if c.machine == "deal" and c.after == state), deal.clock)
    end = f"{state.replace('_', ' ')} on {ended}"
    owed = "; ".join(_payment_line(p) for p in deal.settlement())
    period = f"{case.events[0].date} to {case.events[-1].date}"
    return " | ".join((case.name, case.summary, period, f"{end}; {owed}" if owed else end))


def run_schema(args: argparse.Namespace) -> int:
    """Print or write the case-file schema."""
    from ._errors import InputError
    from ._schema import schema_text

    text = schema_text()
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as err:
        raise InputError(
            f"cannot write {args.output}: {err.strerror}", field="--output", fix="give a writable path"
        ) from None
    print(f"wrote the case-file schema to {args.output}")
    return 0
