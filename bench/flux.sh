#!/usr/bin/env bash
# Flux benchmark: 20 simulated clusters × 500 Flux objects behind the real backend (upstream
# Kubernetes backend + Flux backend); writes bench/results/flux.json.
# Usage: bench/flux.sh [clusters] [objects-per-cluster] [api-latency-ms]   (defaults 20 500 20)
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$PORTAL_ROOT"
ensure_deps
mkdir -p bench/results
node --require "$PORTAL_ROOT/node_modules/@backstage/cli-node/config/nodeTransform.cjs" \
  bench/flux/run.ts --clusters "${1:-20}" --objects "${2:-500}" --latency-ms "${3:-20}" |
  tee bench/results/flux.json
