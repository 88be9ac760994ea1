#!/usr/bin/env bash
# The sandbox: a local Kubernetes API server (k3s instead where a Docker engine answers), three simulated Windows
# hosts listed in the windows-instances ConfigMap, the emulated cluster network, and the operator
# (io.wmco.app.Main, as an admin runs it). Prints progress until the Windows nodes are Ready and a kubectl
# command to try; Ctrl-C tears everything down.
#
#   ./sandbox.sh [--rebuild] [--real-payload | --stand-in-payload] [--build-only | [--hosts N] [--exit-when-ready]
#                [--heartbeat SECONDS] [--ready-timeout SECONDS] [--work DIR]]
#   ./sandbox.sh --in-cluster [--hosts N] [--replicas N] [--exit-when-ready] [--ready-timeout SECONDS]
#
# Payload: the real Windows binaries of scripts/build-payload.sh (target/payload) when they have been built, else
# small stand-in files. --real-payload builds the payload first (cold: ~15 min; hybrid-overlay-node.exe, which the
# module proxy does not serve, is a labelled stand-in unless WMCO_PAYLOAD_SUPPLIED holds it); --stand-in-payload
# uses stand-ins even when a payload exists.
#
# --in-cluster runs the operator as a pod instead: the local cluster with its real Linux node (kubelet,
# containerd, kube-proxy; needs root), the image of scripts/build-image.sh (payload included) imported, deploy/
# applied (io.wmco.it.incluster.InClusterSandboxMain).
#
# First run on a fresh clone: installs missing prerequisites (scripts/prerequisites.sh), builds the project
# (./mvnw package -DskipTests) and the Kubernetes binaries (it-tests/kube/build-binaries.sh, several minutes);
# later runs reuse both and rebuild only when sources changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export PATH="/usr/local/go/bin:$PATH"

payload_mode=auto
args=()
for a in "$@"; do
  case "$a" in
    --real-payload) payload_mode=real ;;
    --stand-in-payload) payload_mode=stand-in ;;
    *) args+=("$a") ;;
  esac
done
set -- "${args[@]+"${args[@]}"}"

docker_up() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }
need_prereqs() {
  command -v javac >/dev/null 2>&1 || return 0
  if [ -z "${WMCO_IT_KUBECONFIG:-}" ] && ! docker_up && ! command -v go >/dev/null 2>&1 \
      && [ ! -x "${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/1.34.4-linux-amd64/kube-apiserver" ]; then
    return 0
  fi
  return 1
}
if need_prereqs; then
  echo "sandbox: installing prerequisites (JDK, Go) ..."
  bash scripts/prerequisites.sh
fi

# Build outputs the sandbox runs from, kept apart from the modules' target folders (which other builds rewrite).
out=target/sandbox-build
stamp=$out/stamp
it_cp=$out/it.classpath
app_cp=$out/app.classpath
stale() {
  [[ "${1:-}" == --rebuild || ! -f "$stamp" || ! -s "$it_cp" || ! -s "$app_cp" || ! -s "$out/wmco-app.jar" ]] && return 0
  [[ -n "$(find "$root"/wmco-*/src/main "$root"/wmco-*/src/test/java "$root"/it-tests/src "$root"/*/pom.xml \
      "$root/pom.xml" -newer "$stamp" -print -quit)" ]]
}
# Offline first (fast, no network), then online: a Maven cache filled by another command (e.g. ./mvnw verify) may
# lack the plugins this build uses (maven-dependency-plugin).
mvn() { ./mvnw -B -q -o "$@" >/dev/null 2>&1 || ./mvnw -B -q "$@"; }
# One reactor build per classpath and nothing installed into ~/.m2: that cache may be shared with other checkouts,
# whose installs would otherwise replace this tree's modules on the classpath. The module built last writes the
# classpath file last. Then a snapshot of what runs (this tree's module jars, it-tests' classes), because other
# builds in this tree may rewrite target/ at any time.
build_once() {
  mvn package -DskipTests -pl it-tests -am dependency:build-classpath -Dmdep.outputFile="$root/$it_cp.raw"
  mvn package -DskipTests -pl wmco-app -am dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$root/$app_cp.raw"
  rm -rf "$out/modules" "$out/test-classes"; mkdir -p "$out/modules"
  local f
  for f in it app; do
    tr ':' '\n' < "$root/$out/$f.classpath.raw" | while read -r e; do
      case "$e" in
        "") ;;
        "$root"/*) cp -r "$e" "$out/modules/"; echo "$root/$out/modules/$(basename "$e")" ;;
        *) echo "$e" ;;
      esac
    done | paste -sd: - > "$root/$out/$f.classpath"
  done
  cp wmco-app/target/wmco-app-*[0-9T].jar "$out/wmco-app.jar"
  cp -r it-tests/target/test-classes "$out/test-classes"
  jar tf "$out/wmco-app.jar" 2>/dev/null | grep -q '^io/wmco/app/Main.class$' \
    && [ -f "$out/test-classes/io/wmco/it/sandbox/SandboxMain.class" ]
}
if stale "$@"; then
  mkdir -p "$out" && rm -f "$stamp" && touch "$out/stamp.new"   # sources edited during the build count as changed
  echo "sandbox: building the project (./mvnw package -DskipTests; once, then only after changes) ..."
  for attempt in 1 2 3; do
    if build_once; then mv "$out/stamp.new" "$stamp"; break; fi
    echo "sandbox: build output incomplete (another build running in this tree?); retrying ($attempt/3)"
  done
  [ -f "$stamp" ] || { echo "sandbox: could not get a complete build of wmco-app and it-tests" >&2; exit 1; }
fi

if [ -z "${WMCO_IT_KUBECONFIG:-}" ] && ! docker_up; then
  bash it-tests/kube/build-binaries.sh
  export WMCO_IT_CLUSTER="${WMCO_IT_CLUSTER:-kube-apiserver}"   # no Docker: skip the k3s probe
fi

[ "${1:-}" = --rebuild ] && shift
if [ "${1:-}" = --build-only ]; then
  exit 0   # used by bench/byoh-onboarding: build outputs in target/sandbox-build, binaries in place
fi
if [ "${1:-}" = --in-cluster ]; then
  shift
  [ "$(id -u)" -eq 0 ] || { echo "sandbox: --in-cluster needs root (the node's kubelet, containerd, network namespace)" >&2; exit 2; }
  bash it-tests/kube/build-node-tools.sh "$root/$out/node-tools"
  if [ ! -f target/image/image.env ] || [ target/image/image.env -ot "$stamp" ]; then
    echo "sandbox: building the operator image (scripts/build-image.sh; the payload and base are cached) ..."
    # As .ci/run: the module proxy refuses ovn-kubernetes, so hybrid-overlay-node.exe is a labelled stand-in.
    WMCO_PAYLOAD_STAND_INS="${WMCO_PAYLOAD_STAND_INS:-hybrid-overlay-node.exe}" bash scripts/build-image.sh >/dev/null
  fi
  export WMCO_IT_CLUSTER=kube-apiserver WMCO_IT_NODE=on
  exec java -Xmx1g -Dwmco.it.nodeTools="$root/$out/node-tools" -cp "$out/test-classes:$(cat "$it_cp")" \
    io.wmco.it.incluster.InClusterSandboxMain "$@"
fi
payload_args=()
if [ "$payload_mode" = real ]; then
  bash scripts/build-payload.sh --stand-in hybrid-overlay-node.exe >/dev/null
fi
if [ "$payload_mode" != stand-in ] && [ -f target/payload/payload-manifest.tsv ]; then
  payload_args=(--payload "$root/target/payload")
fi
exec java -Xmx1g -cp "$out/test-classes:$(cat "$it_cp")" io.wmco.it.sandbox.SandboxMain \
  --operator-classpath "$out/wmco-app.jar:$(cat "$app_cp")" "${payload_args[@]+"${payload_args[@]}"}" "$@"
