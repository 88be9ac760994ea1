#!/usr/bin/env bash
# Checks the operator image without a container engine: rebuilds the file layout the Dockerfile produces
# (/opt/wmco/wmco-app.jar, /opt/wmco/lib/*, /payload) under a temporary directory with the same Maven commands,
# takes the ENTRYPOINT and ENV from the Dockerfile, and starts the operator from that layout:
#   1. with --help (exit 0, lists --payload-dir);
#   2. with a kubeconfig that does not exist (must get past flag parsing and fail on the kubeconfig, exit 1).
# Usage: scripts/check-image.sh   (run from anywhere; uses the Maven repository offline when it can)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "check-image: building the layout under $work" >&2
mvn_build() {
  (cd "$root" \
    && ./mvnw -B -q "$@" -DskipTests -pl wmco-app -am install \
    && ./mvnw -B -q "$@" -pl wmco-app dependency:copy-dependencies -DincludeScope=runtime \
         -DoutputDirectory="$work/opt/wmco/lib") >&2
}
mvn_build -o || mvn_build
cp "$root"/wmco-app/target/wmco-app-*[0-9T].jar "$work/opt/wmco/wmco-app.jar"
mkdir -p "$work/payload"
printf 'stand-in\n' > "$work/payload/kubelet.exe"

python3 - "$root/Dockerfile" "$work" > "$work/entry" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
run_stage = text[text.rindex("\nFROM "):].replace("\\\n", " ")
entry = json.loads(re.search(r"(?m)^ENTRYPOINT\s+(\[.*\])\s*$", text).group(1))
entry = [a.replace("/opt/wmco", sys.argv[2] + "/opt/wmco").replace("/payload", sys.argv[2] + "/payload") for a in entry]
for line in re.findall(r"(?m)^ENV\s+(.*)$", run_stage):
    for k, v in re.findall(r'([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)', line):
        v = v.strip('"').replace("${OPERATOR_VERSION}", "0.0.0-check")
        print("ENV\t%s\t%s" % (k, v))
print("CMD\t" + "\t".join(entry))
PY

env_args=()
cmd=()
while IFS=$'\t' read -r kind a b rest; do
  if [[ "$kind" == ENV ]]; then env_args+=("$a=$b"); fi
done < "$work/entry"
IFS=$'\t' read -r -a cmd < <(grep '^CMD' "$work/entry" | cut -f2-)
grep -q 'io/wmco/app/Main.class' < <(unzip -l "$work/opt/wmco/wmco-app.jar") \
  || { echo "check-image: io/wmco/app/Main.class is not in wmco-app.jar" >&2; exit 1; }

echo "check-image: ${cmd[*]} --help" >&2
help="$(env "${env_args[@]}" "${cmd[@]}" --help 2>&1)" || { echo "$help" >&2; echo "check-image: --help failed" >&2; exit 1; }
grep -q -- '--payload-dir' <<< "$help" || { echo "check-image: --help does not list --payload-dir" >&2; exit 1; }

set +e
out="$(env "${env_args[@]}" timeout 60 "${cmd[@]}" --kubeconfig="$work/no-such-kubeconfig" --leader-elect=false 2>&1)"
status=$?
set -e
if [[ $status -ne 1 ]] || ! grep -qi 'kubeconfig\|API server configuration' <<< "$out"; then
  echo "$out" >&2
  echo "check-image: expected exit 1 naming the missing kubeconfig, got $status" >&2
  exit 1
fi
echo "check-image: OK (entrypoint class present, starts, parses its flags with the image environment)"
