#!/usr/bin/env bash
# Creates the HCP Terraform workspaces of this repository, once, before the first pipeline run:
# one per env/<environment>.hcp.env, in the organization of backend.tf, with local execution
# (HCP Terraform stores and locks the state; plans and applies run in GitHub Actions with AWS
# credentials from OIDC) and the Terraform version of .terraform-version.
# Terraform itself never creates a workspace named by TF_WORKSPACE, hence this script.
# Existing workspaces are left unchanged; one with remote or agent execution is reported, since
# the pipelines' AWS credentials would not reach it.
#
#   TF_API_TOKEN=<user or team token that may manage workspaces> scripts/hcp-workspaces.sh
#
# Needs curl and jq. TF_CLOUD_HOSTNAME overrides app.terraform.io (Terraform Enterprise).
set -euo pipefail

organization="${{ values.hcpOrganization }}"
hostname="${TF_CLOUD_HOSTNAME:-app.terraform.io}"
api="https://$hostname/api/v2"

if [ -z "${TF_API_TOKEN:-}" ]; then
  echo "Set TF_API_TOKEN to an HCP Terraform token that may manage workspaces in $organization." >&2
  exit 2
fi
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
done

cd "$(dirname "$0")/.."
version="$(tr -d '[:space:]' < .terraform-version)"
response="$(mktemp)"
trap 'rm -f "$response"' EXIT

request() {
  curl --silent --show-error --output "$response" --write-out '%{http_code}' \
    --header "Authorization: Bearer $TF_API_TOKEN" \
    --header 'Content-Type: application/vnd.api+json' \
    "$@"
}

status=0
for env_file in env/*.hcp.env; do
  workspace="$(sed -n 's/^TF_WORKSPACE=//p' "$env_file" | tr -d '[:space:]"')"
  if [ -z "$workspace" ]; then
    echo "$env_file: no TF_WORKSPACE line" >&2
    status=1
    continue
  fi
  environment="$(basename "$env_file" .hcp.env)"
  code="$(request "$api/organizations/$organization/workspaces/$workspace")"
  case "$code" in
    200)
      mode="$(jq -r '.data.attributes["execution-mode"]' "$response")"
      if [ "$mode" = local ]; then
        echo "$organization/$workspace exists, local execution: nothing to do"
      else
        echo "$organization/$workspace exists with $mode execution: set it to local in its settings (General > Execution mode)" >&2
        status=1
      fi
      ;;
    404)
      payload="$(jq -n --arg name "$workspace" --arg version "$version" \
        --arg description "${{ values.name }}, environment $environment: state only, runs in GitHub Actions" \
        '{data: {type: "workspaces", attributes: {
          name: $name, description: $description, "terraform-version": $version,
          "execution-mode": "local", "setting-overwrites": {"execution-mode": true}}}}')"
      code="$(request --request POST --data "$payload" "$api/organizations/$organization/workspaces")"
      if [ "$code" = 201 ]; then
        echo "$organization/$workspace created (local execution, Terraform $version)"
      else
        echo "Creating $organization/$workspace failed (HTTP $code): $(jq -c '.errors // .' "$response")" >&2
        status=1
      fi
      ;;
    *)
      echo "Reading $organization/$workspace failed (HTTP $code): $(jq -c '.errors // .' "$response" 2>/dev/null || cat "$response")" >&2
      status=1
      ;;
  esac
done
exit "$status"
