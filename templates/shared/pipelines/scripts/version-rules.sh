#!/usr/bin/env bash
# The shell behind version-rules/action.yml: gathers what version-rules.mjs needs from git and the
# GitHub Actions environment, then runs it (which writes the step outputs to $GITHUB_OUTPUT).
#
#   INPUT_VERSION_FILE   package.json, pom.xml or pyproject.toml, relative to the working
#                        directory (required)
#   INPUT_FLOW           gitflow (services) or trunk (libraries); default gitflow
#   INPUT_BRANCH         optional override; default: GITHUB_REF_NAME for branches, the full
#                        GITHUB_REF for pull requests and tags (which the rules skip)
#   INPUT_REGISTRY_TAGS  optional: tags already in the image/artifact registry (space, comma or
#                        newline separated); a release whose tag is listed is refused
#
# Also runs outside Actions (in any git checkout) for a dry run: without GITHUB_OUTPUT it only
# prints the decision.
set -euo pipefail

fail() {
  if [ "${GITHUB_ACTIONS:-}" = true ]; then
    echo "::error title=Platform version rules::$*" >&2
  else
    echo "error: $*" >&2
  fi
  exit 1
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${INPUT_VERSION_FILE:-}"
flow="${INPUT_FLOW:-gitflow}"
[ -n "$file" ] || fail "the version-file input is empty"
[ -f "$file" ] || fail "version file $file not found in $(pwd)"
command -v node >/dev/null 2>&1 || fail "node (>= 20) is not on PATH: add actions/setup-node before this step"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || fail "$(pwd) is not a git checkout: run actions/checkout first"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Existing stable tags. When there is a remote, its tags are the truth: a failed fetch is an error
# rather than a guess, since a missing tag would let a release overwrite one.
if git remote get-url origin >/dev/null 2>&1; then
  git fetch --quiet --tags --force origin || fail "git fetch --tags failed: cannot tell which stable tags exist"
fi
tag_prefix="${INPUT_TAG_PREFIX:-}"
git tag --list "${tag_prefix}v*" >"$tmp/tags"

# The previous version: the version file at the first parent (HEAD~1). actions/checkout clones
# one commit deep by default, so deepen by one when the clone is shallow.
if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  git fetch --quiet --deepen=1 origin || fail "git fetch --deepen=1 failed: cannot read the previous commit (use fetch-depth: 0)"
fi
read -r -a commit_and_parents <<<"$(git rev-list --parents -n 1 HEAD)"
previous_args=()
if [ "${#commit_and_parents[@]}" -gt 1 ]; then
  mkdir "$tmp/previous"
  previous_file="$tmp/previous/$(basename "$file")"
  if git show "HEAD~1:./$file" >"$previous_file" 2>/dev/null; then
    previous_args=(--previous-file "$previous_file")
  else
    echo "version rules: $file does not exist in the previous commit: no previous version" >&2
  fi
else
  shallow="$(git rev-parse --git-path shallow)"
  if [ -f "$shallow" ] && grep -qx "${commit_and_parents[0]}" "$shallow"; then
    fail "the clone is shallow and the previous commit is missing: use actions/checkout with fetch-depth: 0"
  fi
  echo "version rules: first commit, no previous version" >&2
fi

branch="${INPUT_BRANCH:-}"
if [ -z "$branch" ]; then
  case "${GITHUB_REF:-}" in
    refs/heads/*) branch="${GITHUB_REF_NAME:-${GITHUB_REF#refs/heads/}}" ;;
    refs/*) branch="$GITHUB_REF" ;; # refs/pull/N/merge, refs/tags/X: the rules skip them
    *) branch="${GITHUB_REF_NAME:-}" ;;
  esac
fi
if [ -z "$branch" ]; then
  branch="$(git symbolic-ref --quiet --short HEAD)" || fail "cannot tell the branch: set GITHUB_REF_NAME or the branch input"
fi

printf '%s\n' "${INPUT_REGISTRY_TAGS:-}" >"$tmp/registry-tags"

output_args=()
if [ -n "${GITHUB_OUTPUT:-}" ]; then output_args=(--github-output); fi

status=0
node "$here/version-rules.mjs" \
  --branch "$branch" \
  --file "$file" \
  --flow "$flow" \
  --tags-file "$tmp/tags" \
  --registry-tags-file "$tmp/registry-tags" \
  --tag-prefix "$tag_prefix" \
  ${previous_args[@]+"${previous_args[@]}"} \
  ${output_args[@]+"${output_args[@]}"} || status=$?
exit "$status"
