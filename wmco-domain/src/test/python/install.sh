#!/usr/bin/env bash
# Installs the independent PowerShell grammar (tree-sitter-powershell, from PyPI) that PowerShellParseTest
# parses every script the operator emits with, into a virtual environment shared by all checkouts:
# ${WMCO_CACHE:-$HOME/.cache/wmco}/powershell-parser/venv. Safe to run repeatedly and concurrently (flock);
# prints the venv's python on success.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base="${WMCO_CACHE:-$HOME/.cache/wmco}/powershell-parser"
venv="$base/venv"
stamp="$venv/.installed-$(sha256sum "$here/requirements.txt" | cut -c1-16)"
mkdir -p "$base"
exec 9>"$base/.lock"
flock 9
if [ ! -e "$stamp" ]; then
  python=$(command -v python3 || true)
  [ -n "$python" ] || { echo "powershell-parser: python3 is missing" >&2; exit 2; }
  rm -rf "$venv"
  "$python" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
  "$venv/bin/python" -c 'import tree_sitter, tree_sitter_powershell' >&2
  touch "$stamp"
fi
echo "$venv/bin/python"
