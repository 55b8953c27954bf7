/**
 * Comma-separated ECR repositories of an entity: ARNs
 * (`arn:aws:ecr:<region>:<account>:repository/<name>`) or plain names (then the configured
 * default account and region apply).
 */
export const ANNOTATION_ECR_REPOSITORIES =
  'platform-portal.io/ecr-repositories';

/**
 * Comma-separated repositories in OCI (Docker Distribution) registries: `<host>/<name>`. The
 * host must be configured in `containerImages.oci.registries`; nothing else is ever called.
 */
export const ANNOTATION_OCI_REPOSITORIES =
  'platform-portal.io/oci-repositories';

/** The repository references an entity declares, in annotation order, without duplicates. */
export function declaredRepositories(annotations?: Record<string, string>): {
  ecr: string[];
  oci: string[];
} {
  const split = (value?: string) => [
    ...new Set(
      (value ?? '')
        .split(',')
        .map(s => s.trim())
        .filter(Boolean),
    ),
  ];
  return {
    ecr: split(annotations?.[ANNOTATION_ECR_REPOSITORIES]),
    oci: split(annotations?.[ANNOTATION_OCI_REPOSITORIES]),
  };
}
