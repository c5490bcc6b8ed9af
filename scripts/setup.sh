#!/usr/bin/env bash
# Sets up a fresh Debian machine for proxybench: proxies from Debian packages, npm packages, the build.
# Idempotent: installs only what is missing. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(nginx libnginx-mod-http-lua haproxy caddy trafficserver wrk util-linux procps iproute2 chromium fonts-dejavu-core libxml2-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "setup: npm packages and build" >&2
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
echo "setup: done — try: bin/proxybench doctor" >&2
