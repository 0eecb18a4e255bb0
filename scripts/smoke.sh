#!/usr/bin/env bash
# What CI runs: the smoke profile of every suite that exists (load-tests/<svc>/ and
# apps/<svc>/), each report checked for empty cells. Non-zero when a smoke threshold fails,
# a report is missing, or a report has an empty cell.
#
# Duration (2 shared cores, 2026-11-23): auth 3 scripts of 20-30 s plus start-up ≈ 2 min;
# notifications 30 s plus auth/notifications start-up ≈ 1 min. A FAIL whose cause may be the
# machine (k6 saturated, a busy shared CPU) is printed as such by the bench ("FAIL may not be
# the service's: …") and in the report's Executive Summary, so a red CI run on a loaded
# runner is told apart from a regression. Resource bars are shown but not graded in smoke.
set -euo pipefail
cd "$(dirname "$0")/.."

suites=()
for dir in load-tests/*/; do
  svc=$(basename "$dir")
  [[ -d "apps/$svc" ]] && suites+=("$svc")
done
if [[ ${#suites[@]} -eq 0 ]]; then
  echo "smoke: no suites exist yet (need load-tests/<svc>/ and apps/<svc>/)"
  exit 0
fi
echo "smoke: ${suites[*]}"

marker=$(mktemp)
status=0
started=$(date +%s)
echo "smoke: load average at start $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
npm run -s bench -- all --profile smoke "$@" || status=$?
echo "smoke: bench took $(( $(date +%s) - started )) s"

# Every suite must have written a report since the marker, with no empty cells.
for svc in "${suites[@]}"; do
  report=$(find load-tests/results -maxdepth 2 -path "*-${svc}-smoke/REPORT.md" -newer "$marker" | sort | tail -1)
  if [[ -z "$report" ]]; then
    echo "smoke: no report written for $svc"
    status=1
    continue
  fi
  npm run -s bench -- check-report "$report" || { echo "smoke: empty cells in $report"; status=1; }
done
rm -f "$marker"
exit "$status"
