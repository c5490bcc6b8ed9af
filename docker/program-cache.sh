#!/usr/bin/env bash
# Compiles one of our own programs once per source hash: the binary is kept in a cache outside the clone and copied into bin/.
#
#   bash ../program-cache.sh BINARY TOOLCHAIN_ID SOURCE_DIR... -- BUILD_COMMAND...
#
# Run from the variant's folder (its build.sh does). The key is the sha256 of every file under the SOURCE_DIRs (build
# outputs bin/ and target/ left out) and TOOLCHAIN_ID (e.g. `rustc -V`), so a change to the code, the lock file or the
# toolchain compiles again and nothing else does. BUILD_COMMAND must leave the binary in bin/BINARY; cargo builds get
# CARGO_TARGET_DIR inside the cache too, so even a changed source compiles incrementally in a fresh clone.
#   PROXYBENCH_CACHE_DIR   the cache (default ${XDG_CACHE_HOME:-$HOME/.cache}/proxybench)
#   PROXYBENCH_NO_CACHE=1  compile anyway (the result still refreshes the cache)
set -euo pipefail
binary="$1"; toolchain="$2"; shift 2
sources=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do sources+=("$1"); shift; done
[ "${1:-}" = "--" ] || { echo "program-cache: usage: program-cache.sh BINARY TOOLCHAIN_ID SOURCE_DIR... -- BUILD_COMMAND..." >&2; exit 2; }
shift

root="${PROXYBENCH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/proxybench}"
key="$({
  printf '%s\n%s\n' "$toolchain" "$(uname -m)"
  find "${sources[@]}" -type f -not -path '*/target/*' -not -path '*/bin/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
} | sha256sum | cut -c1-16)"
entry="$root/programs/$binary-$key"

if [ "${PROXYBENCH_NO_CACHE:-0}" != 1 ] && [ -x "$entry/$binary" ]; then
  install -D -m 0755 "$entry/$binary" "bin/$binary"
  echo "$binary: up to date (source $key, cached in $entry)" >&2
  exit 0
fi

mkdir -p "$root/programs"
export CARGO_TARGET_DIR="$root/cargo-target/$binary"
started="$(date +%s)"
"$@"
[ -x "bin/$binary" ] || { echo "program-cache: $* did not leave bin/$binary" >&2; exit 1; }
tmp="$(mktemp -d "$root/programs/.$binary.XXXXXX")"
cp "bin/$binary" "$tmp/$binary"
rm -rf "$entry" && mv "$tmp" "$entry"
echo "$binary: compiled in $(( $(date +%s) - started )) s (source $key, cached in $entry)" >&2
