#!/usr/bin/env bash
# The release gate as a recipe: the current release's variant (baseline) against the new one (candidate), the same scenario
# run for both, then `proxybench compare`; this script's exit code is compare's (0 pass, 10 fail, 11 inconclusive).
#
#   bash scripts/release-gate.sh BASELINE_REF VARIANT [SCENARIO]
#
# BASELINE_REF is the git ref of the current release (a tag such as v1.4.0): its VARIANT_DIR/VARIANT folder (manifest,
# config templates, our own programs' sources) is the baseline; the working tree's is the candidate. Programs with a
# build.sh are compiled for each side (once per source hash: docker/program-cache.sh).
#   REPEAT       repetitions on each side (default 5; compare needs 3 or more to tell a change from noise)
#   OUT          where the two runs and the verdict go (default results/release-gate: baseline/, candidate/, compare/)
#   VARIANT_DIR  the folder holding the variant folders, relative to the repository (default docker)
#   RUN_FLAGS    extra flags for both runs, e.g. "--runtime docker" or "--quick"
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -ge 2 ] || { echo "usage: bash scripts/release-gate.sh BASELINE_REF VARIANT [SCENARIO]  (e.g. v1.4.0 nginx scenarios/nightly.yaml)" >&2; exit 2; }
ref="$1"; variant="$2"; scenario="${3:-scenarios/nightly.yaml}"
repeat="${REPEAT:-5}"; out="${OUT:-results/release-gate}"; vdir="${VARIANT_DIR:-docker}"
read -r -a run_flags <<<"${RUN_FLAGS:-}"

git rev-parse --verify --quiet "$ref^{commit}" >/dev/null || { echo "release-gate: $ref is not a git ref here (fetch the tags: git fetch --tags)" >&2; exit 2; }
baseline_tree="$(mktemp -d)"
trap 'rm -rf "$baseline_tree"' EXIT
git archive "$ref" "$vdir" | tar -x -C "$baseline_tree"
[ -f "$baseline_tree/$vdir/$variant/variant.yaml" ] || { echo "release-gate: $ref has no $vdir/$variant/variant.yaml" >&2; exit 2; }
for side in "$baseline_tree/$vdir" "$vdir"; do
  if [ -f "$side/$variant/build.sh" ]; then bash "$side/$variant/build.sh"; fi
done
rm -rf "$out"

run() {  # run SIDE [flags…]: the scenario with this side's variant; a crashed cell (exit 5) is the gate's to judge
  local side="$1" code=0; shift
  echo "release-gate: $side ($variant, $repeat repetitions of $scenario)" >&2
  bin/proxybench run "$scenario" --variants "$variant" --repeat "$repeat" --out "$out/$side" "${run_flags[@]}" "$@" || code=$?
  [ "$code" -eq 0 ] || [ "$code" -eq 5 ] || exit "$code"
}
run baseline --variant-dir "$baseline_tree/$vdir"
if [ "$vdir" = docker ]; then run candidate; else run candidate --variant-dir "$vdir"; fi
exec bin/proxybench compare "$out/baseline/latest" "$out/candidate/latest" --out "$out/compare"
