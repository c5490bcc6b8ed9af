#!/usr/bin/env bash
# Compiles our own proxies (go-httputil with go, hyper and pingora with cargo), each once per source hash: the binaries are
# cached outside the clone (docker/program-cache.sh), so a fresh clone or CI copies them in seconds. Says what it builds,
# how long it took, and how to skip it. cargo comes from Debian (cargo-web) when missing; go cannot (see below).
#   PROXYBENCH_SKIP_PROGRAMS=1   skip this step (runs then skip the three variants, with the reason)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${PROXYBENCH_SKIP_PROGRAMS:-0}" = 1 ]; then
  echo "setup: not compiling go-httputil, hyper, pingora (PROXYBENCH_SKIP_PROGRAMS=1): runs report them skipped" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
skip_hint="(skip this step with PROXYBENCH_SKIP_PROGRAMS=1)"

if ! command -v cargo >/dev/null 2>&1; then
  # Debian bookworm's cargo/rustc (1.63) are too old for hyper 1 and pingora; cargo-web (Rust 1.85+, the toolchain Debian
  # keeps for its browsers) is recent enough, installs /usr/bin/cargo and /usr/bin/rustc.
  echo "setup: cargo not found: installing Debian's cargo-web (Rust for hyper and pingora)" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends cargo-web build-essential cmake >/dev/null ||
    echo "setup: could not install cargo-web: hyper and pingora will be skipped; install Rust 1.85+ and rerun" >&2
fi

built=()
build() {  # build NAME TOOL: runs docker/NAME/build.sh when TOOL is on PATH
  local name="$1" tool="$2" started code=0
  if ! command -v "$tool" >/dev/null 2>&1; then
    return 0
  fi
  started="$(date +%s)"
  bash "docker/$name/build.sh" || code=$?
  if [ "$code" -ne 0 ]; then
    echo "setup: $name did not compile (exit $code, after $(( $(date +%s) - started )) s): runs will skip it $skip_hint" >&2
  else
    built+=("$name")
  fi
}

cached_note=""
if [ -n "$(ls -A "${PROXYBENCH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/proxybench}/programs" 2>/dev/null || true)" ]; then cached_note=" (cached builds are copied)"; fi
echo "setup: compiling our own proxies go-httputil (go), hyper and pingora (cargo)$cached_note; from nothing ≈6 min on a quiet 2-core machine (pingora ≈5; 26 min measured while the machine ran other builds) $skip_hint" >&2
started="$(date +%s)"
if command -v go >/dev/null 2>&1; then
  build go-httputil go
else
  # Debian bookworm's golang-go is Go 1.19; main.go needs 1.22 (httputil.ReverseProxy.Rewrite, go.mod), so Debian cannot provide it.
  echo "setup: go not found: go-httputil will be skipped (it needs Go 1.22 or newer, Debian bookworm has 1.19; install Go 1.22+ and rerun)" >&2
fi
build hyper cargo
build pingora cargo
command -v cargo >/dev/null 2>&1 || echo "setup: cargo not found: hyper and pingora will be skipped (install Rust 1.85+, e.g. apt-get install cargo-web, and rerun)" >&2
echo "setup: our own proxies ready: ${built[*]:-none} ($(( $(date +%s) - started )) s)" >&2
