#!/usr/bin/env bash
# One line per server: running and answering or not, address, pid, log; then the env file.
#   bash scripts/infra/status.sh [--check] [kafka] [keycloak] [ferretdb] [k8s]
#   (default: the three, and k8s when it runs)
# With --check the exit status is 3 unless every server asked about is running and answering.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/common.sh"
source "$here/k8s-tools.sh"
source "$here/k8s.sh"
source "$here/jaeger.sh"

check_mode=false services=()
for arg in "$@"; do
  case "$arg" in
    --check) check_mode=true ;;
    *) is_known_service "$arg" || { say "unknown server '$arg' (choose from: ${ALL_SERVICES[*]} ${OPTIONAL_SERVICES[*]})"; exit 2; }
      services+=("$arg") ;;
  esac
done
[ ${#services[@]} -eq 0 ] && mapfile -t services < <(default_and_running_services)

# The readiness probe of each server (k8s: the API server's /readyz, through kubectl).
answers() { if [ "$1" = k8s ]; then k8s_readyz; else probe "${probe_args[@]}"; fi; }

all_ready=true
for service in "${services[@]}"; do
  case "$service" in
    kafka) version=$KAFKA_VERSION port=$KAFKA_PORT address="127.0.0.1:$KAFKA_PORT"
      probe_args=(kafka "$address") cached="$INFRA_HOME/kafka/lib/kafka_2.13-$KAFKA_VERSION.jar" ;;
    keycloak) version=$KEYCLOAK_VERSION port=$KEYCLOAK_PORT address="http://127.0.0.1:$KEYCLOAK_PORT"
      probe_args=(http "$address/realms/csm/.well-known/openid-configuration")
      cached="$INFRA_HOME/keycloak/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ;;
    ferretdb) version=$FERRETDB_VERSION port=$FERRETDB_PORT address="mongodb://127.0.0.1:$FERRETDB_PORT/"
      probe_args=(mongodb "$address") cached="$INFRA_HOME/ferretdb/bin/ferretdb" ;;
    k8s) version="$KUBERNETES_VERSION (etcd $ETCD_VERSION)" port=$K8S_API_PORT address="https://127.0.0.1:$K8S_API_PORT"
      probe_args=() cached="$K8S_BIN/kube-apiserver" ;;
    jaeger) version=$JAEGER_VERSION port=$JAEGER_QUERY_PORT address="http://127.0.0.1:$JAEGER_QUERY_PORT (OTLP http://127.0.0.1:$JAEGER_OTLP_HTTP_PORT)"
      probe_args=(http "http://127.0.0.1:$JAEGER_QUERY_PORT/api/services") cached="$JAEGER_BIN" ;;
  esac
  if pid="$(running_pid "$service")"; then
    if answers "$service" >/dev/null 2>&1; then state="running, ready"; else state="running, NOT answering"; all_ready=false; fi
    say "$service $version: $state at $address (pid $pid, log $(log_file "$service"))"
  else
    all_ready=false
    if [ -e "$cached" ]; then fetched="cached"; else fetched="not fetched yet"; fi
    [ "$service" = k8s ] && [ ! -e "$cached" ] && fetched="not built yet: bash scripts/infra/up.sh k8s"
    [ "$service" = jaeger ] && [ ! -e "$cached" ] && fetched="not built yet: bash scripts/infra/up.sh jaeger"
    if port_open "$port"; then
      say "$service $version: stopped ($fetched); its port $port is taken by another process"
    else
      say "$service $version: stopped ($fetched)"
    fi
  fi
done
[ -f "$INFRA_HOME/env" ] && say "env for tests: source $INFRA_HOME/env"
if $check_mode && ! $all_ready; then exit 3; fi
exit 0
