#!/usr/bin/env bash
# The bad-input sweep: Schemathesis against every service's /openapi.json, each service started
# by the bench's own modules (tools/bench/src/fuzz/main.ts says what runs and what fails it).
# Needs the stack up (`bash infra/stack/stack.sh up`: its Postgres, Redis, Kafka and the Python
# venv). It uses the bench's ports and database: hold the bench lock when others may run the
# bench (flock /tmp/perflab-bench.lock npm run fuzz). ~2 min on 2 shared cores.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash infra/stack/stack.sh env)"
[[ -x "$PERFLAB_VENV/bin/schemathesis" ]] \
  || { echo "fuzz: no Schemathesis in $PERFLAB_VENV (run: bash infra/stack/stack.sh up python)"; exit 1; }
# The project's Node 24 (npm run puts it first on PATH; called directly, take it from node_modules).
node=node
[[ -x node_modules/.bin/node ]] && node=node_modules/.bin/node
exec "$node" -r @swc-node/register tools/bench/src/fuzz/main.ts "$@"
