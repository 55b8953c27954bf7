#!/usr/bin/env bash
# Measures the foundation's figures for docs/benchmarks.md:
#   install (yarn install --immutable in a fresh clone, yarn cache warm), ./portal test wall time,
#   backend start→ready and RSS, app JS bytes. Writes bench/results/foundation.json.
# Usage: bench/foundation.sh [--skip-test]
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$PORTAL_ROOT"
mkdir -p bench/results
out=bench/results/foundation.json

clone="$(mktemp -d)/portal"
git clone -q "$PORTAL_ROOT" "$clone"
t0=$(date +%s%N)
(cd "$clone" && YARN_NPM_REGISTRY_SERVER="$(npm config get registry)" yarn install --immutable >/dev/null)
install_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
rm -rf "$(dirname "$clone")"

test_ms=null
if [ "${1:-}" != "--skip-test" ]; then
  t0=$(date +%s%N)
  ./portal test >/dev/null 2>&1
  test_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
fi

[ -f packages/app/dist/index.html ] || yarn workspace app build >/dev/null
node bench/foundation.mjs 3 | node -e '
  let s = ""; process.stdin.on("data", c => s += c).on("end", () => {
    const r = JSON.parse(s);
    r.installS = +(Number(process.argv[1]) / 1000).toFixed(1);
    r.portalTestS = process.argv[2] === "null" ? null : +(Number(process.argv[2]) / 1000).toFixed(1);
    console.log(JSON.stringify(r, null, 2));
  });' "$install_ms" "$test_ms" | tee "$out"
