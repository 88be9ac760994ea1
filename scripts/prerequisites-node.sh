#!/usr/bin/env bash
# Installs what the integration suite's real Linux node needs beside the binaries it builds itself (kubelet,
# kube-proxy, kube-scheduler, containerd): Debian's runc, the CNI plugins (bridge, host-local, loopback), iptables
# for kube-proxy, iproute2 for the node's network namespace, util-linux for nsenter and mount. Called by
# scripts/prerequisites.sh; safe to run repeatedly. Without root or sudo it says what is missing and exits 0: the
# node's tests are then skipped (WMCO_IT_NODE=auto) or fail naming the gap (WMCO_IT_NODE=on).
set -euo pipefail

missing=()
command -v runc >/dev/null 2>&1 || [ -x /usr/sbin/runc ] || missing+=(runc)
[ -x /usr/lib/cni/bridge ] || [ -x /opt/cni/bin/bridge ] || missing+=(containernetworking-plugins)
command -v iptables >/dev/null 2>&1 || [ -x /usr/sbin/iptables ] || missing+=(iptables)
command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing+=(iproute2)
command -v nsenter >/dev/null 2>&1 || missing+=(util-linux)

if [ ${#missing[@]} -eq 0 ]; then
  echo "prerequisites (node): runc $(runc --version 2>/dev/null | head -1 | awk '{print $3}'), CNI plugins, iptables, ip, nsenter present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "prerequisites (node): not installing ${missing[*]} (needs root); the real-node tests will be skipped" >&2
    exit 0
  fi
  SUDO=sudo
fi
echo "prerequisites (node): installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
