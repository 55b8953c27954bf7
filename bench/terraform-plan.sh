#!/usr/bin/env bash
# Terraform plan parser benchmark: a generated plan of N resources (~10 KB each in the file, about
# 100 MB for 10 000) parsed by parsePlan, against a bare JSON.parse of the same file; time and peak
# RSS (VmHWM), each measured in its own process. Writes bench/results/terraform-plan.json.
# Usage: bench/terraform-plan.sh [resources] [runs]   (defaults 10000 3)
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$PORTAL_ROOT"
# Needs only the installed tree (esbuild bundles the parser as a production build would).
[ -d node_modules/esbuild ] || ensure_deps
mkdir -p bench/results
node bench/terraform-plan/run.mjs "${1:-10000}" "${2:-3}" | tee bench/results/terraform-plan.json
# The repository checks formatting of every JSON file.
node_modules/.bin/prettier --write bench/results/terraform-plan.json >/dev/null
