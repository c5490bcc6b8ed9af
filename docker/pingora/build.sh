#!/usr/bin/env bash
# Builds pb-pingora with the host's cargo (niced, 2 jobs) into bin/ (what the Dockerfile and the local run use), once per source hash (../program-cache.sh).
set -euo pipefail
cd "$(dirname "$0")"
exec bash ../program-cache.sh pb-pingora "$(rustc -V) $(cargo -V)" . ../rust-common -- bash -c '
  nice -n 19 ionice -c3 cargo build --release --locked -j "${PB_BUILD_JOBS:-2}" --quiet
  install -D -m 0755 "$CARGO_TARGET_DIR/release/pb-pingora" bin/pb-pingora'
