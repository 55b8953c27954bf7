import { Entity } from '@backstage/catalog-model';
import { declaredRepositories } from '@platform-portal/plugin-container-images-common';

/**
 * Whether the entity declares at least one container image repository, in
 * `platform-portal.io/ecr-repositories` or `platform-portal.io/oci-repositories`. Used as the
 * filter of the entity card and tab: entities without repositories do not show them.
 *
 * @public
 */
export function isContainerImagesAvailable(entity: Entity): boolean {
  const { ecr, oci } = declaredRepositories(entity.metadata.annotations);
  return ecr.length + oci.length > 0;
}
