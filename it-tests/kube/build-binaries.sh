#!/usr/bin/env bash
# Builds the Kubernetes binaries the integration suite runs (kube-apiserver, kubectl, kube-controller-manager, and
# for the suite's real Linux node kube-scheduler, kubelet, kube-proxy), etcd, and containerd with its runc shim, from
# the Go module proxy, into a cache that io.fabric8:kube-api-test reads. Idempotent: when every binary is present it
# says so and exits. WMCO_IT_NODE=off leaves out what only the node needs (scheduler, kubelet, kube-proxy,
# containerd).
#
# Layout (KUBE_API_TEST_DIR defaults to ~/.kubeapitest):
#   $KUBE_API_TEST_DIR/k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}   (what kube-api-test expects)
#   $KUBE_API_TEST_DIR/extra/<version>/{kube-controller-manager,kube-scheduler,kubelet,kube-proxy}
#                                                                                 (kept apart: the folder above
#                                                                                 must hold exactly three files)
#   $KUBE_API_TEST_DIR/node/containerd-<version>/{containerd,containerd-shim-runc-v2,ctr}
set -euo pipefail

K8S_VERSION="${WMCO_K8S_VERSION:-1.34.4}"
ETCD_VERSION="${WMCO_ETCD_VERSION:-3.6.16}"
# containerd 1.7 speaks CRI v1 (what kubelet 1.34 needs) and has no replace lines in its go.mod; Debian 12's 1.6 is
# end of life.
CONTAINERD_VERSION="${WMCO_CONTAINERD_VERSION:-1.7.30}"
BASE="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
OUT="$BASE/k8s/${K8S_VERSION}-linux-amd64"
EXTRA="$BASE/extra/${K8S_VERSION}"
CONTAINERD="$BASE/node/containerd-${CONTAINERD_VERSION}"
WORK="$BASE/build"
NODE="${WMCO_IT_NODE:-auto}"

k8s_commands=(kube-apiserver kubectl kube-controller-manager)
[ "$NODE" = off ] || k8s_commands+=(kube-scheduler kubelet kube-proxy)

k8s_target() {
  case "$1" in
    kube-apiserver|kubectl) echo "$OUT/$1" ;;
    *) echo "$EXTRA/$1" ;;
  esac
}
have_k8s() {
  local c
  for c in "${k8s_commands[@]}"; do [ -x "$(k8s_target "$c")" ] || return 1; done
}
have_containerd() {
  [ "$NODE" = off ] && return 0
  [ -x "$CONTAINERD/containerd" ] && [ -x "$CONTAINERD/containerd-shim-runc-v2" ] && [ -x "$CONTAINERD/ctr" ]
}
have_all() {
  have_k8s && [ -x "$OUT/etcd" ] && have_containerd
}

if have_all; then
  echo "kube binaries: cached in $OUT (nothing to build)"
  exit 0
fi

if [ -n "${WMCO_IT_KUBECONFIG:-}" ]; then
  echo "kube binaries: not built, WMCO_IT_KUBECONFIG names the cluster to test against"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "kube binaries: Go is required to build kube-apiserver and etcd (Go 1.24 or newer) and is not on PATH." >&2
  echo "  Get it from https://go.dev/dl/ (tar -C /usr/local -xzf go*.linux-amd64.tar.gz; export PATH=\$PATH:/usr/local/go/bin)" >&2
  echo "  or your distribution (Debian/Ubuntu: apt-get install golang-go, then check 'go version')." >&2
  echo "  Alternatives: WMCO_IT_KUBECONFIG=<kubeconfig> or a Docker engine (k3s), with -Dwmco.it.skipBinaryBuild=true." >&2
  exit 2
fi

start=$(date +%s)
mkdir -p "$OUT" "$EXTRA" "$WORK"
[ "$NODE" = off ] || mkdir -p "$CONTAINERD"

# One build at a time (two test runs may start together); the second one finds the binaries.
exec 9>"$WORK/.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
  if have_all; then
    echo "kube binaries: cached in $OUT (built by a concurrent run)"
    exit 0
  fi
fi

# Copies a built binary into place atomically, so that a reader never sees half a file.
place() {
  install -m 0755 "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"
}

# --- Kubernetes: a wrapper module that pins k8s.io/kubernetes and maps its staging modules to the
# published versions. The list comes from that version's own go.mod, never typed by hand.
if ! have_k8s; then
  kdir="$WORK/kubernetes-$K8S_VERSION"
  mkdir -p "$kdir"
  gomod=$(cd "$kdir" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  [ -f "$gomod" ] || { echo "kube binaries: could not download k8s.io/kubernetes@v$K8S_VERSION" >&2; exit 1; }
  staging=$(grep -E '^\s*k8s\.io/[^ ]+ v0\.0\.0\s*$' "$gomod" | awk '{print $1}' | sort -u)
  [ -n "$staging" ] || { echo "kube binaries: no staging modules found in $gomod" >&2; exit 1; }
  staging_version="v0.${K8S_VERSION#1.}"
  goversion=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$gomod" | head -1)
  {
    echo "module wmco.local/kube-binaries"
    echo
    echo "go $goversion"
    echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo
    for m in $staging; do echo "replace $m => $m $staging_version"; done
  } > "$kdir/go.mod"
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
  missing=()
  for c in "${k8s_commands[@]}"; do [ -x "$(k8s_target "$c")" ] || missing+=("$c"); done
  echo "kube binaries: building ${missing[*]} v$K8S_VERSION (cold: several minutes)"
  packages=()
  for c in "${missing[@]}"; do packages+=("k8s.io/kubernetes/cmd/$c"); done
  (cd "$kdir" && GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$kdir/bin/" "${packages[@]}")
  for c in "${missing[@]}"; do place "$kdir/bin/$c" "$(k8s_target "$c")"; done
fi

# --- etcd: a wrapper module requiring the server module (go install refuses it: its go.mod has replaces).
if [ ! -x "$OUT/etcd" ]; then
  edir="$WORK/etcd-$ETCD_VERSION"
  mkdir -p "$edir"
  printf 'module wmco.local/etcd-binary\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' "$ETCD_VERSION" > "$edir/go.mod"
  echo "kube binaries: building etcd v$ETCD_VERSION"
  (cd "$edir" && GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$edir/etcd" go.etcd.io/etcd/server/v3)
  place "$edir/etcd" "$OUT/etcd"
fi

# --- containerd and its runc shim (runc itself and the CNI plugins are Debian packages, see
# scripts/prerequisites.sh). Static, without the cgo-only btrfs snapshotter and the unused devmapper/zfs/aufs ones.
if ! have_containerd; then
  cdir="$WORK/containerd-$CONTAINERD_VERSION"
  mkdir -p "$cdir"
  printf 'module wmco.local/containerd-binaries\n\ngo 1.23\n\nrequire github.com/containerd/containerd v%s\n' \
    "$CONTAINERD_VERSION" > "$cdir/go.mod"
  echo "kube binaries: building containerd v$CONTAINERD_VERSION"
  (cd "$cdir" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -tags "no_btrfs no_devmapper no_zfs no_aufs" \
      -ldflags "-s -w -X github.com/containerd/containerd/version.Version=v$CONTAINERD_VERSION" -o "$cdir/bin/" \
      github.com/containerd/containerd/cmd/containerd github.com/containerd/containerd/cmd/containerd-shim-runc-v2 \
      github.com/containerd/containerd/cmd/ctr)
  for c in containerd containerd-shim-runc-v2 ctr; do place "$cdir/bin/$c" "$CONTAINERD/$c"; done
fi

have_all || { echo "kube binaries: build finished but binaries are missing in $OUT" >&2; exit 1; }
echo "kube binaries: build took $(( $(date +%s) - start )) s into $OUT (cold, without Go caches: ~4 min on 2 cores)"
"$OUT/kube-apiserver" --version
"$OUT/etcd" --version | head -1
