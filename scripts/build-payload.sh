#!/usr/bin/env bash
# Builds the operator's Windows payload: the files io.wmco.domain.payload.PayloadFiles names, cross-compiled for
# windows/amd64 from the Go module proxy at the versions pinned in scripts/payload/versions.tsv, plus this
# repository's own files (scripts/payload/files/), plus what an administrator supplies, into one flat directory
# with a manifest (payload-manifest.tsv: file, SHA-256, size, origin, module, version).
#
#   scripts/build-payload.sh [--supplied DIR] [--stand-in FILE]...
#
#   --supplied DIR   files the module proxy does not serve (e.g. hybrid-overlay-node.exe built from
#                    ovn-kubernetes, csi-proxy.exe, azure-cloud-node-manager.exe); also WMCO_PAYLOAD_SUPPLIED.
#                    A supplied file replaces a built one of the same name. Recorded as origin "supplied".
#   --stand-in FILE  for tests only: when FILE is neither built nor supplied, write a small text file that says
#                    it is a stand-in, recorded as origin "stand-in" (the operator warns about it at startup).
#                    Also WMCO_PAYLOAD_STAND_INS (space separated).
#
# Packed forms: every file of 1 MiB or more also gets packed/<file>.tar.gz (a ustar archive holding only that file,
# gzip -9, made by GNU tar: what tar.exe on Windows unpacks) and packed/<file>.tar.gz.sha256 (the SHA-256 of the file
# it was made from). The operator sends a packed form instead of the file when the domain's rule
# (io.wmco.domain.payload.PackedForms: >= 1 MiB, packed <= 0.9 x raw) says it is worth it. Packed once per content
# and cached under packed/<sha256>.tar.gz, so a second run packs nothing.
#
# Prints the payload directory as its last line and points <repo>/target/payload at it (a symbolic link).
# Cache: ${WMCO_CACHE:-~/.cache/wmco}/payload/: bin/<key>/ per built file (key: file, module, version, package,
# Go version), refused/<key> (the proxy's refusal, asked once; delete the file to ask again), and the assembled
# payloads, one directory per content. A second run builds nothing. Safe when several runs start at once (flock,
# atomic renames). Exit status: 0 done (missing files are listed, the operator names what needs them), 1 a build
# failed, 2 bad usage or no Go.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
table="$root/scripts/payload/versions.tsv"
own="$root/scripts/payload/files"
cache="${WMCO_CACHE:-$HOME/.cache/wmco}/payload"
BUILD_REV=1   # bump when the way a file is built changes (flags, wrapper module), so cached builds are redone

supplied="${WMCO_PAYLOAD_SUPPLIED:-}"
read -r -a stand_ins <<< "${WMCO_PAYLOAD_STAND_INS:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --supplied) supplied="${2:?--supplied needs a directory}"; shift 2 ;;
    --stand-in) stand_ins+=("${2:?--stand-in needs a file name}"); shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-payload: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$supplied" ] && [ ! -d "$supplied" ]; then
  echo "build-payload: --supplied $supplied is not a directory" >&2; exit 2
fi
export PATH="/usr/local/go/bin:$PATH"
if ! command -v go >/dev/null 2>&1; then
  echo "build-payload: Go 1.24 or newer is required (scripts/prerequisites.sh installs it)" >&2; exit 2
fi
say() { echo "build-payload: $*" >&2; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
goversion="$(go env GOVERSION)"
mkdir -p "$cache/bin" "$cache/refused" "$cache/modules" "$cache/assembled"

# Rows of the table: file module version package variable.
mapfile -t rows < <(grep -v '^\s*#' "$table" | awk 'NF >= 5 {print $1, $2, $3, $4, $5}')
[ ${#rows[@]} -gt 0 ] || { say "no rows in $table"; exit 1; }
row_key() { printf '%s %s %s %s\n' "$1" "$goversion" "windows/amd64" "$BUILD_REV" | sha256sum | cut -c1-24; }

# A wrapper module that requires the pinned module and carries its versioned replace directives (a dependency's
# replaces are ignored otherwise). k8s.io/kubernetes replaces its staging modules with ./staging paths: those map
# to the published k8s.io/<m> v0.<minor>.<patch> of the same release.
wrapper() { # module version -> prints the wrapper directory, or returns 3 when the proxy refuses the module
  local module="$1" version="$2" dir json gomod err
  dir="$cache/modules/$(printf '%s@%s' "$module" "$version" | sha256sum | cut -c1-24)"
  if [ -f "$dir/go.mod" ]; then echo "$dir"; return 0; fi
  mkdir -p "$dir.tmp.$$"
  json="$(cd "$dir.tmp.$$" && GOFLAGS=-mod=mod go mod download -json "$module@$version" 2>&1)" || true
  err="$(sed -n 's/.*"Error": "\(.*\)".*/\1/p' <<< "$json")"
  if [ -n "$err" ]; then
    rm -rf "$dir.tmp.$$"
    if grep -qiE '403|404|410|not available|not found|unknown revision' <<< "$err"; then
      printf '%s\n' "$err" > "$cache/refused/.$$" && mv -f "$cache/refused/.$$" "$cache/refused/$(row_key "$module $version")"
      return 3
    fi
    say "cannot download $module@$version: $err"; return 1
  fi
  gomod="$(sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' <<< "$json")"
  local gover staging=""
  gover="$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$gomod" | head -1)"
  [ "$module" = k8s.io/kubernetes ] && staging="v0.${version#v1.}"
  {
    printf 'module wmco.local/payload\n\ngo %s\n\nrequire %s %s\n\n' "${gover:-1.24}" "$module" "$version"
    # replace lines, single or in a block: "old [v] => new [v]"
    awk '/^replace \($/ {b=1; next} b && /^\)/ {b=0; next} b {print; next} /^replace / {sub(/^replace /, ""); print}' "$gomod" \
      | sed 's#//.*##' | awk -v staging="$staging" 'NF {
          split($0, side, "=>"); n = split(side[2], r, " "); split(side[1], l, " ")
          if (r[1] ~ /^[.\/]/) { if (staging != "") print "replace " l[1] " => " l[1] " " staging }
          else print "replace " side[1] "=>" side[2] }'
  } > "$dir.tmp.$$/go.mod"
  mv -T "$dir.tmp.$$" "$dir" 2>/dev/null || rm -rf "$dir.tmp.$$"
  echo "$dir"
}

build_row() { # file module version package variable -> 0 built (or cached), 3 refused, 1 failed
  local file="$1" module="$2" version="$3" pkg="$4" var="$5" key out dir ldflags
  key="$(row_key "$*")"; out="$cache/bin/$key"
  [ -f "$out/$file" ] && return 0
  [ -f "$cache/refused/$(row_key "$module $version")" ] && return 3
  dir="$(wrapper "$module" "$version")" || return $?
  ldflags="-s -w"
  if [ "$var" != - ]; then
    ldflags+=" -X $var=$version"
    if [ "$var" = k8s.io/component-base/version.gitVersion ]; then
      local minor="${version#v1.}"; minor="${minor%%.*}"
      ldflags+=" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
      ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"
    fi
  fi
  say "building $file from $module $version (windows/amd64)"
  mkdir -p "$out.tmp.$$"
  if ! (cd "$dir" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" \
      go build -trimpath -ldflags "$ldflags" -o "$out.tmp.$$/$file" "$pkg") >"$out.tmp.$$.log" 2>&1; then
    say "building $file failed:"; tail -30 "$out.tmp.$$.log" >&2; rm -rf "$out.tmp.$$"; return 1
  fi
  rm -f "$out.tmp.$$.log"
  sha "$out.tmp.$$/$file" > "$out.tmp.$$/$file.sha256"
  mv -T "$out.tmp.$$" "$out" 2>/dev/null || rm -rf "$out.tmp.$$"
}

# --- build what is missing, one run at a time (a concurrent run waits, then finds the files built) ----------
start=$(date +%s)
exec 9>"$cache/.lock"
flock 9
declare -A built_at=() built_mod=() built_ver=() refused=()
files=()
for row in "${rows[@]}"; do
  read -r file module version pkg var <<< "$row"
  [[ " ${files[*]} " == *" $file "* ]] || files+=("$file")
  [ -n "${built_at[$file]:-}" ] && continue
  rc=0; build_row "$file" "$module" "$version" "$pkg" "$var" || rc=$?
  case $rc in
    0) built_at[$file]="$cache/bin/$(row_key "$file $module $version $pkg $var")/$file"
       built_mod[$file]="$module"; built_ver[$file]="$version"; unset "refused[$file]" ;;
    3) refused[$file]+="${refused[$file]:+; }$module@$version" ;;
    *) exit 1 ;;
  esac
done
flock -u 9

# --- assemble: built files, our own files, supplied files, stand-ins; then the manifest -------------------------
work="$cache/assembled/.tmp.$$"
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
manifest="$work/payload-manifest.tsv"
printf '# wmco payload manifest v1: file, sha256, size, origin (built|repository|supplied|stand-in), module, version\n' > "$manifest"
add() { # path name origin module version
  local target="$work/$2" digest
  ln "$1" "$target" 2>/dev/null || cp "$1" "$target"
  chmod a+r "$target"
  if [ -f "$1.sha256" ]; then digest="$(cat "$1.sha256")"; else digest="$(sha "$target")"; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$digest" "$(stat -c %s "$target")" "$3" "$4" "$5" >> "$manifest"
}
declare -A have=()
if [ -n "$supplied" ]; then
  for f in "$supplied"/*; do
    [ -f "$f" ] || continue
    add "$f" "$(basename "$f")" supplied - -; have[$(basename "$f")]=1
  done
fi
for file in "${files[@]}"; do
  [ -n "${have[$file]:-}" ] && continue
  if [ -n "${built_at[$file]:-}" ]; then
    add "${built_at[$file]}" "$file" built "${built_mod[$file]}" "${built_ver[$file]}"; have[$file]=1
  fi
done
for f in "$own"/*; do
  [ -f "$f" ] || continue
  name="$(basename "$f")"
  [ -n "${have[$name]:-}" ] || { add "$f" "$name" repository - -; have[$name]=1; }
done
for name in "${stand_ins[@]}"; do
  [ -n "$name" ] && [ -z "${have[$name]:-}" ] || continue
  printf 'wmco stand-in for %s: NOT a Windows binary, for tests only. The module proxy refused %s;\nan administrator supplies the real file with scripts/build-payload.sh --supplied DIR.\n' \
    "$name" "${refused[$name]:-it}" > "$work/.stand-in"
  add "$work/.stand-in" "$name" stand-in - -; rm -f "$work/.stand-in"; have[$name]=1
done

# One directory per content: the same inputs give the same directory, so nothing is copied twice.
key="$(grep -v '^#' "$manifest" | sort | sha256sum | cut -c1-24)"
final="$cache/assembled/$key"
if [ -d "$final" ]; then rm -rf "$work"; else mv -T "$work" "$final" 2>/dev/null || rm -rf "$work"; fi
trap - EXIT

# --- packed forms (see the header), cached by content; added to an assembled directory that lacks them ----------
mkdir -p "$cache/packed"
pack_min=1048576   # io.wmco.domain.payload.PackedForms.MIN_RAW_BYTES
packed_n=0; packed_bytes=0; packed_raw=0
while IFS=$'\t' read -r name digest size _; do
  case "$name" in '#'*|'') continue ;; esac
  [ "$size" -ge "$pack_min" ] || continue
  cached="$cache/packed/$digest.tar.gz"
  if [ ! -f "$cached" ]; then
    tmpdir="$cache/packed/.tmp.$$"; rm -rf "$tmpdir"; mkdir -p "$tmpdir"
    ln "$final/$name" "$tmpdir/$name" 2>/dev/null || cp "$final/$name" "$tmpdir/$name"
    tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --mode=0644 -C "$tmpdir" -cf - "$name" \
      | gzip -9 -n > "$tmpdir/out.tar.gz"
    mv -f "$tmpdir/out.tar.gz" "$cached"; rm -rf "$tmpdir"
  fi
  if [ ! -f "$final/packed/$name.tar.gz.sha256" ]; then
    mkdir -p "$final/packed"
    ln -f "$cached" "$final/packed/.$name.$$" 2>/dev/null || cp "$cached" "$final/packed/.$name.$$"
    mv -f "$final/packed/.$name.$$" "$final/packed/$name.tar.gz"
    printf '%s\n' "$digest" > "$final/packed/.$name.sha256.$$" && mv -f "$final/packed/.$name.sha256.$$" "$final/packed/$name.tar.gz.sha256"
  fi
  packed_n=$((packed_n + 1)); packed_raw=$((packed_raw + size))
  packed_bytes=$((packed_bytes + $(stat -c %s "$final/packed/$name.tar.gz")))
done < "$final/payload-manifest.tsv"
[ "$packed_raw" -gt 0 ] && say "packed forms: $packed_n files, $packed_bytes bytes for $packed_raw raw ($(awk -v a="$packed_bytes" -v b="$packed_raw" 'BEGIN{printf "%.3f", a/b}'))"

mkdir -p "$root/target"
ln -sfn "$final" "$root/target/.payload.$$" && mv -T "$root/target/.payload.$$" "$root/target/payload"

for file in "${files[@]}"; do
  [ -n "${have[$file]:-}" ] && continue
  say "NOT in the payload: $file (the module proxy refused ${refused[$file]}); supply it with --supplied DIR"
done
for f in $(awk -F'\t' '$4 == "stand-in" {print $1}' "$final/payload-manifest.tsv"); do
  say "STAND-IN (tests only, not a real binary): $f"
done
say "$(grep -cv '^#' "$final/payload-manifest.tsv") files, $(du -shL "$final" | cut -f1) in $final ($(( $(date +%s) - start )) s; also target/payload)"
echo "$final"
