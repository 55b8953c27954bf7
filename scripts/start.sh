#!/usr/bin/env bash
# ./portal start: set up, then run the app (http://localhost:3000) and backend (:7007) in
# development mode on the embedded default. Data lives in .data/ (or $PORTAL_DATA_DIR).
set -euo pipefail
source "$(dirname "$0")/env.sh"
ensure_debian mkdocs:mkdocs
ensure_mkdocs_material
ensure_deps
export PORTAL_DATA_DIR="${PORTAL_DATA_DIR:-$PORTAL_ROOT/.data}"
mkdir -p "$PORTAL_DATA_DIR"
# An organisation's worth of git repositories for the repo-discovery provider (kept once created).
node scripts/seed-repos.mjs "$PORTAL_DATA_DIR/repos"
echo "» starting the portal: http://localhost:3000 (backend :7007, data in $PORTAL_DATA_DIR)" >&2
exec yarn start
