# shellcheck shell=bash
# k6 piece: a load-test CLI, not a server. Built from source with
# `go install` (no prebuilt binary downloads on this network) into the
# cache, so `reset` never triggers the multi-minute rebuild.

K6_VERSION=v1.8.1
K6_GOBIN="$CACHE_DIR/bin"
K6_BIN="$K6_GOBIN/k6"
K6_LOG="$LOG_DIR/k6-install.log"

k6_ports() { :; }
k6_log()   { echo "$K6_LOG"; }

k6_installed() {
  [[ -x "$K6_BIN" ]] && "$K6_BIN" version 2>/dev/null | grep -q "k6 $K6_VERSION\b"
}

k6_install() {
  k6_installed && return 0
  command -v go >/dev/null || die "k6: Go toolchain not found (needed to build k6 from source)"
  mkdir -p "$K6_GOBIN"
  log "k6: building go.k6.io/k6@$K6_VERSION with go install (first time ~3-5 min on 2 cores)"
  local t0=$SECONDS
  ( GOBIN="$K6_GOBIN" go install -v "go.k6.io/k6@$K6_VERSION" ) >"$K6_LOG" 2>&1 &
  local bpid=$!
  # Progress: elapsed time and how many packages go has compiled so far.
  while kill -0 "$bpid" 2>/dev/null; do
    sleep 15
    kill -0 "$bpid" 2>/dev/null || break
    log "k6: still building... $((SECONDS - t0))s, $(grep -vc '^go: ' "$K6_LOG" || true) packages compiled"
  done
  wait "$bpid" || fail_piece k6 "$K6_LOG" "go install go.k6.io/k6@$K6_VERSION failed"
  k6_installed || fail_piece k6 "$K6_LOG" "built binary does not report $K6_VERSION"
  log "k6: built in $((SECONDS - t0))s -> $K6_BIN"
}

k6_where() { echo "$K6_BIN"; }
