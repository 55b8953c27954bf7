#!/usr/bin/env bash
# Rehearses deploy/docker/Dockerfile's deps and runtime stages on this machine, without Docker,
# and starts the result the way the image does, against a throw-away PostgreSQL:
#
#   1. yarn build:backend (the build stage's output; --no-build reuses packages/backend/dist)
#   2. in a temporary directory: the skeleton + `yarn workspaces focus --all --production`
#      (deps stage), the bundle, and every file the runtime stage COPYs from the build context,
#      read from the Dockerfile itself so the two cannot drift
#   3. the tree is made root-owned and read-only to the image's user (USER in the Dockerfile);
#      only the data directory and TMPDIR are writable, as with readOnlyRootFilesystem
#   4. the Dockerfile's CMD as that user, NODE_ENV=production, against PostgreSQL from
#      scripts/pg.sh (its own directory and port, so the tests' cluster is left alone)
#   5. waits for /.backstage/health/v1/readiness, checks liveness, the app and its injected
#      config, that the API wants a token, that nothing was written under the app, then SIGTERM
#
#   deploy/docker/rehearse.sh [--no-build] [--keep] [--kubernetes]
#     --kubernetes  also load the ConfigMap's app-config.kubernetes.yaml, as the Deployment does
#                   (its TechDocs bucket is fake here: publishing is not exercised)
#     --keep        keep the temporary directory
#   Environment: REHEARSE_PG_PORT (default 54339), REHEARSE_TIMEOUT (seconds to readiness, 300).
#
# Takes a few minutes (build, install of production dependencies, first start). Not part of
# ./portal test; run it after changing the Dockerfile, the production config or dependencies.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
cd "$PORTAL_ROOT"

BUILD=1
KEEP=0
KUBERNETES=0
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --keep) KEEP=1 ;;
    --kubernetes) KUBERNETES=1 ;;
    *)
      sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
      exit 2
      ;;
  esac
done

DOCKERFILE=deploy/docker/Dockerfile
IGNOREFILE=deploy/docker/Dockerfile.dockerignore
log() { echo "» $*" >&2; }
fail() {
  echo "✗ $*" >&2
  exit 1
}

# --- what the Dockerfile says ----------------------------------------------------------------
# The runtime stage: from its FROM line to the end of the file.
runtime_stage="$(awk '/^FROM .* AS runtime$/ { on = 1 } on' "$DOCKERFILE")"
[ -n "$runtime_stage" ] || fail "no 'FROM … AS runtime' stage in $DOCKERFILE"
user_line="$(grep -E '^USER ' <<<"$runtime_stage" | tail -1 | cut -d' ' -f2)"
RUN_UID="${user_line%%:*}"
RUN_GID="${user_line##*:}"
[[ "$RUN_UID" =~ ^[0-9]+$ && "$RUN_GID" =~ ^[0-9]+$ ]] || fail "USER must be numeric uid:gid, got '$user_line'"
workdir="$(grep -E '^WORKDIR ' <<<"$runtime_stage" | tail -1 | cut -d' ' -f2)"
cmd_json="$(grep -E '^CMD \[' <<<"$runtime_stage" | tail -1 | sed 's/^CMD //')"
mapfile -t CMD < <(node -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$cmd_json")
[ "${#CMD[@]}" -gt 0 ] || fail "no CMD in the runtime stage"
# COPY lines without --from: sources from the build context.
mapfile -t COPIES < <(grep -E '^COPY ' <<<"$runtime_stage" | grep -v -- '--from=' | sed 's/^COPY //')
# The ignore file's **/<name> patterns apply inside the directories copied from the context.
mapfile -t EXCLUDES < <(sed -n 's#^\*\*/##p' "$IGNOREFILE")

# --- 1. build ---------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  log "yarn build:backend"
  yarn build:backend >&2
fi
for f in packages/backend/dist/skeleton.tar.gz packages/backend/dist/bundle.tar.gz; do
  [ -f "$f" ] || fail "$f missing: run without --no-build"
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/portal-rehearse.XXXXXX")"
chmod 755 "$WORK"
APP="$WORK/app"
BACKEND_PID=""
PG_STARTED=0
cleanup() {
  local rc=$?
  if [ -n "$BACKEND_PID" ] && kill -0 "$BACKEND_PID" 2>/dev/null; then
    kill -KILL "$BACKEND_PID" 2>/dev/null || true
  fi
  if [ "$PG_STARTED" = 1 ]; then
    PORTAL_PG_DIR="$PG_DIR" PORTAL_PG_PORT="$PG_PORT" scripts/pg.sh stop || true
  fi
  if [ "$KEEP" = 1 ]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT

# --- 2. deps stage: production dependencies from the skeleton ---------------------------------
log "deps stage: skeleton + yarn workspaces focus --all --production in $APP"
mkdir -p "$APP/.yarn"
cp -a .yarn/releases "$APP/.yarn/releases"
cp package.json yarn.lock .yarnrc.yml backstage.json "$APP/"
tar --no-overwrite-dir -xzf packages/backend/dist/skeleton.tar.gz -C "$APP"
(
  cd "$APP"
  YARN_NPM_REGISTRY_SERVER="$(npm config get registry)" YARN_ENABLE_TELEMETRY=0 \
    YARN_ENABLE_PROGRESS_BARS=0 yarn workspaces focus --all --production >&2
  rm -f .yarn/install-state.gz
)
for dev in jest @backstage/cli; do
  [ ! -d "$APP/node_modules/$dev" ] || fail "a development dependency ($dev) was installed"
done

# --- 2. runtime stage: bundle, then the context's files ---------------------------------------
log "runtime stage: bundle + ${#COPIES[@]} COPY lines from $DOCKERFILE"
tar --no-overwrite-dir -xzf packages/backend/dist/bundle.tar.gz -C "$APP"
[ "$(stat -c %a "$APP")" = 755 ] || fail "unpacking changed the mode of the application directory to $(stat -c %a "$APP")"
tar_excludes=()
for pattern in "${EXCLUDES[@]}"; do tar_excludes+=("--exclude=$pattern"); done
for line in "${COPIES[@]}"; do
  read -r -a words <<<"$line"
  args=()
  for w in "${words[@]}"; do [[ "$w" == --* ]] || args+=("$w"); done
  dest="${args[-1]}"
  unset 'args[-1]'
  case "$dest" in
    /*) target="$APP$dest" ;; # never used by the Dockerfile, but handled
    *) target="$APP/${dest#./}" ;;
  esac
  for src in "${args[@]}"; do
    [ -e "$src" ] || fail "COPY source '$src' does not exist"
    if [ -d "$src" ]; then
      # COPY dir dest copies the directory's contents into dest.
      mkdir -p "$target"
      tar -C "$src" "${tar_excludes[@]}" -cf - . | tar -C "$target" -xf -
    elif [[ "$dest" == */ || "${#args[@]}" -gt 1 ]]; then
      # Into a directory.
      mkdir -p "$target"
      cp "$src" "$target/"
    else
      # A single file to a file name.
      mkdir -p "$(dirname "$target")"
      cp "$src" "$target"
    fi
  done
done
[ "$workdir" = /app ] || fail "runtime WORKDIR is '$workdir'; this rehearsal models /app"

K8S_CONFIG=()
if [ "$KUBERNETES" = 1 ]; then
  # The ConfigMap as the overlay renders it, mounted where the Deployment mounts it.
  mkdir -p "$WORK/etc"
  kubectl kustomize deploy/kubernetes/overlays/production |
    node -e '
      const YAML = require(require.resolve("yaml", { paths: [process.argv[1]] }));
      let text = ""; process.stdin.on("data", d => (text += d)).on("end", () => {
        const cm = YAML.parseAllDocuments(text).map(d => d.toJS())
          .find(o => o.kind === "ConfigMap" && o.metadata.name.startsWith("platform-portal-app-config-"));
        process.stdout.write(cm.data["app-config.kubernetes.yaml"]);
      });' "$PORTAL_ROOT/packages/backend" >"$WORK/etc/app-config.kubernetes.yaml"
  K8S_CONFIG=(--config "$WORK/etc/app-config.kubernetes.yaml")
fi

# --- 3. ownership: what readOnlyRootFilesystem + runAsUser give the pod -----------------------
mkdir -p "$WORK/data" "$WORK/tmp" "$WORK/home"
AS_USER=()
if [ "$(id -u)" = 0 ]; then
  chown -R 0:0 "$APP" "$WORK/home"
  chmod -R go-w "$APP"
  chown "$RUN_UID:$RUN_GID" "$WORK/data" "$WORK/tmp"
  AS_USER=(setpriv "--reuid=$RUN_UID" "--regid=$RUN_GID" --clear-groups)
else
  log "not root: running as $(id -u) instead of $RUN_UID; the write check below still applies"
fi
touch "$WORK/stamp"

# --- 4. PostgreSQL ----------------------------------------------------------------------------
PG_DIR="$PORTAL_CACHE/pg-rehearse"
PG_PORT="${REHEARSE_PG_PORT:-54339}"
log "PostgreSQL: scripts/pg.sh start on 127.0.0.1:$PG_PORT ($PG_DIR)"
PORTAL_PG_DIR="$PG_DIR" PORTAL_PG_PORT="$PG_PORT" scripts/pg.sh start >/dev/null
PG_STARTED=1

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
PORT="$(free_port)"
# The image serves metrics on 9464; here on a free port, so that a concurrent run cannot collide.
METRICS_PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
log "starting: ${CMD[*]} ${K8S_CONFIG[*]} (as uid $RUN_UID, port $PORT via APP_CONFIG_backend_listen_port)"
(
  cd "$APP"
  exec "${AS_USER[@]}" env -i \
    PATH="$PATH" HOME="$WORK/home" TMPDIR="$WORK/tmp" \
    NODE_ENV=production PORTAL_DATA_DIR="$WORK/data" \
    APP_CONFIG_backend_listen_port="$PORT" PORTAL_BASE_URL="$BASE" \
    PORTAL_METRICS_PORT="$METRICS_PORT" PORTAL_METRICS_HOST=127.0.0.1 \
    POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$PG_PORT" POSTGRES_USER=postgres POSTGRES_PASSWORD=postgres \
    GITHUB_TOKEN=ghp_rehearsal_not_real GITHUB_ORG=orbital-data \
    GITHUB_WEBHOOK_SECRET=rehearsal-webhook-secret AUTH_GITHUB_CLIENT_ID=rehearsal-client-id \
    AUTH_GITHUB_CLIENT_SECRET=rehearsal-client-secret \
    TECHDOCS_S3_BUCKET=rehearsal-not-a-bucket AWS_REGION=eu-west-1 \
    "${CMD[@]}" "${K8S_CONFIG[@]}"
) >"$WORK/backend.log" 2>&1 &
BACKEND_PID=$!

# --- 5. checks --------------------------------------------------------------------------------
status() { curl -s -o /dev/null -w '%{http_code}' "$@" || true; }
deadline=$((SECONDS + ${REHEARSE_TIMEOUT:-300}))
t0=$SECONDS
until [ "$(status "$BASE/.backstage/health/v1/readiness")" = 200 ]; do
  if ! kill -0 "$BACKEND_PID" 2>/dev/null; then
    tail -50 "$WORK/backend.log" >&2
    fail "the backend exited before it was ready (log above)"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -50 "$WORK/backend.log" >&2
    fail "not ready after ${REHEARSE_TIMEOUT:-300} s (log above)"
  fi
  sleep 1
done
ready_after=$((SECONDS - t0))
node_pid="$BACKEND_PID" # setpriv and env exec: this is node itself
rss_mb=$(($(ps -o rss= -p "$node_pid") / 1024))
log "ready after ${ready_after} s, ${rss_mb} MB resident"

[ "$(status "$BASE/.backstage/health/v1/liveness")" = 200 ] || fail "liveness is not 200"
html="$(curl -fsS "$BASE/")" || fail "GET / failed: the app is not served"
grep -q 'type="backstage.io/config"' <<<"$html" || fail "GET / has no injected app config"
grep -qF "\"baseUrl\": \"$BASE\"" <<<"$html" || fail "the injected config does not carry PORTAL_BASE_URL"
[ "$(status "$BASE/api/catalog/entities")" = 401 ] || fail "/api/catalog/entities without a token is not 401"
[ "$(status -X POST -H 'X-Requested-With: XMLHttpRequest' "$BASE/api/auth/guest/refresh")" = 404 ] ||
  fail "guest sign-in is available in production"
if grep -q '"level":"error"' "$WORK/backend.log"; then
  log "error lines in the log (expected here: the GitHub token and the bucket are fake):"
  grep '"level":"error"' "$WORK/backend.log" | cut -c1-240 | sort | uniq -c | sort -rn | head -8 >&2
fi
if [[ " ${CMD[*]} " == *" --require "*instrumentation* ]]; then
  metrics="$(curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics")" ||
    fail "CMD preloads the instrumentation but nothing serves /metrics"
  series="$(grep -vc '^#' <<<"$metrics" || true)"
  grep -q '^http_server_request_duration' <<<"$metrics" ||
    fail "/metrics has no http_server_request_duration series"
  log "metrics: $series samples, HTTP server durations included"
else
  log "CMD does not preload the instrumentation: no metrics to check"
fi
psql="$(command -v psql || true)"
if [ -n "$psql" ]; then
  databases="$("$psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc "select count(*) from pg_database where datname like 'backstage_plugin_%'")"
  connections="$("$psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc "select count(*) from pg_stat_activity where datname like 'backstage_plugin_%'")"
  log "PostgreSQL: $databases plugin databases, $connections connections held by this replica"
fi
written="$(find "$APP" -newer "$WORK/stamp" | head -5)"
[ -z "$written" ] || fail "the backend wrote under the application directory: $written"

# A clean stop within the Deployment's terminationGracePeriodSeconds (the kubelet kills after it).
grace="$(sed -n 's/^ *terminationGracePeriodSeconds: *\([0-9]*\).*/\1/p' deploy/kubernetes/base/deployment.yaml)"
log "SIGTERM (grace: ${grace} s)"
t0=$SECONDS
kill -TERM "$node_pid"
while kill -0 "$BACKEND_PID" 2>/dev/null; do
  [ $((SECONDS - t0)) -lt "$grace" ] || fail "still running ${grace} s after SIGTERM (terminationGracePeriodSeconds)"
  if [ "$KUBERNETES" = 1 ] && [ -z "${draining:-}" ]; then
    # serverShutdownDelay: still answering, but no longer ready, so endpoints drop the pod.
    [ "$(status "$BASE/.backstage/health/v1/readiness")" = 503 ] && draining=1 &&
      log "draining: readiness answers 503 after SIGTERM"
  fi
  sleep 1
done
[ "$KUBERNETES" = 0 ] || [ -n "${draining:-}" ] || fail "readiness never answered 503 while shutting down"
wait "$BACKEND_PID" && rc=0 || rc=$?
BACKEND_PID=""
[ "$rc" = 0 ] || fail "exit status $rc after SIGTERM"
echo "✓ rehearsal passed: ready in ${ready_after} s, ${rss_mb} MB resident, stopped in $((SECONDS - t0)) s" >&2
