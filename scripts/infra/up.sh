#!/usr/bin/env bash
# Fetches (once), starts and waits for the real servers the e2e tests use, on 127.0.0.1 only:
#   bash scripts/infra/up.sh [kafka] [keycloak] [ferretdb] [k8s] [jaeger]   (default: the first three)
# Idempotent: a running server is reused, cached downloads and builds are not fetched again.
# The servers start in parallel. Writes $CSM_INFRA_HOME/env (KAFKA_BROKERS, MONGODB_URI,
# KEYCLOAK_URL of the servers running; with k8s: CSM_KUBECONFIG, KUBECONFIG and the tools' paths)
# for tests to `source`. `k8s` (etcd + kube-apiserver, built from source the first time: ~10 min)
# and `jaeger` (Jaeger, OTLP in; ~11 min cold) are optional, only started when named. See scripts/infra/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/common.sh"
source "$here/kafka.sh"
source "$here/keycloak.sh"
source "$here/ferretdb.sh"
source "$here/k8s-tools.sh"
source "$here/k8s.sh"
source "$here/jaeger.sh"

services=()
for arg in "$@"; do
  case "$arg" in
    -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    all) services+=("${ALL_SERVICES[@]}") ;;
    *)
      is_known_service "$arg" || { say "unknown server '$arg' (choose from: ${ALL_SERVICES[*]} ${OPTIONAL_SERVICES[*]})"; exit 2; }
      services+=("$arg")
      ;;
  esac
done
[ ${#services[@]} -eq 0 ] && services=("${ALL_SERVICES[@]}")
# Without duplicates, in the order given.
mapfile -t services < <(printf '%s\n' "${services[@]}" | awk '!seen[$0]++')

require_tool node nodejs
started=$SECONDS
say "up: ${services[*]} (cache and data: $INFRA_HOME)"

declare -A job
for service in "${services[@]}"; do
  ("${service}_up") &
  job[$service]=$!
done
failed=()
for service in "${services[@]}"; do
  wait "${job[$service]}" || failed+=("$service")
done

write_env
if [ ${#failed[@]} -ne 0 ]; then
  say "FAILED: ${failed[*]} (details above). 'bash scripts/infra/status.sh' shows what runs; $INFRA_HOME/env lists only those."
  exit 1
fi
say "all ready in $((SECONDS - started))s. For tests: source $INFRA_HOME/env"
