#!/usr/bin/env bash
# Bootstraps the Debian bookworm base image from Debian packages (no container registry): debootstrap, then docker import.
# Usage: docker/base/bootstrap.sh [IMAGE]   (default proxybench/base:bookworm). Needs root, debootstrap and a docker engine.
set -euo pipefail
image="${1:-proxybench/base:bookworm}"
suite=bookworm

# The mirror: the first Debian URI in the host's apt sources (deb822 "URIs:" or one-line "deb URI suite ...").
mirror="$(
  { cat /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } | awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }'
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }'
)"
mirror="$(printf '%s\n' "$mirror" | grep -v -- '-security' | grep -m1 -E 'debian' || true)"
mirror="${mirror:-http://deb.debian.org/debian}"

command -v debootstrap >/dev/null || { echo "bootstrap: debootstrap not found (apt-get install -y debootstrap)" >&2; exit 4; }
dir="$(mktemp -d /var/tmp/proxybench-base.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
echo "bootstrap: debootstrap --variant=minbase $suite from $mirror" >&2
nice -n 19 ionice -c3 debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$dir.log" 2>&1 || { tail -20 "$dir.log" >&2; rm -f "$dir.log"; exit 1; }
rm -f "$dir.log"

# apt inside images behaves as on the host: the host's sources (only those naming a keyring that exists in the
# image, or none) and its apt settings.
rm -f "$dir/etc/apt/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  keyring="$(awk '/^Signed-By:/ { print $2 }; match($0, /signed-by=[^] ]+/) { print substr($0, RSTART + 10, RLENGTH - 10) }' "$f" | head -1)"
  if [ -n "$keyring" ] && [ ! -e "$dir$keyring" ]; then echo "bootstrap: leaving out $f (its keyring $keyring is not in the image)" >&2; continue; fi
  mkdir -p "$dir$(dirname "$f")" && cp "$f" "$dir$f"
done
mkdir -p "$dir/etc/apt/apt.conf.d" && cp -r /etc/apt/apt.conf.d/. "$dir/etc/apt/apt.conf.d/"

# Clear caches and lists: every Dockerfile runs apt-get update itself.
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/* "$dir"/var/log/* "$dir"/tmp/*

tar -C "$dir" -c . | docker import --change 'CMD ["/bin/bash"]' --change 'LABEL proxybench.base=debootstrap-minbase-bookworm' - "$image" >/dev/null
echo "bootstrap: imported $image ($(docker image inspect -f '{{.Id}}' "$image"))" >&2
