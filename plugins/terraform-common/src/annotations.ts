/** HCP Terraform / Terraform Enterprise workspaces: comma-separated `<organization>/<workspace>`. */
export const ANNOTATION_TERRAFORM_WORKSPACES =
  'platform-portal.io/terraform-workspaces';
/**
 * Where GitHub Actions publish plans: `github` — the artifacts `terraform-plan-<environment>`
 * (`plan.json`) of the workflow runs of the repository in `github.com/project-slug`.
 */
export const ANNOTATION_TERRAFORM_ARTIFACTS =
  'platform-portal.io/terraform-artifacts';
/** S3: comma-separated `<bucket>/<prefix>`; the bucket must be configured. */
export const ANNOTATION_TERRAFORM_S3 = 'platform-portal.io/terraform-plans-s3';
/** A directory under the configured local plans directory (the embedded default). */
export const ANNOTATION_TERRAFORM_LOCAL =
  'platform-portal.io/terraform-plans-local';
export const ANNOTATION_GITHUB_PROJECT_SLUG = 'github.com/project-slug';

const split = (value?: string) => [
  ...new Set(
    (value ?? '')
      .split(',')
      .map(s => s.trim())
      .filter(Boolean),
  ),
];

/** The plan sources an entity declares. */
export function declaredPlanSources(annotations?: Record<string, string>): {
  hcpWorkspaces: string[];
  githubRepository?: string;
  s3: string[];
  local: string[];
} {
  const artifacts = annotations?.[ANNOTATION_TERRAFORM_ARTIFACTS]?.trim();
  return {
    hcpWorkspaces: split(annotations?.[ANNOTATION_TERRAFORM_WORKSPACES]),
    githubRepository:
      artifacts === 'github'
        ? annotations?.[ANNOTATION_GITHUB_PROJECT_SLUG]?.trim() || undefined
        : undefined,
    s3: split(annotations?.[ANNOTATION_TERRAFORM_S3]),
    local: split(annotations?.[ANNOTATION_TERRAFORM_LOCAL]),
  };
}

/** Whether an entity declares any plan source. */
export function hasPlanSources(annotations?: Record<string, string>): boolean {
  const d = declaredPlanSources(annotations);
  return (
    d.hcpWorkspaces.length > 0 ||
    !!d.githubRepository ||
    d.s3.length > 0 ||
    d.local.length > 0
  );
}
