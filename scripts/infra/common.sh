# Shared by up.sh, down.sh, status.sh. Everything lives under $CSM_INFRA_HOME (default
# <repo>/.cache/infra, ignored by git): downloads, builds, data, logs and pid files.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRA_HOME="${CSM_INFRA_HOME:-$REPO_ROOT/.cache/infra}"
mkdir -p "$INFRA_HOME"

KAFKA_VERSION=3.9.1
# Ports can be moved, e.g. for a private broker that a fault test stops and starts.
KAFKA_PORT=${CSM_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${CSM_KAFKA_CONTROLLER_PORT:-19093}
KEYCLOAK_VERSION=26.4.5
KEYCLOAK_PORT=18080
FERRETDB_VERSION=v1.24.0
FERRETDB_PORT=27018

say() { echo "[infra] $*"; }

pid_file() { echo "$INFRA_HOME/$1/$1.pid"; }
log_file() { echo "$INFRA_HOME/$1/$1.log"; }

is_running() {
  local pid_path
  pid_path="$(pid_file "$1")"
  [ -f "$pid_path" ] && kill -0 "$(cat "$pid_path")" 2>/dev/null
}

# wait_until NAME TIMEOUT_SECONDS COMMAND...: polls COMMAND every second; on timeout prints the
# log tail and what to do, and fails.
wait_until() {
  local name=$1 timeout=$2 started=$SECONDS
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ! is_running "$name"; then
      say "$name: the process exited. Last lines of $(log_file "$name"):"
      tail -n 30 "$(log_file "$name")" | sed 's/^/    /'
      say "$name: fix the cause above, then run 'npm run infra:up' again ('npm run infra:down' and deleting $INFRA_HOME/$name resets it)."
      return 1
    fi
    if (( SECONDS - started > timeout )); then
      say "$name: not ready after ${timeout}s. Last lines of $(log_file "$name"):"
      tail -n 30 "$(log_file "$name")" | sed 's/^/    /'
      say "$name: see the log above; 'npm run infra:down' then 'npm run infra:up' retries."
      return 1
    fi
    sleep 1
  done
}

# start_process NAME COMMAND...: starts in the background, detached, logging to the log file.
start_process() {
  local name=$1
  shift
  mkdir -p "$INFRA_HOME/$name"
  setsid "$@" >>"$(log_file "$name")" 2>&1 < /dev/null &
  echo $! >"$(pid_file "$name")"
}

stop_process() {
  local name=$1 pid
  if ! is_running "$name"; then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  pid="$(cat "$(pid_file "$name")")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$name")"
}

require_tool() {
  local tool=$1 package=$2
  if ! command -v "$tool" >/dev/null 2>&1; then
    say "installing $package (for $tool)…"
    apt-get update -qq && apt-get install -y -qq "$package" >/dev/null
  fi
}

node_check() { (cd "$REPO_ROOT" && node "$REPO_ROOT/scripts/infra/check.cjs" "$@"); }
