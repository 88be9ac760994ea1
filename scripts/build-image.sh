#!/usr/bin/env bash
# Builds the operator image as an image archive, with no registry and no container engine: the operator
# (/opt/wmco/wmco-app.jar and /opt/wmco/lib/), the Windows payload at /payload, on a base of Debian packages
# (debootstrap --variant=minbase with openjdk-17-jre-headless) made here. Entrypoint, environment, user (1001:0),
# exposed port and labels are read from the Dockerfile's run stage, so both builds give the same image; where a
# registry is reachable the Dockerfile builds it the usual way.
#
#   scripts/build-image.sh [--base-only]      (--base-only: make or find the cached base, nothing else)
#
# Inputs (environment):
#   WMCO_PAYLOAD_DIR      payload directory (default: runs scripts/build-payload.sh, which reads
#                         WMCO_PAYLOAD_SUPPLIED and WMCO_PAYLOAD_STAND_INS, and takes target/payload)
#   OPERATOR_VERSION      operator version in the image (default 0.1.0, as in the Dockerfile)
#   WMCO_IMAGE_REF        image reference the archive carries (default
#                         localhost/wmco/windows-machine-config-operator:$OPERATOR_VERSION)
#   WMCO_IMAGE_ARCHIVE    where to write the archive (default <repo>/target/image/wmco-operator.tar)
#   WMCO_DEBIAN_MIRROR    Debian mirror for the base (default http://deb.debian.org/debian)
# Output: the archive, an OCI image layout that also carries Docker's manifest.json, so `ctr images import`,
# `docker load` and `podman load` all read it (layers uncompressed); <repo>/target/image/image.env with
# WMCO_IMAGE_ARCHIVE=... and WMCO_IMAGE_REF=... lines; the same two lines on stdout.
# The base rootfs is cached under ${WMCO_CACHE:-~/.cache/wmco}/image-base/<key>/ (flock, atomic rename).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { echo "build-image: $*" >&2; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
version="${OPERATOR_VERSION:-0.1.0}"
ref="${WMCO_IMAGE_REF:-localhost/wmco/windows-machine-config-operator:$version}"
archive="${WMCO_IMAGE_ARCHIVE:-$root/target/image/wmco-operator.tar}"
mirror="${WMCO_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${WMCO_CACHE:-$HOME/.cache/wmco}/image-base"
start=$(date +%s)
base_only=false
[ "${1:-}" = --base-only ] && base_only=true

# --- the payload ---------------------------------------------------------------------------------------------------
payload="${WMCO_PAYLOAD_DIR:-}"
if $base_only; then
  :
elif [ -z "$payload" ]; then
  bash scripts/build-payload.sh >/dev/null
  payload="$root/target/payload"
fi
$base_only || [ -f "$payload/payload-manifest.tsv" ] || { say "$payload has no payload-manifest.tsv (build it with scripts/build-payload.sh)"; exit 2; }

# --- the base: Debian minbase + a headless JRE, made once ------------------------------------------------------------
base_key="$(printf 'bookworm minbase openjdk-17-jre-headless rev1\n' | sha256sum | cut -c1-16)"
base="$cache/$base_key"
if [ ! -f "$base/rootfs.tar" ]; then
  command -v debootstrap >/dev/null 2>&1 || { say "debootstrap is missing (scripts/prerequisites.sh installs it)"; exit 2; }
  [ "$(id -u)" -eq 0 ] || { say "making the base image needs root (debootstrap); run once as root"; exit 2; }
  mkdir -p "$cache"
  exec 9>"$cache/.lock"; flock 9
  if [ ! -f "$base/rootfs.tar" ]; then
    tmp="$cache/.tmp.$$"; rm -rf "$tmp"; mkdir -p "$tmp"
    say "making the base from Debian packages (debootstrap bookworm minbase + openjdk-17-jre-headless; once)"
    if ! debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$tmp/rootfs" "$mirror" \
        > "$tmp/debootstrap.log" 2>&1; then
      tail -20 "$tmp/debootstrap.log" >&2; say "debootstrap failed (log: $tmp/debootstrap.log)"; exit 1
    fi
    rm -rf "$tmp"/rootfs/var/cache/apt/archives/*.deb "$tmp"/rootfs/var/lib/apt/lists/* \
      "$tmp"/rootfs/usr/share/doc/* "$tmp"/rootfs/usr/share/man/* "$tmp"/rootfs/usr/share/info/* \
      "$tmp"/rootfs/var/log/* "$tmp"/rootfs/dev/* "$tmp"/rootfs/proc/* "$tmp"/rootfs/sys/* "$tmp"/rootfs/run/*
    tar -C "$tmp/rootfs" --numeric-owner --sort=name --mtime=@0 -cf "$tmp/rootfs.tar" .
    "$tmp/rootfs/usr/bin/java" -version 2>&1 | head -1 > "$tmp/java-version" || true
    rm -rf "$tmp/rootfs" "$tmp/debootstrap.log"
    mv -T "$tmp" "$base"
  fi
  flock -u 9
fi
if $base_only; then
  say "base in $base/rootfs.tar ($(cat "$base/java-version" 2>/dev/null), $(( $(date +%s) - start )) s)"; exit 0
fi

# --- the operator: jar and runtime classpath from one reactor build (nothing installed into ~/.m2) -------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/wmco-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "building wmco-app"
mvn_build() { # the last module of the reactor, wmco-app, writes the classpath file last
  ./mvnw -B -q "$@" -DskipTests -pl wmco-app -am package dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/classpath" >&2
}
mvn_build -o >/dev/null 2>&1 || mvn_build
mkdir -p "$work/app/opt/wmco/lib"
cp wmco-app/target/wmco-app-*[0-9T].jar "$work/app/opt/wmco/wmco-app.jar"
tr ':' '\n' < "$work/classpath" | while read -r jar; do [ -n "$jar" ] && cp "$jar" "$work/app/opt/wmco/lib/"; done

# --- layers, config, manifests ----------------------------------------------------------------------------------
out="$work/layout"; mkdir -p "$out/blobs/sha256"
blob() { # file -> moves it into blobs/, prints its digest
  local d; d="$(sha "$1")"; mv "$1" "$out/blobs/sha256/$d"; echo "$d"
}
layer() { # dir -> a layer of its contents owned by 0:0, group-readable, not group-writable (OpenShift's GID 0)
  tar -C "$1" --numeric-owner --owner=0 --group=0 --mode=a+rX,go-w --sort=name --mtime=@0 -cf "$work/layer.tar" .
  blob "$work/layer.tar"
}
cp "$base/rootfs.tar" "$work/base.tar"
l_base="$(blob "$work/base.tar")"
mkdir -p "$work/pl/payload"
# with packed/ (the packed forms the operator sends instead of large files)
cp -lR "$payload"/. "$work/pl/payload/" 2>/dev/null || cp -R "$payload"/. "$work/pl/payload/"
l_payload="$(layer "$work/pl")"
mkdir -p "$work/lib/opt/wmco" && mv "$work/app/opt/wmco/lib" "$work/lib/opt/wmco/lib"
l_lib="$(layer "$work/lib")"
l_app="$(layer "$work/app")"

python3 - "$root/Dockerfile" "$version" "$ref" "$out" "$l_base" "$l_payload" "$l_lib" "$l_app" <<'PY'
import hashlib, json, os, re, sys
dockerfile, version, ref, out, *layers = sys.argv[1:]
text = open(dockerfile).read()
run = text[text.rindex("\nFROM "):].replace("\\\n", " ")
def sub(v): return v.replace("${OPERATOR_VERSION}", version)
entry = json.loads(re.search(r"(?m)^ENTRYPOINT\s+(\[.*\])\s*$", run).group(1))
env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
for line in re.findall(r"(?m)^ENV\s+(.*)$", run):
    env += ["%s=%s" % (k, sub(v.strip('"'))) for k, v in re.findall(r'([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)', line)]
labels = {}
for line in re.findall(r"(?m)^LABEL\s+(.*)$", run):
    labels.update({k: sub(v.strip('"')) for k, v in re.findall(r'([\w.-]+)=("[^"]*"|\S+)', line)})
user = re.search(r"(?m)^USER\s+(\S+)", run).group(1)
ports = {p if "/" in p else p + "/tcp": {} for p in re.search(r"(?m)^EXPOSE\s+(.*)$", run).group(1).split()}
config = {"architecture": "amd64", "os": "linux",
          "config": {"User": user, "Env": env, "Entrypoint": entry, "WorkingDir": "/", "ExposedPorts": ports,
                     "Labels": labels},
          "rootfs": {"type": "layers", "diff_ids": ["sha256:" + d for d in layers]},
          "history": [{"created_by": c} for c in ("debootstrap minbase bookworm + openjdk-17-jre-headless",
                                                    "payload at /payload", "runtime classpath /opt/wmco/lib",
                                                    "operator /opt/wmco/wmco-app.jar")]}
def put(obj):
    data = json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()
    d = hashlib.sha256(data).hexdigest()
    open(os.path.join(out, "blobs", "sha256", d), "wb").write(data)
    return d, len(data)
size = lambda d: os.path.getsize(os.path.join(out, "blobs", "sha256", d))
cfg, cfg_size = put(config)
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + cfg,
                       "size": cfg_size},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:" + d,
                        "size": size(d)} for d in layers]}
man, man_size = put(manifest)
index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
         "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + man,
                        "size": man_size, "annotations": {"io.containerd.image.name": ref,
                                                          "org.opencontainers.image.ref.name": ref.rsplit(":", 1)[1]}}]}
json.dump(index, open(os.path.join(out, "index.json"), "w"))
json.dump({"imageLayoutVersion": "1.0.0"}, open(os.path.join(out, "oci-layout"), "w"))
json.dump([{"Config": "blobs/sha256/" + cfg, "RepoTags": [ref], "Layers": ["blobs/sha256/%s" % d for d in layers]}],
          open(os.path.join(out, "manifest.json"), "w"))
PY

mkdir -p "$(dirname "$archive")"
tar -C "$out" --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -cf "$archive.tmp.$$" oci-layout index.json manifest.json blobs
mv -f "$archive.tmp.$$" "$archive"
mkdir -p "$root/target/image"
printf 'WMCO_IMAGE_ARCHIVE=%s\nWMCO_IMAGE_REF=%s\n' "$archive" "$ref" > "$root/target/image/image.env.$$"
mv -f "$root/target/image/image.env.$$" "$root/target/image/image.env"
say "$ref in $archive ($(du -h "$archive" | cut -f1), $(( $(date +%s) - start )) s; payload from $(readlink -f "$payload"))"
cat "$root/target/image/image.env"
