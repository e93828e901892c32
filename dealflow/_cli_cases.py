"""``dealflow cases`` lists the bundled cases; ``dealflow schema`` prints (or
writes) the JSON Schema of case files, generated from the event classes."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register", "run_cases", "run_schema"]


def register(subparsers: Any) -> None:
    """Add the ``cases`` and ``schema`` subcommands."""
    cases = subparsers.add_parser(
        "cases",
        help="list the cases shipped with dealflow, one line each (replay one with: dealflow replay NAME)",
        description="List the sourced case files bundled in the package: name, title, dates and number of events.",
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

    rows = []
    for name in bundled_cases():
        case = load_case(case_path(name))
        first, last = case.events[0].date, case.events[-1].date
        rows.append((name, case.name, f"{first} .. {last}, {len(case.events) - 1} events"))
    width = max((len(r[0]) for r in rows), default=0)
    for name, title, span in rows:
        print(f"{name:<{width}}  {title} ({span})")
    return 0


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
