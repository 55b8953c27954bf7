#!/usr/bin/env bash
# Container images benchmark: a 5 000-image ECR repository (simulated over HTTP, 40 ms per call)
# read through the real backend; writes bench/results/container-images.json.
# Usage: bench/container-images.sh [images] [concurrency]   (defaults 5000 50)
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$PORTAL_ROOT"
ensure_deps
mkdir -p bench/results
node --require "$PORTAL_ROOT/node_modules/@backstage/cli-node/config/nodeTransform.cjs" \
  bench/container-images/run.ts --images "${1:-5000}" --concurrency "${2:-50}" |
  tee bench/results/container-images.json
