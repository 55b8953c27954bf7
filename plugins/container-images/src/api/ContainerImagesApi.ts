import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityImagesResponse,
  ImageFindingsResponse,
} from '@platform-portal/plugin-container-images-common';

/**
 * Reads an entity's container images from the container-images backend.
 *
 * @public
 */
export interface ContainerImagesApi {
  /**
   * Every repository the entity declares, with all its tagged images newest first. A repository
   * that cannot be read is reported in `errors` while the others are still returned.
   *
   * @param entityRef - the entity, e.g. `component:default/orders-service`
   * @param options - `refresh` bypasses the backend's short-lived cache; `limit` returns only the
   *   newest `limit` images per repository (`0` for a summary: latest images, counts, violations
   *   of the repository), `totalImages` still counting all of them
   */
  getEntityImages(
    entityRef: string,
    options?: { refresh?: boolean; limit?: number },
  ): Promise<EntityImagesResponse>;

  /**
   * The scan findings of one image.
   *
   * @param entityRef - the entity that declares the repository
   * @param repositoryRef - the repository as the entity declares it (`RepositoryImages.ref`)
   * @param digest - the image digest, `sha256:...`
   */
  getFindings(
    entityRef: string,
    repositoryRef: string,
    digest: string,
  ): Promise<ImageFindingsResponse>;
}

/**
 * The {@link ContainerImagesApi}. The id follows `plugin.<pluginId>.*` so that the new frontend
 * system attributes it to this plugin and no other plugin can replace it by accident.
 *
 * @public
 */
export const containerImagesApiRef = createApiRef<ContainerImagesApi>({
  id: 'plugin.container-images.service',
});
