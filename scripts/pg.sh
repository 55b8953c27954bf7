#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster on 127.0.0.1 for the tests.
#   scripts/pg.sh start   → prints `export` lines for the connection (eval them)
#   scripts/pg.sh stop
# The cluster lives under .cache/pg and runs as the postgres user when we are root (initdb refuses
# root); it is wiped on every start so each run begins empty.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${PORTAL_PG_DIR:-$ROOT/.cache/pg}"
PORT="${PORTAL_PG_PORT:-54329}"

bindir() {
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  echo "PostgreSQL server binaries not found (apt-get install postgresql-15)" >&2
  exit 1
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

case "${1:-}" in
  start)
    BIN="$(bindir)"
    "$0" stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    as_pg "'$BIN/initdb' -D '$DIR/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$DIR/../pg-init.log" 2>&1 ||
      { cat "$DIR/../pg-init.log" >&2; exit 1; }
    # Sockets go in the cluster's directory so nothing system-wide is needed. Tests trade durability
    # for speed; benchmarks set PORTAL_PG_DURABLE=1 to measure what production would do.
    opts="-h 127.0.0.1 -p $PORT -k '$DIR' -c max_connections=300"
    [ "${PORTAL_PG_DURABLE:-0}" = 1 ] || opts="$opts -c fsync=off -c full_page_writes=off"
    as_pg "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w -t 60 -o \"$opts\" start" >/dev/null ||
      { cat "$DIR/server.log" >&2; exit 1; }
    echo "export PORTAL_PG_PORT=$PORT"
    echo "export BACKSTAGE_TEST_DISABLE_DOCKER=1"
    echo "export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres:postgres@127.0.0.1:$PORT"
    ;;
  stop)
    BIN="$(bindir)"
    [ -d "$DIR/data" ] && as_pg "'$BIN/pg_ctl' -D '$DIR/data' -m fast -w stop" >/dev/null 2>&1 || true
    ;;
  restart)
    BIN="$(bindir)"
    as_pg "'$BIN/pg_ctl' -D '$DIR/data' -m fast -w -t 60 restart" >/dev/null
    ;;
  *)
    echo "usage: $0 start|stop|restart" >&2
    exit 2
    ;;
esac
