# shellcheck shell=bash
# Shared helpers for infra/stack/stack.sh and infra/stack/pieces/*.sh.
# Sourced, never executed. Callers run with `set -euo pipefail`.
# shellcheck disable=SC2034  # variables here are used by the piece files

# --- Layout -----------------------------------------------------------------
# Everything the stack writes lives under one folder so `reset` and .gitignore
# have a single target. Default: <repo>/.stack, override with STACK_DIR.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRA_DIR="$REPO_ROOT/infra"
STACK_DIR="${STACK_DIR:-$REPO_ROOT/.stack}"
case "$STACK_DIR" in /*) ;; *) STACK_DIR="$(pwd)/$STACK_DIR" ;; esac
# downloads/builds: survive `reset`; STACK_CACHE_DIR lets a second stack (the bench's chaos
# stack) share the first one's jars and k6 instead of downloading them again.
CACHE_DIR="${STACK_CACHE_DIR:-$STACK_DIR/cache}"
LOG_DIR="$STACK_DIR/logs"
RUN_DIR="$STACK_DIR/run"       # pid files and sockets
BIND_HOST=127.0.0.1

ensure_layout() {
  mkdir -p "$CACHE_DIR" "$LOG_DIR" "$RUN_DIR"
  # Self-ignoring folder: works even before the repo's .gitignore lists it.
  [[ -f "$STACK_DIR/.gitignore" ]] || printf '*\n' >"$STACK_DIR/.gitignore"
}

# --- Output -----------------------------------------------------------------
log()  { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] WARN: %s\n' "$*" >&2; }
die()  { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# Name the piece and its log, and show the log tail: the usual first question.
fail_piece() { # piece logfile message
  local piece="$1" logfile="$2" msg="$3"
  printf '[stack] ERROR: %s: %s\n' "$piece" "$msg" >&2
  printf '[stack]        log: %s\n' "$logfile" >&2
  if [[ -f "$logfile" ]]; then
    printf '[stack] --- last 20 lines of %s ---\n' "$logfile" >&2
    tail -n 20 "$logfile" >&2 || true
  fi
  exit 1
}

# --- Waiting ----------------------------------------------------------------
# wait_until TIMEOUT_S CMD... : poll CMD every second until it succeeds.
# Stops early (returns 2) if WAIT_ALIVE_CMD is set and says the process died,
# so a crashed server fails in seconds instead of after the full timeout
# (after a 3 s grace: daemons that fork write their pid file a bit late).
wait_until() {
  local timeout="$1"; shift
  local start=$SECONDS
  while (( SECONDS - start < timeout )); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ -n "${WAIT_ALIVE_CMD:-}" ]] && (( SECONDS - start >= 3 )) \
       && ! $WAIT_ALIVE_CMD >/dev/null 2>&1; then
      return 2
    fi
    sleep 1
  done
  "$@" >/dev/null 2>&1
}

# --- Processes --------------------------------------------------------------
# pid_alive PID [CMDLINE_PATTERN]: alive, and (if given) really our program —
# guards against a stale pid file whose number the kernel gave to someone else.
pid_alive() {
  local pid="$1" pattern="${2:-}"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ -z "$pattern" ]] && return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"
}

read_pidfile() { # file -> first line (postmaster.pid has more lines)
  if [[ -f "$1" ]]; then head -n 1 "$1" | tr -dc '0-9'; fi
}

# stop_pid PID SIGNAL TIMEOUT_S LABEL: graceful signal, wait, then SIGKILL.
stop_pid() {
  local pid="$1" sig="$2" timeout="$3" label="$4"
  kill -"$sig" "$pid" 2>/dev/null || return 0
  local start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS - start >= timeout )); then
      warn "$label (pid $pid) still running after ${timeout}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
}

# Start a foreground program as a detached daemon: own session (so it
# outlives the shell/job that ran `up`), stdout+stderr to its log, pid saved.
spawn_daemon() { # pidfile logfile cmd...
  local pidfile="$1" logfile="$2"; shift 2
  setsid nohup "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

# --- Ports ------------------------------------------------------------------
port_in_use() { # port
  if command -v ss >/dev/null; then
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
  else # minimal images without iproute2: try to connect
    (exec 3<>"/dev/tcp/$BIND_HOST/$1") 2>/dev/null
  fi
}

port_owner() { # port -> "name pid=N" if ss can tell
  { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(.*)' | head -n 1; } || true
}

# Fail unless every port is free. Only called when our own process is NOT
# running, so anything listening there belongs to someone else.
require_free_ports() { # piece port...
  local piece="$1"; shift
  local p
  for p in "$@"; do
    if port_in_use "$p"; then
      die "$piece: port $p is already in use by something not started by this stack ($(port_owner "$p")). Stop it or free the port, then retry."
    fi
  done
}

# --- Packages ---------------------------------------------------------------
# apt-get update at most once per run, and only when something is missing.
_APT_UPDATED=0
apt_install() { # packages...
  command -v apt-get >/dev/null || die "apt-get not found; install $* by hand"
  if (( _APT_UPDATED == 0 )); then
    log "apt-get update (needed for: $*)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    _APT_UPDATED=1
  fi
  log "apt-get install $*"
  # Debian packages start their system service on install; we run our own
  # instances on the same ports, so block that with a policy-rc.d (the
  # standard container trick) unless one is already in place.
  local made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
    >"$LOG_DIR/apt-install.log" 2>&1 || rc=$?
  (( made_policy )) && rm -f /usr/sbin/policy-rc.d
  (( rc == 0 )) || fail_piece "apt" "$LOG_DIR/apt-install.log" "apt-get install $* failed (exit $rc)"
}

# --- Maven Central jars ------------------------------------------------------
# maven_jars POM DIR LABEL WHAT: the runtime jars POM declares, copied into DIR once
# (LABEL names the log lines and .stack/logs/LABEL-mvn.log; WHAT says what they are).
# Stamp = hash of the pom, so a version bump in the pom re-resolves them.
maven_jars() {
  local pom="$1" dir="$2" label="$3" what="$4" stamp
  stamp="$(sha256sum "$pom" | cut -c1-16)"
  [[ "$(cat "$dir/.stamp" 2>/dev/null || true)" == "$stamp" ]] && return 0
  command -v mvn >/dev/null || apt_install maven
  log "$label: resolving $what jars from Maven Central (first time ~20 s)"
  local t0=$SECONDS mvn_log="$LOG_DIR/$label-mvn.log"
  rm -rf "$dir"
  mvn -q -B -f "$pom" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$dir" >"$mvn_log" 2>&1 \
    || fail_piece "$label" "$mvn_log" "mvn dependency:copy-dependencies failed"
  echo "$stamp" >"$dir/.stamp"
  log "$label: jars ready in $((SECONDS - t0))s ($dir)"
}

# --- Status line ------------------------------------------------------------
status_line() { # piece state pid port
  printf '%-11s %-9s pid=%-8s port=%s\n' "$1" "$2" "${3:--}" "$4"
}
