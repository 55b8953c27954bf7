import { Entity } from '@backstage/catalog-model';
import { hasPlanSources } from '@platform-portal/plugin-terraform-common';

/**
 * Whether the entity declares at least one plan source (HCP Terraform workspaces, GitHub Actions
 * artifacts, an S3 prefix or a local directory). The filter of the entity tab and card: entities
 * without one do not show them.
 *
 * @public
 */
export function isTerraformAvailable(entity: Entity): boolean {
  return hasPlanSources(entity.metadata.annotations);
}
