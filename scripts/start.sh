#!/usr/bin/env bash
# ./portal start: set up, then run the app (http://localhost:3000) and backend (:7007) in
# development mode on the embedded default. Data lives in .data/ (or $PORTAL_DATA_DIR).
set -euo pipefail
source "$(dirname "$0")/env.sh"
ensure_debian mkdocs:mkdocs docker-registry:docker-registry
ensure_mkdocs_material
ensure_deps
export PORTAL_DATA_DIR="${PORTAL_DATA_DIR:-$PORTAL_ROOT/.data}"
mkdir -p "$PORTAL_DATA_DIR"
# An organisation's worth of git repositories for the repo-discovery provider (kept once created).
node scripts/seed-repos.mjs "$PORTAL_DATA_DIR/repos"
# A real OCI registry on 127.0.0.1:5000 (registry.local in app-config.yaml) with example images;
# it keeps running after the portal stops (node scripts/registry.mjs stop).
node scripts/registry.mjs start && node scripts/registry.mjs seed ||
  echo "» no local OCI registry: registry.local repositories will show errors" >&2
# Simulated Kubernetes clusters on 127.0.0.1:6443 (app-config.yaml), for the Kubernetes, Flux and
# Deployments tabs; kept running like the registry (scripts/k8s-sim.ts stop).
node --require "$PORTAL_ROOT/node_modules/@backstage/cli-node/config/nodeTransform.cjs" \
  scripts/k8s-sim.ts start ||
  echo "» no simulated Kubernetes API: the cluster tabs will show errors" >&2
echo "» starting the portal: http://localhost:3000 (backend :7007, data in $PORTAL_DATA_DIR)" >&2
# Metrics for Prometheus on :9464 (PORTAL_METRICS_PORT; off to disable), as in production.
exec yarn start --require ./src/instrumentation.js
