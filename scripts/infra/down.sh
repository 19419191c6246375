#!/usr/bin/env bash
# Stops servers started by up.sh (TERM to the process group, KILL after $CSM_INFRA_STOP_TIMEOUT,
# default 20 s): bash scripts/infra/down.sh [kafka] [keycloak] [ferretdb] [k8s] [jaeger]
# (default: the three, and k8s or jaeger when running).
# Downloads, builds and data stay; see scripts/infra/README.md to reset them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/common.sh"
source "$here/k8s-tools.sh"
source "$here/k8s.sh"
source "$here/jaeger.sh"

services=("$@")
[ ${#services[@]} -eq 0 ] && mapfile -t services < <(default_and_running_services)
for service in "${services[@]}"; do
  is_known_service "$service" || { say "unknown server '$service' (choose from: ${ALL_SERVICES[*]} ${OPTIONAL_SERVICES[*]})"; exit 2; }
done

# Stopped in parallel: Kafka and Keycloak each take a few seconds to shut down cleanly.
pids=()
for service in "${services[@]}"; do
  if is_running "$service"; then
    (lock_service "$service" && stop_service "$service") &
    pids+=($!)
  else
    rm -f "$(pid_file "$service")"
    say "$service: not running"
  fi
done
for pid in "${pids[@]}"; do wait "$pid"; done
# k8s: etcd is stopped after its API server has exited (and when the API server had died).
for service in "${services[@]}"; do [ "$service" = k8s ] && k8s_stop_stray_etcd; done
write_env
say "down: done (downloads and data kept in $INFRA_HOME)"
