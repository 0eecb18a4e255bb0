# shellcheck shell=bash
# PostgreSQL piece: our own cluster (initdb) under $STACK_DIR/postgres/data,
# run by the unprivileged `postgres` user (postgres refuses to run as root).
# The system cluster / systemd unit of the Debian package are never used.

PG_PORT="${STACK_PG_PORT:-5432}"   # STACK_*_PORT: a second stack beside this one
PG_USER_OS=postgres                      # OS user that owns and runs the cluster
PG_DATA="$STACK_DIR/postgres/data"
PG_SOCKET_DIR="$RUN_DIR/postgres"        # unix socket inside the stack dir, not /var/run
PG_LOG="$LOG_DIR/postgres.log"
PG_DATABASES=(perflab perflab_test)

postgres_ports()   { echo "$PG_PORT"; }
postgres_log()     { echo "$PG_LOG"; }
postgres_timeout() { echo 60; }
postgres_data()    { echo "$STACK_DIR/postgres"; }

# Newest installed major version, e.g. /usr/lib/postgresql/15/bin.
_pg_bindir() {
  local d
  d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  [[ -n "$d" && -x "$d/pg_ctl" ]] && echo "$d"
}

_pg_as_owner() { runuser -u "$PG_USER_OS" -- "$@"; }

postgres_install() {
  local bindir ver=""
  bindir="$(_pg_bindir || true)"
  if [[ -n "$bindir" ]]; then
    ver="$(basename "$(dirname "$bindir")")"
  fi
  # contrib (pg_stat_statements) ships inside postgresql-NN on Debian 15+,
  # postgresql-contrib is the meta package that guarantees it elsewhere.
  if [[ -z "$bindir" || ! -f "/usr/share/postgresql/$ver/extension/pg_stat_statements.control" ]]; then
    apt_install postgresql postgresql-contrib
    bindir="$(_pg_bindir)" || die "postgres: no server binaries found after install"
  fi
  id -u "$PG_USER_OS" >/dev/null 2>&1 \
    || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$PG_USER_OS"
  # The cluster runs as $PG_USER_OS, which must be able to reach the stack dir
  # (fails e.g. for a checkout under /root, which is mode 700).
  mkdir -p "$STACK_DIR"
  runuser -u "$PG_USER_OS" -- test -x "$STACK_DIR" \
    || die "postgres: user '$PG_USER_OS' cannot enter $STACK_DIR (a parent folder is not world-executable). Use STACK_DIR=/var/tmp/perflab-stack or chmod o+x the parents."
}

postgres_pid() {
  local pid
  pid="$(read_pidfile "$PG_DATA/postmaster.pid")"
  pid_alive "$pid" postgres && echo "$pid"
}

_pg_initdb() {
  local bindir="$1"
  log "postgres: initdb in $PG_DATA"
  mkdir -p "$PG_DATA"
  chown -R "$PG_USER_OS:" "$STACK_DIR/postgres"
  chmod 700 "$PG_DATA"
  # local socket: trust (only reachable inside .stack); TCP: password.
  _pg_as_owner "$bindir/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >>"$PG_LOG" 2>&1 \
    || fail_piece postgres "$PG_LOG" "initdb failed"
  # Our settings live in their own file (rewritten each start) so
  # postgresql.conf stays as initdb made it.
  echo "include_if_exists = 'perflab.conf'" >>"$PG_DATA/postgresql.conf"
}

_pg_write_conf() {
  cat >"$PG_DATA/perflab.conf" <<EOF
# Written by infra/stack/pieces/postgres.sh on every start; edit there.
listen_addresses = '$BIND_HOST'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
EOF
  chown "$PG_USER_OS:" "$PG_DATA/perflab.conf"
}

postgres_start() {
  local bindir
  bindir="$(_pg_bindir)"
  ensure_layout
  mkdir -p "$STACK_DIR/postgres" "$PG_SOCKET_DIR"
  # The postgres user must traverse to its data dir and write its log/socket.
  touch "$PG_LOG"
  chown "$PG_USER_OS:" "$PG_LOG" "$PG_SOCKET_DIR" "$STACK_DIR/postgres"
  [[ -f "$PG_DATA/PG_VERSION" ]] || _pg_initdb "$bindir"
  _pg_write_conf
  # A crash can leave a stale postmaster.pid; pg_ctl handles that itself.
  _pg_as_owner "$bindir/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null \
    || fail_piece postgres "$PG_LOG" "pg_ctl start failed"
  _pg_bootstrap
}

# Idempotent: roles, databases, extensions. Runs on every `up` (cheap).
_pg_bootstrap() {
  local psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres)
  "${psql[@]}" -d postgres >>"$PG_LOG" 2>&1 <<'SQL' || fail_piece postgres "$PG_LOG" "bootstrap SQL failed"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'perflab') THEN
    -- SUPERUSER: local dev only; lets migrations CREATE EXTENSION freely.
    CREATE ROLE perflab LOGIN SUPERUSER PASSWORD 'perflab';
  END IF;
END $$;
SELECT 'CREATE DATABASE perflab OWNER perflab'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'perflab') \gexec
SELECT 'CREATE DATABASE perflab_test OWNER perflab'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'perflab_test') \gexec
SQL
  local db
  for db in "${PG_DATABASES[@]}"; do
    "${psql[@]}" -d "$db" -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' >>"$PG_LOG" 2>&1 \
      || fail_piece postgres "$PG_LOG" "CREATE EXTENSION pg_stat_statements failed in $db"
  done
}

# Real query over TCP as the app user, exactly how services connect.
postgres_ready() {
  PGPASSWORD=perflab PGCONNECT_TIMEOUT=3 psql -X -At -h "$BIND_HOST" -p "$PG_PORT" \
    -U perflab -d perflab -c 'select 1' 2>/dev/null | grep -qx 1
}

postgres_stop() {
  local pid bindir
  pid="$(postgres_pid)" || return 0
  bindir="$(_pg_bindir)"
  # fast = roll back open transactions and exit; don't wait for clients.
  _pg_as_owner "$bindir/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 && return 0
  warn "postgres: fast shutdown timed out; immediate shutdown"
  stop_pid "$pid" QUIT 10 postgres
}
