#!/usr/bin/env bash
# Stops what up.sh started (TERM, then KILL after 20 s). Cached downloads and data stay.
set -euo pipefail
source "$(dirname "$0")/common.sh"
for service in kafka keycloak ferretdb; do
  if is_running "$service"; then
    say "$service: stopping"
    stop_process "$service"
  fi
done
rm -f "$INFRA_HOME/env"
say "stopped"
