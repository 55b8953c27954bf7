import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading an entity's images. A resource permission on catalog entities, so a policy can decide
 * per entity (owners, groups); the backend also requires that the caller may read the entity.
 */
export const containerImagesReadPermission = createPermission({
  name: 'container-images.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

export const containerImagesPermissions = [containerImagesReadPermission];
