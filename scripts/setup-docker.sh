#!/usr/bin/env bash
# Sets up the docker runtime on a Debian machine: docker.io, debootstrap and iptables from Debian packages, an engine
# (dockerd is started here when none answers), then `proxybench images build NAME…` (all images when no name is given).
# With PROXYBENCH_DOCKERD_ROOT=DIR the engine is a private one (own data root, exec root and socket under DIR, never the
# system daemon): DOCKER_HOST=unix://DIR/docker.sock, which the caller exports too.
# With PROXYBENCH_DOCKERD_PIDFILE set, the pid of a dockerd started here is written there (so a caller can stop it).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(docker.io debootstrap iptables)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-docker: installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dockerd_args=(--storage-driver=overlay2)
dockerd_log=/var/log/dockerd.log
if [ -n "${PROXYBENCH_DOCKERD_ROOT:-}" ]; then
  root="$PROXYBENCH_DOCKERD_ROOT"
  $sudo mkdir -p "$root/data" "$root/exec"
  export DOCKER_HOST="unix://$root/docker.sock"
  dockerd_log="$root/dockerd.log"
  # Its own data root, exec root (its containerd too), pidfile and socket; no default bridge, so it never fights another
  # engine over docker0 (runs use networks of their own, builds use the host network).
  dockerd_args+=(--data-root "$root/data" --exec-root "$root/exec" --pidfile "$root/dockerd.pid" -H "$DOCKER_HOST" --bridge=none)
fi

if ! docker info >/dev/null 2>&1; then
  echo "setup-docker: starting dockerd${PROXYBENCH_DOCKERD_ROOT:+ (private, $DOCKER_HOST)} (log: $dockerd_log)" >&2
  $sudo dockerd "${dockerd_args[@]}" >"$dockerd_log" 2>&1 &
  [ -z "${PROXYBENCH_DOCKERD_PIDFILE:-}" ] || echo $! >"$PROXYBENCH_DOCKERD_PIDFILE"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "setup-docker: dockerd did not answer within 30 s:" >&2; tail -20 "$dockerd_log" >&2; exit 4; }
fi

echo "setup-docker: building images: ${*:-all}" >&2
bin/proxybench images build "$@"
