# Keycloak in dev mode (embedded H2 database in its data folder) from its Quarkus distribution on
# Maven Central, importing the project's realm k8s/keycloak/realm-csm.json. Sourced by up.sh.
KEYCLOAK_DIR="$INFRA_HOME/keycloak"
KEYCLOAK_DIST="$KEYCLOAK_DIR/keycloak-$KEYCLOAK_VERSION"
KEYCLOAK_REALM_FILE="$REPO_ROOT/k8s/keycloak/realm-csm.json"

keycloak_fetch() {
  [ -x "$KEYCLOAK_DIST/bin/kc.sh" ] && return 0
  require_tool java openjdk-17-jre-headless
  require_tool mvn maven
  require_tool unzip unzip
  say "keycloak: fetching Keycloak $KEYCLOAK_VERSION with Maven (a zip of about 160 MB)…"
  mkdir -p "$KEYCLOAK_DIR"
  local began=$SECONDS zip="$KEYCLOAK_DIR/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  if ! (cd "$KEYCLOAK_DIR" && mvn -q -B -Dstyle.color=never dependency:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory=. >fetch.log 2>&1); then
    say "keycloak: Maven could not fetch the distribution. Last lines of $KEYCLOAK_DIR/fetch.log:"
    tail -n 20 "$KEYCLOAK_DIR/fetch.log" | sed 's/^/    /'
    say "keycloak: check that Maven can reach its default repository (mvn -v; ~/.m2/settings.xml), then retry."
    return 1
  fi
  # Unpacked aside and moved in whole, so an interrupted unzip never looks complete.
  rm -rf "$KEYCLOAK_DIR/unpack.partial"
  mkdir -p "$KEYCLOAK_DIR/unpack.partial"
  unzip -q "$zip" -d "$KEYCLOAK_DIR/unpack.partial"
  rm -rf "$KEYCLOAK_DIST"
  mv "$KEYCLOAK_DIR/unpack.partial/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_DIST"
  rm -rf "$KEYCLOAK_DIR/unpack.partial" "$zip"
  say "keycloak: fetched and unpacked in $((SECONDS - began))s"
}

# --import-realm skips a realm that already exists, so an edited realm file would silently not
# apply. Remember which file was imported; when it changed, drop the dev database (which only
# holds what the import put there plus test leftovers) so the next start imports it afresh.
keycloak_prepare_realm() {
  if [ ! -f "$KEYCLOAK_REALM_FILE" ]; then
    say "keycloak: the realm file $KEYCLOAK_REALM_FILE is missing; it is part of the repository (k8s/keycloak)."
    return 1
  fi
  local import_dir="$KEYCLOAK_DIST/data/import" wanted imported=""
  mkdir -p "$import_dir"
  wanted="$(sha256sum "$KEYCLOAK_REALM_FILE" | cut -d' ' -f1)"
  [ -f "$KEYCLOAK_DIR/imported-realm.sha256" ] && imported="$(cat "$KEYCLOAK_DIR/imported-realm.sha256")"
  if [ "$wanted" != "$imported" ] && [ -d "$KEYCLOAK_DIST/data/h2" ]; then
    say "keycloak: k8s/keycloak/realm-csm.json changed since it was imported; resetting the dev database to import it again"
    rm -rf "$KEYCLOAK_DIST/data/h2"
  fi
  cp "$KEYCLOAK_REALM_FILE" "$import_dir/realm-csm.json"
  echo "$wanted" >"$KEYCLOAK_DIR/imported-realm.sha256"
}

keycloak_up() {
  local started=$SECONDS pid url="http://127.0.0.1:$KEYCLOAK_PORT"
  local ready="$url/realms/csm/.well-known/openid-configuration"
  lock_service keycloak
  if pid="$(running_pid keycloak)"; then
    wait_ready keycloak 300 probe http "$ready"
    say "keycloak: already running (pid $pid) on $url — reused"
    if [ "$(sha256sum "$KEYCLOAK_REALM_FILE" | cut -d' ' -f1)" != "$(cat "$KEYCLOAK_DIR/imported-realm.sha256" 2>/dev/null)" ]; then
      say "keycloak: WARNING k8s/keycloak/realm-csm.json changed since this instance imported it (new users or clients are missing)."
      say "keycloak: restart it to re-import: bash scripts/infra/down.sh keycloak && bash scripts/infra/up.sh keycloak"
    fi
    return 0
  fi
  ensure_port_free keycloak "$KEYCLOAK_PORT"
  keycloak_fetch
  keycloak_prepare_realm
  if [ -d "$KEYCLOAK_DIST/data/h2" ]; then
    say "keycloak: starting Keycloak $KEYCLOAK_VERSION (dev mode) — log: $(log_file keycloak)"
  else
    say "keycloak: starting Keycloak $KEYCLOAK_VERSION (dev mode; the first start builds Quarkus and imports the realm, allow a minute) — log: $(log_file keycloak)"
  fi
  # Local-only credentials for the admin console; never used outside this machine.
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    JAVA_OPTS_KC_HEAP="-Xms256m -Xmx768m" \
    start_detached keycloak "$KEYCLOAK_DIST/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" --import-realm \
    --health-enabled=false --metrics-enabled=false
  wait_ready keycloak 300 probe http "$ready"
  say "keycloak: ready on $url (realm csm) — started in $((SECONDS - started))s"
}
