# shellcheck shell=bash
# Python piece: a virtual environment with the stack's Python tools (Schemathesis for the
# bad-input sweep, Locust and the Socket.IO client for chat's load generator), not a server.
# Every pin and its hash is in infra/stack/python-requirements.txt; installed with
# --require-hashes from a wheel folder in the cache, so after the first download it
# installs offline, and `reset` never deletes it.

PY_REQUIREMENTS="$INFRA_DIR/stack/python-requirements.txt"
PY_VENV="$STACK_DIR/venv"
PY_WHEELS="$CACHE_DIR/pip-wheels"
PY_LOG="$LOG_DIR/python-install.log"

python_ports() { :; }
python_log()   { echo "$PY_LOG"; }
python_where() { echo "$PY_VENV"; }

# Stamp = requirements hash + interpreter version: either changing rebuilds the venv.
_python_stamp() {
  printf '%s %s\n' "$(sha256sum "$PY_REQUIREMENTS" | cut -c1-16)" "$(python3 -V 2>&1)"
}

python_installed() {
  [[ -x "$PY_VENV/bin/python" ]] \
    && [[ "$(cat "$PY_VENV/.stamp" 2>/dev/null || true)" == "$(_python_stamp)" ]]
}

# The venv's pip, pointed only at the requirements (never a machine-wide find-links).
_python_pip() { PIP_FIND_LINKS='' PIP_DISABLE_PIP_VERSION_CHECK=1 "$PY_VENV/bin/pip" "$@"; }

python_install() {
  command -v python3 >/dev/null || apt_install python3 python3-venv
  python_installed && return 0
  # Debian splits venv/ensurepip out of python3; a pyenv or official build has them.
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
  log "python: creating $PY_VENV from $(basename "$PY_REQUIREMENTS") (first time ~1-2 min)"
  local t0=$SECONDS
  mkdir -p "$PY_WHEELS"
  : >"$PY_LOG"
  # Built in place (a venv's scripts name its path); the stamp, written last, marks it done,
  # so an interrupted install is redone from scratch next time.
  rm -rf "$PY_VENV"
  python3 -m venv "$PY_VENV" >>"$PY_LOG" 2>&1 \
    || fail_piece python "$PY_LOG" "python3 -m venv failed"
  # Offline first, from the wheels cached by an earlier run; else download them, then install.
  if ! _python_pip install -q --no-index --find-links "$PY_WHEELS" --require-hashes \
    -r "$PY_REQUIREMENTS" >>"$PY_LOG" 2>&1; then
    log "python: downloading wheels into $PY_WHEELS"
    _python_pip download -q --require-hashes -d "$PY_WHEELS" -r "$PY_REQUIREMENTS" >>"$PY_LOG" 2>&1 \
      || fail_piece python "$PY_LOG" "pip download failed (no network and no cached wheels?)"
    _python_pip install -q --no-index --find-links "$PY_WHEELS" --require-hashes \
      -r "$PY_REQUIREMENTS" >>"$PY_LOG" 2>&1 \
      || fail_piece python "$PY_LOG" "pip install --require-hashes failed"
  fi
  "$PY_VENV/bin/schemathesis" --version >>"$PY_LOG" 2>&1 \
    || fail_piece python "$PY_LOG" "schemathesis does not run in the new venv"
  _python_stamp >"$PY_VENV/.stamp"
  log "python: venv ready in $((SECONDS - t0))s -> $PY_VENV"
}
