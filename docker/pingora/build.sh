#!/usr/bin/env bash
# Builds pb-pingora with the host's cargo (niced, 2 jobs) and puts the binary in bin/ (what the Dockerfile and the local run use).
set -euo pipefail
cd "$(dirname "$0")"
nice -n 19 ionice -c3 cargo build --release --locked -j "${PB_BUILD_JOBS:-2}" --quiet
install -D -m 0755 target/release/pb-pingora bin/pb-pingora
