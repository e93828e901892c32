"""The ``dealflow`` command.

Each subcommand lives in its own private module exposing ``register(subparsers)``;
this module only assembles them, so that ``dealflow --help`` stays fast and each
command imports what it needs (matplotlib, networkx, rich) when it runs.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from ._errors import DealflowError, UsageError

# module name -> registered by that module; a module that does not exist yet is skipped
_COMMANDS = ("_cli_replay", "_cli_graph", "_cli_simulate", "_cli_regimes", "_cli_store", "_cli_cases")


class _Version(argparse.Action):
    """``--version``: the installed version, read from the package's metadata only
    when asked (reading it costs every other command an import of importlib.metadata)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from ._version import version

        print(f"{parser.prog} {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dealflow", description="Model, replay, simulate and verify regulated deals.")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
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


#: Exit codes (the README lists them): a usage error is a bad command line or
#: option value; refused input is a case file (or other input) dealflow refused;
#: an internal error is a bug in dealflow, to be reported.
EXIT_OK, EXIT_DEFECTS, EXIT_USAGE, EXIT_REFUSED, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
#: The reader of the output went away (``dealflow replay tiktok | head``): 128 + SIGPIPE, as a shell reports it.
EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # a bad command line exits with argparse's 2 (EXIT_USAGE)
    try:
        code: int = args.run(args)
    except UsageError as err:
        print(f"dealflow: {err}", file=sys.stderr)
        return EXIT_USAGE
    except DealflowError as err:
        print(f"dealflow: {err}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("dealflow: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _drop_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as err:  # noqa: BLE001 - anything else is a bug: say so, and how to see it
        import os
        import traceback

        from ._input import abbrev

        if os.environ.get("DEALFLOW_TRACEBACK"):
            traceback.print_exc()
        detail = abbrev(str(err))
        print(
            f"dealflow: internal error ({type(err).__name__}: {detail}). This is a bug in dealflow: please "
            "report it with the command you ran; set DEALFLOW_TRACEBACK=1 to print the traceback",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return code


_PARKED: list[list[object]] = []  # entry() puts a list here: what a command keeps to the end of the process


def park(*objects: object) -> None:
    """Keep ``objects`` to the end of the process when the command runs from
    :func:`entry`, which ends it without freeing them: a big case's millions of
    objects take a tenth of a second to free, for nothing.  (Called from
    :func:`main` in a script or a test, this does nothing.)"""
    if _PARKED:
        import gc

        _PARKED[-1].extend(objects)
        gc.freeze()  # nor walked by the collector when it runs again: it would find no cycle there


def entry() -> NoReturn:
    """The ``dealflow`` command: :func:`main`, then the end of the process.  When
    a command parked its results (see :func:`park`), the output is flushed and the
    process ends at once (``os._exit``), as mypy does, without freeing them."""
    _PARKED.append([])
    code = main()
    if not _PARKED[-1]:
        sys.exit(code)
    import logging
    import os

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()
        code = EXIT_BROKEN_PIPE
    except (OSError, ValueError):  # closed or unwritable: Python's own exit would fail to flush it too
        code = code or EXIT_INTERNAL
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    logging.shutdown()  # what the exit skipped would have flushed: log handlers
    os._exit(code)


def _drop_stdout() -> None:
    """Point standard output at the null device: the reader closed the pipe, and
    Python's own flush at exit would otherwise fail and print a traceback."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture): nothing to flush
        pass


if __name__ == "__main__":  # pragma: no cover
    entry()
