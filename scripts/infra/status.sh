#!/usr/bin/env bash
# One line per server: running or not, where, and its log.
set -euo pipefail
source "$(dirname "$0")/common.sh"
for service in kafka keycloak ferretdb; do
  if is_running "$service"; then
    say "$service: running (pid $(cat "$(pid_file "$service")"), log $(log_file "$service"))"
  else
    say "$service: stopped"
  fi
done
