#!/usr/bin/env bash
# An administrator's check of issue 14 in the sandbox: many bad and unreachable windows-instances entries, each of
# whose latest problem must stay readable. Starts ./sandbox.sh (stand-in payload), waits for its good hosts to be
# Ready nodes, then adds to the ConfigMap --bad malformed entries (impossible addresses, values naming no user,
# forbidden user names) and --unreachable addresses that nothing listens on, waits until every unreachable host has
# been retried --rounds times, adds one more bad entry, and checks:
#   - `kubectl get events` holds one event per problem entry (the one added last included), its message naming the
#     entry and carrying no attempt number, delay or Java exception name;
#   - wmco_instance_state on the operator's /metrics gives every entry its state;
#   - the good nodes are still Ready, and the operator logged no ERROR line and no stack trace.
# Prints the events, a table of every entry, and exits 1 naming what is missing. Ctrl-C stops it and the sandbox.
#
#   scripts/try-bad-entries.sh [--bad N] [--unreachable N] [--rounds N] [--hosts N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bad=20 unreachable=5 rounds=3 hosts=2
while [ $# -gt 0 ]; do
  case "$1" in
    --bad) bad="$2"; shift 2 ;;
    --unreachable) unreachable="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --hosts) hosts="$2"; shift 2 ;;
    *) echo "try-bad-entries: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ "$unreachable" -le 50 ] || { echo "try-bad-entries: --unreachable at most 50" >&2; exit 2; }

work="$root/target/try-bad-entries"
mkdir -p "$work"
out="$work/sandbox.out"
ns=openshift-windows-machine-config-operator
say() { echo "try-bad-entries: $*"; }

./sandbox.sh --stand-in-payload --hosts "$hosts" >"$out" 2>&1 &
sandbox=$!
stop() {
  if kill -0 "$sandbox" 2>/dev/null; then
    say "stopping the sandbox"
    kill -TERM "$sandbox" 2>/dev/null || true  # a background job ignores SIGINT; the sandbox tears down on TERM
    wait "$sandbox" 2>/dev/null || true
  fi
}
trap stop EXIT

# Polls "$@" every second until it succeeds; gives up after $timeout seconds naming $what.
until_ok() {
  local what="$1" timeout="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@"; do
    if ! kill -0 "$sandbox" 2>/dev/null; then say "the sandbox exited while waiting for $what:"; tail -20 "$out"; exit 1; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then say "timed out after $timeout s waiting for $what:"; tail -20 "$out"; exit 1; fi
    sleep 1
  done
}

say "starting the sandbox with $hosts good hosts (output: $out)"
until_ok "the sandbox's nodes to be Ready" 1800 grep -q "Windows nodes are Ready" "$out"
kubeconfig=$(sed -n 's/.*, kubeconfig \(.*\)$/\1/p' "$out" | head -1)
# the sandbox serves /metrics over TLS with a self-signed certificate (hence curl -k below)
metrics=$(grep -o 'https\?://127\.0\.0\.1:[0-9]*/metrics' "$out" | head -1)
log=$(sed -n 's/.*operator log: \([^;]*\);.*/\1/p' "$out" | head -1)
ssh_port=$(sed -n 's/.*simulated Windows host .* on [0-9.]*:\([0-9]*\)$/\1/p' "$out" | head -1)
kubectl="$HOME/.kubeapitest/k8s/1.34.4-linux-amd64/kubectl"
[ -x "$kubectl" ] || kubectl=kubectl
k() { "$kubectl" --kubeconfig "$kubeconfig" "$@"; }
say "sandbox ready: kubeconfig $kubeconfig, metrics $metrics, hosts' SSH port $ssh_port"

# The entries to add, as a JSON object; the sandbox's own entries are 127.0.0.10 and up.
entries="$work/entries.json"
python3 - "$bad" "$unreachable" >"$entries" <<'EOF'
import json, sys
bad, unreachable = int(sys.argv[1]), int(sys.argv[2])
e = {}
for i in range(bad):
    kind = i % 3
    if kind == 0:
        e["10.200.0.%d" % (300 + i)] = "username=Administrator"   # no such IPv4 address
    elif kind == 1:
        e["10.201.0.%d" % i] = "user=Administrator"              # names no user
    else:
        e["10.202.0.%d" % i] = "username=adm'in&*"               # forbidden characters in the user name
for i in range(unreachable):
    e["127.0.0.%d" % (200 + i)] = "username=Administrator"       # nothing listens there
json.dump(e, sys.stdout)
EOF
k -n "$ns" patch configmap windows-instances --type merge -p "{\"data\": $(cat "$entries")}" >/dev/null
say "added $bad bad and $unreachable unreachable entries; waiting for $rounds retry rounds of each unreachable host"

events() { k -n "$ns" get events -o json; }
# Counts, for the ConfigurationRetrying events, how many unreachable entries have reached $rounds attempts.
retried() {
  events | python3 -c '
import json, re, sys
rounds, unreachable = int(sys.argv[1]), int(sys.argv[2])
items = json.load(sys.stdin)["items"]
keys = ["127.0.0.%d" % (200 + i) for i in range(unreachable)]
done = [k for k in keys if any(e["reason"] == "ConfigurationRetrying" and (e.get("count") or 1) >= rounds
        and re.search(re.escape(k) + r"(?![0-9.])", e["message"]) for e in items)]
sys.exit(0 if len(done) == len(keys) else 1)' "$rounds" "$unreachable"
}
until_ok "$rounds retry rounds of every unreachable host" 600 retried

last="10.203.0.999"
k -n "$ns" patch configmap windows-instances --type merge -p "{\"data\": {\"$last\": \"username=Administrator\"}}" >/dev/null
say "added one more bad entry, $last; waiting for its event"
has_last() { events | grep -q "$last"; }
until_ok "the event of $last" 60 has_last

echo
say "kubectl get events -n $ns (problem events):"
k -n "$ns" get events --field-selector type=Warning \
  -o custom-columns=COUNT:.count,REASON:.reason,OBJECT:.involvedObject.name,MESSAGE:.message --sort-by=.reason
echo
curl -fsSk "$metrics" >"$work/metrics.txt"
k -n "$ns" get configmap windows-instances -o json >"$work/configmap.json"
events >"$work/events.json"
k get nodes -o json >"$work/nodes.json"
python3 - "$work" "$last" "$hosts" <<'EOF'
import json, re, sys
work, last, hosts = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = json.load(open(work + "/configmap.json"))["data"]
events = [e for e in json.load(open(work + "/events.json"))["items"] if e["type"] == "Warning"]
metrics = open(work + "/metrics.txt").read()
state = {m.group(1): m.group(2) for m in
         re.finditer(r'^wmco_instance_state\{instance="byoh/([^"]+)",state="([^"]+)"\} 1(?:\.0)?$', metrics, re.M)}
problems = []
print("%-16s %-30s %5s  %s" % ("ENTRY", "EVENT REASON", "COUNT", "wmco_instance_state"))
for key in data:
    mine = [e for e in events if re.search(re.escape(key) + r"(?![0-9.])", e["message"])]
    good = key.startswith("127.0.0.") and int(key.rsplit(".", 1)[1]) < 200
    reasons = ",".join(sorted({e["reason"] for e in mine})) or "-"
    count = max([e.get("count") or 1 for e in mine], default=0)
    print("%-16s %-30s %5d  %s" % (key, reasons, count, state.get(key, "MISSING")))
    if key not in state:
        problems.append(key + ": no wmco_instance_state")
    if not good:
        if len({e["reason"] for e in mine}) != 1 or len(mine) != 1:
            problems.append(key + ": expected one problem event, found %d" % len(mine))
        for e in mine:
            if re.search(r"attempt \d|retrying in \d", e["message"]):
                problems.append(key + ": event message changes between retries: " + e["message"])
            if "Exception" in e["message"]:
                problems.append(key + ": event message names a Java exception, not the cause: " + e["message"])
if "username" in metrics.lower() or "adm'in" in metrics:
    problems.append("a user name is in the metrics")
ready = [n["metadata"]["name"] for n in json.load(open(work + "/nodes.json"))["items"]
         if n["metadata"].get("labels", {}).get("kubernetes.io/os") == "windows"
         and any(c["type"] == "Ready" and c["status"] == "True" for c in n["status"].get("conditions", []))]
print("\nReady Windows nodes: %s" % ", ".join(ready))
if len(ready) != hosts:
    problems.append("expected %d Ready Windows nodes, found %d" % (hosts, len(ready)))
json.dump(problems, open(work + "/problems.json", "w"))
EOF
if grep -nE '(^| )ERROR |^\s+at [a-z]' "$log" >"$work/log-problems.txt"; then
  say "the operator logged ERROR lines or stack traces (first 10):"; head -10 "$work/log-problems.txt"
  echo '["operator log has ERROR or stack trace lines"]' >"$work/log-problems.json"
fi
problems=$(python3 -c 'import json,sys; print("\n".join(sum([json.load(open(f)) for f in sys.argv[1:]], [])))' \
  "$work/problems.json" $( [ -f "$work/log-problems.json" ] && echo "$work/log-problems.json"))
rm -f "$work/log-problems.json"
if [ -n "$problems" ]; then
  echo; say "FAILED:"; echo "$problems"; exit 1
fi
echo; say "every entry's latest problem is in the events and in wmco_instance_state; good nodes Ready; log clean"
