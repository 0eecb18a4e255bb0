#!/usr/bin/env bash
# Locust, the 001 document's own tool, as a second generator for the chat suite: headless,
# CSV out. Usage: run-locust.sh <out-dir> [users] [spawn-rate] [run-time]
#   BASE_URL (default http://127.0.0.1:3003); the venv is the stack's (.stack/venv, stack.sh env
#   prints PERFLAB_VENV). Each Locust user holds 2 sockets, so users = connections / 2.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="${1:?out dir}"
users="${2:-10}"
spawn="${3:-5}"
runtime="${4:-30s}"
venv="${PERFLAB_VENV:-${STACK_DIR:-$root/.stack}/venv}"
mkdir -p "$out"
"$root/node_modules/.bin/node" "$here/mint-tokens.mjs" $((users * 2)) > "$out/tokens.json"
CHAT_TOKENS_FILE="$out/tokens.json" CHAT_SUMMARY_FILE="$out/locust-delivery.json" \
  "$venv/bin/locust" -f "$here/websocket_load_test.py" --headless \
  --host "${BASE_URL:-http://127.0.0.1:3003}" -u "$users" -r "$spawn" -t "$runtime" \
  --csv "$out/locust" --only-summary 2>&1 | tee "$out/locust.log" | tail -25
