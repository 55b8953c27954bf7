#!/usr/bin/env bash
# Validates this repository the way Flux will apply it, before anything reaches a cluster:
#   1. the Flux objects of every cluster directory (clusters/<cluster>/*.yaml and flux-system/)
#      against the Kubernetes and Flux schemas;
#   2. every kustomization (bases, environment overlays, flux-system once bootstrapped) is built
#      with kustomize, with the options kustomize-controller uses, and its output validated too.
# Any failure fails the script; it lists what it validated.
#
# Needs kustomize (or kubectl), kubeconform, curl and tar. Environment:
#   FLUX_VERSION        Flux release whose CRD schemas are used (default: latest)
#   KUBERNETES_VERSION  Kubernetes schemas version for kubeconform (default: master)
#   SCHEMA_DIR          where the Flux schemas go; if it already holds them nothing is downloaded
#                       (for air-gapped runs, extract crd-schemas.tar.gz there yourself)
#
# Usage: scripts/validate.sh [directory]   (default: the repository root)
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
flux_version="${FLUX_VERSION:-latest}"
kubernetes_version="${KUBERNETES_VERSION:-master}"
schema_dir="${SCHEMA_DIR:-${TMPDIR:-/tmp}/flux-crd-schemas/${flux_version}}"

if command -v kustomize >/dev/null 2>&1; then
  kustomize_build=(kustomize build)
elif command -v kubectl >/dev/null 2>&1; then
  kustomize_build=(kubectl kustomize)
else
  echo "ERROR - kustomize or kubectl is needed" >&2
  exit 1
fi
if ! command -v kubeconform >/dev/null 2>&1; then
  echo "ERROR - kubeconform is needed (https://github.com/yannh/kubeconform)" >&2
  exit 1
fi

if ! compgen -G "${schema_dir}/*.json" >/dev/null; then
  if [ "$flux_version" = latest ]; then
    url="https://github.com/fluxcd/flux2/releases/latest/download/crd-schemas.tar.gz"
  else
    url="https://github.com/fluxcd/flux2/releases/download/v${flux_version#v}/crd-schemas.tar.gz"
  fi
  echo "INFO - Downloading the Flux ${flux_version} CRD schemas"
  mkdir -p "$schema_dir"
  curl -sSfL --retry 3 "$url" | tar -xzf - -C "$schema_dir"
fi

# Flux and Kubernetes schemas; then the community catalog for other CRDs (cert-manager, ...).
# Secrets are skipped: SOPS-encrypted ones do not match the schema until Flux decrypts them.
kubeconform_args=(
  -strict
  -summary
  -skip Secret
  -kubernetes-version "$kubernetes_version"
  -schema-location default
  -schema-location "${schema_dir}/{{.ResourceKind}}{{.KindSuffix}}.json"
  -schema-location 'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'
  -ignore-missing-schemas
)
# Mirrors kustomize-controller: files may come from anywhere in the repository.
kustomize_args=(--load-restrictor=LoadRestrictionsNone)

cd "$root"
failed=0

echo "INFO - Validating the cluster directories"
while IFS= read -r -d '' file; do
  echo "INFO - ${file}"
  kubeconform "${kubeconform_args[@]}" "$file" || failed=1
done < <(find ./clusters -maxdepth 3 -type f -name '*.yaml' ! -name kustomization.yaml -print0 | sort -z)

echo "INFO - Building and validating every kustomization"
count=0
while IFS= read -r -d '' file; do
  dir="$(dirname "$file")"
  echo "INFO - ${dir}"
  count=$((count + 1))
  if ! output="$("${kustomize_build[@]}" "$dir" "${kustomize_args[@]}")"; then
    echo "ERROR - ${dir} does not build" >&2
    failed=1
    continue
  fi
  printf '%s\n' "$output" | kubeconform "${kubeconform_args[@]}" - || failed=1
done < <(find . -type f -name kustomization.yaml -not -path './.git/*' -print0 | sort -z)

if [ "$failed" -ne 0 ]; then
  echo "ERROR - validation failed" >&2
  exit 1
fi
echo "INFO - ${count} kustomizations built and validated"
