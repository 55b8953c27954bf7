import { Entity } from '@backstage/catalog-model';
import { isFluxAvailable as declaresFluxObjects } from '@platform-portal/plugin-flux-common';

/** The `spec.type` of the Resources the Kubernetes backend locates clusters from. */
export const KUBERNETES_CLUSTER_TYPE = 'kubernetes-cluster';

/**
 * Whether the entity is a cluster: a `Resource` of type `kubernetes-cluster`. The filter of the
 * cluster's Flux tab.
 *
 * @public
 */
export function isKubernetesCluster(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    (entity.spec as { type?: unknown } | undefined)?.type ===
      KUBERNETES_CLUSTER_TYPE
  );
}

/**
 * Whether the entity declares anything the Flux plugin can look up (`backstage.io/kubernetes-id`,
 * `backstage.io/kubernetes-label-selector` or `platform-portal.io/flux-kustomizations`). The
 * filter of the entity cards.
 *
 * @public
 */
export function isFluxAvailable(entity: Entity): boolean {
  return declaresFluxObjects(entity.metadata.annotations);
}

/**
 * Whether the entity gets the Deployments tab: it declares Flux objects or workloads, and is not
 * a cluster (a cluster's own tab is the Flux tab, listing everything on it).
 *
 * @public
 */
export function isDeploymentsAvailable(entity: Entity): boolean {
  return isFluxAvailable(entity) && !isKubernetesCluster(entity);
}
