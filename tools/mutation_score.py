"""Per-file mutation scores from mutmut's results in mutants/ (issue 16).

    .venv/bin/python tools/mutation_score.py [dealflow/_rules.py ...]

Prints a Markdown table: every mutant counted (killed, timed out or crashed count
as caught; survivors and mutants no test reaches as missed; mutants not yet run
are shown apart and left out of the score), then the score with the proven
equivalent mutants listed in tools/mutation_equivalents.txt set aside.  With
``--survivors`` it lists the missed mutants instead; ``--from DIR`` reads the
``.meta`` files of a saved run from DIR instead of mutants/dealflow/.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
CAUGHT = {1, 3, 24, -24, 152, 255, 36, 37, -11, -9}
NOT_RUN = {None, 2, 34}


def equivalents() -> dict[str, str]:
    """Mutant name -> why it is equivalent, from tools/mutation_equivalents.txt."""
    out: dict[str, str] = {}
    path = ROOT / "tools" / "mutation_equivalents.txt"
    for raw in path.read_text(encoding="utf-8").splitlines() if path.exists() else ():
        line = raw.strip()
        if line and not line.startswith("#"):
            name, _, why = line.partition(" ")
            out[name] = why.strip()
    return out


def main(argv: list[str]) -> int:
    survivors = "--survivors" in argv
    source = None
    if "--from" in argv:
        at = argv.index("--from")
        source = Path(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    files = [a for a in argv if not a.startswith("--")]
    if not files:
        files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]["only_mutate"]
    equiv = equivalents()
    if not survivors:
        print("| file | mutants | caught | missed | equivalent | not run | score | without equivalents |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for file in files:
        meta = ROOT / "mutants" / (file + ".meta") if source is None else source / (Path(file).name + ".meta")
        if not meta.exists():
            print(f"| {file} | (not run) | | | | | | |" if not survivors else f"{file}: not run")
            continue
        codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        ran = {k: v for k, v in codes.items() if v not in NOT_RUN}
        caught = sum(1 for v in ran.values() if v in CAUGHT)
        missed = sorted(k for k, v in ran.items() if v not in CAUGHT)
        same = [k for k in missed if k in equiv]
        if survivors:
            for k in missed:
                print(k, "(equivalent: " + equiv[k] + ")" if k in equiv else "")
            continue
        total = len(ran)
        score = f"{100 * caught / total:.1f}%" if total else "-"
        rest = total - len(same)
        aside = f"{100 * caught / rest:.1f}%" if rest else "-"
        print(
            f"| {file} | {total} | {caught} | {len(missed) - len(same)} | {len(same)} "
            f"| {len(codes) - total} | {score} | {aside} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
