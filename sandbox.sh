#!/usr/bin/env bash
# The sandbox: a local Kubernetes API server (k3s instead where a Docker engine answers), three simulated Windows
# hosts listed in the windows-instances ConfigMap, the emulated cluster network, and the operator
# (io.wmco.app.Main, as an admin runs it). Prints progress until the Windows nodes are Ready and a kubectl
# command to try; Ctrl-C tears everything down.
#
#   ./sandbox.sh [--rebuild] [--build-only | [--hosts N] [--exit-when-ready] [--heartbeat SECONDS]
#                [--ready-timeout SECONDS] [--work DIR]]
#
# First run on a fresh clone: installs missing prerequisites (scripts/prerequisites.sh), builds the project
# (./mvnw install -DskipTests) and the Kubernetes binaries (it-tests/kube/build-binaries.sh, several minutes);
# later runs reuse both and rebuild only when sources changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export PATH="/usr/local/go/bin:$PATH"

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
if stale "$@"; then
  offline=-o
  [ -f "$stamp" ] || [ -d "$HOME/.m2/repository/io/kubernetes" ] || offline=""
  mkdir -p "$out" && rm -f "$stamp" && touch "$out/stamp.new"   # sources edited during the build count as changed
  echo "sandbox: building the project (./mvnw install -DskipTests; once, then only after changes) ..."
  # shellcheck disable=SC2086
  ./mvnw -B -q $offline install -DskipTests
  # shellcheck disable=SC2086
  ./mvnw -B -q $offline -pl it-tests dependency:build-classpath -Dmdep.outputFile="$root/$it_cp"
  # shellcheck disable=SC2086
  ./mvnw -B -q $offline -pl wmco-app dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$root/$app_cp"
  # Snapshot what runs (other builds in this tree may rewrite target/ at any time); retry a torn copy.
  for attempt in 1 2 3 4 5; do
    cp wmco-app/target/wmco-app-*.jar "$out/wmco-app.jar"
    rm -rf "$out/test-classes" && cp -r it-tests/target/test-classes "$out/test-classes"
    if jar tf "$out/wmco-app.jar" 2>/dev/null | grep -q '^io/wmco/app/Main.class$' \
        && [ -f "$out/test-classes/io/wmco/it/sandbox/SandboxMain.class" ]; then
      mv "$out/stamp.new" "$stamp"
      break
    fi
    echo "sandbox: build output incomplete (another build running?); retrying ($attempt/5)"
    sleep 3
    ./mvnw -B -q -o install -DskipTests -pl wmco-app,it-tests
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
exec java -Xmx1g -cp "$out/test-classes:$(cat "$it_cp")" io.wmco.it.sandbox.SandboxMain \
  --operator-classpath "$out/wmco-app.jar:$(cat "$app_cp")" "$@"
