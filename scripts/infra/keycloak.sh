# Keycloak in dev mode, from its Quarkus distribution on Maven Central, importing the project's
# realm export (k8s/keycloak/realm-csm.json) on start.
KEYCLOAK_DIR="$INFRA_HOME/keycloak"
KEYCLOAK_DIST="$KEYCLOAK_DIR/keycloak-$KEYCLOAK_VERSION"

keycloak_fetch() {
  if [ -x "$KEYCLOAK_DIST/bin/kc.sh" ]; then return 0; fi
  require_tool java openjdk-17-jre-headless
  require_tool mvn maven
  require_tool unzip unzip
  say "keycloak: fetching Keycloak $KEYCLOAK_VERSION with Maven (about 160 MB)…"
  mkdir -p "$KEYCLOAK_DIR"
  (cd "$KEYCLOAK_DIR" && mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory=.)
  (cd "$KEYCLOAK_DIR" && unzip -q -o "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" && rm -f "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip")
}

keycloak_up() {
  local started=$SECONDS
  if is_running keycloak; then say "keycloak: already running on 127.0.0.1:$KEYCLOAK_PORT"; return 0; fi
  keycloak_fetch
  mkdir -p "$KEYCLOAK_DIST/data/import"
  cp "$REPO_ROOT/k8s/keycloak/realm-csm.json" "$KEYCLOAK_DIST/data/import/realm-csm.json"
  say "keycloak: starting in dev mode (the first start builds Quarkus and is slow; log: $(log_file keycloak))…"
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin JAVA_OPTS_KC_HEAP="-Xms256m -Xmx768m" \
    start_process keycloak "$KEYCLOAK_DIST/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" --import-realm --health-enabled=false --log-level=WARN
  wait_until keycloak 300 node_check http "http://127.0.0.1:$KEYCLOAK_PORT/realms/csm/.well-known/openid-configuration"
  say "keycloak: ready on http://127.0.0.1:$KEYCLOAK_PORT in $((SECONDS - started))s"
}
