#!/usr/bin/env bash
# Checks the operator image archive (scripts/build-image.sh) in a real container runtime: containerd with runc
# (Debian's packages), started here on a private socket and data root and stopped again by its PID.
#   1. imports the archive and checks the image carries the payload manifest at /payload and runs as 1001:0;
#   2. runs the image's entrypoint with --help (exit 0, lists --payload-dir);
#   3. with --kubeconfig FILE: starts the operator from the image against that API server (host network, the
#      kubeconfig flattened and mounted read-only for UID 1001) and waits until its /readyz answers 200, then
#      stops it with SIGTERM and prints its log.
#
#   scripts/check-image.sh [--kubeconfig FILE] [--namespace NS] [--keep-log FILE]
#
# Archive and reference come from WMCO_IMAGE_ARCHIVE and WMCO_IMAGE_REF, else from target/image/image.env.
# Exit status: 0 all checks passed, 1 a check failed, 2 no archive or no runtime.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { echo "check-image: $*" >&2; }
kubeconfig=""; namespace="wmco-image-check"; keep_log=""
while [ $# -gt 0 ]; do
  case "$1" in
    --kubeconfig) kubeconfig="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --keep-log) keep_log="$2"; shift 2 ;;
    *) say "unknown argument $1"; exit 2 ;;
  esac
done
if [ -z "${WMCO_IMAGE_ARCHIVE:-}" ] && [ -f "$root/target/image/image.env" ]; then
  # shellcheck disable=SC1091
  . "$root/target/image/image.env"
fi
archive="${WMCO_IMAGE_ARCHIVE:-}"; ref="${WMCO_IMAGE_REF:-}"
[ -f "$archive" ] && [ -n "$ref" ] || { say "no image archive (build it with scripts/build-image.sh)"; exit 2; }
for tool in containerd ctr runc python3; do
  command -v "$tool" >/dev/null 2>&1 || { say "$tool is missing (scripts/prerequisites.sh installs it)"; exit 2; }
done

# --- a private containerd ----------------------------------------------------------------------------------------
state="$(mktemp -d "${TMPDIR:-/tmp}/wmco-ctrd.XXXXXX")"
sock="$state/containerd.sock"
cat > "$state/config.toml" <<EOF
version = 2
root = "$state/root"
state = "$state/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$state/opt"
EOF
containerd --config "$state/config.toml" > "$state/containerd.log" 2>&1 &
echo $! > "$state/containerd.pid"
stop() {
  local pid; pid="$(cat "$state/containerd.pid")"
  ctr -a "$sock" -n wmco task kill -s SIGKILL wmco-operator >/dev/null 2>&1 || true
  ctr -a "$sock" -n wmco task delete wmco-operator >/dev/null 2>&1 || true
  ctr -a "$sock" -n wmco container delete wmco-operator >/dev/null 2>&1 || true
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  umount -R "$state/state" "$state/root" 2>/dev/null || true
  rm -rf "$state"
}
trap stop EXIT
for _ in $(seq 100); do ctr -a "$sock" version >/dev/null 2>&1 && break; sleep 0.1; done
ctr -a "$sock" version >/dev/null 2>&1 || { cat "$state/containerd.log" >&2; say "containerd did not start"; exit 2; }
c() { ctr -a "$sock" -n wmco "$@"; }

# --- 1. import ----------------------------------------------------------------------------------------------------
say "importing $archive ($(du -h "$archive" | cut -f1))"
c images import "$archive" >/dev/null
c images ls -q | grep -qx "$ref" || { c images ls >&2; say "the archive does not carry $ref"; exit 1; }
mnt="$state/mnt"; mkdir -p "$mnt"
c images mount "$ref" "$mnt" >/dev/null
[ -f "$mnt/payload/payload-manifest.tsv" ] || { say "no /payload/payload-manifest.tsv in the image"; exit 1; }
files=$(grep -cv '^#' "$mnt/payload/payload-manifest.tsv")
[ -f "$mnt/opt/wmco/wmco-app.jar" ] || { say "no /opt/wmco/wmco-app.jar in the image"; exit 1; }
c images unmount "$mnt" >/dev/null
say "image $ref: /payload holds $files files with their manifest, /opt/wmco/wmco-app.jar present"
# ctr run replaces the process arguments instead of appending them to the entrypoint (as the kubelet and
# docker run do), so the image's own Entrypoint is read from its configuration and the arguments follow it.
mapfile -t entry < <(python3 - "$archive" <<'PY'
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    read = lambda name: json.load(t.extractfile(name))
    m = read("index.json")["manifests"][0]["digest"].split(":")[1]
    cfg = read("blobs/sha256/" + m)["config"]["digest"].split(":")[1]
    print("\n".join(read("blobs/sha256/" + cfg)["config"]["Entrypoint"]))
PY
)
[ ${#entry[@]} -gt 0 ] || { say "the image configuration has no Entrypoint"; exit 1; }

# --- 2. --help through the entrypoint -------------------------------------------------------------------------------
help="$(c run --rm --net-host "$ref" wmco-help "${entry[@]}" --help 2>&1)" || { echo "$help" >&2; say "--help failed"; exit 1; }
grep -q -- '--payload-dir' <<< "$help" || { echo "$help" >&2; say "--help does not list --payload-dir"; exit 1; }
say "entrypoint --help: OK"
uid="$(c run --rm --net-host "$ref" wmco-id id -u 2>&1)"; gid="$(c run --rm --net-host "$ref" wmco-id id -g 2>&1)"
[ "$uid:$gid" = 1001:0 ] || { say "the image runs as $uid:$gid, expected 1001:0"; exit 1; }
say "runs as UID 1001, GID 0: OK"

# --- 3. a real start against the API server ---------------------------------------------------------------------
[ -n "$kubeconfig" ] || { say "OK (no --kubeconfig: the start against an API server was not checked)"; exit 0; }
kdir="$state/kube"; mkdir -p "$kdir"
python3 - "$kubeconfig" > "$kdir/kubeconfig" <<'PY'
import base64, re, sys
def inline(m):
    return "%s%s-data: %s" % (m.group(1), m.group(2), base64.b64encode(open(m.group(3).strip().strip('"'), "rb").read()).decode())
text = open(sys.argv[1]).read()
print(re.sub(r"(?m)^(\s*)(certificate-authority|client-certificate|client-key):\s*(.+)$", inline, text))
PY
chown -R 1001:0 "$kdir"; chmod 0700 "$kdir"; chmod 0600 "$kdir/kubeconfig"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# /metrics (TLS) on a free port too: on the host network a fixed 8443 may be taken.
mport="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
say "starting the operator from the image (host network, /readyz on 127.0.0.1:$port)"
c run -d --net-host --log-uri "file://$state/operator.log" \
  --mount "type=bind,src=$kdir,dst=/var/run/wmco-kube,options=rbind:ro" \
  "$ref" wmco-operator "${entry[@]}" --kubeconfig=/var/run/wmco-kube/kubeconfig --namespace="$namespace" \
  --leader-elect=false --http-port="$port" --metrics-port="$mport" --platform=none >/dev/null
ready=false
for _ in $(seq 240); do
  if [ "$(python3 - "$port" <<'PY'
import sys, urllib.request
try:
    print(urllib.request.urlopen("http://127.0.0.1:%s/readyz" % sys.argv[1], timeout=2).status)
except Exception:
    print(0)
PY
)" = 200 ]; then ready=true; break; fi
  c task ls -q | grep -qx wmco-operator || break
  sleep 0.5
done
c task kill -s SIGTERM wmco-operator >/dev/null 2>&1 || true
for _ in $(seq 60); do [ "$(c task ls 2>/dev/null | awk '$1=="wmco-operator"{print $3}')" = STOPPED ] && break; sleep 0.5; done
[ -n "$keep_log" ] && cp "$state/operator.log" "$keep_log"
sed 's/^/  operator | /' "$state/operator.log" | tail -40 >&2
$ready || { say "the operator from the image did not become ready"; exit 1; }
say "OK: the image imports into containerd, --help works, and the operator started against the API server and reached /readyz"
