"""Run every ``benchmarks/bench_*.py`` and print one table of ratios against
DESIGN.md's targets.

    python benchmarks/run.py [--tiny] [--only NAME] [--markdown]

``--tiny`` runs each measurement at a size that takes seconds (CI uses it to
prove the benchmarks still run); ``--only core`` runs ``bench_core.py`` alone
(``--only`` may be repeated); ``--markdown`` prints a Markdown table.  A module
that fails to import or to measure gives a row saying so; the run goes on.  The
exit status is 0 whether or not targets are met: targets are reported, not
asserted.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for entry in (str(HERE), str(ROOT)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

import _harness  # noqa: E402  (needs the path above)
from _harness import Row  # noqa: E402

# `from benchmarks._harness import Row` and `from _harness import Row` must give the same classes
sys.modules.setdefault("benchmarks._harness", _harness)

HEADERS = ("measurement", "ours median [min..max]", "peer", "peer median [min..max]", "ratio", "target", "met?")


def discover(only: Sequence[str] = ()) -> list[str]:
    """Module names of ``bench_*.py`` beside this file, filtered by ``only``
    (``core`` and ``bench_core`` both select ``bench_core.py``)."""
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if not only:
        return names
    wanted = {w if w.startswith("bench_") else f"bench_{w}" for w in only}
    return [n for n in names if n in wanted]


def collect(name: str, tiny: bool) -> tuple[list[Any], float]:
    """The rows of module ``name`` and the seconds it took; a failure is a row."""
    t0 = time.perf_counter()
    try:
        module = importlib.import_module(name)
    except Exception as err:  # noqa: BLE001  (a broken module is reported, not fatal)
        return [Row(f"{name}: import failed", None, note=_one_line(err))], time.perf_counter() - t0
    fn = getattr(module, "measure", None)
    if not callable(fn):
        return [Row(f"{name}: no measure(tiny) function", None)], time.perf_counter() - t0
    try:
        rows = list(fn(tiny))
    except Exception as err:  # noqa: BLE001
        traceback.print_exc(file=sys.stderr)
        return [Row(f"{name}: measure failed", None, note=_one_line(err))], time.perf_counter() - t0
    return rows, time.perf_counter() - t0


def _one_line(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}".replace("\n", " ")[:300]


def cells(row: Any) -> list[str]:
    """One table line for ``row`` (duck-typed, so a module's own Row copy works too)."""
    ratio = row.ratio
    if row.value:
        shown = row.value
    elif ratio is not None:
        shown = f"{ratio:.2f}x"
    else:
        shown = ""
    met = {True: "yes", False: "NO", None: ""}[row.met]
    return [
        row.name,
        str(row.ours) if row.ours is not None else "-",
        row.peer,
        str(row.theirs) if row.theirs is not None else "-",
        shown,
        row.target,
        met,
    ]


def render_text(rows: list[Any]) -> str:
    table = [list(HEADERS), *(cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS))]
    out = []
    for k, line in enumerate(table):
        out.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    notes = [(r.name, r.note) for r in rows if r.note]
    if notes:
        out.append("")
        out.append("notes:")
        out.extend(f"  {name}: {note}" for name, note in notes)
    return "\n".join(out)


def render_markdown(rows: list[Any]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    out = ["| " + " | ".join(HEADERS) + " | notes |", "|" + "---|" * (len(HEADERS) + 1)]
    out.extend("| " + " | ".join(esc(c) for c in [*cells(r), r.note]) + " |" for r in rows)
    return "\n".join(out)


def machine_line() -> str:
    return f"python {platform.python_version()} on {platform.platform()}, {_cpus()} CPUs"


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--tiny", action="store_true", help="tiny sizes: seconds in all (for CI)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run bench_NAME.py only")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)

    names = discover(args.only)
    if not names:
        print(f"no benchmark module matches {args.only}; have: {', '.join(discover())}", file=sys.stderr)
        return 2
    rows: list[Any] = []
    for name in names:
        print(f"running {name}{' (tiny)' if args.tiny else ''}...", file=sys.stderr, flush=True)
        got, seconds = collect(name, args.tiny)
        print(f"  {name}: {len(got)} rows in {seconds:.1f} s", file=sys.stderr, flush=True)
        rows.extend(got)
    print(f"dealflow benchmarks{' (tiny)' if args.tiny else ''}: {machine_line()}")
    print(render_markdown(rows) if args.markdown else render_text(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
