#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks for building, testing and running the sandbox:
# a JDK 17+, Go (to build kube-apiserver and etcd for the integration suite, and the Windows payload), OpenSSH's
# server (the SSH adapter is tested against a real sshd on loopback), for the operator image debootstrap (its
# base from Debian packages), python3 (its configuration) and containerd + runc (the image is started in them by
# scripts/check-image.sh on a private socket; no daemon is started here), and what the suite's real Linux node
# needs (scripts/prerequisites-node.sh: runc, CNI plugins, iptables, iproute2). Safe to run repeatedly.
set -euo pipefail

missing=()
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v scp >/dev/null 2>&1 || missing+=(openssh-client)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# Python 3 with venv: the independent PowerShell grammar (tree-sitter-powershell) the tests parse scripts with.
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -m ensurepip --version >/dev/null 2>&1 || missing+=(python3-venv)
command -v flock >/dev/null 2>&1 || missing+=(util-linux)
[ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
command -v containerd >/dev/null 2>&1 || missing+=(containerd)
command -v runc >/dev/null 2>&1 || missing+=(runc)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "prerequisites: please install: ${missing[*]}" >&2
    exit 2
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "prerequisites: installing ${missing[*]}"
  $SUDO apt-get update -qq
  # Packages must not start daemons here (containerd would take the default socket): a policy-rc.d that refuses
  # service starts, for the time of the install only, unless the machine has one of its own.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod 0755 "$policy"
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { [ -z "$policy" ] || $SUDO rm -f "$policy"; exit 1; }
  [ -z "$policy" ] || $SUDO rm -f "$policy"
fi

# Go builds kube-apiserver v1.34 (needs Go >= 1.24). Debian's golang package is older; when the Go on the
# machine is too old (or absent but an older one exists), GOTOOLCHAIN fetches an approved toolchain through the
# Go module proxy.
if ! command -v go >/dev/null 2>&1; then
  if [ -x /usr/local/go/bin/go ]; then
    export PATH="/usr/local/go/bin:$PATH"
  else
    echo "prerequisites: installing Debian's golang-go (a newer toolchain is then fetched via GOTOOLCHAIN)"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends golang-go >/dev/null
  fi
fi
# Go 1.21+ fetches the toolchain the build's go.mod asks for (GOTOOLCHAIN=auto); older ones cannot build it.
gov=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
case "$gov" in
  1.2[1-9]*|1.[3-9][0-9]*|[2-9].*) ;;
  *) echo "prerequisites: Go ${gov:-missing} is too old to build kube-apiserver v1.34; install Go 1.21 or newer" \
       "(it then fetches the exact toolchain itself) and put it on PATH" >&2; exit 2 ;;
esac
ps_python=$(bash "$(dirname "${BASH_SOURCE[0]}")/../wmco-domain/src/test/python/install.sh")
bash "$(dirname "${BASH_SOURCE[0]}")/prerequisites-node.sh"
echo "prerequisites: java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(go version 2>/dev/null | cut -d' ' -f3), sshd $( [ -x /usr/sbin/sshd ] && echo present), PowerShell grammar in $ps_python"
