#!/usr/bin/env bash
# Fetches, caches and starts the real servers the e2e tests use, on 127.0.0.1 only:
#   bash scripts/infra/up.sh [kafka] [keycloak] [ferretdb]      (default: all three)
# Idempotent: running servers are reused, cached downloads and builds are not fetched again.
# Writes $CSM_INFRA_HOME/env for `source`: KAFKA_BROKERS, MONGODB_URI, KEYCLOAK_URL.
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/kafka.sh"
source "$(dirname "$0")/keycloak.sh"
source "$(dirname "$0")/ferretdb.sh"

services=("$@")
[ ${#services[@]} -eq 0 ] && services=(kafka keycloak ferretdb)
started=$SECONDS
say "starting ${services[*]} (cache: $INFRA_HOME)"

# In parallel: Keycloak's first start alone takes the better part of a minute.
pids=()
for service in "${services[@]}"; do
  case "$service" in
    kafka | keycloak | ferretdb) ("${service}_up") & pids+=($!) ;;
    *) say "unknown service '$service' (choose from kafka, keycloak, ferretdb)"; exit 2 ;;
  esac
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done

{
  echo "# written by scripts/infra/up.sh"
  is_running kafka && echo "export KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
  is_running ferretdb && echo "export MONGODB_URI=mongodb://127.0.0.1:$FERRETDB_PORT/"
  is_running keycloak && echo "export KEYCLOAK_URL=http://127.0.0.1:$KEYCLOAK_PORT"
  true
} >"$INFRA_HOME/env"

if [ $failed -ne 0 ]; then
  say "some servers did not start (see above); 'npm run infra:status' shows which."
  exit 1
fi
say "all ready in $((SECONDS - started))s. For tests: source $INFRA_HOME/env"
