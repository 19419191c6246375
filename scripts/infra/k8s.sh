# A loopback Kubernetes control plane for checking the Helm chart (issue 11): etcd and
# kube-apiserver on 127.0.0.1, nothing else (no scheduler, controller manager or kubelet, so
# objects are stored and validated but no pod ever runs). Optional: `bash scripts/infra/up.sh k8s`;
# the default `up.sh` does not start it. Sourced by up.sh, down.sh and status.sh.
#   $INFRA_HOME/k8s/  pki/ (CA, API server certificate, admin client certificate, service-account
#                     keys; generated once), data/etcd/, kubeconfig (admin, for kubectl and helm),
#                     start.sh (this run's command lines), k8s.log (kube-apiserver), etcd.log
K8S_DIR="$INFRA_HOME/k8s"
K8S_PKI="$K8S_DIR/pki"
K8S_KUBECONFIG="$K8S_DIR/kubeconfig"
K8S_API_PORT=${CSM_K8S_API_PORT:-16443}
K8S_ETCD_PORT=${CSM_K8S_ETCD_PORT:-12379}
K8S_ETCD_PEER_PORT=${CSM_K8S_ETCD_PEER_PORT:-12380}
K8S_SERVICE_CIDR=10.96.0.0/16

# Certificates and keys, generated once with openssl (10 years; delete pki/ to make new ones).
k8s_pki() {
  [ -f "$K8S_PKI/admin.crt" ] && [ -f "$K8S_PKI/sa.pub" ] && return 0
  require_tool openssl openssl
  say "k8s: generating a CA, the API server's certificate, an admin client certificate and service-account keys in $K8S_PKI"
  local work="$K8S_PKI.partial" log="$K8S_DIR/pki.log"
  rm -rf "$work"
  mkdir -p "$work"
  (
    set -e
    cd "$work"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=csm-local-kubernetes-ca"
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver"
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1" \
      "extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature,keyEncipherment" >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 3650 -extfile apiserver.ext
    # Member of system:masters: every permission, through RBAC's built-in binding.
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=csm-admin"
    printf '%s\n' "extendedKeyUsage=clientAuth" "keyUsage=critical,digitalSignature,keyEncipherment" >admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 3650 -extfile admin.ext
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
    rm -f ./*.csr ./*.ext
    chmod 600 ./*.key
  ) >"$log" 2>&1 || {
    say "k8s: openssl failed; see $log"
    rm -rf "$work"
    return 1
  }
  rm -rf "$K8S_PKI"
  mv "$work" "$K8S_PKI"
}

# Only the owner may read it (helm warns otherwise): it names the admin's private key.
k8s_write_kubeconfig() {
  rm -f "$K8S_KUBECONFIG.tmp"
  (umask 077 && touch "$K8S_KUBECONFIG.tmp")
  cat >>"$K8S_KUBECONFIG.tmp" <<EOF
# Admin access to the loopback API server started by scripts/infra (up.sh k8s).
apiVersion: v1
kind: Config
clusters:
  - name: csm-local
    cluster:
      server: https://127.0.0.1:$K8S_API_PORT
      certificate-authority: $K8S_PKI/ca.crt
users:
  - name: csm-admin
    user:
      client-certificate: $K8S_PKI/admin.crt
      client-key: $K8S_PKI/admin.key
contexts:
  - name: csm-local
    context:
      cluster: csm-local
      user: csm-admin
      namespace: default
current-context: csm-local
EOF
  mv -f "$K8S_KUBECONFIG.tmp" "$K8S_KUBECONFIG"
}

k8s_readyz() { "$K8S_BIN/kubectl" --kubeconfig "$K8S_KUBECONFIG" --request-timeout=2s get --raw /readyz; }

# etcd runs beside the API server (started by start.sh, which then becomes kube-apiserver), in a
# session of its own; down.sh stops it once the API server has exited, and up.sh stops one left
# behind by an API server that died before starting both again.
k8s_stop_stray_etcd() {
  local pid
  [ -f "$K8S_DIR/etcd.pid" ] || return 0
  pid="$(tr -dc '0-9' <"$K8S_DIR/etcd.pid" 2>/dev/null)" || return 0
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || { rm -f "$K8S_DIR/etcd.pid"; return 0; }
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$K8S_DIR" || { rm -f "$K8S_DIR/etcd.pid"; return 0; }
  say "k8s: stopping etcd (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null && ((waited < 10)); do sleep 1; waited=$((waited + 1)); done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$K8S_DIR/etcd.pid"
}

k8s_up() {
  local started=$SECONDS pid
  lock_service k8s
  if pid="$(running_pid k8s)"; then
    wait_ready k8s 60 k8s_readyz
    say "k8s: already running (pid $pid) at https://127.0.0.1:$K8S_API_PORT — reused"
    return 0
  fi
  k8s_stop_stray_etcd
  ensure_port_free k8s "$K8S_API_PORT"
  ensure_port_free k8s "$K8S_ETCD_PORT"
  ensure_port_free k8s "$K8S_ETCD_PEER_PORT"
  # The tools are built once for every user of this cache; a second builder waits for the first.
  exec 8>"$INFRA_HOME/.k8s-tools.lock"
  command -v flock >/dev/null 2>&1 && flock -w 3600 8
  k8s_tools_fetch || return 1
  exec 8>&-
  mkdir -p "$K8S_DIR/data"
  k8s_pki || return 1
  k8s_write_kubeconfig
  local etcd_args=(
    --name=csm-local --data-dir="$K8S_DIR/data/etcd"
    --listen-client-urls="http://127.0.0.1:$K8S_ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$K8S_ETCD_PORT"
    --listen-peer-urls="http://127.0.0.1:$K8S_ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$K8S_ETCD_PEER_PORT"
    --initial-cluster="csm-local=http://127.0.0.1:$K8S_ETCD_PEER_PORT"
    # A throwaway test store: no fsync, so a chart test does not wait on the disk.
    --unsafe-no-fsync --log-level=warn
  )
  local api_args=(
    --etcd-servers="http://127.0.0.1:$K8S_ETCD_PORT"
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$K8S_API_PORT"
    --tls-cert-file="$K8S_PKI/apiserver.crt" --tls-private-key-file="$K8S_PKI/apiserver.key"
    --client-ca-file="$K8S_PKI/ca.crt"
    --service-account-issuer=https://kubernetes.default.svc.cluster.local
    --service-account-key-file="$K8S_PKI/sa.pub" --service-account-signing-key-file="$K8S_PKI/sa.key"
    --service-cluster-ip-range="$K8S_SERVICE_CIDR"
    --authorization-mode=RBAC --allow-privileged=true --profiling=false
    # The "kubernetes" Service's endpoint would be 127.0.0.1, which validation refuses (an error every 10 s).
    --endpoint-reconciler-type=none
    --cert-dir="$K8S_DIR/data/certs"
  )
  {
    echo '#!/usr/bin/env bash'
    echo '# Written by scripts/infra/k8s.sh at each start: etcd in the background, then this shell becomes kube-apiserver.'
    # etcd in a session of its own: down.sh's TERM to the API server's group must not reach it,
    # since an API server whose etcd has gone waits ~20 s for requests that cannot finish. It is
    # stopped after the API server has exited (k8s_stop_stray_etcd).
    printf 'setsid '
    printf '%q ' "$K8S_BIN/etcd" "${etcd_args[@]}"
    printf '>>%q 2>&1 &\n' "$K8S_DIR/etcd.log"
    printf 'echo $! >%q\n' "$K8S_DIR/etcd.pid"
    printf 'for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/%s) 2>/dev/null && break; sleep 0.1; done\n' "$K8S_ETCD_PORT"
    printf 'exec '
    printf '%q ' "$K8S_BIN/kube-apiserver" "${api_args[@]}"
    echo
  } >"$K8S_DIR/start.sh"
  [ -f "$K8S_DIR/etcd.log" ] && mv -f "$K8S_DIR/etcd.log" "$K8S_DIR/etcd.log.1"
  say "k8s: starting etcd $ETCD_VERSION and kube-apiserver $KUBERNETES_VERSION — logs: $(log_file k8s), $K8S_DIR/etcd.log"
  start_detached k8s bash "$K8S_DIR/start.sh"
  wait_ready k8s 120 k8s_readyz || return 1
  say "k8s: ready at https://127.0.0.1:$K8S_API_PORT (kubeconfig $K8S_KUBECONFIG) — started in $((SECONDS - started))s"
}
