# FerretDB v1: the MongoDB wire protocol over SQLite, built from the Go module proxy. It stands
# in for MongoDB, whose own server cannot be obtained here.
FERRETDB_DIR="$INFRA_HOME/ferretdb"

ferretdb_fetch() {
  if [ -x "$FERRETDB_DIR/bin/ferretdb" ]; then return 0; fi
  require_tool go golang-go
  say "ferretdb: building FerretDB $FERRETDB_VERSION from the Go module proxy (about a minute the first time)…"
  mkdir -p "$FERRETDB_DIR/bin"
  # `go install pkg@version` trips over the proxy's module list here, so download the module,
  # copy it somewhere writable, stamp the version file its build expects, and build.
  local module_dir
  module_dir="$(cd "$FERRETDB_DIR" && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')"
  rm -rf "$FERRETDB_DIR/src"
  cp -r "$module_dir" "$FERRETDB_DIR/src"
  chmod -R u+w "$FERRETDB_DIR/src"
  echo "$FERRETDB_VERSION" >"$FERRETDB_DIR/src/build/version/version.txt"
  (cd "$FERRETDB_DIR/src" && go build -o "$FERRETDB_DIR/bin/ferretdb" ./cmd/ferretdb)
  rm -rf "$FERRETDB_DIR/src"
}

ferretdb_up() {
  local started=$SECONDS
  if is_running ferretdb; then say "ferretdb: already running on 127.0.0.1:$FERRETDB_PORT"; return 0; fi
  ferretdb_fetch
  mkdir -p "$FERRETDB_DIR/data"
  say "ferretdb: starting (log: $(log_file ferretdb))…"
  start_process ferretdb "$FERRETDB_DIR/bin/ferretdb" --handler=sqlite --sqlite-url="file:$FERRETDB_DIR/data/" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" --state-dir="$FERRETDB_DIR/data" --debug-addr="127.0.0.1:18088" --telemetry=disable --log-level=WARN
  wait_until ferretdb 60 node_check mongodb "mongodb://127.0.0.1:$FERRETDB_PORT/"
  say "ferretdb: ready on 127.0.0.1:$FERRETDB_PORT in $((SECONDS - started))s"
}
