#!/usr/bin/env bash
# Mutation testing (issue 16): mutmut over the modules listed in pyproject.toml [tool.mutmut],
# one file at a time, one child process, niced (the machine is shared), hypothesis's "smoke" profile.
#
#   tools/mutation.sh                  every listed module, one after the other
#   tools/mutation.sh dealflow/_rules.py dealflow/_values.py
#   tools/mutation.sh --changed [BASE] the listed modules changed since BASE (default: main)
#   tools/mutation.sh --score          per-file scores of the last runs (tools/mutation_score.py)
#   tools/mutation.sh --retry FILE...  run the missed mutants of FILE again (after adding tests:
#                                      mutmut itself re-runs only mutants never checked)
#
# Results stay in mutants/ (git-ignored); `mutmut show NAME` prints a mutant's diff and
# `.venv/bin/python tools/mutation_score.py --survivors FILE` lists the missed ones.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
listed=$($py -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["tool"]["mutmut"]["only_mutate"]))')
if [ "${1:-}" = "--score" ]; then
  exec $py tools/mutation_score.py
fi
if [ "${1:-}" = "--retry" ]; then
  shift
  $py - "$@" <<'PY'
import json, sys
caught = {1, 3, 24, -24, 152, 255, 36, 37, -11, -9}
for f in sys.argv[1:]:
    path = f"mutants/{f}.meta"
    data = json.load(open(path))
    data["exit_code_by_key"] = {k: (v if v in caught else None) for k, v in data["exit_code_by_key"].items()}
    json.dump(data, open(path, "w"), indent=4)
PY
fi
if [ "${1:-}" = "--changed" ]; then
  base=${2:-main}
  files=$(git diff --name-only "$base" -- dealflow | grep -Fx -f <(echo "$listed") || true)
  if [ -z "$files" ]; then echo "no mutated module changed since $base"; exit 0; fi
elif [ $# -gt 0 ]; then
  files="$*"
else
  files=$listed
fi
for f in $files; do
  mod=$(echo "${f%.py}" | tr / .)
  echo "== $f"
  HYPOTHESIS_PROFILE=${HYPOTHESIS_PROFILE:-smoke} nice -n "${MUTATION_NICE:-10}" .venv/bin/mutmut run --max-children 1 "$mod.*"
done
$py tools/mutation_score.py $files
