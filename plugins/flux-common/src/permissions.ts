import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading an entity's Flux objects. A resource permission on catalog entities, so a policy can
 * decide per entity; the backend also requires that the caller may read the entity.
 */
export const fluxReadPermission = createPermission({
  name: 'flux.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** Requesting a reconcile (`reconcile.fluxcd.io/requestedAt`) of an entity's Flux object. */
export const fluxReconcilePermission = createPermission({
  name: 'flux.reconcile',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Suspending (`spec.suspend: true`) an entity's Flux object. */
export const fluxSuspendPermission = createPermission({
  name: 'flux.suspend',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Resuming (`spec.suspend: false`) an entity's Flux object. */
export const fluxResumePermission = createPermission({
  name: 'flux.resume',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

export const fluxPermissions = [
  fluxReadPermission,
  fluxReconcilePermission,
  fluxSuspendPermission,
  fluxResumePermission,
];
