#!/usr/bin/env bash
# Lints the GitHub workflows (.github/workflows/*.yml) with actionlint, and their run: blocks with shellcheck.
# actionlint comes from the Go module proxy (go install, pinned below), built once into the cache outside the clone;
# without go the lint is skipped with the reason (exit 0). shellcheck comes from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
version=v1.7.12   # the newest release when pinned; bump on purpose (new releases add checks)
tools="${PROXYBENCH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/proxybench}/tools/actionlint-$version"
if [ ! -x "$tools/actionlint" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "lint-workflows: skipped: go not found (actionlint is installed with: go install github.com/rhysd/actionlint/cmd/actionlint@$version)" >&2
    exit 0
  fi
  echo "lint-workflows: installing actionlint $version (go install, once; cached in $tools)" >&2
  mkdir -p "$tools"
  GOBIN="$tools" nice -n 19 go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
if ! command -v shellcheck >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "lint-workflows: installing Debian's shellcheck (actionlint checks run: blocks with it)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >/dev/null ||
    echo "lint-workflows: shellcheck not installed: run: blocks are not checked" >&2
fi
"$tools/actionlint"
echo "lint-workflows: $(find .github/workflows -name '*.yml' | wc -l) workflow(s) pass actionlint $version" >&2
