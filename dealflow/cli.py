"""The ``dealflow`` command.

Each subcommand lives in its own private module exposing ``register(subparsers)``;
this module only assembles them, so that ``dealflow --help`` stays fast and each
command imports what it needs (matplotlib, networkx, rich) when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ._errors import DealflowError

# module name -> registered by that module; a module that does not exist yet is skipped
_COMMANDS = ("_cli_replay", "_cli_graph", "_cli_simulate", "_cli_cases")


def build_parser() -> argparse.ArgumentParser:
    from ._version import version

    parser = argparse.ArgumentParser(prog="dealflow", description="Model, replay, simulate and verify regulated deals.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMANDS:
        try:
            module = importlib.import_module(f"dealflow.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"dealflow.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except DealflowError as err:
        print(f"dealflow: {err}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
