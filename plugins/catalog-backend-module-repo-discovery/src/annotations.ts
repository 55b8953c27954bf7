/** Annotations the discovery writes. Keys of other plugins are re-used where they exist. */
export const ANNOTATION_INFERRED = 'platform-portal.io/inferred';
export const ANNOTATION_INFERRED_EVIDENCE =
  'platform-portal.io/inferred-evidence';
export const ANNOTATION_ARCHIVED = 'platform-portal.io/archived';
export const ANNOTATION_REPO_SOURCE = 'platform-portal.io/repo-source';
export const ANNOTATION_ENVIRONMENT = 'platform-portal.io/environment';
export const ANNOTATION_ECR_REPOSITORIES =
  'platform-portal.io/ecr-repositories';
export const ANNOTATION_TERRAFORM_WORKSPACES =
  'platform-portal.io/terraform-workspaces';
export const ANNOTATION_TERRAFORM_ARTIFACTS =
  'platform-portal.io/terraform-artifacts';
export const ANNOTATION_FLUX_KUSTOMIZATIONS =
  'platform-portal.io/flux-kustomizations';
export const ANNOTATION_CLUSTER_SOURCE = 'platform-portal.io/cluster-source';
