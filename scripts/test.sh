#!/usr/bin/env bash
# ./portal test: set up, then run every test. Exits non-zero on the first failing stage.
#   stages: lint, tsc, build (the app, for the browser tests), the shared pipeline scripts
#   (node --test, shellcheck), jest (unit, catalog, backend integration on SQLite and
#   PostgreSQL 15, browser tests in Chromium)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$PORTAL_ROOT"

stage() {
  local name="$1"
  shift
  local t0=$SECONDS
  echo "━━ $name" >&2
  "$@"
  echo "━━ $name: ok in $((SECONDS - t0)) s" >&2
}

# kubectl builds the generated Kustomize overlays; docker-registry (+ htpasswd, openssl for its
# auth tests) is the real OCI registry the container images tests push to; python3-* run the generated FastAPI service's tests.
stage "setup: Debian packages" ensure_debian mkdocs:mkdocs chromium:chromium postgresql-15:/usr/lib/postgresql/15/bin/initdb shellcheck:shellcheck kubectl:kubectl git:git \
  docker-registry:docker-registry apache2-utils:htpasswd openssl:openssl
ensure_mkdocs_material
ensure_python_modules fastapi:python3-fastapi httpx:python3-httpx pytest:python3-pytest
# Maven and the plugins a generated Java repository builds with, offline, from Debian's Maven repo.
stage "setup: Maven" ensure_debian maven:mvn openjdk-17-jdk-headless:javac \
  junit5:/usr/share/maven-repo/org/junit/jupiter/junit-jupiter-api \
  libsurefire-java:/usr/share/maven-repo/org/apache/maven/plugins/maven-surefire-plugin \
  libmaven-compiler-plugin-java:/usr/share/maven-repo/org/apache/maven/plugins/maven-compiler-plugin \
  libmaven-jar-plugin-java:/usr/share/maven-repo/org/apache/maven/plugins/maven-jar-plugin \
  libmaven-resources-plugin-java:/usr/share/maven-repo/org/apache/maven/plugins/maven-resources-plugin
stage "setup: yarn install --immutable" ensure_deps

stage "lint" yarn backstage-cli repo lint
stage "tsc" yarn tsc
stage "build app" yarn workspace app build
# The pipeline logic every template's workflows share (templates/shared/pipelines).
stage "pipelines: version rules" node --test templates/shared/pipelines/version-rules.test.mjs
# The portal's own TechDocs: a broken link or a page missing from the nav fails here.
docs_site="$(mktemp -d)"
stage "docs: mkdocs build --strict" mkdocs build --strict --quiet --site-dir "$docs_site"
rm -rf "$docs_site"
stage "pipelines: shellcheck" shellcheck -s bash templates/shared/pipelines/scripts/version-rules.sh

# An assignment, so a failing start (say, the port is taken) stops the run here.
pg_env="$(scripts/pg.sh start)"
eval "$pg_env"
trap 'scripts/pg.sh stop' EXIT

# CI=true makes the PostgreSQL suites mandatory (they fail instead of skipping without a database)
# and turns off jest's watch mode.
# The Flux backend's tests run the upstream Kubernetes backend, whose proxy loads the ESM-only
# @kubernetes/client-node with import(): they need jest's VM modules, which break msw's ESM
# dependencies elsewhere, so they run on their own.
stage "jest: unit, catalog, integration, browser" env CI=true yarn backstage-cli repo test --maxWorkers=2 --ignoreProjects @platform-portal/plugin-flux-backend --testPathIgnorePatterns '(reliability|robustness|security)\.integration\.test\.ts$'
# The production suites each start PostgreSQL-backed backends and load them: one at a time, so
# they neither starve each other nor the browser tests above of the two cores.
stage "jest: reliability, bad input, security (production config, one at a time)" env CI=true yarn workspace backend backstage-cli package test --runInBand 'src/integration/(reliability|robustness|security)\.integration\.test\.ts$'
stage "jest: flux-backend (VM modules)" env CI=true NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --disable-warning=ExperimentalWarning" yarn workspace @platform-portal/plugin-flux-backend backstage-cli package test --maxWorkers=2
