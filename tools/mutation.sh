#!/usr/bin/env bash
# Mutation testing (issue 16): mutmut over the modules listed in pyproject.toml [tool.mutmut],
# one file at a time, one child process, niced (the machine is shared), hypothesis's "smoke" profile.
#
#   tools/mutation.sh                  every listed module, one after the other
#   tools/mutation.sh dealflow/_rules.py dealflow/_values.py
#   tools/mutation.sh --changed [BASE] the listed modules changed since BASE (default: main)
#   tools/mutation.sh --score          per-file scores of the last runs (tools/mutation_score.py)
#
# Results stay in mutants/ (git-ignored); `mutmut show NAME` prints a mutant's diff.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
listed=$($py -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["tool"]["mutmut"]["only_mutate"]))')
if [ "${1:-}" = "--score" ]; then
  exec $py tools/mutation_score.py
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
  HYPOTHESIS_PROFILE=${HYPOTHESIS_PROFILE:-smoke} nice -n 19 .venv/bin/mutmut run --max-children 1 "$mod.*"
done
$py tools/mutation_score.py $files
