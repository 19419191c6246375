# Jaeger: an OpenTelemetry trace collector with a query API, for the test that follows one command
# across processes (issue 11, "Traces leave the process"). Built from source fetched through the Go
# module proxy (module github.com/jaegertracing/jaeger $JAEGER_VERSION, its `cmd/jaeger`: the
# Jaeger v2 distribution, an OpenTelemetry collector with Jaeger's storage and query inside; the
# v1 `all-in-one` of the same module is end-of-life), spans kept in memory. Sourced by up.sh.
#   $INFRA_HOME/jaeger/  bin/jaeger (+ .jaeger.version), config.yaml (written at each start),
#                        jaeger.log, build.log
JAEGER_DIR="$INFRA_HOME/jaeger"
JAEGER_BIN="$JAEGER_DIR/bin/jaeger"

# Not `go install …/cmd/jaeger@v1.76.0`: the module has a `replace` directive (sarama), which
# go install refuses, and the proxy here answers go install's version-list request with 403. And
# the query UI embeds `cmd/query/app/ui/actual/*`, an empty folder the module zip does not hold
# (the UI is built from a separate repository): a placeholder file there makes it compile, and
# Jaeger then serves its own "UI not built" page — the HTTP query API is all the tests need.
jaeger_fetch() {
  if [ -x "$JAEGER_BIN" ] && [ "$(cat "$JAEGER_DIR/bin/.jaeger.version" 2>/dev/null)" = "$JAEGER_VERSION" ]; then
    return 0
  fi
  require_tool go golang-go
  say "jaeger: building Jaeger $JAEGER_VERSION (cmd/jaeger) from the Go module proxy (several minutes the first time, under nice -n 19)…"
  mkdir -p "$JAEGER_DIR/bin"
  local module_dir src="$JAEGER_DIR/src.partial" log="$JAEGER_DIR/build.log" began=$SECONDS procs=()
  : >"$log"
  if ! module_dir="$(cd "$JAEGER_DIR" && GOWORK=off GOFLAGS=-mod=mod go mod download -json "github.com/jaegertracing/jaeger@$JAEGER_VERSION" 2>>"$log" |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const m=JSON.parse(s);if(!m.Dir){console.error(m.Error||"no Dir");process.exit(1)}console.log(m.Dir)})' 2>>"$log")"; then
    say "jaeger: could not download the module. Last lines of $log:"
    tail -n 20 "$log" | sed 's/^/    /'
    say "jaeger: check 'go env GOPROXY' and that the Go module proxy is reachable, then retry."
    return 1
  fi
  rm -rf "$src"
  cp -r "$module_dir" "$src"
  chmod -R u+w "$src"
  mkdir -p "$src/cmd/query/app/ui/actual"
  echo "The Jaeger UI is not built into this binary (scripts/infra/jaeger.sh)." >"$src/cmd/query/app/ui/actual/README"
  [ -n "${CSM_INFRA_GOMAXPROCS:-}" ] && procs=(GOMAXPROCS="$CSM_INFRA_GOMAXPROCS")
  say "jaeger: module fetched in $((SECONDS - began))s; compiling (progress: tail -f $log)…"
  # -buildvcs=false: the copy is no git checkout. CGO off: a static binary, no C toolchain needed.
  if ! (cd "$src" && env GOWORK=off GOFLAGS="-buildvcs=false -mod=mod" CGO_ENABLED=0 "${procs[@]}" nice -n 19 \
    go build -v -trimpath -ldflags "-s -w" -o "$JAEGER_BIN.partial" ./cmd/jaeger >>"$log" 2>&1); then
    say "jaeger: the build failed. Last lines of $log:"
    tail -n 20 "$log" | sed 's/^/    /'
    say "jaeger: Jaeger $JAEGER_VERSION needs Go ≥ 1.24 (go version: $(go version 2>/dev/null)); fix the cause and run 'bash scripts/infra/up.sh jaeger' again."
    rm -rf "$src" "$JAEGER_BIN.partial"
    return 1
  fi
  mv -f "$JAEGER_BIN.partial" "$JAEGER_BIN"
  echo "$JAEGER_VERSION" >"$JAEGER_DIR/bin/.jaeger.version"
  rm -rf "$src"
  say "jaeger: built in $((SECONDS - began))s"
}

# Only what the tests use, all on 127.0.0.1: OTLP over HTTP and gRPC in, spans in memory, the
# query API out. The collector's own metrics endpoint (default :8888 on all interfaces) is off.
jaeger_write_config() {
  cat >"$JAEGER_DIR/config.yaml" <<EOF
# Written by scripts/infra/jaeger.sh at each start; edits are overwritten.
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: none
    logs:
      level: info

extensions:
  jaeger_query:
    storage:
      traces: memstore
    # Jaeger would trace its own queries to an OTLP collector at 127.0.0.1:4317, which is not there.
    enable_tracing: false
    http:
      endpoint: 127.0.0.1:$JAEGER_QUERY_PORT
    grpc:
      endpoint: 127.0.0.1:$JAEGER_QUERY_GRPC_PORT
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000

receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$JAEGER_OTLP_GRPC_PORT
      http:
        endpoint: 127.0.0.1:$JAEGER_OTLP_HTTP_PORT

processors:
  batch:
    timeout: 200ms

exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
EOF
}

jaeger_up() {
  local started=$SECONDS pid query="http://127.0.0.1:$JAEGER_QUERY_PORT"
  lock_service jaeger
  if pid="$(running_pid jaeger)"; then
    wait_ready jaeger 60 probe http "$query/api/services"
    say "jaeger: already running (pid $pid), OTLP on http://127.0.0.1:$JAEGER_OTLP_HTTP_PORT, query on $query — reused"
    return 0
  fi
  local port
  for port in "$JAEGER_QUERY_PORT" "$JAEGER_QUERY_GRPC_PORT" "$JAEGER_OTLP_HTTP_PORT" "$JAEGER_OTLP_GRPC_PORT"; do
    ensure_port_free jaeger "$port"
  done
  jaeger_fetch
  jaeger_write_config
  say "jaeger: starting Jaeger $JAEGER_VERSION (in memory) — log: $(log_file jaeger)"
  start_detached jaeger "$JAEGER_BIN" --config="$JAEGER_DIR/config.yaml"
  wait_ready jaeger 60 probe http "$query/api/services"
  wait_ready jaeger 30 probe tcp "127.0.0.1:$JAEGER_OTLP_HTTP_PORT"
  say "jaeger: ready, OTLP on http://127.0.0.1:$JAEGER_OTLP_HTTP_PORT, query on $query — started in $((SECONDS - started))s"
}
