#!/usr/bin/env bash
# Sets up a fresh Debian machine for proxybench: proxies from Debian packages, npm packages, the build, our own programs.
# Idempotent: installs only what is missing. Needs root (or sudo) for apt-get.
#   PROXYBENCH_SKIP_PROGRAMS=1   do not compile go-httputil, hyper and pingora (runs then skip them, with the reason)
#   PROXYBENCH_CACHE_DIR         where compiled programs are kept (default ${XDG_CACHE_HOME:-$HOME/.cache}/proxybench)
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

apt_install() {  # installs the Debian packages among "$@" that are missing
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

apt_install nginx libnginx-mod-http-lua haproxy caddy trafficserver wrk util-linux procps iproute2 chromium fonts-dejavu-core libxml2-utils \
  libssl-dev pkg-config \
  nghttp2-client   # libssl-dev, pkg-config: pingora's TLS listener links Debian's OpenSSL; h2load: closed-loop HTTP/2 phases, bench/tls.ts

echo "setup: npm packages and build" >&2
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build

bash scripts/setup-programs.sh
echo "setup: done — try: bin/proxybench variants, then bin/proxybench run scenarios/quickstart.yaml" >&2
