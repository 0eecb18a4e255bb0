# shellcheck shell=bash
# Prometheus piece: Debian's prometheus binary run directly (not its
# systemd unit), config from infra/prometheus/prometheus.yml, TSDB in the
# stack dir.

PROM_PORT="${STACK_PROM_PORT:-9090}"
PROM_CONFIG="$INFRA_DIR/prometheus/prometheus.yml"
PROM_DATA="$STACK_DIR/prometheus"
PROM_PIDFILE="$RUN_DIR/prometheus.pid"
PROM_LOG="$LOG_DIR/prometheus.log"

prometheus_ports()   { echo "$PROM_PORT"; }
prometheus_log()     { echo "$PROM_LOG"; }
prometheus_timeout() { echo 60; }
prometheus_data()    { echo "$PROM_DATA"; }

_prom_bin() { command -v prometheus || { [[ -x /usr/bin/prometheus ]] && echo /usr/bin/prometheus; }; }

prometheus_install() {
  command -v curl >/dev/null || apt_install curl   # readiness check
  _prom_bin >/dev/null && return 0
  # --no-install-recommends (in apt_install): skips node-exporter & friends.
  apt_install prometheus
}

prometheus_pid() {
  local pid
  pid="$(read_pidfile "$PROM_PIDFILE")"
  pid_alive "$pid" prometheus && echo "$pid"
}

prometheus_start() {
  mkdir -p "$PROM_DATA"
  # --web.enable-lifecycle: lets you `curl -X POST :9090/-/reload` after
  # editing prometheus.yml instead of restarting. --web.enable-admin-api: the
  # 002 guide saves a snapshot after its baseline run
  # (`curl -X POST :9090/api/v1/admin/tsdb/snapshot`; loopback only).
  spawn_daemon "$PROM_PIDFILE" "$PROM_LOG" "$(_prom_bin)" \
    --config.file="$PROM_CONFIG" \
    --storage.tsdb.path="$PROM_DATA" \
    --storage.tsdb.retention.time=7d \
    --web.listen-address="$BIND_HOST:$PROM_PORT" \
    --web.enable-lifecycle \
    --web.enable-admin-api
}

prometheus_ready() {
  curl -fsS -m 3 -o /dev/null "http://$BIND_HOST:$PROM_PORT/-/ready"
}

prometheus_stop() {
  local pid
  pid="$(prometheus_pid)" || return 0
  stop_pid "$pid" TERM 20 prometheus
}
