#!/usr/bin/env bash
# What CI runs for issue 10: notifications' chaos profile in its short form (a worker killed,
# Redis, Kafka and Postgres each stopped 8-10 s on the bench's own stack, under a steady
# load), graded on the ledger: nothing accepted lost, done twice or failed by an outage, no
# bare 5xx, recovery within 30 s. Non-zero when the verdict is FAIL or no report was written.
#
# Duration (2 cores): the bench's stack ~25 s, auth + notifications start-up ~30 s, load
# ~2 min, ledger a few seconds: ~3 min on a quiet machine, longer on a loaded one.
set -euo pipefail
cd "$(dirname "$0")/.."

marker=$(mktemp)
status=0
echo "chaos: load average at start $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
npm run -s bench -- notifications --profile chaos --schedule short "$@" || status=$?
report=$(find load-tests/results -maxdepth 2 -path '*-notifications-chaos/REPORT.md' -newer "$marker" | sort | tail -1)
rm -f "$marker"
if [[ -z "$report" ]]; then
  echo "chaos: no report written"
  exit 1
fi
echo "chaos: $report"
exit "$status"
