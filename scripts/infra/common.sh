# Shared by up.sh, down.sh and status.sh (sourced, not run). Everything lives under
# $CSM_INFRA_HOME (default <repo>/.cache/infra, ignored by git): one folder per server holding its
# download or build, its data, <name>.log (previous run in <name>.log.1) and <name>.pid.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRA_HOME="${CSM_INFRA_HOME:-$REPO_ROOT/.cache/infra}"
mkdir -p "$INFRA_HOME"
# Absolute, because the path doubles as the marker that tells our processes from strangers.
# Physical (-P): a git worktree whose .cache links to the main checkout's must see the servers that
# checkout started as its own, or its up.sh rewrites env with them unset (and starts duplicates).
INFRA_HOME="$(cd "$INFRA_HOME" && pwd -P)"

ALL_SERVICES=(kafka keycloak ferretdb)
# Started only when named (`up.sh k8s`); down.sh and status.sh include them when running.
OPTIONAL_SERVICES=(k8s)
# Jaeger (an OTLP collector with a query API) is optional too: its cold build takes minutes.
OPTIONAL_SERVICES+=(jaeger)

KAFKA_VERSION=3.9.1
KEYCLOAK_VERSION=26.4.5
FERRETDB_VERSION=v1.24.0
# Ports can be moved, e.g. for the private broker a fault test stops and starts (PrivateKafka).
KAFKA_PORT=${CSM_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${CSM_KAFKA_CONTROLLER_PORT:-19093}
KEYCLOAK_PORT=${CSM_KEYCLOAK_PORT:-18080}
FERRETDB_PORT=${CSM_FERRETDB_PORT:-27018}
FERRETDB_DEBUG_PORT=${CSM_FERRETDB_DEBUG_PORT:-18088}
JAEGER_VERSION=v1.76.0
JAEGER_OTLP_HTTP_PORT=${CSM_JAEGER_OTLP_HTTP_PORT:-14318}
JAEGER_OTLP_GRPC_PORT=${CSM_JAEGER_OTLP_GRPC_PORT:-14317}
JAEGER_QUERY_PORT=${CSM_JAEGER_QUERY_PORT:-16686}
JAEGER_QUERY_GRPC_PORT=${CSM_JAEGER_QUERY_GRPC_PORT:-16685}
STOP_TIMEOUT=${CSM_INFRA_STOP_TIMEOUT:-20}

say() { echo "[infra] $*"; }

service_dir() { echo "$INFRA_HOME/$1"; }
pid_file() { echo "$INFRA_HOME/$1/$1.pid"; }
log_file() { echo "$INFRA_HOME/$1/$1.log"; }
# Where each server keeps its state; deleting it (server stopped) starts that server afresh.
data_dir() {
  case "$1" in
    keycloak) echo "$INFRA_HOME/keycloak/keycloak-$KEYCLOAK_VERSION/data/h2" ;;
    *) echo "$INFRA_HOME/$1/data" ;;
  esac
}

is_known_service() {
  local s
  for s in "${ALL_SERVICES[@]}" "${OPTIONAL_SERVICES[@]}"; do [ "$s" = "$1" ] && return 0; done
  return 1
}

# The default servers, and the optional ones that are running now.
default_and_running_services() {
  local s
  printf '%s\n' "${ALL_SERVICES[@]}"
  for s in "${OPTIONAL_SERVICES[@]}"; do is_running "$s" && echo "$s"; done
  return 0
}

# The pid in the pid file, if that process is alive AND is ours: its command line mentions the
# service's folder. A pid reused by an unrelated process after a reboot is not mistaken for it.
running_pid() {
  local pid_path pid
  pid_path="$(pid_file "$1")"
  [ -f "$pid_path" ] || return 1
  pid="$(tr -dc '0-9' <"$pid_path")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$(service_dir "$1")" || return 1
  fi
  echo "$pid"
}
is_running() { running_pid "$1" >/dev/null; }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Refuse to start when something that is not ours already holds the port: starting would only
# fail later with a less helpful message, and tests would talk to the stranger.
ensure_port_free() {
  local name=$1 port=$2
  if port_open "$port"; then
    say "$name: port 127.0.0.1:$port is already taken by another process (not started from $INFRA_HOME)."
    say "$name: find it with: ss -ltnp 'sport = :$port'  — stop it, or run 'bash scripts/infra/down.sh' with the CSM_INFRA_HOME that started it."
    return 1
  fi
}

# Serialises up/down of one server, so two `up.sh` at once (two terminals, two jest runs) do not
# both fetch or both start it: the second waits, then finds it running and reuses it.
lock_service() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$INFRA_HOME/.$1.lock"
  if ! flock -n 9; then
    say "$1: another up/down of it is in progress; waiting for it…"
    flock -w 900 9 || { say "$1: still locked after 900s ($INFRA_HOME/.$1.lock)"; return 1; }
  fi
}

show_log_tail() {
  local log
  log="$(log_file "$1")"
  say "$1: last lines of $log:"
  tail -n "${2:-30}" "$log" 2>/dev/null | sed 's/^/    /'
}

# start_detached NAME COMMAND...: runs COMMAND in its own session (so down.sh can signal the whole
# process group), stdin closed, output to the log; the previous run's log is kept as .log.1.
start_detached() {
  local name=$1 log
  shift
  log="$(log_file "$name")"
  mkdir -p "$(service_dir "$name")"
  [ -f "$log" ] && mv -f "$log" "$log.1"
  echo "=== $(date -u +%FT%TZ) $*" >"$log"
  # 9>&-: the server must not inherit the lock held while it starts (lock_service).
  setsid "$@" >>"$log" 2>&1 </dev/null 9>&- &
  echo $! >"$(pid_file "$name")"
}

# wait_ready NAME TIMEOUT_SECONDS PROBE...: polls PROBE every second until it succeeds. Fails early
# if the process died, or after the timeout, printing the log tail and what to do next.
wait_ready() {
  local name=$1 timeout=$2 started=$SECONDS next_note=30
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ! is_running "$name"; then
      say "$name: the process exited before it was ready."
      show_log_tail "$name"
      say "$name: fix the cause above and run 'bash scripts/infra/up.sh $name' again; to start from empty data: 'bash scripts/infra/down.sh $name && rm -rf $(data_dir "$name")' (see scripts/infra/README.md)."
      return 1
    fi
    if ((SECONDS - started >= timeout)); then
      say "$name: not ready after ${timeout}s."
      show_log_tail "$name"
      say "$name: it is still running (pid $(running_pid "$name")); check the log above, then 'bash scripts/infra/down.sh $name && bash scripts/infra/up.sh $name' to retry."
      return 1
    fi
    if ((SECONDS - started >= next_note)); then
      say "$name: still starting ($((SECONDS - started))s)…"
      next_note=$((next_note + 30))
    fi
    sleep 1
  done
}

# stop_service NAME: TERM to the process group, KILL after $STOP_TIMEOUT seconds.
stop_service() {
  local name=$1 pid
  pid="$(running_pid "$name")" || {
    rm -f "$(pid_file "$name")"
    return 0
  }
  say "$name: stopping (pid $pid)…"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null && ((waited < STOP_TIMEOUT)); do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name: did not stop within ${STOP_TIMEOUT}s; killing it."
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$(pid_file "$name")"
  say "$name: stopped in ${waited}s"
}

# The environment file tests `source`: one line per server that is running now.
write_env() {
  local env_file="$INFRA_HOME/env"
  {
    echo "# written by scripts/infra (up.sh/down.sh) at $(date -u +%FT%TZ); servers running then:"
    if is_running kafka; then echo "export KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"; else echo "unset KAFKA_BROKERS"; fi
    if is_running ferretdb; then echo "export MONGODB_URI=mongodb://127.0.0.1:$FERRETDB_PORT/"; else echo "unset MONGODB_URI"; fi
    if is_running keycloak; then echo "export KEYCLOAK_URL=http://127.0.0.1:$KEYCLOAK_PORT"; else echo "unset KEYCLOAK_URL"; fi
    # Jaeger (optional, `up.sh jaeger`): where services send OTLP, and where tests query traces.
    if is_running jaeger; then
      echo "export CSM_OTLP_ENDPOINT=http://127.0.0.1:$JAEGER_OTLP_HTTP_PORT CSM_JAEGER_QUERY_URL=http://127.0.0.1:$JAEGER_QUERY_PORT"
    else
      echo "unset CSM_OTLP_ENDPOINT CSM_JAEGER_QUERY_URL"
    fi
    # Kubernetes (optional, `up.sh k8s`): the tools once built, the API server while it runs.
    # KUBECONFIG is exported for kubectl/helm by hand; tests use CSM_KUBECONFIG, and a KUBECONFIG
    # of the developer's own is left alone when ours is not running.
    local tools="$INFRA_HOME/k8s-tools"
    if [ -x "$tools/bin/helm" ] && [ -x "$tools/bin/kubectl" ] && [ -x "$tools/bin/kubeconform" ] && [ -f "$tools/schemas/.version" ]; then
      echo "export CSM_KUBE_TOOLS=$tools/bin CSM_KUBECTL=$tools/bin/kubectl CSM_HELM=$tools/bin/helm CSM_KUBECONFORM=$tools/bin/kubeconform CSM_KUBE_SCHEMAS=$tools/schemas"
    else
      echo "unset CSM_KUBE_TOOLS CSM_KUBECTL CSM_HELM CSM_KUBECONFORM CSM_KUBE_SCHEMAS"
    fi
    if is_running k8s; then
      echo "export CSM_KUBECONFIG=$INFRA_HOME/k8s/kubeconfig KUBECONFIG=$INFRA_HOME/k8s/kubeconfig"
    else
      echo "unset CSM_KUBECONFIG"
      echo "if [ \"\${KUBECONFIG:-}\" = $INFRA_HOME/k8s/kubeconfig ]; then unset KUBECONFIG; fi"
    fi
  } >"$env_file.tmp"
  mv -f "$env_file.tmp" "$env_file"
}

# require_tool COMMAND DEBIAN_PACKAGE: the image has java, mvn, go and node; install from the
# distribution's packages only when one is missing.
require_tool() {
  local tool=$1 package=$2 sudo=""
  command -v "$tool" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      say "'$tool' is missing; install the Debian package '$package' (apt-get install $package) and retry."
      return 1
    fi
  fi
  say "'$tool' is missing: installing $package…"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null
}

# Readiness probes in node, with the repository's kafkajs and mongodb drivers (check.cjs).
probe() { node "$REPO_ROOT/scripts/infra/check.cjs" "$@"; }
