#!/usr/bin/env bash
# Starts the integration suite's cluster outside JUnit (for the sandbox) and keeps it until Ctrl-C.
# Same choice as the suite: WMCO_IT_KUBECONFIG, else k3s when Docker answers, else the local binaries
# (built here first if missing). Prints the kubeconfig path; the file is removed again on exit.
#
#   it-tests/kube/sandbox-cluster.sh [--kubeconfig PATH] [--no-openshift-crds] [--node]
#
# --node also starts the real Linux node (kubelet, containerd, kube-proxy; needs root).
#
# Default kubeconfig: it-tests/target/sandbox.kubeconfig. Needs the reactor built once:
#   ./mvnw -B -q install -DskipTests -pl it-tests -am
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ -z "${WMCO_IT_KUBECONFIG:-}" ]; then
  bash it-tests/kube/build-binaries.sh
  bash it-tests/kube/build-node-tools.sh it-tests/target/node-tools
fi
# -am: sibling modules come from this tree, not from whatever another checkout installed into ~/.m2.
./mvnw -B -q -o -pl it-tests -am test-compile dependency:build-classpath -Dmdep.outputFile=target/it.classpath \
  -Dmaven.test.skip.exec=true
exec java -cp "it-tests/target/test-classes:$(cat it-tests/target/it.classpath)" io.wmco.it.support.ClusterMain "$@"
