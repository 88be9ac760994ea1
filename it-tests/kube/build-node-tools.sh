#!/usr/bin/env bash
# Builds the suite's own small programs for its real Linux node (sources in it-tests/kube/node/, standard library
# only) and packs two of them as container images, since no image can be pulled here:
#   relay              TCP forwards between the test JVM's network namespace and the node's (see relay/main.go)
#   pause.oci.tar      the sandbox image wmco.local/pause:1 (entrypoint /pause)
#   probe.oci.tar      the test workload image wmco.local/probe:1 (entrypoint /probe: serve | get)
# The archives are OCI image layouts with one uncompressed layer, fit for `ctr images import`.
#
#   it-tests/kube/build-node-tools.sh OUTPUT_DIR
#
# Rebuilds only when a source is newer than the output; the Go build cache makes a rebuild take seconds.
set -euo pipefail
src="$(cd "$(dirname "$0")/node" && pwd)"
out="${1:?usage: build-node-tools.sh OUTPUT_DIR}"
mkdir -p "$out"
stamp="$out/.built"

if [ "${WMCO_IT_NODE:-auto}" = off ]; then
  echo "node tools: not built (WMCO_IT_NODE=off)"
  exit 0
fi
if [ -f "$stamp" ] && [ -z "$(find "$src" "$0" -newer "$stamp" -print -quit)" ]; then
  echo "node tools: up to date in $out"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "node tools: Go is required (see scripts/prerequisites.sh)" >&2; exit 2; }

exec 9>"$out/.lock"
flock 9
work="$(mktemp -d "$out/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT

(cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$work/bin/" ./relay ./pause ./probe)

sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }

# pack REF BINARY ARCHIVE: an image whose only file is /<basename of BINARY>, which is also its entrypoint.
pack() {
  local ref="$1" binary="$2" archive="$3" name dir layer config manifest
  name="$(basename "$binary")"
  dir="$work/image-$name"
  mkdir -p "$dir/rootfs" "$dir/oci/blobs/sha256"
  install -m 0755 "$binary" "$dir/rootfs/$name"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$dir/rootfs" -cf "$dir/layer.tar" .
  layer="$(sha "$dir/layer.tar")"
  mv "$dir/layer.tar" "$dir/oci/blobs/sha256/$layer"
  printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/%s"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$name" "$layer" > "$dir/config.json"
  config="$(sha "$dir/config.json")"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$config" "$(size "$dir/config.json")" "$layer" "$(size "$dir/oci/blobs/sha256/$layer")" > "$dir/manifest.json"
  manifest="$(sha "$dir/manifest.json")"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest" "$(size "$dir/manifest.json")" "$ref" "${ref##*:}" > "$dir/oci/index.json"
  mv "$dir/config.json" "$dir/oci/blobs/sha256/$config"
  mv "$dir/manifest.json" "$dir/oci/blobs/sha256/$manifest"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci/oci-layout"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$dir/oci" -cf "$archive" oci-layout index.json blobs
}

pack wmco.local/pause:1 "$work/bin/pause" "$work/pause.oci.tar"
pack wmco.local/probe:1 "$work/bin/probe" "$work/probe.oci.tar"
for f in relay pause probe; do mv -f "$work/bin/$f" "$out/$f"; done
for f in pause.oci.tar probe.oci.tar; do mv -f "$work/$f" "$out/$f"; done
touch "$stamp"
echo "node tools: built relay, pause, probe and the images wmco.local/pause:1, wmco.local/probe:1 into $out"
