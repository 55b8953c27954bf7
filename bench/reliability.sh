#!/usr/bin/env bash
# Reliability harness: the production configuration at two replicas over one PostgreSQL, under
# load and faults; writes bench/results/reliability.json. ./portal test runs the quick subset.
# Usage: bench/reliability.sh [--quick] [--users N] [--seconds S]   (full: 50 users, 60 s)
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$PORTAL_ROOT"
ensure_deps
ensure_debian postgresql-15:/usr/lib/postgresql/15/bin/initdb
mkdir -p bench/results
node --require "$PORTAL_ROOT/node_modules/@backstage/cli-node/config/nodeTransform.cjs" \
  bench/reliability/run.ts "$@" | tee bench/results/reliability.json
