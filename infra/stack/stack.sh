#!/usr/bin/env bash
# Native local stack for perflab (no Docker needed): PostgreSQL, Redis,
# Kafka (KRaft), Prometheus, the k6 CLI and a Python venv (.stack/venv), all on
# 127.0.0.1, all state under $STACK_DIR (default <repo>/.stack).
#
#   stack.sh up     [piece...]   install what is missing, start, wait until answering
#   stack.sh down   [piece...]   graceful stop (then SIGKILL after a bound)
#   stack.sh status [piece...]   one line per piece
#   stack.sh logs   [piece] [-f] tail a piece's log (all pieces if none given)
#   stack.sh reset  [piece...]   down + delete data (cache of jars/binaries kept)
#   stack.sh env                 export lines for the services' env vars
#   stack.sh kafka-topics ...    Kafka's own CLI tools, e.g. `kafka-topics --list`,
#   stack.sh kafka-consumer-groups ...  `--describe --group notification-workers`
#                                (--bootstrap-server defaults to this stack's broker)
#
# Pieces: postgres redis kafka prometheus k6 python (default: all).
# A second stack beside this one (the bench's chaos faults): another STACK_DIR, ports from
# STACK_PG_PORT STACK_REDIS_PORT STACK_KAFKA_PORT STACK_KAFKA_CONTROLLER_PORT STACK_PROM_PORT,
# downloads shared with STACK_CACHE_DIR.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
ALL_PIECES=(postgres redis kafka prometheus k6 python)
for _p in "${ALL_PIECES[@]}"; do
  # shellcheck source=/dev/null
  source "$HERE/pieces/$_p.sh"
done
# shellcheck source=kafka-cli.sh
source "$HERE/kafka-cli.sh"

usage() {
  sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

# Validate piece names; empty list = all pieces (in start order).
select_pieces() {
  local p
  SELECTED=()
  if (( $# == 0 )); then SELECTED=("${ALL_PIECES[@]}"); return; fi
  for p in "$@"; do
    [[ " ${ALL_PIECES[*]} " == *" $p "* ]] || die "unknown piece '$p' (pieces: ${ALL_PIECES[*]})"
    SELECTED+=("$p")
  done
}

is_service() { declare -F "${1}_start" >/dev/null; }

# Consulted by wait_until: has the just-started process died?
_alive_check() { "${CURRENT_PIECE}_pid" >/dev/null; }

piece_up() {
  local p="$1" pid timeout logf
  "${p}_install"
  if ! is_service "$p"; then
    log "$p: installed ($("${p}_where"))"
    return 0
  fi
  timeout="$("${p}_timeout")"
  logf="$("${p}_log")"
  if pid="$("${p}_pid")"; then
    # Ours and alive: no-op, but still confirm it answers.
    wait_until "$timeout" "${p}_ready" \
      || fail_piece "$p" "$logf" "already running (pid $pid) but not answering on port $("${p}_ports")"
    log "$p: already running (pid $pid, port $("${p}_ports"))"
    return 0
  fi
  # shellcheck disable=SC2046
  require_free_ports "$p" $("${p}_ports")
  log "$p: starting (log: $logf)"
  local t0=$SECONDS rc=0
  "${p}_start"
  CURRENT_PIECE="$p" WAIT_ALIVE_CMD=_alive_check wait_until "$timeout" "${p}_ready" || rc=$?
  case $rc in
    0) log "$p: ready in $((SECONDS - t0))s (pid $("${p}_pid" || echo '?'), port $("${p}_ports"))" ;;
    2) fail_piece "$p" "$logf" "process exited during startup" ;;
    *) fail_piece "$p" "$logf" "did not answer within ${timeout}s" ;;
  esac
}

piece_down() {
  local p="$1" pid
  is_service "$p" || return 0
  if pid="$("${p}_pid")"; then
    log "$p: stopping (pid $pid)"
    "${p}_stop"
    log "$p: stopped"
  else
    log "$p: not running"
  fi
}

piece_status() {
  local p="$1" pid
  if ! is_service "$p"; then
    if "${p}_installed"; then status_line "$p" installed "" "- ($("${p}_where"))"
    else status_line "$p" missing "" "-"; fi
    return 0
  fi
  if pid="$("${p}_pid")"; then
    status_line "$p" running "$pid" "$("${p}_ports")"
  else
    status_line "$p" stopped "" "$("${p}_ports")"
  fi
}

print_env() {
  cat <<EOF
export DATABASE_URL=postgresql://perflab:perflab@$BIND_HOST:$PG_PORT/perflab
export DATABASE_URL_TEST=postgresql://perflab:perflab@$BIND_HOST:$PG_PORT/perflab_test
export REDIS_URL=redis://$BIND_HOST:$REDIS_PORT
export KAFKA_BROKERS=$BIND_HOST:$KAFKA_PORT
export PROMETHEUS_URL=http://$BIND_HOST:$PROM_PORT
export K6_BIN=$K6_BIN
export PATH="$K6_GOBIN:\$PATH"
export PERFLAB_VENV=$PY_VENV
EOF
}

cmd="${1:-}"; shift || true
case "$cmd" in
  up)
    select_pieces "$@"; ensure_layout
    t_all=$SECONDS
    for p in "${SELECTED[@]}"; do piece_up "$p"; done
    log "up: ${SELECTED[*]} ready in $((SECONDS - t_all))s. Env: bash infra/stack/stack.sh env"
    ;;
  down)
    select_pieces "$@"
    # Reverse start order: producers/consumers of a piece go before it.
    for (( i=${#SELECTED[@]}-1; i>=0; i-- )); do piece_down "${SELECTED[$i]}"; done
    ;;
  status)
    select_pieces "$@"
    for p in "${SELECTED[@]}"; do piece_status "$p"; done
    ;;
  logs)
    follow=()
    pieces=()
    for a in "$@"; do [[ "$a" == -f ]] && follow=(-F) || pieces+=("$a"); done
    select_pieces "${pieces[@]+"${pieces[@]}"}"
    files=()
    for p in "${SELECTED[@]}"; do
      f="$("${p}_log")"
      if [[ -f "$f" ]]; then files+=("$f"); else log "$p: no log yet ($f)"; fi
    done
    (( ${#files[@]} )) || exit 0
    exec tail -n "${LINES_N:-50}" "${follow[@]+"${follow[@]}"}" "${files[@]}"
    ;;
  reset)
    select_pieces "$@"
    for (( i=${#SELECTED[@]}-1; i>=0; i-- )); do piece_down "${SELECTED[$i]}"; done
    for p in "${SELECTED[@]}"; do
      is_service "$p" || continue
      d="$("${p}_data")"
      # Never delete outside the stack dir, whatever a piece file says.
      [[ -n "$d" && "$d" == "$STACK_DIR"/* && "$d" != "$CACHE_DIR"* ]] || die "$p: refusing to delete '$d'"
      log "$p: deleting data $d"
      rm -rf "$d"
      rm -f "$("${p}_log")"
    done
    log "reset done (kept $CACHE_DIR)"
    ;;
  env)
    print_env
    ;;
  kafka-topics|kafka-consumer-groups)
    kafka_tool "$cmd" "$@"
    ;;
  -h|--help|help) usage 0 ;;
  *) usage 1 >&2 ;;
esac
