import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  DeploymentsResponse,
  FluxAction,
  FluxActionRequest,
  FluxActionResponse,
  FluxClusterViewResponse,
  FluxEntityObjectsResponse,
} from '@platform-portal/plugin-flux-common';

/**
 * An entity, as a ref string (`component:default/orders-service`) or its parts. Parts are sent
 * as the entity spells them; the backend compares case-insensitively.
 *
 * @public
 */
export type FluxEntityRef = string | CompoundEntityRef;

/**
 * Options of the read calls.
 *
 * @public
 */
export interface FluxReadOptions {
  /** Bypass the backend's short-lived cache, e.g. after an action or on "Refresh". */
  refresh?: boolean;
}

/**
 * Reads Flux objects and deployments from the flux backend, and acts on Flux objects.
 * Clusters that cannot be read are reported in `errors` while the others are still served.
 *
 * @public
 */
export interface FluxApi {
  /** The entity's Flux objects (every kind) on every cluster. */
  getEntityObjects(
    entityRef: FluxEntityRef,
    options?: FluxReadOptions,
  ): Promise<FluxEntityObjectsResponse>;

  /** What runs where: one row per workload of the entity per cluster, in environment order. */
  getDeployments(
    entityRef: FluxEntityRef,
    options?: FluxReadOptions,
  ): Promise<DeploymentsResponse>;

  /**
   * Every Flux object on a cluster and the health of its Flux controllers.
   *
   * @param entityRef - a `Resource` of type `kubernetes-cluster`
   */
  getClusterView(
    entityRef: FluxEntityRef,
    options?: FluxReadOptions,
  ): Promise<FluxClusterViewResponse>;

  /**
   * Reconciles, suspends or resumes one Flux object. Authorized against `entityRef` (the
   * entity the object was listed for); a denial rejects with a 403 `ResponseError`.
   */
  runAction(
    entityRef: FluxEntityRef,
    action: FluxAction,
    target: FluxActionRequest,
  ): Promise<FluxActionResponse>;
}

/**
 * The {@link FluxApi}. The id follows `plugin.<pluginId>.*` so that the new frontend system
 * attributes it to this plugin.
 *
 * @public
 */
export const fluxApiRef = createApiRef<FluxApi>({
  id: 'plugin.flux.service',
});
