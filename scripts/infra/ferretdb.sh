# FerretDB v1: the MongoDB wire protocol over SQLite files, built from source fetched through the
# Go module proxy (a MongoDB server itself cannot be fetched here). v2 needs PostgreSQL with the
# DocumentDB extension, hence v1. Sourced by up.sh.
FERRETDB_DIR="$INFRA_HOME/ferretdb"
FERRETDB_BIN="$FERRETDB_DIR/bin/ferretdb"

# Not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.0`, for two reasons: go install
# asks the proxy for the module's version list (to report deprecation) and the proxy here answers
# that with 403; and a binary built that way panics at start, because FerretDB embeds
# build/version/version.txt, which its release process writes and the module zip lacks. So:
# download exactly that version, copy it somewhere writable, write version.txt, build.
ferretdb_fetch() {
  if [ -x "$FERRETDB_BIN" ] && [ "$("$FERRETDB_BIN" --version 2>/dev/null | sed -n 's/^version: //p')" = "$FERRETDB_VERSION" ]; then
    return 0
  fi
  require_tool go golang-go
  say "ferretdb: building FerretDB $FERRETDB_VERSION from the Go module proxy (a minute or more the first time)…"
  mkdir -p "$FERRETDB_DIR/bin"
  local module_dir src="$FERRETDB_DIR/src.partial" began=$SECONDS
  if ! module_dir="$(cd "$FERRETDB_DIR" && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" 2>"$FERRETDB_DIR/fetch.log" |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const m=JSON.parse(s);if(!m.Dir){console.error(m.Error||"no Dir");process.exit(1)}console.log(m.Dir)})' 2>>"$FERRETDB_DIR/fetch.log")"; then
    say "ferretdb: could not download the module. Last lines of $FERRETDB_DIR/fetch.log:"
    tail -n 20 "$FERRETDB_DIR/fetch.log" | sed 's/^/    /'
    say "ferretdb: check 'go env GOPROXY' and that the Go module proxy is reachable, then retry."
    return 1
  fi
  rm -rf "$src"
  cp -r "$module_dir" "$src"
  chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  # -buildvcs=false: the copy is no git checkout. CGO off: the SQLite driver is pure Go.
  if ! (cd "$src" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -o "$FERRETDB_BIN.partial" ./cmd/ferretdb >>"$FERRETDB_DIR/fetch.log" 2>&1); then
    say "ferretdb: the build failed. Last lines of $FERRETDB_DIR/fetch.log:"
    tail -n 20 "$FERRETDB_DIR/fetch.log" | sed 's/^/    /'
    say "ferretdb: FerretDB $FERRETDB_VERSION needs a recent Go (go version: $(go version 2>/dev/null)); fix and retry."
    rm -rf "$src"
    return 1
  fi
  mv -f "$FERRETDB_BIN.partial" "$FERRETDB_BIN"
  rm -rf "$src"
  say "ferretdb: built in $((SECONDS - began))s"
}

ferretdb_up() {
  local started=$SECONDS pid uri="mongodb://127.0.0.1:$FERRETDB_PORT/"
  lock_service ferretdb
  if pid="$(running_pid ferretdb)"; then
    wait_ready ferretdb 60 probe mongodb "$uri"
    say "ferretdb: already running (pid $pid) on 127.0.0.1:$FERRETDB_PORT — reused"
    return 0
  fi
  ensure_port_free ferretdb "$FERRETDB_PORT"
  ensure_port_free ferretdb "$FERRETDB_DEBUG_PORT"
  ferretdb_fetch
  mkdir -p "$FERRETDB_DIR/data" "$FERRETDB_DIR/state"
  say "ferretdb: starting FerretDB $FERRETDB_VERSION (SQLite) — log: $(log_file ferretdb)"
  # ERROR: at WARN it logs a full dump for each client's closing endSessions, which v1 lacks.
  start_detached ferretdb "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$FERRETDB_DIR/data/" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" --debug-addr="127.0.0.1:$FERRETDB_DEBUG_PORT" \
    --state-dir="$FERRETDB_DIR/state" --telemetry=disable --log-level=ERROR
  wait_ready ferretdb 60 probe mongodb "$uri"
  say "ferretdb: ready on 127.0.0.1:$FERRETDB_PORT — started in $((SECONDS - started))s"
}
