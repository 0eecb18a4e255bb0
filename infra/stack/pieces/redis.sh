# shellcheck shell=bash
# Redis piece: Debian's redis-server (7.0 on bookworm), a throwaway cache —
# no RDB snapshots, no AOF — daemonized with pid/log files in the stack dir.

REDIS_PORT="${STACK_REDIS_PORT:-6379}"
REDIS_DIR="$STACK_DIR/redis"
REDIS_PIDFILE="$RUN_DIR/redis.pid"
REDIS_LOG="$LOG_DIR/redis.log"

redis_ports()   { echo "$REDIS_PORT"; }
redis_log()     { echo "$REDIS_LOG"; }
redis_timeout() { echo 20; }
redis_data()    { echo "$REDIS_DIR"; }

redis_install() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  apt_install redis-server redis-tools
}

redis_pid() {
  local pid
  pid="$(read_pidfile "$REDIS_PIDFILE")"
  pid_alive "$pid" redis-server && echo "$pid"
}

redis_start() {
  mkdir -p "$REDIS_DIR"
  # Flags instead of a config file: nothing to keep in sync. `save ""` and
  # appendonly no = pure in-memory; data loss on restart is fine for dev.
  redis-server \
    --bind "$BIND_HOST" --port "$REDIS_PORT" --protected-mode yes \
    --daemonize yes --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" \
    --dir "$REDIS_DIR" --save '' --appendonly no \
    || fail_piece redis "$REDIS_LOG" "redis-server failed to start"
}

redis_ready() {
  [[ "$(redis-cli -h "$BIND_HOST" -p "$REDIS_PORT" PING 2>/dev/null)" == PONG ]]
}

redis_stop() {
  local pid
  pid="$(redis_pid)" || return 0
  # SIGTERM = clean shutdown; nothing to save since persistence is off.
  stop_pid "$pid" TERM 15 redis
}
