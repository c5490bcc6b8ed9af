#!/usr/bin/env bash
# Builds pb-go-httputil with the host's go (niced, static, no cgo) into bin/ (what the Dockerfile and the local run use), once per source hash (../program-cache.sh).
set -euo pipefail
cd "$(dirname "$0")"
exec bash ../program-cache.sh pb-go-httputil "$(go version)" . -- bash -c '
  CGO_ENABLED=0 GOFLAGS=-trimpath nice -n 19 ionice -c3 go build -p "${PB_BUILD_JOBS:-2}" -ldflags="-s -w" -o bin/pb-go-httputil .'
