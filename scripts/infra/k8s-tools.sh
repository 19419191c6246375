# Kubernetes tools for checking the Helm chart against a real API server (issue 11), all built from
# source fetched through the Go module proxy, plus the API's JSON schemas from the Python package
# index, cached under $CSM_INFRA_HOME/k8s-tools/:
#   bin/etcd, bin/kube-apiserver, bin/kubectl, bin/helm, bin/kubeconform
#   schemas/v1.34.0-standalone{,-strict}/<kind>-<group>-<version>.json   (kubeconform -schema-location)
# Sourced by up.sh (the `k8s` server needs etcd and kube-apiserver); run on its own it only builds:
#   bash scripts/infra/k8s-tools.sh            (prints the tools' paths; idempotent, fast when cached)
# Builds run under `nice -n 19`; CSM_INFRA_GOMAXPROCS=1 makes them use one core (slower, friendlier).
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
fi
K8S_TOOLS_DIR="$INFRA_HOME/k8s-tools"
K8S_BIN="$K8S_TOOLS_DIR/bin"
K8S_SCHEMAS="$K8S_TOOLS_DIR/schemas"
KUBERNETES_VERSION=v1.34.4
ETCD_VERSION=v3.6.16
HELM_VERSION=v3.19.5
KUBECONFORM_VERSION=v0.7.0
# The schema set matching KUBERNETES_VERSION's minor, from the wheel of this version.
KUBERNETES_VALIDATE_VERSION=1.37.0
KUBE_SCHEMA_VERSION=v1.34.0

k8s_go() {
  local procs=()
  [ -n "${CSM_INFRA_GOMAXPROCS:-}" ] && procs=(GOMAXPROCS="$CSM_INFRA_GOMAXPROCS")
  env GOWORK=off GOFLAGS="-buildvcs=false -mod=mod" CGO_ENABLED=0 "${procs[@]}" nice -n 19 go "$@"
}

# k8s_module_copy MODULE@VERSION DEST: downloads the module (not `go install`: the proxy here
# answers the version-list request it makes with 403) and copies it somewhere writable.
k8s_module_copy() {
  local module=$1 dest=$2 log=$3 dir
  if ! dir="$(cd "$K8S_TOOLS_DIR" && GOWORK=off GOFLAGS=-mod=mod go mod download -json "$module" 2>>"$log" |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const m=JSON.parse(s);if(!m.Dir){console.error(m.Error||"no Dir");process.exit(1)}console.log(m.Dir)})' 2>>"$log")"; then
    say "k8s-tools: could not download $module. Last lines of $log:"
    tail -n 20 "$log" | sed 's/^/    /'
    say "k8s-tools: check 'go env GOPROXY' and that the Go module proxy is reachable, then retry."
    return 1
  fi
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  cp -r "$dir" "$dest"
  chmod -R u+w "$dest"
}

# k8s_go_build NAME SRC_DIR LDFLAGS PACKAGE...: builds into bin/ through a staging folder, so an
# interrupted build never leaves a half-written binary that looks cached.
k8s_go_build() {
  local name=$1 src=$2 ldflags=$3 log="$K8S_TOOLS_DIR/build-$1.log" began=$SECONDS
  shift 3
  rm -rf "$K8S_BIN.partial-$name"
  mkdir -p "$K8S_BIN.partial-$name" "$K8S_BIN"
  if ! (cd "$src" && k8s_go build -trimpath -ldflags "$ldflags" -o "$K8S_BIN.partial-$name/" "$@" >>"$log" 2>&1); then
    say "k8s-tools: building $name failed. Last lines of $log:"
    tail -n 20 "$log" | sed 's/^/    /'
    say "k8s-tools: these need Go ≥ 1.24 (etcd $ETCD_VERSION: ≥ 1.26; go version: $(go version 2>/dev/null)); fix the cause and run 'bash scripts/infra/k8s-tools.sh' again."
    rm -rf "$K8S_BIN.partial-$name" "$src"
    return 1
  fi
  mv -f "$K8S_BIN.partial-$name"/* "$K8S_BIN/"
  rm -rf "$K8S_BIN.partial-$name" "$src"
  say "k8s-tools: $name built in $((SECONDS - began))s"
}

# A tool counts as cached when its binary exists and the stamp says which version built it.
k8s_cached() { [ -x "$K8S_BIN/$1" ] && [ "$(cat "$K8S_BIN/.$1.version" 2>/dev/null)" = "$2" ]; }
k8s_stamp() { echo "$2" >"$K8S_BIN/.$1.version"; }

# etcd: its server module carries `replace` directives, so `go install` refuses it; a two-line
# main module that requires it (replaces apply only in the main module) calling etcdmain.Main does.
k8s_build_etcd() {
  k8s_cached etcd "$ETCD_VERSION" && return 0
  say "k8s-tools: building etcd $ETCD_VERSION (wrapper module around etcdmain)…"
  local src="$K8S_TOOLS_DIR/src/etcd"
  rm -rf "$src"
  mkdir -p "$src"
  cat >"$src/go.mod" <<EOF
module csm.local/etcd

go 1.26.0

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
EOF
  cat >"$src/main.go" <<'EOF'
// etcd's own main, built from its server module (see scripts/infra/k8s-tools.sh).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  (cd "$src" && k8s_go mod tidy >>"$K8S_TOOLS_DIR/build-etcd.log" 2>&1) || {
    say "k8s-tools: resolving etcd's dependencies failed; see $K8S_TOOLS_DIR/build-etcd.log"
    return 1
  }
  k8s_go_build etcd "$src" "-s -w" . && k8s_stamp etcd "$ETCD_VERSION"
}

# kube-apiserver and kubectl: k8s.io/kubernetes points its staging modules (k8s.io/api,
# client-go, …) at ./staging with a replace block, and the module zip holds no staging folder.
# A writable copy without that block, the staging requirements set to their published
# v0.<minor>.<patch> tags, and no go.work builds both.
k8s_build_kubernetes() {
  k8s_cached kube-apiserver "$KUBERNETES_VERSION" && k8s_cached kubectl "$KUBERNETES_VERSION" && return 0
  say "k8s-tools: building kube-apiserver and kubectl $KUBERNETES_VERSION (about 10 min cold on 2 cores, longer on one)…"
  local src="$K8S_TOOLS_DIR/src/kubernetes" staging minor
  k8s_module_copy "k8s.io/kubernetes@$KUBERNETES_VERSION" "$src" "$K8S_TOOLS_DIR/build-kubernetes.log" || return 1
  staging="v0${KUBERNETES_VERSION#v1}"
  rm -rf "$src/vendor" "$src/go.work" "$src/go.work.sum"
  # Drop `replace ( … )`, then require the published staging versions instead of v0.0.0.
  awk '/^replace \($/{skip=1;next} skip&&/^\)$/{skip=0;next} !skip' "$src/go.mod" |
    sed -E "s#^(\s+k8s\.io/[a-z0-9-]+) v0\.0\.0\$#\1 $staging#" >"$src/go.mod.new"
  mv -f "$src/go.mod.new" "$src/go.mod"
  minor="${KUBERNETES_VERSION#v1.}"
  minor="${minor%%.*}"
  local x ldflags="-s -w"
  for x in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    ldflags+=" -X $x.gitVersion=$KUBERNETES_VERSION -X $x.gitMajor=1 -X $x.gitMinor=$minor -X $x.gitTreeState=clean"
  done
  k8s_go_build kubernetes "$src" "$ldflags" ./cmd/kube-apiserver ./cmd/kubectl &&
    k8s_stamp kube-apiserver "$KUBERNETES_VERSION" && k8s_stamp kubectl "$KUBERNETES_VERSION"
}

k8s_build_helm() {
  k8s_cached helm "$HELM_VERSION" && return 0
  say "k8s-tools: building helm $HELM_VERSION…"
  local src="$K8S_TOOLS_DIR/src/helm" p ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  k8s_module_copy "helm.sh/helm/v3@$HELM_VERSION" "$src" "$K8S_TOOLS_DIR/build-helm.log" || return 1
  # As helm's Makefile does: the Kubernetes version `helm template` and `helm lint` assume.
  for p in pkg/lint/rules pkg/chartutil; do ldflags+=" -X helm.sh/helm/v3/$p.k8sVersionMajor=1 -X helm.sh/helm/v3/$p.k8sVersionMinor=34"; done
  k8s_go_build helm "$src" "$ldflags" ./cmd/helm && k8s_stamp helm "$HELM_VERSION"
}

k8s_build_kubeconform() {
  k8s_cached kubeconform "$KUBECONFORM_VERSION" && return 0
  say "k8s-tools: building kubeconform $KUBECONFORM_VERSION…"
  local src="$K8S_TOOLS_DIR/src/kubeconform"
  k8s_module_copy "github.com/yannh/kubeconform@$KUBECONFORM_VERSION" "$src" "$K8S_TOOLS_DIR/build-kubeconform.log" || return 1
  k8s_go_build kubeconform "$src" "-s -w -X main.version=$KUBECONFORM_VERSION" ./cmd/kubeconform && k8s_stamp kubeconform "$KUBECONFORM_VERSION"
}

# The wheel `kubernetes-validate` ships the API's schemas per Kubernetes version as
# <version>-local[-strict]/<kind>-<group>-<version>.json referring to /api/_definitions.json.
# kubeconform resolves `$ref`s relative to the file and its default layout is
# <version>-standalone[-strict]/…: so the `/api/` prefix goes, the top-level `$id` goes, and the
# folders are named as kubeconform looks for them.
k8s_fetch_schemas() {
  local stamp="$K8S_SCHEMAS/.version" want="$KUBERNETES_VALIDATE_VERSION $KUBE_SCHEMA_VERSION"
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
  say "k8s-tools: fetching the Kubernetes $KUBE_SCHEMA_VERSION JSON schemas (Python package kubernetes-validate $KUBERNETES_VALIDATE_VERSION)…"
  local work="$K8S_TOOLS_DIR/schemas.partial" log="$K8S_TOOLS_DIR/fetch-schemas.log" pip
  pip="$(command -v pip3 || command -v pip)" || { say "k8s-tools: pip is missing; install the Debian package python3-pip and retry."; return 1; }
  require_tool unzip unzip
  rm -rf "$work"
  mkdir -p "$work/wheel"
  if ! "$pip" download --no-deps --only-binary=:all: -d "$work/wheel" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >"$log" 2>&1; then
    say "k8s-tools: could not download kubernetes-validate. Last lines of $log:"
    tail -n 20 "$log" | sed 's/^/    /'
    say "k8s-tools: check that pip reaches the package index ('pip config list'), then retry."
    return 1
  fi
  unzip -q "$work"/wheel/*.whl "kubernetes_validate/kubernetes-json-schema/$KUBE_SCHEMA_VERSION-local/*" \
    "kubernetes_validate/kubernetes-json-schema/$KUBE_SCHEMA_VERSION-local-strict/*" -d "$work/unzipped" >>"$log" 2>&1 || {
    say "k8s-tools: the wheel has no $KUBE_SCHEMA_VERSION schemas (see $log)"
    return 1
  }
  node - "$work/unzipped/kubernetes_validate/kubernetes-json-schema" "$work/out" "$KUBE_SCHEMA_VERSION" <<'EOF' >>"$log" 2>&1 || { say "k8s-tools: rewriting the schemas failed (see $log)"; return 1; }
const fs = require('node:fs');
const path = require('node:path');
const [from, to, version] = process.argv.slice(2);
const fix = (node) => {
  if (Array.isArray(node)) return node.map(fix);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === '$ref' && typeof value === 'string' ? value.replace(/^\/api\//, '') : fix(value);
  }
  return out;
};
let files = 0;
for (const suffix of ['', '-strict']) {
  const source = path.join(from, `${version}-local${suffix}`);
  const target = path.join(to, `${version}-standalone${suffix}`);
  fs.mkdirSync(target, { recursive: true });
  for (const name of fs.readdirSync(source)) {
    if (!name.endsWith('.json')) continue;
    const schema = fix(JSON.parse(fs.readFileSync(path.join(source, name), 'utf8')));
    delete schema.$id;
    fs.writeFileSync(path.join(target, name), JSON.stringify(schema));
    files++;
  }
}
console.log(`${files} schemas written`);
EOF
  rm -rf "$K8S_SCHEMAS"
  mv "$work/out" "$K8S_SCHEMAS"
  echo "$want" >"$stamp"
  rm -rf "$work"
}

# All five tools and the schemas; each step is skipped when cached.
k8s_tools_fetch() {
  require_tool go golang-go
  require_tool node nodejs
  mkdir -p "$K8S_BIN"
  local began=$SECONDS
  k8s_fetch_schemas && k8s_build_kubeconform && k8s_build_helm && k8s_build_etcd && k8s_build_kubernetes || return 1
  rmdir "$K8S_TOOLS_DIR/src" 2>/dev/null || true
  ((SECONDS - began > 1)) && say "k8s-tools: all built in $((SECONDS - began))s ($K8S_BIN)"
  return 0
}

# Run directly: build what is missing and say where everything is.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  exec 9>"$INFRA_HOME/.k8s-tools.lock"
  flock -w 1800 9 2>/dev/null || true
  k8s_tools_fetch || exit 1
  for tool in etcd kube-apiserver kubectl helm kubeconform; do say "k8s-tools: $K8S_BIN/$tool ($(cat "$K8S_BIN/.$tool.version"))"; done
  say "k8s-tools: schemas for kubeconform: -schema-location $K8S_SCHEMAS -kubernetes-version ${KUBE_SCHEMA_VERSION#v}"
fi
