import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  declaredRepositories,
  EntityImagesResponse,
  RepositoryError,
  RepositoryImages,
} from '@platform-portal/plugin-container-images-common';
import { useCallback, useEffect } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { containerImagesApiRef } from '../../api';
import { isContainerImagesAvailable } from '../../lib/annotations';

/** One declared repository: its images, or why they could not be read. */
export type RepositoryEntry =
  | { ref: string; repository: RepositoryImages; error?: undefined }
  | { ref: string; repository?: undefined; error: RepositoryError };

/**
 * The entity's images. Loads once when the entity declares repositories; `refresh()` asks the
 * backend to bypass its cache. While refreshing, the previous value stays so the page does not
 * blank out. `limit` as in `ContainerImagesApi.getEntityImages`: cards ask for `0`.
 */
export function useEntityImages(entity: Entity, options?: { limit?: number }) {
  const limit = options?.limit;
  const api = useApi(containerImagesApiRef);
  const entityRef = stringifyEntityRef(entity);
  const configured = isContainerImagesAvailable(entity);
  const [state, load] = useAsyncFn(
    (refresh: boolean) =>
      api.getEntityImages(
        entityRef,
        limit === undefined ? { refresh } : { refresh, limit },
      ),
    [api, entityRef, limit],
    { loading: configured },
  );
  useEffect(() => {
    if (configured) load(false);
  }, [configured, load]);
  const refresh = useCallback(() => load(true), [load]);
  return { configured, ...state, refresh };
}

/**
 * Repositories and errors in the order the entity's annotations declare them (ECR, then OCI),
 * so the card and tab list them as the owner wrote them. Anything the backend returned that the
 * annotations do not name (should not happen) comes last rather than being dropped.
 */
export function orderRepositories(
  entity: Entity,
  response: EntityImagesResponse,
): RepositoryEntry[] {
  const { ecr, oci } = declaredRepositories(entity.metadata.annotations);
  const entries: RepositoryEntry[] = [
    ...response.repositories.map(repository => ({
      ref: repository.ref,
      repository,
    })),
    ...response.errors.map(error => ({ ref: error.ref, error })),
  ];
  const order = [...ecr, ...oci];
  const rank = (ref: string) => {
    const i = order.indexOf(ref);
    return i === -1 ? order.length : i;
  };
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => rank(a.entry.ref) - rank(b.entry.ref) || a.i - b.i)
    .map(({ entry }) => entry);
}

/** `registry/name`, how people write an image reference. */
export function repositoryTitle(repository: RepositoryImages): string {
  return `${repository.registry}/${repository.name}`;
}
