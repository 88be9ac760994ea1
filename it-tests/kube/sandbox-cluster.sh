#!/usr/bin/env bash
# Starts the integration suite's cluster outside JUnit (for the sandbox) and keeps it until Ctrl-C.
# Same choice as the suite: WMCO_IT_KUBECONFIG, else k3s when Docker answers, else the local binaries
# (built here first if missing). Prints the kubeconfig path; the file is removed again on exit.
#
#   it-tests/kube/sandbox-cluster.sh [--kubeconfig PATH] [--no-openshift-crds]
#
# Default kubeconfig: it-tests/target/sandbox.kubeconfig. Needs the reactor built once:
#   ./mvnw -B -q install -DskipTests -pl it-tests -am
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ -z "${WMCO_IT_KUBECONFIG:-}" ]; then
  bash it-tests/kube/build-binaries.sh
fi
./mvnw -B -q -o -pl it-tests test-compile dependency:build-classpath -Dmdep.outputFile=target/it.classpath
exec java -cp "it-tests/target/test-classes:$(cat it-tests/target/it.classpath)" io.wmco.it.support.ClusterMain "$@"
