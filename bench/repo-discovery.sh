#!/usr/bin/env bash
# Repo-discovery benchmark on SQLite and PostgreSQL; writes bench/results/repo-discovery-<db>.json.
# Usage: bench/repo-discovery.sh [repos]   (default 10000)
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$PORTAL_ROOT"
ensure_deps
repos="${1:-10000}"
mkdir -p bench/results
node bench/repo-discovery/run.mjs --repos "$repos" --db sqlite | tee bench/results/repo-discovery-sqlite.json
# Durable PostgreSQL (fsync on), as in production, on its own port so tests can run alongside.
eval "$(PORTAL_PG_DURABLE=1 PORTAL_PG_PORT=54339 PORTAL_PG_DIR="$PORTAL_CACHE/pg-bench" scripts/pg.sh start)"
trap 'PORTAL_PG_DIR="$PORTAL_CACHE/pg-bench" scripts/pg.sh stop' EXIT
node bench/repo-discovery/run.mjs --repos "$repos" --db pg | tee bench/results/repo-discovery-pg.json
